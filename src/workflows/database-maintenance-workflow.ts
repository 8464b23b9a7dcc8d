import { proxyActivities } from '@temporalio/workflow';
import type { MaintenanceActivities } from '../activities';
import {
  databaseMaintenanceInputSchema,
  type DatabaseMaintenanceInput,
  type DatabaseMaintenanceResult,
} from '../contracts/database-maintenance';
import { parseInput } from '../shared/validation';
import { longScanActivity } from './activity-options';
import { declareVersioningBehavior } from './versioning-behavior';

const maintenance = proxyActivities<MaintenanceActivities>(longScanActivity);

/** VACUUM (ANALYZE) of the hot tables, then a refresh of the recommendation cache on fresh statistics. */
export async function databaseMaintenanceWorkflow(rawInput: DatabaseMaintenanceInput = {}): Promise<DatabaseMaintenanceResult> {
  const input = parseInput(databaseMaintenanceInputSchema, rawInput, 'database maintenance input');
  const vacuumedTables = await maintenance.vacuumAnalyze();
  const recommendationsRefreshed = await maintenance.refreshRecommendationCache({ perTrack: input.recommendationsPerTrack });
  return { vacuumedTables, recommendationsRefreshed };
}
// AUTO_UPGRADE: maintenance moves to the new build at its next workflow task; changes to it go behind patched().
declareVersioningBehavior('AUTO_UPGRADE', databaseMaintenanceWorkflow);
