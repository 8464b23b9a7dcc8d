import type { DataConverter } from '@temporalio/common';
import { bundleWorkflowCode, type NativeConnection, Runtime, Worker, type WorkerOptions, type WorkflowBundleOption } from '@temporalio/worker';
import { createQueueActivities, type ActivityDependencies } from './activities';
import { failureConverterPath } from './codec/data-converter';
import { loadConfig, type AppConfig, type WorkerVersion } from './config';
import { createActivityDependencies } from './dependencies';
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
  workflowTaskConcurrency: number;
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
        maxConcurrentActivityTaskExecutions: setup.activityConcurrency[taskQueue] ?? setup.defaultActivityConcurrency ?? 1,
        maxConcurrentWorkflowTaskExecutions: setup.workflowTaskConcurrency,
        // In-flight activities get this long to finish after SIGINT/SIGTERM before they are cancelled.
        shutdownGraceTime: `${setup.shutdownGraceSeconds}s`,
        workerDeploymentOptions: workerDeploymentOptions(setup.versioning),
      }),
    ),
  );
}

async function main(config: AppConfig): Promise<void> {
  const logger = createLogger(config.logLevel);
  Runtime.install({ logger: new WinstonTemporalLogger(logger), shutdownSignals: ['SIGINT', 'SIGTERM'] });
  const unknownQueues = config.worker.taskQueues.filter((queue) => !Object.values(TaskQueue).includes(queue as TaskQueue));
  if (unknownQueues.length > 0) throw new Error(`WORKER_TASK_QUEUES names unknown task queues: ${unknownQueues.join(', ')}`);

  const services = await openServices(config, {
    onIdleSqlError: (error) => logger.warn('idle PostgreSQL connection lost', { error: error.message }),
  });
  try {
    await services.storage.ensureReady();
    const workers = await createWorkers({
      connection: services.connection,
      dataConverter: services.dataConverter,
      namespace: config.temporal.namespace,
      taskQueues: config.worker.taskQueues,
      activityConcurrency: config.worker.activityConcurrency,
      workflowTaskConcurrency: config.worker.workflowTaskConcurrency,
      shutdownGraceSeconds: config.worker.shutdownGraceSeconds,
      dependencies: createActivityDependencies(config, services),
      versioning: config.worker.versioning,
    });
    logger.info('workers started', { taskQueues: config.worker.taskQueues, namespace: config.temporal.namespace, version: config.worker.versioning ?? 'unversioned' });
    await Promise.all(workers.map((worker) => worker.run()));
    logger.info('workers stopped');
  } finally {
    await services.close();
  }
}

if (require.main === module) {
  main(loadConfig()).catch((error: unknown) => {
    createLogger().error('worker failed', { error });
    process.exit(1);
  });
}
