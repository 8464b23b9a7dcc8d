import {
  ActivityCancellationType,
  ApplicationFailure,
  CancellationScope,
  condition,
  isCancellation,
  log,
  patched,
  proxyLocalActivities,
  setHandler,
  sleep,
  upsertSearchAttributes,
  workflowInfo,
} from '@temporalio/workflow';
import type { GenerationActivities } from '../activities';
import {
  abortSignal,
  DEAD_LETTER_NOT_OPEN,
  decideUpdate,
  GENERATION_STEP_PERCENT,
  generationInputSchema,
  generationProgressQuery,
  operatorDecisionSchema,
  retrySignal,
  type DecisionOutcome,
  type GenerationInput,
  type GenerationJobRecord,
  type GenerationProgress,
  type GenerationResult,
  type GenerationStatus,
  type GenerationStep,
  type GenerationWorkStep,
  type MusicRequest,
  type OperatorDecision,
  type ReferenceSong,
  type SceneContext,
  type StepError,
  type UploadedResults,
  type ValidGenerationInput,
} from '../contracts/music-generation';
import { ErrorType } from '../shared/errors';
import { generationTitle, seedFromJobId } from '../shared/generation-naming';
import { generationTaskPriority } from '../shared/generation-priority';
import { CustomerIdAttribute, GenerationStepAttribute } from '../shared/search-attributes';
import { parseInput } from '../shared/validation';
import type { WebhookEventType } from '../contracts/webhooks';
import { describeFailure, JobSteps, stepActivities, stepRetryPolicy, type ActivityTimeouts, type StepFailure } from './job-steps';
import { declareVersioningBehavior } from './versioning-behavior';
import { announceWebhookEvent } from './webhook-events';

/** With the 300 s cap, 60 attempts ride out about five hours of database outage. */
const RECORD_ATTEMPTS = 60;

/** `long` activities heartbeat and may run for minutes; `record` ones write the job's own rows. */
const TIMEOUTS = {
  short: { startToCloseTimeout: '1 minute' },
  long: { startToCloseTimeout: '15 minutes', heartbeatTimeout: '30 seconds' },
  record: { startToCloseTimeout: '1 minute' },
} satisfies Record<string, ActivityTimeouts>;
type ActivityKind = keyof typeof TIMEOUTS;

/**
 * Jobs started before cancellation was handled ended as a bare cancelled execution, their row left as it was;
 * since this patch a cancelled job removes its files, closes its dead letter and records `cancelled`.
 */
const CANCELLATION_PATCH = 'generation-cancellation-cleanup';

/**
 * Jobs before this patch wrote their row through an activity task on the queue (a round trip through the server
 * per step); since, as a local activity run by the worker within the workflow task: one short upsert.
 */
const LOCAL_RECORDS_PATCH = 'generation-local-job-records';

/**
 * Jobs before this patch polled and fetched a local composition after submitting it; since, a submit that
 * returns the audio's key (the composer rendered within it, `SubmittedGeneration.generatedKey`) goes straight on.
 */
const SETTLED_SUBMIT_PATCH = 'generation-settled-submit';

/** Which dead letter the job waits on, and the operator's decision once one arrives. */
interface Parking {
  deadLetterId: string;
  decision?: { action: 'retry' | 'abort'; reason?: string };
}

/**
 * Background music for a video: scenes → reference clip → identification → generation →
 * upload, with progress at every step. A step that exhausts its retries is dead-lettered: the job parks in
 * `needs_attention` until an operator decides through the `decide` Update — `retry` (the step runs again;
 * finished steps keep their results) or `abort` — or the wait runs out. Cancelling the workflow (the API's
 * cancel route) stops the running activity and ends the job `cancelled` (see endCancelled).
 */
export async function musicGenerationWorkflow(rawInput: GenerationInput): Promise<GenerationResult> {
  const input = parseInput(generationInputSchema, rawInput, 'generation input');
  const job = new GenerationJob(input);
  return job.run();
}
// PINNED: a job runs to the end on the build it started on, so a deploy never replays its history on other code.
declareVersioningBehavior('PINNED', musicGenerationWorkflow);

class GenerationJob {
  private readonly workflowId = workflowInfo().workflowId;
  private readonly steps = new JobSteps<GenerationStep>(GENERATION_STEP_PERCENT, 'queued');
  private readonly seed: number;
  /** The job's place in the workers' audio lanes: first started, first served (docs/generation.md). */
  private readonly acceptedAtMs = workflowInfo().startTime.getTime();
  private status: GenerationStatus = 'queued';
  /** One of the job's long activities has finished: its tasks now go ahead of waiting jobs' (generation-priority.ts). */
  private underway = false;
  private readonly stepsVisited: GenerationWorkStep[] = ['queued'];
  private parking?: Parking;
  private sceneContext?: SceneContext;
  private referenceSong?: ReferenceSong;
  private results?: UploadedResults;
  private title?: string;
  private provider?: string;

  constructor(private readonly input: ValidGenerationInput) {
    this.seed = input.seed ?? seedFromJobId(input.jobId);
    setHandler(generationProgressQuery, () => this.progress());
    setHandler(decideUpdate, (decision) => this.decide(decision), { validator: (decision) => this.checkDecision(decision) });
    // Signals from before the Update: histories of jobs parked under older code may hold one.
    setHandler(retrySignal, (note) => this.decideBySignal('retry', note?.reason));
    setHandler(abortSignal, (note) => this.decideBySignal('abort', note?.reason));
  }

  async run(): Promise<GenerationResult> {
    try {
      return await this.work();
    } catch (error) {
      // The running activity has stopped by now (see activities()), so nothing of the job still writes; the
      // cleanup itself must not be cancelled.
      if (isCancellation(error) && patched(CANCELLATION_PATCH)) await CancellationScope.nonCancellable(() => this.endCancelled());
      throw error;
    }
  }

  private async work(): Promise<GenerationResult> {
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
        activities.identifyReference({ clipKey, customerId: input.customerId }),
      );
    }

    const mood = input.mood ?? this.sceneContext?.dominantMood ?? this.referenceSong?.mood;
    this.title = generationTitle(input.prompt, mood);
    const generatedKey = await this.runStep('generating', 'Generating the music', () => this.generate(mood));

    this.results = await this.runStep('uploading', 'Uploading master WAV, MP3 preview and metadata', (activities) =>
      activities.uploadResults({
        jobId: input.jobId,
        acceptedAtMs: this.acceptedAtMs,
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
          createdAt: this.steps.startedAt,
        },
      }),
    );

    await this.enter('completed', 'completed');
    await this.announce('generation.completed');
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
    const submitted = await this.activities('Generating the music', 'long').submitMusicTask({ jobId: input.jobId, request, acceptedAtMs: this.acceptedAtMs });
    this.provider = submitted.provider;
    this.underway = true;
    if (submitted.generatedKey !== undefined && patched(SETTLED_SUBMIT_PATCH)) return submitted.generatedKey;
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
        const failure = describeFailure(error, this.input.policy.stepAttempts);
        this.steps.lastError = { step, type: failure.type, message: failure.message };
        if (failure.permanent) throw await this.fail(step, failure);
        const decision = await this.park(step, failure);
        if (decision === 'abort') throw await this.fail(step, { type: ErrorType.Aborted, message: `aborted by an operator after: ${failure.message}` });
        if (decision === 'expired') {
          throw await this.fail(step, { type: ErrorType.StepExhausted, message: `no operator decision in time after: ${failure.message}` });
        }
        await this.enter(step, 'running');
      }
    }
  }

  private async park(step: GenerationWorkStep, failure: StepFailure): Promise<'retry' | 'abort' | 'expired'> {
    const records = this.activities('Recording the dead letter', 'record');
    const deadLetterId = await records.recordDeadLetter({
      jobId: this.input.jobId,
      workflowId: this.workflowId,
      customerId: this.input.customerId,
      step,
      errorType: failure.type,
      errorMessage: failure.message,
      attempts: this.input.policy.stepAttempts,
      parkedAt: new Date().toISOString(),
      inputRef: { workflowId: this.workflowId, jobId: this.input.jobId, customerId: this.input.customerId },
    });
    const parking: Parking = { deadLetterId };
    this.parking = parking;
    await this.enter('needs_attention', 'needs_attention');
    await this.announce('generation.needs_attention', deadLetterId);
    const decided = await condition(() => parking.decision !== undefined, this.input.policy.deadLetterWaitHours * 3_600_000);
    const outcome = decided ? parking.decision!.action : 'expired';
    const reason = parking.decision?.reason;
    await records.resolveDeadLetter({
      id: deadLetterId,
      status: outcome === 'retry' ? 'retried' : outcome === 'abort' ? 'aborted' : 'expired',
      resolution: reason ? `${outcome}: ${reason}` : outcome,
    });
    this.parking = undefined;
    return outcome;
  }

  /**
   * The one place a cancelled job ends: an open dead letter is closed, the job's scratch objects and any
   * result a stopped upload wrote are removed, and the row, the progress query and the search attribute say
   * `cancelled`; then the customer's webhooks hear `generation.cancelled`.
   */
  private async endCancelled(): Promise<void> {
    const { jobId, customerId } = this.input;
    const parking = this.parking;
    // Cleared first: the `decide` validator refuses decisions on a job that is being cancelled.
    this.parking = undefined;
    if (parking) {
      await this.activities('Closing the dead letter of the cancelled job', 'record').resolveDeadLetter({
        id: parking.deadLetterId,
        status: 'cancelled',
        resolution: 'cancelled: the customer cancelled the job',
      });
    }
    try {
      const discarded = await this.activities("Removing the cancelled job's files", 'short').discardCancelledGeneration({ jobId, customerId });
      if (discarded.abandonedProviderTask) log.info('provider task abandoned with its cancelled job', { jobId, ...discarded.abandonedProviderTask });
    } catch (error) {
      // The job ends cancelled all the same; the cleanup schedule still ages its tmp/ objects out.
      log.warn('files of a cancelled job could not be removed', { jobId, error: error instanceof Error ? error.message : String(error) });
    }
    await this.enter('cancelled', 'cancelled');
    await this.announce('generation.cancelled');
  }

  private async fail(step: GenerationWorkStep, failure: { type: string; message: string }): Promise<ApplicationFailure> {
    this.steps.lastError = { step, type: failure.type, message: failure.message };
    await this.enter('failed', 'failed');
    await this.announce('generation.failed');
    return ApplicationFailure.create({ type: failure.type, message: `${step}: ${failure.message}`, nonRetryable: true });
  }

  /** The `decide` Update's validator: a decision is taken only while the job waits on that very dead letter. */
  private checkDecision(decision: OperatorDecision): void {
    const { deadLetterId } = parseInput(operatorDecisionSchema, decision, 'operator decision');
    const parking = this.parking;
    if (parking?.deadLetterId !== deadLetterId || parking.decision !== undefined) {
      const state = parking === undefined ? `it is ${this.status}` : parking.decision ? `dead letter ${parking.deadLetterId} is already decided` : `it waits on dead letter ${parking.deadLetterId}`;
      throw ApplicationFailure.create({
        type: DEAD_LETTER_NOT_OPEN,
        message: `Job ${this.input.jobId} is not waiting on dead letter ${deadLetterId} (${state})`,
        nonRetryable: true,
      });
    }
  }

  private decide(raw: OperatorDecision): DecisionOutcome {
    const { deadLetterId, action, reason } = parseInput(operatorDecisionSchema, raw, 'operator decision');
    this.parking!.decision = { action, reason };
    return { deadLetterId, jobId: this.input.jobId, action, reason };
  }

  /** As the signals always behaved, so replayed histories take the same path: heeded only in needs_attention. */
  private decideBySignal(action: 'retry' | 'abort', reason: string | undefined): void {
    if (this.status === 'needs_attention' && this.parking && this.parking.decision === undefined) this.parking.decision = { action, reason };
  }

  /**
   * Tells the customer's webhooks where the job ended (or parked), once its row says so. Only ids, status,
   * error type and links travel: never the prompt, the title made from it or an error message.
   */
  private announce(type: Extract<WebhookEventType, `generation.${string}`>, occurrence?: string): Promise<void> {
    const { jobId, customerId, policy } = this.input;
    const error = type === 'generation.completed' ? undefined : this.lastError();
    const data = {
      jobId,
      status: this.status,
      ...(this.results && type === 'generation.completed' ? { durationSeconds: this.results.durationSeconds } : {}),
      ...(error ? { error: { step: error.step, type: error.type } } : {}),
      ...(this.parking ? { deadLetterId: this.parking.deadLetterId } : {}),
      links: { self: `/v1/generations/${jobId}` },
    };
    return announceWebhookEvent({ type, customerId, subjectId: jobId, occurrence, data }, policy.webhookDelivery);
  }

  private async enter(step: GenerationStep, status: GenerationStatus): Promise<void> {
    this.status = status;
    this.steps.enter(step, status === 'running' ? undefined : this.steps.errorNote());
    if (step in GENERATION_STEP_PERCENT && this.stepsVisited.at(-1) !== step) this.stepsVisited.push(step as GenerationWorkStep);
    upsertSearchAttributes([{ key: GenerationStepAttribute, value: step }]);
    await this.record();
  }

  private record(): Promise<void> {
    if (patched(LOCAL_RECORDS_PATCH)) return this.localRecords().recordJob(this.snapshot());
    return this.activities('Recording the job', 'record').recordJob(this.snapshot());
  }

  /**
   * The job's row as a local activity: the worker running the workflow task writes it and the workflow goes on in
   * the same task, with no activity task on the queue (so no priority either). The same timeout and retries as
   * the `record` activities; a wait longer than a minute between attempts becomes a durable timer.
   */
  private localRecords(): Pick<GenerationActivities, 'recordJob'> {
    return proxyLocalActivities<GenerationActivities>({
      ...TIMEOUTS.record,
      summary: 'Recording the job',
      retry: stepRetryPolicy(this.input.policy, RECORD_ATTEMPTS),
      cancellationType: ActivityCancellationType.WAIT_CANCELLATION_COMPLETED,
    });
  }

  private snapshot(): GenerationJobRecord {
    const { input } = this;
    return {
      jobId: input.jobId,
      workflowId: this.workflowId,
      customerId: input.customerId,
      status: this.status,
      step: this.steps.step,
      progress: this.steps.percent,
      prompt: input.prompt,
      mood: input.mood,
      instruments: input.instruments ?? [],
      requestedDuration: input.durationSeconds,
      referenceUrl: input.referenceUrl,
      referenceSong: this.referenceSong,
      sceneContext: this.sceneContext,
      results: this.results,
      title: this.title,
      error: this.status === 'failed' || this.status === 'needs_attention' ? this.lastError() : undefined,
    };
  }

  private lastError(): StepError | undefined {
    const error = this.steps.lastError;
    return error && { ...error, step: error.step as GenerationWorkStep };
  }

  private progress(): GenerationProgress {
    return {
      jobId: this.input.jobId,
      status: this.status,
      step: this.steps.step,
      percent: this.steps.percent,
      startedAt: this.steps.startedAt,
      updatedAt: this.steps.updatedAt,
      stepsVisited: [...this.stepsVisited],
      lastError: this.lastError(),
      deadLetterId: this.parking?.deadLetterId,
      referenceSong: this.referenceSong,
      sceneContext: this.sceneContext,
    };
  }

  /**
   * Activity proxies with this job's retry policy; `record` ones outlast a database outage of hours rather than
   * fail the job. Their task-queue priority follows the job's stage and its customer (shared/generation-priority.ts).
   * A cancelled job waits until its running activity has stopped (heartbeats bring it the cancel; a record
   * write finishes), so its cleanup and its last row come after anything that activity writes.
   */
  private activities(summary: string, kind: ActivityKind): GenerationActivities {
    return stepActivities<GenerationActivities>(this.input.policy, summary, TIMEOUTS[kind], {
      maximumAttempts: kind === 'record' ? RECORD_ATTEMPTS : undefined,
      priority: generationTaskPriority(this.input.customerId, this.steps.step, this.underway),
      cancellationType: ActivityCancellationType.WAIT_CANCELLATION_COMPLETED,
    });
  }
}
