import {
  ActivityFailure,
  ApplicationFailure,
  condition,
  isCancellation,
  proxyActivities,
  setCurrentDetails,
  setHandler,
  sleep,
  upsertSearchAttributes,
  workflowInfo,
  type ActivityOptions,
} from '@temporalio/workflow';
import type { GenerationActivities } from '../activities';
import type { GenerationJobRecord } from '../activities/generation-records';
import type { UploadedResults } from '../activities/generation-results';
import type { MusicRequest } from '../providers/music-provider';
import { ErrorType, nonRetryableErrorTypes } from '../shared/errors';
import { generationTitle, seedFromJobId } from '../shared/generation-naming';
import { generationTaskPriority } from '../shared/generation-priority';
import {
  GENERATION_STEP_PERCENT,
  generationInputSchema,
  type GenerationInput,
  type GenerationProgress,
  type GenerationResult,
  type GenerationStatus,
  type GenerationStep,
  type GenerationWorkStep,
  type ReferenceSong,
  type SceneContext,
  type StepError,
  type ValidGenerationInput,
} from '../shared/messages/generation';
import { abortSignal, progressQuery, retrySignal } from '../shared/messages/generation-signals';
import { CustomerIdAttribute, GenerationStepAttribute } from '../shared/search-attributes';
import { parseInput } from '../shared/validation';

/** With the 300 s cap, 60 attempts ride out about five hours of database outage. */
const RECORD_ATTEMPTS = 60;

/** How a step ended when it did not succeed: given up on at once, or after its retries ran out. */
interface StepFailure extends StepError {
  permanent: boolean;
}

/**
 * Background music for a video (design.md §3): scenes → reference clip → identification → generation →
 * upload, with progress at every step. A step that exhausts its retries is dead-lettered: the job parks in
 * `needs_attention` until an operator signals `retry` (the step runs again; finished steps keep their
 * results) or `abort`, or the wait runs out.
 */
export async function musicGenerationWorkflow(rawInput: GenerationInput): Promise<GenerationResult> {
  const input = parseInput(generationInputSchema, rawInput, 'generation input');
  const job = new GenerationJob(input);
  return job.run();
}

class GenerationJob {
  private readonly workflowId = workflowInfo().workflowId;
  private readonly startedAt = new Date().toISOString();
  private readonly seed: number;
  private status: GenerationStatus = 'queued';
  private step: GenerationStep = 'queued';
  /** One of the job's long activities has finished: its tasks now go ahead of waiting jobs' (generation-priority.ts). */
  private underway = false;
  private percent = 0;
  private updatedAt = this.startedAt;
  private readonly stepsVisited: GenerationWorkStep[] = ['queued'];
  private lastError?: StepError;
  private deadLetterId?: string;
  private operatorDecision?: 'retry' | 'abort';
  private operatorReason?: string;
  private sceneContext?: SceneContext;
  private referenceSong?: ReferenceSong;
  private results?: UploadedResults;
  private title?: string;
  private provider?: string;

  constructor(private readonly input: ValidGenerationInput) {
    this.seed = input.seed ?? seedFromJobId(input.jobId);
    setHandler(progressQuery, () => this.progress());
    setHandler(retrySignal, (note) => this.decide('retry', note?.reason));
    setHandler(abortSignal, (note) => this.decide('abort', note?.reason));
  }

  async run(): Promise<GenerationResult> {
    const { input } = this;
    upsertSearchAttributes([
      { key: CustomerIdAttribute, value: input.customerId },
      { key: GenerationStepAttribute, value: 'queued' },
    ]);
    await this.record();

    if (input.referenceUrl) {
      const url = input.referenceUrl;
      await this.runStep('queued', 'Checking the reference URL', (activities) => activities.checkReferenceUrl({ url }));
    }
    if (input.isSceneAware && input.segments) {
      const segments = input.segments;
      this.sceneContext = await this.runStep('analyzing', `Analysing ${segments.length} transcript segments`, (activities) =>
        activities.analyzeScenes({ segments }),
      );
    }
    if (input.referenceUrl) {
      const url = input.referenceUrl;
      const { clipKey } = await this.runStep('extracting', 'Extracting a 15 s reference clip', (activities) =>
        activities.extractReferenceClip({ jobId: input.jobId, url }),
      );
      this.referenceSong = await this.runStep('identifying', 'Identifying the reference and measuring tempo and key', (activities) =>
        activities.identifyReference({ clipKey }),
      );
    }

    const mood = input.mood ?? this.sceneContext?.dominantMood ?? this.referenceSong?.mood;
    this.title = generationTitle(input.prompt, mood);
    const generatedKey = await this.runStep('generating', 'Generating the music', () => this.generate(mood));

    this.results = await this.runStep('uploading', 'Uploading master WAV, MP3 preview and metadata', (activities) =>
      activities.uploadResults({
        jobId: input.jobId,
        customerId: input.customerId,
        generatedKey,
        durationSeconds: input.durationSeconds,
        metadata: {
          title: this.title,
          prompt: input.prompt ?? null,
          mood: mood ?? null,
          instruments: input.instruments ?? [],
          requestedDurationSeconds: input.durationSeconds,
          referenceUrl: input.referenceUrl ?? null,
          referenceSong: this.referenceSong ?? null,
          sceneContext: this.sceneContext ?? null,
          seed: this.seed,
          createdAt: this.startedAt,
        },
      }),
    );

    await this.enter('completed', 'completed');
    return {
      jobId: input.jobId,
      title: this.title,
      provider: this.provider ?? 'unknown',
      ...this.results,
      referenceSong: this.referenceSong,
      sceneContext: this.sceneContext,
    };
  }

  /** Submit once, then look at the task on a durable timer until it ends; returns the audio's storage key. */
  private async generate(mood: string | undefined): Promise<string> {
    const { input } = this;
    const reference = this.referenceSong;
    const request: MusicRequest = {
      userPrompt: input.prompt,
      mood,
      instruments: input.instruments,
      durationSeconds: input.durationSeconds,
      seed: this.seed,
      sceneContext: this.sceneContext,
      referenceSong: reference && {
        title: reference.title ?? 'the reference clip',
        artist: reference.artist ?? 'an unknown artist',
        bpm: reference.bpm,
        key: reference.key,
      },
    };
    const submitted = await this.activities('Generating the music', 'long').submitMusicTask({ jobId: input.jobId, request });
    this.provider = submitted.provider;
    this.underway = true;
    const heavy = this.activities('Generating the music', 'long');
    const quick = this.activities('Polling the music provider', 'short');
    const deadline = Date.now() + input.policy.maxGenerationMinutes * 60_000;
    for (;;) {
      const status = await quick.pollMusicTask({ taskId: submitted.taskId });
      if (status.status === 'succeeded') {
        const { generatedKey } = await heavy.fetchGeneratedAudio({ jobId: input.jobId, audioUrl: status.audioUrl, audioFormat: status.audioFormat });
        return generatedKey;
      }
      if (status.status === 'failed') {
        throw ApplicationFailure.create({ type: status.failure.type, message: status.failure.message, nonRetryable: true });
      }
      if (Date.now() >= deadline) {
        // Retryable on purpose: the job parks, and an operator's retry resumes polling the same task.
        throw ApplicationFailure.create({
          type: ErrorType.ProviderUnavailable,
          message: `${submitted.provider} task ${submitted.taskId} still ${status.providerStatus} after ${input.policy.maxGenerationMinutes} min`,
        });
      }
      await sleep(input.policy.pollIntervalSeconds * 1000);
    }
  }

  /** Runs one step; permanent failures fail the job, exhausted retries park it for an operator. */
  private async runStep<T>(step: GenerationWorkStep, summary: string, work: (activities: GenerationActivities) => Promise<T>): Promise<T> {
    if (step !== 'queued') await this.enter(step, 'running');
    for (;;) {
      try {
        const result = await work(this.activities(summary, step === 'queued' ? 'short' : 'long'));
        if (step !== 'queued') this.underway = true;
        return result;
      } catch (error) {
        if (isCancellation(error)) throw error;
        const failure = describeFailure(step, error, this.input.policy.stepAttempts);
        this.lastError = { step: failure.step, type: failure.type, message: failure.message };
        if (failure.permanent) throw await this.fail(failure);
        const decision = await this.park(failure);
        if (decision === 'abort') throw await this.fail({ ...failure, type: ErrorType.Aborted, message: `aborted by an operator after: ${failure.message}` });
        if (decision === 'expired') {
          throw await this.fail({ ...failure, type: ErrorType.StepExhausted, message: `no operator decision in time after: ${failure.message}` });
        }
        await this.enter(step, 'running');
      }
    }
  }

  private async park(failure: StepFailure): Promise<'retry' | 'abort' | 'expired'> {
    const records = this.activities('Recording the dead letter', 'record');
    this.operatorDecision = undefined;
    this.operatorReason = undefined;
    this.deadLetterId = await records.recordDeadLetter({
      jobId: this.input.jobId,
      workflowId: this.workflowId,
      step: failure.step,
      errorType: failure.type,
      errorMessage: failure.message,
      attempts: this.input.policy.stepAttempts,
      parkedAt: new Date().toISOString(),
      inputRef: { workflowId: this.workflowId, jobId: this.input.jobId, customerId: this.input.customerId },
    });
    await this.enter('needs_attention', 'needs_attention');
    const decided = await condition(() => this.operatorDecision !== undefined, this.input.policy.deadLetterWaitHours * 3_600_000);
    const outcome = decided ? this.operatorDecision! : 'expired';
    await records.resolveDeadLetter({
      id: this.deadLetterId,
      status: outcome === 'retry' ? 'retried' : outcome === 'abort' ? 'aborted' : 'expired',
      resolution: this.operatorReason ? `${outcome}: ${this.operatorReason}` : outcome,
    });
    this.deadLetterId = undefined;
    return outcome;
  }

  private async fail(failure: StepError): Promise<ApplicationFailure> {
    this.lastError = failure;
    await this.enter('failed', 'failed');
    return ApplicationFailure.create({ type: failure.type, message: `${failure.step}: ${failure.message}`, nonRetryable: true });
  }

  private decide(decision: 'retry' | 'abort', reason: string | undefined): void {
    if (this.status !== 'needs_attention') return;
    this.operatorDecision = decision;
    this.operatorReason = reason;
  }

  private async enter(step: GenerationStep, status: GenerationStatus): Promise<void> {
    this.step = step;
    this.status = status;
    if (step in GENERATION_STEP_PERCENT) {
      const workStep = step as GenerationWorkStep;
      this.percent = GENERATION_STEP_PERCENT[workStep];
      if (this.stepsVisited.at(-1) !== workStep) this.stepsVisited.push(workStep);
    }
    this.updatedAt = new Date().toISOString();
    upsertSearchAttributes([{ key: GenerationStepAttribute, value: step }]);
    setCurrentDetails(`**${step}** (${this.percent} %)${this.lastError && status !== 'running' ? ` — ${this.lastError.type}: ${this.lastError.message}` : ''}`);
    await this.record();
  }

  private record(): Promise<void> {
    return this.activities('Recording the job', 'record').recordJob(this.snapshot());
  }

  private snapshot(): GenerationJobRecord {
    const { input } = this;
    return {
      jobId: input.jobId,
      workflowId: this.workflowId,
      customerId: input.customerId,
      status: this.status,
      step: this.step,
      progress: this.percent,
      prompt: input.prompt,
      mood: input.mood,
      instruments: input.instruments ?? [],
      requestedDuration: input.durationSeconds,
      referenceUrl: input.referenceUrl,
      referenceSong: this.referenceSong,
      sceneContext: this.sceneContext,
      results: this.results,
      title: this.title,
      error: this.status === 'failed' || this.status === 'needs_attention' ? this.lastError : undefined,
    };
  }

  private progress(): GenerationProgress {
    return {
      jobId: this.input.jobId,
      status: this.status,
      step: this.step,
      percent: this.percent,
      startedAt: this.startedAt,
      updatedAt: this.updatedAt,
      stepsVisited: [...this.stepsVisited],
      lastError: this.lastError,
      deadLetterId: this.deadLetterId,
      referenceSong: this.referenceSong,
      sceneContext: this.sceneContext,
    };
  }

  /**
   * Activity proxies with this job's retry policy. `long` ones heartbeat and may run for minutes. `record`
   * ones write the job's own rows: they outlast a database outage of hours rather than fail the job.
   * Their task-queue priority follows the job's step and its customer (shared/generation-priority.ts).
   */
  private activities(summary: string, kind: 'short' | 'long' | 'record'): GenerationActivities {
    const { policy } = this.input;
    const options: ActivityOptions = {
      summary,
      priority: generationTaskPriority(this.input.customerId, this.step, this.underway),
      startToCloseTimeout: kind === 'long' ? '15 minutes' : '1 minute',
      ...(kind === 'long' ? { heartbeatTimeout: '30 seconds' } : {}),
      retry: {
        initialInterval: policy.retryInitialIntervalSeconds * 1000,
        backoffCoefficient: 2,
        maximumInterval: policy.retryMaximumIntervalSeconds * 1000,
        maximumAttempts: kind === 'record' ? RECORD_ATTEMPTS : policy.stepAttempts,
        nonRetryableErrorTypes: [...nonRetryableErrorTypes],
      },
    };
    return proxyActivities<GenerationActivities>(options);
  }
}

/** Reads a step's error: typed failures keep their type; timeouts and untyped errors count as exhausted retries. */
function describeFailure(step: GenerationWorkStep, error: unknown, attempts: number): StepFailure {
  const cause = error instanceof ActivityFailure ? error.cause : error;
  if (cause instanceof ApplicationFailure) {
    const type = cause.type ?? 'Error';
    const permanent = cause.nonRetryable || (nonRetryableErrorTypes as readonly string[]).includes(type);
    return { step, type, message: cause.message, permanent };
  }
  const message = cause instanceof Error ? cause.message : String(cause);
  return { step, type: cause instanceof Error ? cause.name : 'Error', message: `${message} (after ${attempts} attempts)`, permanent: false };
}
