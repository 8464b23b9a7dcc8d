import type { z } from 'zod';
import { generationWorkflowId, type WorkflowExecutionSummary } from '../client';
import type { GenerationJob } from '../generated/prisma/client';
import { FINISHED_GENERATION_STATUSES, GENERATION_STEP_PERCENT, type GenerationProgress, type GenerationStatus, type ReferenceSong, type SceneContext } from '../contracts/music-generation';
import type { generationSummarySchema, generationViewSchema } from './response-schemas';

export function generationPath(jobId: string): string {
  return `/v1/generations/${jobId}`;
}

/** The job as the API shows it: live progress when the workflow runs, the database row for the rest. */
export type GenerationView = z.output<typeof generationViewSchema>;

/** Whether a job has ended for good: completed, failed or cancelled. */
export function isFinished(status: GenerationStatus): boolean {
  return (FINISHED_GENERATION_STATUSES as readonly string[]).includes(status);
}

/**
 * A closed execution overrides a row that still says the job is under way: the workflow was terminated,
 * timed out, cancelled by code older than its cleanup, or ended before it could write its last row.
 */
function statusOfClosedExecution(execution: WorkflowExecutionSummary | undefined, row: GenerationJob | null): GenerationStatus | undefined {
  if (!execution || execution.status === 'RUNNING') return undefined;
  if (row && isFinished(row.status)) return undefined;
  if (execution.status === 'COMPLETED') return 'completed';
  return execution.status === 'CANCELLED' ? 'cancelled' : 'failed';
}

function referenceSongOf(row: GenerationJob): Partial<ReferenceSong> | undefined {
  if (row.referenceBpm === null && row.referenceTitle === null) return undefined;
  return {
    title: row.referenceTitle ?? undefined,
    artist: row.referenceArtist ?? undefined,
    bpm: row.referenceBpm ?? undefined,
    key: row.referenceKey ?? undefined,
    camelot: row.referenceCamelot ?? undefined,
    mood: row.referenceMood ?? undefined,
    confidence: row.referenceConfidence ?? undefined,
  };
}

/** Where status, step and percent come from, before the rule that `completed` needs the result. */
function reportedProgress(row: GenerationJob | null, execution: WorkflowExecutionSummary | undefined, progress: GenerationProgress | undefined) {
  const closedStatus = statusOfClosedExecution(execution, row);
  return {
    status: progress?.status ?? closedStatus ?? row?.status ?? 'queued',
    step: progress?.step ?? closedStatus ?? row?.step ?? 'queued',
    percent: progress?.percent ?? (closedStatus === 'completed' ? 100 : (row?.progress ?? 0)),
    progressSource: progress ? ('workflow' as const) : ('database' as const),
  };
}

/**
 * `completed` only once the row holds the result's storage keys. The workflow says completed the moment it
 * enters its last step, while the row with the keys is still being written; until that write lands the job
 * is shown as the row last recorded it (uploading, 85 %), so a client that stops polling at `completed`
 * always finds the result and its downloads.
 */
function withResultRule(reported: ReturnType<typeof reportedProgress>, row: GenerationJob | null): ReturnType<typeof reportedProgress> {
  if (reported.status !== 'completed' || row?.masterKey) return reported;
  const unfinishedRow = row && row.status !== 'completed' ? row : undefined;
  return {
    status: unfinishedRow?.status ?? 'running',
    step: unfinishedRow?.step ?? 'uploading',
    percent: Math.min(unfinishedRow?.progress ?? GENERATION_STEP_PERCENT.uploading, GENERATION_STEP_PERCENT.uploading),
    progressSource: 'database',
  };
}

export function generationView(
  jobId: string,
  row: GenerationJob | null,
  execution: WorkflowExecutionSummary | undefined,
  progress: GenerationProgress | undefined,
): GenerationView {
  const view: GenerationView = {
    jobId,
    workflowId: execution?.workflowId ?? row?.workflowId ?? generationWorkflowId(jobId),
    ...withResultRule(reportedProgress(row, execution, progress), row),
    workflowStatus: execution?.status ?? null,
    links: { self: generationPath(jobId) },
  };
  if (progress) {
    view.stepsVisited = progress.stepsVisited;
    view.deadLetterId = progress.deadLetterId;
    view.referenceSong = progress.referenceSong;
    view.sceneContext = progress.sceneContext;
    if (progress.lastError) view.error = progress.lastError;
  }
  if (row) {
    view.request = {
      customerId: row.customerId,
      prompt: row.prompt,
      mood: row.mood,
      instruments: row.instruments,
      durationSeconds: row.requestedDuration,
      referenceUrl: row.referenceUrl,
    };
    view.referenceSong ??= referenceSongOf(row);
    view.sceneContext ??= (row.sceneContext as SceneContext | null) ?? undefined;
    if (row.masterKey) {
      view.result = {
        title: row.title,
        provider: row.provider,
        masterKey: row.masterKey,
        previewKey: row.previewKey,
        metadataKey: row.metadataKey,
        fileSizeBytes: row.fileSizeBytes,
        durationSeconds: row.outputDurationSeconds,
      };
    }
    if (!view.error && row.errorType) view.error = { type: row.errorType, message: row.error ?? '' };
    view.createdAt = row.createdAt.toISOString();
    view.updatedAt = row.updatedAt.toISOString();
    view.completedAt = row.completedAt?.toISOString() ?? null;
  }
  if (view.status === 'cancelled') view.cancelledAt = row?.cancelledAt?.toISOString() ?? null;
  return view;
}

export type GenerationSummary = z.output<typeof generationSummarySchema>;

/** One job in the list, from its row alone (a live query per item would make a page cost one per job). */
export function generationSummary(row: GenerationJob): GenerationSummary {
  const { status, step, percent } = withResultRule({ status: row.status, step: row.step, percent: row.progress, progressSource: 'database' }, row);
  return {
    id: row.jobId,
    status,
    step,
    progress: percent,
    createdAt: row.createdAt.toISOString(),
    updatedAt: row.updatedAt.toISOString(),
    links: { self: generationPath(row.jobId) },
  };
}
