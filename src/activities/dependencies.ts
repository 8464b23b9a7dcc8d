import type { Pool } from 'pg';
import type { Database } from '../db/client';
import type { ObjectStorage } from '../storage';

/** Tells whether a workflow execution is still running; backed by the Temporal client in the worker. */
export interface WorkflowLiveness {
  isRunning(workflowId: string): Promise<boolean>;
}

/** Everything activities touch, passed in by the worker (real services) or by tests. */
export interface ActivityDependencies {
  db: Database;
  /** Plain PostgreSQL pool for statements Prisma cannot run, such as VACUUM outside a transaction. */
  sql: Pool;
  storage: ObjectStorage;
  workflows: WorkflowLiveness;
  tempAudioDir: string;
}
