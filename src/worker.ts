import type { DataConverter } from '@temporalio/common';
import { bundleWorkflowCode, type NativeConnection, Runtime, type RuntimeOptions, Worker, type WorkerOptions, type WorkflowBundleOption } from '@temporalio/worker';
import { createQueueActivities, type ActivityDependencies } from './activities';
import { HEARTBEAT_INTERVAL_MS } from './activities/heartbeat';
import { failureConverterPath } from './codec/data-converter';
import { loadConfig, type AppConfig, type WorkerVersion } from './config';
import { createActivityDependencies } from './dependencies';
import { activityFailureCounter } from './activities/failure-metrics';
import { startMetricsServer, type MetricsEndpoint } from './metrics/metrics-server';
import type { WorkerMetrics } from './metrics/worker-metrics';
import { openServices } from './services';
import { createLogger, WinstonTemporalLogger } from './logger';
import { TaskQueue } from './shared/task-queues';

export interface WorkerSetup {
  connection: NativeConnection;
  namespace: string;
  taskQueues: string[];
  /** Activity slots per task queue; a queue not named here gets `defaultActivityConcurrency`. */
  activityConcurrency: Partial<Record<string, number>>;
  defaultActivityConcurrency?: number;
  /** Workflow task slots per task queue; a queue not named here gets `defaultWorkflowTaskConcurrency`. */
  workflowTaskConcurrency: Partial<Record<string, number>>;
  defaultWorkflowTaskConcurrency?: number;
  shutdownGraceSeconds: number;
  dependencies: ActivityDependencies;
  /** The activities each queue's worker registers: by default only that queue's own (tests serve every workflow from one queue). */
  activitiesFor?: (taskQueue: string, dependencies: ActivityDependencies) => object;
  workflowBundle?: WorkflowBundleOption;
  /** Payload encryption (src/codec): workers must read and write payloads as the clients do. */
  dataConverter: DataConverter;
  /** The Worker Deployment Version served (docs/deployments.md); unversioned when absent. */
  versioning?: WorkerVersion;
}

/**
 * A versioned worker takes only its own build's tasks. Each workflow declares its behaviour beside its code
 * (generation PINNED, planning and maintenance AUTO_UPGRADE); one that does not stays on the build it started
 * on, the choice that can never replay a history on code it was not written by.
 */
export function workerDeploymentOptions(version: WorkerVersion | undefined): WorkerOptions['workerDeploymentOptions'] {
  if (version === undefined) return undefined;
  return { useWorkerVersioning: true, version, defaultVersioningBehavior: 'PINNED' };
}

/** Workflow code is bundled once and shared by every worker of the process. */
export async function loadWorkflowBundle(): Promise<WorkflowBundleOption> {
  const prebuilt = process.env.WORKFLOW_BUNDLE_PATH;
  if (prebuilt) return { codePath: prebuilt };
  return bundleWorkflowCode({ workflowsPath: require.resolve('./workflows'), failureConverterPath, logger: Runtime.instance().logger });
}

/** One worker per task queue, each with its own activities and activity concurrency. */
export async function createWorkers(setup: WorkerSetup): Promise<Worker[]> {
  const workflowBundle = setup.workflowBundle ?? (await loadWorkflowBundle());
  return Promise.all(
    setup.taskQueues.map((taskQueue) =>
      Worker.create({
        connection: setup.connection,
        namespace: setup.namespace,
        taskQueue,
        workflowBundle,
        dataConverter: setup.dataConverter,
        activities: (setup.activitiesFor ?? createQueueActivities)(taskQueue, setup.dependencies),
        interceptors: { activity: [activityFailureCounter(setup.dependencies.metrics)] },
        maxConcurrentActivityTaskExecutions: setup.activityConcurrency[taskQueue] ?? setup.defaultActivityConcurrency ?? 1,
        maxConcurrentWorkflowTaskExecutions: setup.workflowTaskConcurrency[taskQueue] ?? setup.defaultWorkflowTaskConcurrency ?? 2,
        // In-flight activities get this long to finish after SIGINT/SIGTERM before they are cancelled.
        shutdownGraceTime: `${setup.shutdownGraceSeconds}s`,
        // A cancel reaches a running activity only in the answer to a heartbeat; by default heartbeats go out at
        // most every 0.8 × heartbeat timeout (24 s), so a cancelled job's upload would run on that long.
        maxHeartbeatThrottleInterval: `${HEARTBEAT_INTERVAL_MS}ms`,
        workerDeploymentOptions: workerDeploymentOptions(setup.versioning),
      }),
    ),
  );
}

/**
 * The Temporal SDK's runtime metrics (task slots, poll and schedule-to-start latencies, workflow and activity
 * outcomes by task queue): its core serves them on a loopback port, and serveWorkerMetrics re-serves them after
 * ours, so Prometheus scrapes one endpoint per worker process. Names as Prometheus expects: counters end in
 * `_total`, durations are seconds with the unit in the name.
 */
export function temporalTelemetry({ workerPort, temporalPort }: AppConfig['metrics']): RuntimeOptions['telemetryOptions'] {
  if (workerPort === 0) return undefined;
  return { metrics: { prometheus: { bindAddress: `127.0.0.1:${temporalPort}`, countersTotalSuffix: true, useSecondsForDurations: true, unitSuffix: true } } };
}

/** The worker process's /metrics (METRICS_HOST:METRICS_PORT): ours, then the SDK's; nothing when the port is 0. */
export async function serveWorkerMetrics({ host, workerPort, temporalPort }: AppConfig['metrics'], metrics: WorkerMetrics): Promise<MetricsEndpoint | undefined> {
  if (workerPort === 0) return undefined;
  return startMetricsServer({ host, port: workerPort, registry: metrics.registry, appendFrom: `http://127.0.0.1:${temporalPort}/metrics` });
}

async function main(config: AppConfig): Promise<void> {
  const logger = createLogger(config.logLevel);
  Runtime.install({ logger: new WinstonTemporalLogger(logger), shutdownSignals: ['SIGINT', 'SIGTERM'], telemetryOptions: temporalTelemetry(config.metrics) });
  const unknownQueues = config.worker.taskQueues.filter((queue) => !Object.values(TaskQueue).includes(queue as TaskQueue));
  if (unknownQueues.length > 0) throw new Error(`WORKER_TASK_QUEUES names unknown task queues: ${unknownQueues.join(', ')}`);

  const services = await openServices(config, {
    onIdleSqlError: (error) => logger.warn('idle PostgreSQL connection lost', { error: error.message }),
  });
  let metricsEndpoint: MetricsEndpoint | undefined;
  try {
    await services.storage.ensureReady();
    const dependencies = createActivityDependencies(config, services);
    metricsEndpoint = await serveWorkerMetrics(config.metrics, dependencies.metrics);
    if (metricsEndpoint) logger.info('worker metrics', { url: metricsEndpoint.url });
    const workers = await createWorkers({
      connection: services.connection,
      dataConverter: services.dataConverter,
      namespace: config.temporal.namespace,
      taskQueues: config.worker.taskQueues,
      activityConcurrency: config.worker.activityConcurrency,
      workflowTaskConcurrency: config.worker.workflowTaskConcurrency,
      shutdownGraceSeconds: config.worker.shutdownGraceSeconds,
      dependencies,
      versioning: config.worker.versioning,
    });
    logger.info('workers started', { taskQueues: config.worker.taskQueues, namespace: config.temporal.namespace, version: config.worker.versioning ?? 'unversioned' });
    await Promise.all(workers.map((worker) => worker.run()));
    logger.info('workers stopped');
  } finally {
    await metricsEndpoint?.close();
    await services.close();
  }
}

if (require.main === module) {
  main(loadConfig()).catch((error: unknown) => {
    createLogger().error('worker failed', { error });
    process.exit(1);
  });
}
