import { z } from 'zod';

/** The contract of cleanupWorkflow (version 1); the maintenance-cleanup schedule carries its input. */

export const cleanupInputSchema = z.strictObject({
  tempMaxAgeHours: z.number().positive().max(24 * 365).describe('temporary audio older than this is deleted'),
  orphanAfterDays: z.number().positive().max(3650).describe('unfinished jobs and tracks older than this are checked'),
});
export type CleanupInput = z.input<typeof cleanupInputSchema>;

export interface CleanupResult {
  tempFilesDeleted: number;
  tempFilesKept: number;
  storageObjectsDeleted: number;
  storageObjectsKept: number;
  expiredSessionsDeleted: number;
  orphanedJobsDeleted: number;
  orphanedTracksDeleted: number;
}

/** What deleteStaleTempFiles and deleteStaleStorageObjects report. */
export interface DeletionCount {
  deleted: number;
  kept: number;
}
