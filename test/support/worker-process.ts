/**
 * A real worker in its own process, built as src/worker.ts builds it (createWorkers over the
 * configured providers), so a test can SIGKILL it mid-workflow and start another.
 *
 *   node --import tsx test/support/worker-process.ts <task-queue>
 *
 * Providers come from the environment like the product's (MUSIC_PROVIDER=mureka, MUREKA_BASE_URL, …), and so do
 * the workflow bundle (WORKFLOW_BUNDLE_PATH) and the Worker Deployment Version (WORKER_DEPLOYMENT_NAME, WORKER_BUILD_ID).
 * HOLD_ACTIVITIES (comma-separated names) and HOLD_PLAN_FILE (lines `<workflowId> <activity>`) hold first attempts
 * after their work until the file HOLD_RELEASE_FILE exists (test/support/held-activities.ts).
 * Prints `worker ready` on stdout once it polls its queue; SIGTERM shuts it down gracefully. With METRICS_PORT set
 * it serves /metrics as src/worker.ts does (ours and the Temporal SDK's); without, none (tests share the machine).
 */
import { DefaultLogger, Runtime } from '@temporalio/worker';
import { loadConfig } from '../../src/config';
import { createActivityDependencies } from '../../src/dependencies';
import { openServices } from '../../src/services';
import { createWorkers, serveWorkerMetrics, temporalTelemetry } from '../../src/worker';
import { createEveryQueueActivities } from './every-queue-activities';
import { holdFirstAttempts } from './held-activities';

export const WORKER_READY_LINE = 'worker ready';

async function main(taskQueue: string): Promise<void> {
  const config = loadConfig();
  const metricsSettings = { ...config.metrics, workerPort: process.env.METRICS_PORT ? config.metrics.workerPort : 0 };
  Runtime.install({ logger: new DefaultLogger('WARN'), shutdownSignals: ['SIGINT', 'SIGTERM'], telemetryOptions: temporalTelemetry(metricsSettings) });
  const services = await openServices(config, { onIdleSqlError: () => undefined, sqlPoolSize: 2 });
  const dependencies = createActivityDependencies(config, services);
  const metricsEndpoint = await serveWorkerMetrics(metricsSettings, dependencies.metrics);
  const hold = {
    activities: (process.env.HOLD_ACTIVITIES ?? '').split(',').filter(Boolean),
    planFile: process.env.HOLD_PLAN_FILE,
    releaseFile: process.env.HOLD_RELEASE_FILE,
  };
  try {
    const [worker] = await createWorkers({
      connection: services.connection,
      dataConverter: services.dataConverter,
      namespace: config.temporal.namespace,
      taskQueues: [taskQueue],
      activityConcurrency: {},
      defaultActivityConcurrency: config.worker.activityConcurrency.generation,
      workflowTaskConcurrency: {},
      defaultWorkflowTaskConcurrency: config.worker.workflowTaskConcurrency.generation,
      shutdownGraceSeconds: 1,
      dependencies,
      activitiesFor: (queue, deps) => holdFirstAttempts(createEveryQueueActivities(queue, deps), hold),
      versioning: config.worker.versioning,
    });
    const running = worker!.run();
    process.stdout.write(`${WORKER_READY_LINE}\n`);
    await running;
  } finally {
    await metricsEndpoint?.close();
    await services.close();
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
