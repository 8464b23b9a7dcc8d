/**
 * A real worker in its own process, built as src/worker.ts builds it (createWorkers over the
 * configured providers), so a test can SIGKILL it mid-workflow and start another.
 *
 *   node --import tsx test/support/worker-process.ts <task-queue>
 *
 * Providers come from the environment like the product's (MUSIC_PROVIDER=mureka, MUREKA_BASE_URL, …).
 * Prints `worker ready` on stdout once it polls its queue; SIGTERM shuts it down gracefully.
 */
import { DefaultLogger, NativeConnection, Runtime } from '@temporalio/worker';
import { loadConfig } from '../../src/config';
import { createDatabase, createSqlPool } from '../../src/db/client';
import { createActivityDependencies } from '../../src/dependencies';
import { createStorage } from '../../src/storage';
import { connectClient, workflowLiveness } from '../../src/temporal-connection';
import { createWorkers } from '../../src/worker';

export const WORKER_READY_LINE = 'worker ready';

async function main(taskQueue: string): Promise<void> {
  Runtime.install({ logger: new DefaultLogger('WARN'), shutdownSignals: ['SIGINT', 'SIGTERM'] });
  const config = loadConfig();
  const connection = await NativeConnection.connect({ address: config.temporal.address });
  const client = await connectClient(config.temporal);
  const db = createDatabase(config.databaseUrl);
  const sql = createSqlPool(config.databaseUrl, () => undefined, 2);
  const storage = createStorage(config.storage);
  try {
    const [worker] = await createWorkers({
      connection,
      namespace: config.temporal.namespace,
      taskQueues: [taskQueue],
      activityConcurrency: {},
      defaultActivityConcurrency: config.worker.activityConcurrency.generation,
      workflowTaskConcurrency: config.worker.workflowTaskConcurrency,
      shutdownGraceSeconds: 1,
      dependencies: createActivityDependencies(config, { db, sql, storage, workflows: workflowLiveness(client) }),
    });
    const running = worker!.run();
    process.stdout.write(`${WORKER_READY_LINE}\n`);
    await running;
  } finally {
    await Promise.allSettled([connection.close(), client.connection.close(), db.$disconnect(), sql.end(), storage.close()]);
  }
}

if (require.main === module) {
  const taskQueue = process.argv[2];
  if (!taskQueue) {
    process.stderr.write('usage: worker-process.ts <task-queue>\n');
    process.exit(2);
  }
  main(taskQueue).catch((error: unknown) => {
    process.stderr.write(`worker failed: ${error instanceof Error ? error.stack : String(error)}\n`);
    process.exit(1);
  });
}
