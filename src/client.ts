import { WorkflowIdReusePolicy, WorkflowNotFoundError, type Client, type ScheduleDescription } from '@temporalio/client';
import type { AutoDjPlanInput, AutoDjProgress } from './contracts/autodj-planning';
import { autoDjProgressQuery } from './contracts/autodj-planning';
import type { GenerationInput, GenerationProgress } from './contracts/music-generation';
import { decideUpdate, generationProgressQuery, type DecisionOutcome, type OperatorDecision } from './contracts/music-generation';
import type { CleanupInput, CleanupResult } from './contracts/cleanup';
import { trackIngestionProgressQuery, trackIngestionWorkflowId, type TrackIngestionInput, type TrackIngestionProgress } from './contracts/track-ingestion';
import { trackImportProgressQuery, trackImportWorkflowId, type BulkTrackIngestionInput, type TrackImportProgress } from './contracts/track-import';
import type { DatabaseMaintenanceInput, DatabaseMaintenanceResult } from './contracts/database-maintenance';
import type { UsageReportInput, UsageReportResult } from './contracts/usage-report';
import { generationFairnessKey } from './shared/generation-priority';
import { CustomerIdAttribute, GenerationStepAttribute } from './shared/search-attributes';
import { TaskQueue } from './shared/task-queues';
import type {
  autoDjPlanningWorkflow,
  bulkTrackIngestionWorkflow,
  cleanupWorkflow,
  databaseMaintenanceWorkflow,
  musicGenerationWorkflow,
  trackIngestionWorkflow,
  usageReportWorkflow,
} from './workflows';

export { connectClient } from './temporal-connection';

export function generationWorkflowId(jobId: string): string {
  return `generation-${jobId}`;
}

export function planWorkflowId(planId: string): string {
  return `autodj-${planId}`;
}

export function trackWorkflowId(trackId: string): string {
  return trackIngestionWorkflowId(trackId);
}

export interface ClientOptions {
  /** Sends every workflow to this one queue instead of its own; tests serve it with an in-process worker. */
  taskQueue?: string;
}

/** What Temporal knows of an execution, without asking a worker. */
export interface WorkflowExecutionSummary {
  workflowId: string;
  /** RUNNING, COMPLETED, FAILED, TERMINATED, … */
  status: string;
  memo: Record<string, unknown>;
}

/**
 * The typed client used by the API service, scripts and tests. Operators can do the same with
 * `temporal workflow …` and `temporal schedule …`; this is the programmatic equivalent.
 */
export class InfinityMixClient {
  constructor(
    private readonly client: Client,
    private readonly options: ClientOptions = {},
  ) {}

  private queue(queue: TaskQueue): string {
    return this.options.taskQueue ?? queue;
  }

  /**
   * Starts one generation. The workflow id is the job id and a reused id is rejected even after the job
   * ended, so a repeated submit throws WorkflowExecutionAlreadyStartedError instead of starting a second job.
   */
  async startGeneration(input: GenerationInput, memo: Record<string, unknown> = {}): Promise<{ workflowId: string; runId: string }> {
    const workflowId = generationWorkflowId(input.jobId);
    const handle = await this.client.workflow.start<typeof musicGenerationWorkflow>('musicGenerationWorkflow', {
      workflowId,
      taskQueue: this.queue(TaskQueue.generation),
      workflowIdReusePolicy: WorkflowIdReusePolicy.REJECT_DUPLICATE,
      args: [input],
      memo,
      // Workflow tasks share the queue fairly between customers; each activity sets its own priority.
      priority: { fairnessKey: generationFairnessKey(input.customerId) },
      staticSummary: `customer ${input.customerId} · mood ${input.mood ?? 'not given'} · ${input.durationSeconds} s`,
      typedSearchAttributes: [
        { key: CustomerIdAttribute, value: input.customerId },
        { key: GenerationStepAttribute, value: 'queued' },
      ],
    });
    return { workflowId, runId: handle.firstExecutionRunId };
  }

  /** The execution behind a job id, or undefined when Temporal never saw it (or forgot it after retention). */
  describeGeneration(jobId: string): Promise<WorkflowExecutionSummary | undefined> {
    return this.describeExecution(generationWorkflowId(jobId));
  }

  private async describeExecution(workflowId: string): Promise<WorkflowExecutionSummary | undefined> {
    try {
      const description = await this.client.workflow.getHandle(workflowId).describe();
      return { workflowId, status: description.status.name, memo: description.memo ?? {} };
    } catch (error) {
      if (error instanceof WorkflowNotFoundError) return undefined;
      throw error;
    }
  }

  /** The `progress` query. A query needs a live worker, so it gives up after `timeoutMs` rather than hang. */
  generationProgress(jobId: string, timeoutMs: number): Promise<GenerationProgress> {
    return this.client.withDeadline(Date.now() + timeoutMs, () =>
      this.client.workflow.getHandle(generationWorkflowId(jobId)).query(generationProgressQuery),
    );
  }

  /**
   * Asks the job's workflow to cancel: it stops the running activity, removes the job's files and ends
   * `cancelled`. Throws WorkflowNotFoundError when the workflow is gone or has already closed.
   */
  async cancelGeneration(jobId: string): Promise<void> {
    await this.client.workflow.getHandle(generationWorkflowId(jobId)).cancel();
  }

  /** Starts one Auto DJ plan; like generations, a reused plan id is rejected even after the plan ended. */
  async startPlan(input: AutoDjPlanInput, memo: Record<string, unknown> = {}): Promise<{ workflowId: string; runId: string }> {
    const workflowId = planWorkflowId(input.planId);
    const handle = await this.client.workflow.start<typeof autoDjPlanningWorkflow>('autoDjPlanningWorkflow', {
      workflowId,
      taskQueue: this.queue(TaskQueue.planning),
      workflowIdReusePolicy: WorkflowIdReusePolicy.REJECT_DUPLICATE,
      args: [input],
      memo,
      staticSummary: `${input.energyMode} set · ${input.eventPreset ?? 'default'} · ${Math.round(input.targetDurationSeconds / 60)} min`,
    });
    return { workflowId, runId: handle.firstExecutionRunId };
  }

  describePlan(planId: string): Promise<WorkflowExecutionSummary | undefined> {
    return this.describeExecution(planWorkflowId(planId));
  }

  /** The plan's `progress` query, bounded like generationProgress. */
  planProgress(planId: string, timeoutMs: number): Promise<AutoDjProgress> {
    return this.client.withDeadline(Date.now() + timeoutMs, () =>
      this.client.workflow.getHandle(planWorkflowId(planId)).query(autoDjProgressQuery),
    );
  }

  /**
   * Starts a track's ingestion on the planning queue (it runs the same analysis as plans). A track is
   * ingested once: a second start throws WorkflowExecutionAlreadyStartedError.
   */
  async startTrackIngestion(input: TrackIngestionInput, memo: Record<string, unknown> = {}): Promise<{ workflowId: string; runId: string }> {
    const workflowId = trackWorkflowId(input.trackId);
    const handle = await this.client.workflow.start<typeof trackIngestionWorkflow>('trackIngestionWorkflow', {
      workflowId,
      taskQueue: this.queue(TaskQueue.planning),
      workflowIdReusePolicy: WorkflowIdReusePolicy.REJECT_DUPLICATE,
      args: [input],
      memo,
      staticSummary: `customer ${input.customerId} · track by ${input.source.kind}`,
      typedSearchAttributes: [{ key: CustomerIdAttribute, value: input.customerId }],
    });
    return { workflowId, runId: handle.firstExecutionRunId };
  }

  /**
   * Starts a bulk import's workflow on the planning queue; its children run there too. An import is started
   * once: a second start throws WorkflowExecutionAlreadyStartedError.
   */
  async startTrackImport(input: BulkTrackIngestionInput): Promise<{ workflowId: string; runId: string }> {
    const workflowId = trackImportWorkflowId(input.importId);
    const handle = await this.client.workflow.start<typeof bulkTrackIngestionWorkflow>('bulkTrackIngestionWorkflow', {
      workflowId,
      taskQueue: this.queue(TaskQueue.planning),
      workflowIdReusePolicy: WorkflowIdReusePolicy.REJECT_DUPLICATE,
      args: [input],
      staticSummary: `customer ${input.customerId} · import of ${input.total} tracks`,
      typedSearchAttributes: [{ key: CustomerIdAttribute, value: input.customerId }],
    });
    return { workflowId, runId: handle.firstExecutionRunId };
  }

  describeTrackImport(importId: string): Promise<WorkflowExecutionSummary | undefined> {
    return this.describeExecution(trackImportWorkflowId(importId));
  }

  /** The import's `progress` query (of its current run), bounded like generationProgress. */
  trackImportProgress(importId: string, timeoutMs: number): Promise<TrackImportProgress> {
    return this.client.withDeadline(Date.now() + timeoutMs, () => this.client.workflow.getHandle(trackImportWorkflowId(importId)).query(trackImportProgressQuery));
  }

  describeTrackIngestion(trackId: string): Promise<WorkflowExecutionSummary | undefined> {
    return this.describeExecution(trackWorkflowId(trackId));
  }

  /** The ingestion's `progress` query, bounded like generationProgress. */
  trackProgress(trackId: string, timeoutMs: number): Promise<TrackIngestionProgress> {
    return this.client.withDeadline(Date.now() + timeoutMs, () => this.client.workflow.getHandle(trackWorkflowId(trackId)).query(trackIngestionProgressQuery));
  }

  /**
   * An operator's decision on a parked job, as the `decide` Update: it answers once the workflow took the
   * decision, and throws WorkflowUpdateFailedError when the validator refuses it (the job does not wait on
   * that dead letter) or WorkflowNotFoundError when the workflow is gone.
   */
  decideGeneration(workflowId: string, decision: OperatorDecision): Promise<DecisionOutcome> {
    return this.client.workflow.getHandle(workflowId).executeUpdate(decideUpdate, { args: [decision] });
  }

  /** Round trip to the Temporal frontend, for health checks. */
  async pingTemporal(timeoutMs: number): Promise<void> {
    await this.client.withDeadline(Date.now() + timeoutMs, () => this.client.workflowService.getSystemInfo({}));
  }

  runCleanup(runId: string, input: CleanupInput): Promise<CleanupResult> {
    return this.client.workflow.execute<typeof cleanupWorkflow>('cleanupWorkflow', {
      workflowId: `cleanup-${runId}`,
      taskQueue: this.queue(TaskQueue.maintenance),
      args: [input],
    });
  }

  runDatabaseMaintenance(runId: string, input: DatabaseMaintenanceInput = {}): Promise<DatabaseMaintenanceResult> {
    return this.client.workflow.execute<typeof databaseMaintenanceWorkflow>('databaseMaintenanceWorkflow', {
      workflowId: `database-maintenance-${runId}`,
      taskQueue: this.queue(TaskQueue.maintenance),
      args: [input],
    });
  }

  runUsageReport(runId: string, input: UsageReportInput = {}): Promise<UsageReportResult> {
    return this.client.workflow.execute<typeof usageReportWorkflow>('usageReportWorkflow', {
      workflowId: `usage-report-${runId}`,
      taskQueue: this.queue(TaskQueue.maintenance),
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
