import {
  createGenerationQueueActivities,
  createMaintenanceQueueActivities,
  createPlanningQueueActivities,
  type ActivityDependencies,
} from '../../src/activities';

/**
 * Tests send every workflow to one task queue of their own (ClientOptions.taskQueue), so their worker
 * registers the activities of all three queues together.
 */
export function createEveryQueueActivities(_taskQueue: string, deps: ActivityDependencies) {
  return { ...createGenerationQueueActivities(deps), ...createPlanningQueueActivities(deps), ...createMaintenanceQueueActivities(deps) };
}
