import { ScheduleOverlapPolicy } from '@temporalio/client';
import type { AppConfig } from '../config';
import type { CleanupInput } from '../contracts/cleanup';
import type { DatabaseMaintenanceInput } from '../contracts/database-maintenance';
import type { UsageReportInput } from '../contracts/usage-report';
import { TaskQueue } from '../shared/task-queues';

/**
 * Every Temporal Schedule of the project, in one place. Ids are stable so operators can
 * `temporal schedule describe|trigger|toggle|backfill --schedule-id <id>`. Intervals are aligned to the
 * Unix epoch (UTC), so `every 24h, offset 3h` means daily at 03:00 UTC.
 */
export interface ScheduleDefinition {
  scheduleId: string;
  description: string;
  workflowType: 'cleanupWorkflow' | 'databaseMaintenanceWorkflow' | 'usageReportWorkflow';
  args: [CleanupInput] | [DatabaseMaintenanceInput] | [UsageReportInput];
  everyMs: number;
  offsetMs: number;
  overlap: ScheduleOverlapPolicy;
  catchupWindowMs: number;
  pauseOnFailure: boolean;
  workflowRunTimeoutMs: number;
}

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;

export function scheduleDefinitions(config: Pick<AppConfig, 'cleanup'>): ScheduleDefinition[] {
  return [
    {
      scheduleId: 'maintenance-cleanup',
      description: 'Hourly: delete aged temporary audio, expired sessions and orphaned rows',
      workflowType: 'cleanupWorkflow',
      args: [{ tempMaxAgeHours: config.cleanup.tempMaxAgeHours, orphanAfterDays: config.cleanup.orphanAfterDays }],
      everyMs: HOUR,
      offsetMs: 5 * MINUTE,
      // A run that is still going makes the next one pointless; after an outage one late run is enough.
      overlap: ScheduleOverlapPolicy.SKIP,
      catchupWindowMs: 30 * MINUTE,
      pauseOnFailure: true,
      workflowRunTimeoutMs: HOUR,
    },
    {
      scheduleId: 'maintenance-database',
      description: 'Daily 03:00 UTC: VACUUM (ANALYZE) hot tables, refresh the recommendation cache',
      workflowType: 'databaseMaintenanceWorkflow',
      args: [{ recommendationsPerTrack: 10 }],
      everyMs: 24 * HOUR,
      offsetMs: 3 * HOUR,
      overlap: ScheduleOverlapPolicy.SKIP,
      catchupWindowMs: 6 * HOUR,
      pauseOnFailure: true,
      workflowRunTimeoutMs: 2 * HOUR,
    },
    {
      scheduleId: 'maintenance-usage-report',
      description: 'Daily 01:00 UTC: usage per customer for the previous UTC day',
      workflowType: 'usageReportWorkflow',
      args: [{}],
      everyMs: 24 * HOUR,
      offsetMs: 1 * HOUR,
      // The report covers "yesterday" as of its start, so a late run within the same day is still right.
      overlap: ScheduleOverlapPolicy.SKIP,
      catchupWindowMs: 22 * HOUR,
      pauseOnFailure: true,
      workflowRunTimeoutMs: HOUR,
    },
  ];
}

export const maintenanceTaskQueue = TaskQueue.maintenance;
