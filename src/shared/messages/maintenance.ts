import { z } from 'zod';

/** Messages of the maintenance workflows (version 1). Schedules carry these as their workflow arguments. */

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

export const databaseMaintenanceInputSchema = z.strictObject({
  recommendationsPerTrack: z.number().int().min(1).max(100).default(10),
});
export type DatabaseMaintenanceInput = z.input<typeof databaseMaintenanceInputSchema>;

export interface DatabaseMaintenanceResult {
  vacuumedTables: string[];
  recommendationsRefreshed: number;
}

const isoInstant = z.iso.datetime({ offset: true });

export const usageReportInputSchema = z
  .strictObject({
    periodStart: isoInstant.optional().describe('defaults to the start of the previous UTC day'),
    periodEnd: isoInstant.optional().describe('defaults to the start of the current UTC day'),
  })
  .refine((input) => (input.periodStart === undefined) === (input.periodEnd === undefined), {
    message: 'periodStart and periodEnd are given together or not at all',
    path: ['periodEnd'],
  })
  .refine((input) => !input.periodStart || !input.periodEnd || Date.parse(input.periodStart) < Date.parse(input.periodEnd), {
    message: 'must be after periodStart',
    path: ['periodEnd'],
  });
export type UsageReportInput = z.input<typeof usageReportInputSchema>;

export interface UsageReportRow {
  customerId: string;
  jobs: number;
  completed: number;
  failed: number;
  needsAttention: number;
  minutesGenerated: number;
}

export interface UsageReportResult {
  reportId: string;
  storageKey: string;
  periodStart: string;
  periodEnd: string;
  customers: number;
  totalJobs: number;
}
