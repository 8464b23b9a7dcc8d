import type { Client, ScheduleDescription } from '@temporalio/client';
import type {
  CleanupInput,
  CleanupResult,
  DatabaseMaintenanceInput,
  DatabaseMaintenanceResult,
  UsageReportInput,
  UsageReportResult,
} from './shared/messages/maintenance';
import { TaskQueue } from './shared/task-queues';
import type { cleanupWorkflow, databaseMaintenanceWorkflow, usageReportWorkflow } from './workflows';

export { connectClient } from './temporal-connection';

/**
 * The typed client used by the API service, scripts and tests. Operators can do the same with
 * `temporal workflow …` and `temporal schedule …`; this is the programmatic equivalent.
 */
export class InfinityMixClient {
  constructor(private readonly client: Client) {}

  runCleanup(runId: string, input: CleanupInput): Promise<CleanupResult> {
    return this.client.workflow.execute<typeof cleanupWorkflow>('cleanupWorkflow', {
      workflowId: `cleanup-${runId}`,
      taskQueue: TaskQueue.maintenance,
      args: [input],
    });
  }

  runDatabaseMaintenance(runId: string, input: DatabaseMaintenanceInput = {}): Promise<DatabaseMaintenanceResult> {
    return this.client.workflow.execute<typeof databaseMaintenanceWorkflow>('databaseMaintenanceWorkflow', {
      workflowId: `database-maintenance-${runId}`,
      taskQueue: TaskQueue.maintenance,
      args: [input],
    });
  }

  runUsageReport(runId: string, input: UsageReportInput = {}): Promise<UsageReportResult> {
    return this.client.workflow.execute<typeof usageReportWorkflow>('usageReportWorkflow', {
      workflowId: `usage-report-${runId}`,
      taskQueue: TaskQueue.maintenance,
      args: [input],
    });
  }

  describeSchedule(scheduleId: string): Promise<ScheduleDescription> {
    return this.client.schedule.getHandle(scheduleId).describe();
  }

  triggerSchedule(scheduleId: string): Promise<void> {
    return this.client.schedule.getHandle(scheduleId).trigger();
  }

  pauseSchedule(scheduleId: string, note: string): Promise<void> {
    return this.client.schedule.getHandle(scheduleId).pause(note);
  }

  resumeSchedule(scheduleId: string, note: string): Promise<void> {
    return this.client.schedule.getHandle(scheduleId).unpause(note);
  }
}
