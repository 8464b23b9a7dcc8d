import { createAudioActivities } from './audio';
import { createAutoDjPlanRecordActivities } from './autodj-plan-records';
import { createCleanupActivities } from './cleanup';
import { createDatabaseMaintenanceActivities } from './database-maintenance';
import type { ActivityDependencies } from './dependencies';
import { createGenerationRecordActivities } from './generation-records';
import { createGenerationResultActivities } from './generation-results';
import { createMusicGenerationActivities } from './music-generation';
import { createPlannerActivities } from './planning';
import { createRecommendationActivities } from './recommendations';
import { createReferenceActivities } from './reference';
import { createSceneActivities } from './scenes';
import { createUsageReportActivities } from './usage-report';

export type { ActivityDependencies, WorkflowLiveness } from './dependencies';

/** Maintenance activities, run on the `maintenance` task queue. */
export function createMaintenanceActivities(deps: ActivityDependencies) {
  return {
    ...createCleanupActivities(deps),
    ...createDatabaseMaintenanceActivities(deps),
    ...createRecommendationActivities(deps),
    ...createUsageReportActivities(deps),
  };
}
export type MaintenanceActivities = ReturnType<typeof createMaintenanceActivities>;

/** Music generation activities, run on the `generation` task queue. */
export function createGenerationActivities(deps: ActivityDependencies) {
  return {
    ...createSceneActivities(deps),
    ...createReferenceActivities(deps),
    ...createMusicGenerationActivities(deps),
    ...createGenerationResultActivities(deps),
    ...createGenerationRecordActivities(deps),
  };
}
export type GenerationActivities = ReturnType<typeof createGenerationActivities>;

/** Auto DJ planning activities and the audio work they use, run on the `planning` task queue. */
export function createPlanningActivities(deps: ActivityDependencies) {
  return {
    ...createPlannerActivities(deps),
    ...createAudioActivities(deps),
    ...createAutoDjPlanRecordActivities(deps),
  };
}
export type PlanningActivities = ReturnType<typeof createPlanningActivities>;

/** Every activity: each worker registers them all, and a workflow's activities run on its own task queue. */
export function createActivities(deps: ActivityDependencies) {
  return { ...createMaintenanceActivities(deps), ...createGenerationActivities(deps), ...createPlanningActivities(deps) };
}
export type Activities = ReturnType<typeof createActivities>;
