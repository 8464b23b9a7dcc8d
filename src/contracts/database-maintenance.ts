import { z } from 'zod';

/** The contract of databaseMaintenanceWorkflow (version 1); the maintenance-database schedule carries its input. */

export const databaseMaintenanceInputSchema = z.strictObject({
  recommendationsPerTrack: z.number().int().min(1).max(100).default(10),
});
export type DatabaseMaintenanceInput = z.input<typeof databaseMaintenanceInputSchema>;

export interface DatabaseMaintenanceResult {
  vacuumedTables: string[];
  recommendationsRefreshed: number;
  /** What the fingerprint pack merged and dropped (absent in runs started before the step existed). */
  fingerprintsPacked?: { hashes: number; pendingRows: number; droppedPostings: number };
}
