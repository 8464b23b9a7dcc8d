import { randomUUID } from 'node:crypto';
import { mkdtemp } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import type { Pool } from 'pg';
import { Client } from '@temporalio/client';
import { DefaultLogger, NativeConnection, Runtime, Worker } from '@temporalio/worker';
import type { ActivityDependencies } from '../../src/activities';
import { closeDspWorker } from '../../src/audio/dsp-pool';
import { loadConfig } from '../../src/config';
import { createDatabase, createSqlPool, type Database } from '../../src/db/client';
import { createActivityDependencies } from '../../src/dependencies';
import { createStorage, type ObjectStorage } from '../../src/storage';
import { connectClient, workflowLiveness } from '../../src/temporal-connection';
import { createWorkers, loadWorkflowBundle } from '../../src/worker';

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
  const client = await connectClient(config.temporal);
  const connection = await NativeConnection.connect({ address: config.temporal.address });
  const db = createDatabase(config.databaseUrl);
  // Fault tests restart PostgreSQL under this pool; the lost idle connections are expected there.
  const sql = createSqlPool(config.databaseUrl, () => undefined, 2);
  const storage = createStorage(config.storage);
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
        connection,
        namespace: config.temporal.namespace,
        taskQueues: [taskQueue],
        activityConcurrency: {},
        defaultActivityConcurrency: 4,
        workflowTaskConcurrency: 10,
        shutdownGraceSeconds: 1,
        workflowBundle,
        dependencies: { ...createActivityDependencies(config, { db, sql, storage, workflows: workflowLiveness(client) }), tempAudioDir, ...overrides },
      });
      return (worker as Worker).runUntil(body());
    },
    async close() {
      await Promise.allSettled([client.connection.close(), connection.close(), db.$disconnect(), sql.end(), storage.close(), closeDspWorker()]);
    },
  };
}
