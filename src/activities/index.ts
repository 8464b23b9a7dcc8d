import { createCleanupActivities } from './cleanup';
import { createDatabaseMaintenanceActivities } from './database-maintenance';
import type { ActivityDependencies } from './dependencies';
import { createRecommendationActivities } from './recommendations';
import { createUsageReportActivities } from './usage-report';

export type { ActivityDependencies, WorkflowLiveness } from './dependencies';

/** Maintenance activities, registered on the `maintenance` task queue. */
export function createMaintenanceActivities(deps: ActivityDependencies) {
  return {
    ...createCleanupActivities(deps),
    ...createDatabaseMaintenanceActivities(deps),
    ...createRecommendationActivities(deps),
    ...createUsageReportActivities(deps),
  };
}
export type MaintenanceActivities = ReturnType<typeof createMaintenanceActivities>;

/** Every activity, for a worker that serves all task queues with one registration. */
export function createActivities(deps: ActivityDependencies) {
  return { ...createMaintenanceActivities(deps) };
}
export type Activities = ReturnType<typeof createActivities>;
