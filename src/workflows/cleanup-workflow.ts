import { proxyActivities } from '@temporalio/workflow';
import type { MaintenanceActivities } from '../activities';
import { cleanupInputSchema, type CleanupInput, type CleanupResult } from '../contracts/cleanup';
import { parseInput } from '../shared/validation';
import { longScanActivity, quickDatabaseActivity } from './activity-options';
import { declareVersioningBehavior } from './versioning-behavior';

const scans = proxyActivities<MaintenanceActivities>(longScanActivity);
const statements = proxyActivities<MaintenanceActivities>(quickDatabaseActivity);

const HOUR_MS = 3_600_000;

/** Deletes aged temporary audio, expired sessions and orphaned rows; every step is idempotent. */
export async function cleanupWorkflow(rawInput: CleanupInput): Promise<CleanupResult> {
  const input = parseInput(cleanupInputSchema, rawInput, 'cleanup input');
  const now = Date.now();
  const tempCutoff = new Date(now - input.tempMaxAgeHours * HOUR_MS).toISOString();
  const orphanCutoff = new Date(now - input.orphanAfterDays * 24 * HOUR_MS).toISOString();

  const [tempFiles, storageObjects, expiredSessionsDeleted] = await Promise.all([
    scans.deleteStaleTempFiles({ cutoff: tempCutoff }),
    scans.deleteStaleStorageObjects({ cutoff: tempCutoff }),
    statements.deleteExpiredSessions({ now: new Date(now).toISOString() }),
  ]);
  const orphanedJobsDeleted = await scans.deleteOrphanedJobs({ cutoff: orphanCutoff });
  const orphanedTracksDeleted = await scans.deleteOrphanedTracks({ cutoff: orphanCutoff });

  return {
    tempFilesDeleted: tempFiles.deleted,
    tempFilesKept: tempFiles.kept,
    storageObjectsDeleted: storageObjects.deleted,
    storageObjectsKept: storageObjects.kept,
    expiredSessionsDeleted,
    orphanedJobsDeleted,
    orphanedTracksDeleted,
  };
}
// AUTO_UPGRADE: maintenance moves to the new build at its next workflow task; changes to it go behind patched().
declareVersioningBehavior('AUTO_UPGRADE', cleanupWorkflow);
