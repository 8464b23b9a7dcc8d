import { randomUUID } from 'node:crypto';
import { mkdtemp } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import type { Pool } from 'pg';
import type { Client } from '@temporalio/client';
import { DefaultLogger, Runtime, type Worker } from '@temporalio/worker';
import type { ActivityDependencies } from '../../src/activities';
import { loadConfig } from '../../src/config';
import type { Database } from '../../src/db/client';
import { createActivityDependencies } from '../../src/dependencies';
import { openServices } from '../../src/services';
import type { ObjectStorage } from '../../src/storage';
import { createWorkers, loadWorkflowBundle } from '../../src/worker';
import { createEveryQueueActivities } from './every-queue-activities';

/**
 * Real services for integration tests: the Temporal dev server, PostgreSQL and MinIO started by
 * scripts/services.sh, and an in-process worker on a task queue of the test's own.
 */
export interface TestEnvironment {
  client: Client;
  db: Database;
  sql: Pool;
  storage: ObjectStorage;
  tempAudioDir: string;
  taskQueue: string;
  /** Runs `body` while a worker with the real activities serves `taskQueue`. */
  withWorker<T>(body: () => Promise<T>, overrides?: Partial<ActivityDependencies>): Promise<T>;
  close(): Promise<void>;
}

let runtimeInstalled = false;
function installQuietRuntime(): void {
  if (runtimeInstalled) return;
  Runtime.install({ logger: new DefaultLogger('WARN') });
  runtimeInstalled = true;
}

export async function createTestEnvironment(name: string, taskQueue = `test-${name}-${randomUUID()}`): Promise<TestEnvironment> {
  installQuietRuntime();
  const config = loadConfig();
  // Fault tests restart PostgreSQL under this pool; the lost idle connections are expected there.
  const services = await openServices(config, { onIdleSqlError: () => undefined, sqlPoolSize: 2 });
  const { client, db, sql, storage } = services;
  const tempAudioDir = await mkdtemp(path.join(os.tmpdir(), `infinitymix-${name}-`));
  const workflowBundle = await loadWorkflowBundle();

  return {
    client,
    db,
    sql,
    storage,
    tempAudioDir,
    taskQueue,
    async withWorker(body, overrides = {}) {
      const [worker] = await createWorkers({
        connection: services.connection,
        dataConverter: services.dataConverter,
        namespace: config.temporal.namespace,
        taskQueues: [taskQueue],
        activityConcurrency: {},
        defaultActivityConcurrency: 4,
        workflowTaskConcurrency: {},
        defaultWorkflowTaskConcurrency: 10,
        shutdownGraceSeconds: 1,
        workflowBundle,
        dependencies: { ...createActivityDependencies(config, services), tempAudioDir, ...overrides },
        activitiesFor: createEveryQueueActivities,
      });
      return (worker as Worker).runUntil(body());
    },
    async close() {
      await services.close();
    },
  };
}
