import { ApplicationFailure, isCancellation, setHandler, upsertSearchAttributes } from '@temporalio/workflow';
import type { PlanningActivities } from '../activities';
import {
  TRACK_STEP_PERCENT,
  trackIngestionInputSchema,
  trackIngestionProgressQuery,
  type TrackIngestionInput,
  type TrackIngestionProgress,
  type TrackIngestionResult,
  type TrackOutcome,
  type TrackStep,
  type TrackWorkStep,
  type ValidTrackIngestionInput,
} from '../contracts/track-ingestion';
import { CustomerIdAttribute } from '../shared/search-attributes';
import { parseInput } from '../shared/validation';
import { describeFailure, JobSteps, stepActivities, type ActivityTimeouts } from './job-steps';
import { announceWebhookEvent } from './webhook-events';
import { declareVersioningBehavior } from './versioning-behavior';

const TIMEOUTS = {
  database: { startToCloseTimeout: '1 minute' },
  /** Downloads and decodes of files up to TRACK_LIMITS.maxBytes; they heartbeat. */
  audio: { startToCloseTimeout: '15 minutes', heartbeatTimeout: '30 seconds' },
} satisfies Record<string, ActivityTimeouts>;
type ActivityKind = keyof typeof TIMEOUTS;

/**
 * A customer's track into the catalog: fetch (URL sources) → decode check (real audio, duration and size
 * bounds) → analysis (tempo, beat grid, key, loudness, energy, phrases onto the Track row) → fingerprint index →
 * Track row `ready`. Any step that fails for good marks the row `failed` with the error's type and message;
 * bad audio is InvalidAudio and is never retried. Workflow id `track-<trackId>`, on the planning queue.
 */
export async function trackIngestionWorkflow(rawInput: TrackIngestionInput): Promise<TrackIngestionResult> {
  const input = parseInput(trackIngestionInputSchema, rawInput, 'track ingestion input');
  return new TrackIngestion(input).run();
}

// Unpinned like the plans: an ingestion in flight moves to the new build, so changes to it keep to patched().
declareVersioningBehavior('AUTO_UPGRADE', trackIngestionWorkflow);

class TrackIngestion {
  private readonly steps = new JobSteps<TrackStep>(TRACK_STEP_PERCENT, 'queued');

  constructor(private readonly input: ValidTrackIngestionInput) {
    setHandler(trackIngestionProgressQuery, () => this.progress());
  }

  async run(): Promise<TrackIngestionResult> {
    const { trackId, customerId, source } = this.input;
    const { storageKey } = source;
    upsertSearchAttributes([{ key: CustomerIdAttribute, value: customerId }]);
    if (source.kind === 'url') {
      await this.runStep('fetching', 'Downloading the track from its URL', 'audio', (activities) => activities.fetchTrackSource({ trackId, storageKey, url: source.url }));
    }
    await this.runStep('checking', 'Checking that the file is audio within the bounds', 'audio', (activities) => activities.checkTrackAudio({ trackId, storageKey }));
    const analysis = await this.runStep('analyzing', 'Measuring tempo, beat grid, key, loudness, energy and phrases', 'audio', (activities) =>
      activities.analyzeAudio({ trackId, storageKey }),
    );
    const { landmarks } = await this.runStep('indexing', 'Adding the fingerprints to the identification index', 'audio', (activities) =>
      activities.indexTrackFingerprints({ trackId, storageKey }),
    );
    await this.finish({ trackId, status: 'ready' });
    this.steps.enter('ready');
    return { trackId, status: 'ready', durationSeconds: analysis.durationSeconds, bpm: analysis.bpm, key: analysis.key, landmarks };
  }

  /**
   * The one terminal place: the Track row becomes `ready` or `failed` here, and only here; then the customer's
   * webhooks hear `track.ready` or `track.failed` (ids and error type only).
   */
  private async finish(outcome: TrackOutcome): Promise<void> {
    await this.activities(`Recording the track as ${outcome.status}`, 'database').recordTrackOutcome(outcome);
    const { trackId } = outcome;
    const data = {
      trackId,
      status: outcome.status,
      ...(outcome.status === 'failed' ? { error: { type: outcome.errorType } } : {}),
      links: { self: `/v1/tracks/${trackId}` },
    };
    await announceWebhookEvent({ type: `track.${outcome.status}`, customerId: this.input.customerId, subjectId: trackId, data }, this.input.policy.webhookDelivery);
  }

  /** Runs one step; a failure that reaches here is final: the row says so and the workflow fails typed. */
  private async runStep<T>(step: TrackWorkStep, summary: string, kind: ActivityKind, work: (activities: PlanningActivities) => Promise<T>): Promise<T> {
    this.steps.enter(step);
    try {
      return await work(this.activities(summary, kind));
    } catch (error) {
      if (isCancellation(error)) throw error;
      const failure = describeFailure(error, this.input.policy.stepAttempts);
      this.steps.lastError = { step, type: failure.type, message: failure.message };
      this.steps.enter('failed', this.steps.errorNote());
      await this.finish({ trackId: this.input.trackId, status: 'failed', errorType: failure.type, error: `${step}: ${failure.message}` });
      throw ApplicationFailure.create({ type: failure.type, message: `${step}: ${failure.message}`, nonRetryable: true, details: failure.details });
    }
  }

  private progress(): TrackIngestionProgress {
    const error = this.steps.lastError;
    return {
      trackId: this.input.trackId,
      step: this.steps.step,
      percent: this.steps.percent,
      startedAt: this.steps.startedAt,
      updatedAt: this.steps.updatedAt,
      lastError: error && { ...error, step: error.step as TrackWorkStep },
    };
  }

  private activities(summary: string, kind: ActivityKind): PlanningActivities {
    return stepActivities<PlanningActivities>(this.input.policy, summary, TIMEOUTS[kind]);
  }
}
