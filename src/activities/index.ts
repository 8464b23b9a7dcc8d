import { TaskQueue } from '../shared/task-queues';
import { createAutoDjPlanRecordActivities } from './autodj-plan-records';
import { createCleanupActivities } from './cleanup';
import { createDatabaseMaintenanceActivities } from './database-maintenance';
import { createGenerationCancellationActivities } from './generation-cancellation';
import type { ActivityDependencies } from './dependencies';
import { createGenerationRecordActivities } from './generation-records';
import { createGenerationResultActivities } from './generation-results';
import { createMusicGenerationActivities } from './music-generation';
import { createSetPlanningActivities } from './planning';
import { createRecommendationActivities } from './recommendations';
import { createReferenceActivities } from './reference';
import { createSceneActivities } from './scenes';
import { createTrackAnalysisActivities } from './track-analysis';
import { createTrackImportActivities } from './track-imports';
import { createTrackIngestionActivities } from './track-ingestion';
import { createUsageReportActivities } from './usage-report';
import { createWebhookActivities } from './webhooks';

export type { ActivityDependencies, WorkflowLiveness } from './dependencies';

/** What the maintenance workflows call, registered on the `maintenance` task queue. */
export function createMaintenanceQueueActivities(deps: ActivityDependencies) {
  return {
    ...createCleanupActivities(deps),
    ...createDatabaseMaintenanceActivities(deps),
    ...createRecommendationActivities(deps),
    ...createUsageReportActivities(deps),
  };
}
export type MaintenanceActivities = ReturnType<typeof createMaintenanceQueueActivities>;

/**
 * What webhookDeliveryWorkflow calls. The delivery workflow runs on the task queue of the job that announced
 * the event (a child workflow inherits its parent's), so every queue whose workflows announce events registers these.
 */
export type WebhookActivities = ReturnType<typeof createWebhookActivities>;

/** What musicGenerationWorkflow (and the webhook deliveries it starts) calls, registered on the `generation` task queue. */
export function createGenerationQueueActivities(deps: ActivityDependencies) {
  return {
    ...createWebhookActivities(deps),
    ...createSceneActivities(deps),
    ...createReferenceActivities(deps),
    ...createMusicGenerationActivities(deps),
    ...createGenerationResultActivities(deps),
    ...createGenerationRecordActivities(deps),
    ...createGenerationCancellationActivities(deps),
  };
}
export type GenerationActivities = ReturnType<typeof createGenerationQueueActivities>;

/**
 * What autoDjPlanningWorkflow, trackIngestionWorkflow, bulkTrackIngestionWorkflow (and the webhook deliveries they start) call, registered
 * on the `planning` task queue: both analyse catalog audio (analyzeAudio), the queue's CPU-bound work, kept away
 * from generation latency.
 */
export function createPlanningQueueActivities(deps: ActivityDependencies) {
  return {
    ...createWebhookActivities(deps),
    ...createSetPlanningActivities(deps),
    ...createTrackAnalysisActivities(deps),
    ...createTrackIngestionActivities(deps),
    ...createTrackImportActivities(deps),
    ...createAutoDjPlanRecordActivities(deps),
  };
}
export type PlanningActivities = ReturnType<typeof createPlanningQueueActivities>;

const QUEUE_ACTIVITIES: Record<TaskQueue, (deps: ActivityDependencies) => object> = {
  [TaskQueue.generation]: createGenerationQueueActivities,
  [TaskQueue.planning]: createPlanningQueueActivities,
  [TaskQueue.maintenance]: createMaintenanceQueueActivities,
};

/** The activities a worker on `taskQueue` registers: only what that queue's workflows call. */
export function createQueueActivities(taskQueue: string, deps: ActivityDependencies): object {
  const create = (QUEUE_ACTIVITIES as Partial<Record<string, (deps: ActivityDependencies) => object>>)[taskQueue];
  if (!create) throw new Error(`no activities for task queue "${taskQueue}"; known: ${Object.keys(QUEUE_ACTIVITIES).join(', ')}`);
  return create(deps);
}
