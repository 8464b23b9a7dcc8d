import { proxyActivities } from '@temporalio/workflow';
import type { MaintenanceActivities } from '../activities';
import { usageReportInputSchema, type UsageReportInput, type UsageReportResult } from '../contracts/usage-report';
import { parseInput } from '../shared/validation';
import { longScanActivity } from './activity-options';
import { declareVersioningBehavior } from './versioning-behavior';

const reports = proxyActivities<MaintenanceActivities>(longScanActivity);

const DAY_MS = 86_400_000;

/** Usage per customer for a period; by default the previous UTC day, as the daily schedule wants. */
export async function usageReportWorkflow(rawInput: UsageReportInput = {}): Promise<UsageReportResult> {
  const input = parseInput(usageReportInputSchema, rawInput, 'usage report input');
  const startOfToday = Math.floor(Date.now() / DAY_MS) * DAY_MS;
  const periodStart = input.periodStart ?? new Date(startOfToday - DAY_MS).toISOString();
  const periodEnd = input.periodEnd ?? new Date(startOfToday).toISOString();
  return reports.writeUsageReport({ periodStart, periodEnd });
}
// AUTO_UPGRADE: maintenance moves to the new build at its next workflow task; changes to it go behind patched().
declareVersioningBehavior('AUTO_UPGRADE', usageReportWorkflow);
