import { patched, proxyActivities } from '@temporalio/workflow';
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

/** Runs started before the fingerprint pack step replay without it. */
export const PACK_FINGERPRINTS_PATCH = 'maintenance-pack-fingerprints';

/**
 * The landmarks indexed since the last run packed into the fingerprint rows, VACUUM (ANALYZE) of the hot tables, then
 * a refresh of the recommendation cache on fresh statistics.
 */
export async function databaseMaintenanceWorkflow(rawInput: DatabaseMaintenanceInput = {}): Promise<DatabaseMaintenanceResult> {
  const input = parseInput(databaseMaintenanceInputSchema, rawInput, 'database maintenance input');
  const fingerprintsPacked = patched(PACK_FINGERPRINTS_PATCH) ? await maintenance.packFingerprints() : undefined;
  const vacuumedTables = await maintenance.vacuumAnalyze();
  const recommendationsRefreshed = await maintenance.refreshRecommendationCache({ perTrack: input.recommendationsPerTrack });
  return { vacuumedTables, recommendationsRefreshed, ...(fingerprintsPacked ? { fingerprintsPacked } : {}) };
}
// AUTO_UPGRADE: maintenance moves to the new build at its next workflow task; changes to it go behind patched().
declareVersioningBehavior('AUTO_UPGRADE', databaseMaintenanceWorkflow);
