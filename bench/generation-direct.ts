/**
 * The baseline of bench:generation: the same activities a prompt-only musicGenerationWorkflow runs, in
 * the same order, called directly in this process (no Temporal), with as many jobs at a time as the
 * generation worker has activity slots. What the workflow run takes beyond this is orchestration.
 */
import { MockActivityEnvironment } from '@temporalio/testing';
import type { GenerationActivities } from '../src/activities';
import { GENERATION_STEP_PERCENT, type GenerationJobRecord, type GenerationStatus, type GenerationWorkStep } from '../src/contracts/music-generation';
import { generationTitle, seedFromJobId } from '../src/shared/generation-naming';

export interface BenchJob {
  jobId: string;
  customerId: string;
  prompt: string;
  durationSeconds: number;
  /** The composer's seed; from the job id when absent, as in the product. */
  seed?: number;
}

/**
 * One job through record → submit (→ poll → fetch, unless submit returned the audio's key) → record → upload →
 * record, as the workflow orders them.
 */
export async function runJobDirectly(activities: GenerationActivities, job: BenchJob): Promise<{ providerTaskId: string }> {
  const context = new MockActivityEnvironment();
  const call = <A, R>(fn: (arg: A) => Promise<R>, arg: A): Promise<R> => context.run(fn, arg);
  const title = generationTitle(job.prompt, undefined);
  const record = (step: GenerationWorkStep, status: GenerationStatus, extra: Partial<GenerationJobRecord> = {}) =>
    call(activities.recordJob, {
      jobId: job.jobId,
      workflowId: `direct-${job.jobId}`,
      customerId: job.customerId,
      status,
      step,
      progress: GENERATION_STEP_PERCENT[step],
      prompt: job.prompt,
      instruments: [],
      requestedDuration: job.durationSeconds,
      ...extra,
    });

  const acceptedAtMs = Date.now();
  await record('queued', 'queued');
  await record('generating', 'running', { title });
  const request = { userPrompt: job.prompt, durationSeconds: job.durationSeconds, seed: job.seed ?? seedFromJobId(job.jobId) };
  const submitted = await call(activities.submitMusicTask, { jobId: job.jobId, request, acceptedAtMs });
  const generatedKey = submitted.generatedKey ?? (await pollAndFetch(activities, call, job.jobId, submitted.taskId));
  await record('uploading', 'running', { title });
  const results = await call(activities.uploadResults, {
    jobId: job.jobId,
    acceptedAtMs,
    customerId: job.customerId,
    generatedKey,
    durationSeconds: job.durationSeconds,
    metadata: { title, prompt: job.prompt, mood: null, instruments: [], requestedDurationSeconds: job.durationSeconds },
  });
  await record('completed', 'completed', { title, results });
  return { providerTaskId: submitted.taskId };
}

async function pollAndFetch(
  activities: GenerationActivities,
  call: <A, R>(fn: (arg: A) => Promise<R>, arg: A) => Promise<R>,
  jobId: string,
  taskId: string,
): Promise<string> {
  const status = await call(activities.pollMusicTask, { taskId });
  if (status.status !== 'succeeded') throw new Error(`local composer task ${taskId} is ${status.status}`);
  const { generatedKey } = await call(activities.fetchGeneratedAudio, { jobId, audioUrl: status.audioUrl, audioFormat: status.audioFormat });
  return generatedKey;
}

/** Runs `work` over `items` with at most `limit` in flight; resolves with each item's completion time in ms. */
export async function runBounded<T>(items: readonly T[], limit: number, work: (item: T) => Promise<unknown>): Promise<number[]> {
  const startedAt = performance.now();
  const completedMs: number[] = new Array<number>(items.length);
  let next = 0;
  const lane = async (): Promise<void> => {
    while (next < items.length) {
      const index = next++;
      await work(items[index]!);
      completedMs[index] = performance.now() - startedAt;
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, lane));
  return completedMs;
}
