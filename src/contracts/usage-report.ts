import { z } from 'zod';

/** The contract of usageReportWorkflow (version 1); the maintenance-usage-report schedule carries its input. */

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

export interface UsagePeriod {
  periodStart: string;
  periodEnd: string;
}
