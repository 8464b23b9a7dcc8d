/**
 * Container health check of a worker deployment (docker-compose.temporal.yml): exits 0 when Temporal sees
 * a live workflow and activity poller on every task queue in WORKER_TASK_QUEUES, else 1 naming what is
 * missing. It asks Temporal rather than the process, so it covers the connection too. Any worker on the
 * queue counts; the stack runs one deployment per queue.
 */
import { temporal } from '@temporalio/proto';
import { loadConfig } from './config';
import { connectClient } from './temporal-connection';
import { unservedQueues, type PollerKind, type QueuePollers } from './worker-health';

const FRESH_SECONDS = 90;
const KINDS: [PollerKind, temporal.api.enums.v1.TaskQueueType][] = [
  ['workflow', temporal.api.enums.v1.TaskQueueType.TASK_QUEUE_TYPE_WORKFLOW],
  ['activity', temporal.api.enums.v1.TaskQueueType.TASK_QUEUE_TYPE_ACTIVITY],
];

async function main(): Promise<void> {
  const config = loadConfig();
  const client = await connectClient(config.temporal);
  try {
    const pollers: QueuePollers[] = [];
    for (const taskQueue of config.worker.taskQueues) {
      for (const [kind, taskQueueType] of KINDS) {
        const answer = await client.workflowService.describeTaskQueue({ namespace: config.temporal.namespace, taskQueue: { name: taskQueue }, taskQueueType });
        const lastAccessTimes = (answer.pollers ?? []).map((poller) => Number(poller.lastAccessTime?.seconds ?? 0) * 1000);
        pollers.push({ taskQueue, kind, lastAccessTimes });
      }
    }
    const problems = unservedQueues(pollers, Date.now(), FRESH_SECONDS);
    if (problems.length > 0) {
      console.error(problems.join('\n'));
      process.exitCode = 1;
    } else {
      console.log(`served: ${config.worker.taskQueues.join(', ')}`);
    }
  } finally {
    await client.connection.close();
  }
}

main().catch((error: unknown) => {
  console.error(`worker health check failed: ${error instanceof Error ? error.message : String(error)}`);
  process.exitCode = 1;
});
