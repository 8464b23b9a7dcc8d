import { ActivityFailure, ApplicationFailure, isCancellation, proxyActivities, setCurrentDetails, setHandler, workflowInfo, type ActivityOptions } from '@temporalio/workflow';
import type { PlanningActivities } from '../activities';
import type { PlanHeader } from '../activities/autodj-plan-records';
import type { SkippedTrack } from '../planner/types';
import { ErrorType } from '../shared/errors';
import { seedFromJobId } from '../shared/generation-naming';
import {
  AUTODJ_STEP_PERCENT,
  autoDjPlanInputSchema,
  type AutoDjCounts,
  type AutoDjError,
  type AutoDjPlan,
  type AutoDjPlanInput,
  type AutoDjProgress,
  type AutoDjStep,
  type AutoDjWorkStep,
  type ValidAutoDjPlanInput,
} from '../shared/messages/autodj';
import { autoDjProgressQuery } from '../shared/messages/autodj-queries';
import { parseInput } from '../shared/validation';
import { quickDatabaseActivity, retryPolicy } from './activity-options';
import { forEachBounded } from './bounded-parallel';

/** Analyses in flight at once: each is a decode plus a DSP worker, and the planning queue shares its cores. */
const ANALYSIS_PARALLELISM = 4;
/** `analyzing` climbs from its own percent to this one as analyses finish. */
const ANALYSIS_END_PERCENT = 50;

const analysisActivity: ActivityOptions = { startToCloseTimeout: '10 minutes', heartbeatTimeout: '30 seconds', retry: retryPolicy(3) };
/** The planner's own time budget is seconds; the heartbeat follows its progress callback. */
const planActivity: ActivityOptions = { startToCloseTimeout: '5 minutes', heartbeatTimeout: '30 seconds', retry: retryPolicy(3) };

/**
 * An Auto DJ set from a track pool (design.md §3): load the pool → analyse catalog tracks that lack
 * features (bounded fan-out; results go to the Track rows, only ids pass through here) → plan → save the
 * AutoDjPlan rows. Bad input fails at once with a non-retryable InvalidInput naming the field.
 */
export async function autoDjPlanningWorkflow(rawInput: AutoDjPlanInput): Promise<AutoDjPlan> {
  const input = parseInput(autoDjPlanInputSchema, rawInput, 'Auto DJ plan input');
  return new AutoDjPlanning(input).run();
}

class AutoDjPlanning {
  private readonly startedAt = new Date().toISOString();
  private readonly header: PlanHeader;
  private step: AutoDjStep = 'queued';
  private percent = 0;
  private updatedAt = this.startedAt;
  private lastError?: AutoDjError;
  private readonly counts: AutoDjCounts;
  private readonly analyzedTrackIds: string[] = [];
  private readonly analysisFailures: SkippedTrack[] = [];

  constructor(private readonly input: ValidAutoDjPlanInput) {
    this.header = {
      planId: input.planId,
      workflowId: workflowInfo().workflowId,
      customerId: input.customerId,
      targetDurationSeconds: input.targetDurationSeconds,
      energyMode: input.energyMode,
      eventPreset: input.eventPreset,
      // The plan row's seed column is a signed 32-bit integer.
      seed: input.seed ?? seedFromJobId(input.planId) % 2 ** 31,
    };
    const poolSize = input.pool.trackIds?.length ?? input.pool.tracks?.length ?? 0;
    this.counts = { pool: poolSize, toAnalyze: 0, analyzed: 0, analysisFailed: 0, skipped: 0, planned: 0 };
    setHandler(autoDjProgressQuery, () => this.progress());
  }

  async run(): Promise<AutoDjPlan> {
    const { input, header } = this;
    await this.activities('Recording the plan as started', quickDatabaseActivity).recordAutoDjPlanStatus({ header, status: 'planning' });

    const trackIds = input.pool.trackIds;
    const toAnalyze = trackIds
      ? (await this.runStep('loading', `Loading ${trackIds.length} catalog tracks`, quickDatabaseActivity, (activities) => activities.loadPlanningPool({ trackIds }))).toAnalyze
      : [];
    this.counts.toAnalyze = toAnalyze.length;
    if (toAnalyze.length > 0) await this.analyze(toAnalyze);

    const result = await this.runStep('planning', `Planning a ${Math.round(input.targetDurationSeconds / 60)} min ${input.energyMode} set`, planActivity, (activities) =>
      activities.planAutoDjSet({
        pool: input.pool,
        targetDurationSeconds: input.targetDurationSeconds,
        energyMode: input.energyMode,
        eventPreset: input.eventPreset,
        seed: header.seed,
        firstTrackId: input.firstTrackId,
        lastTrackId: input.lastTrackId,
        tempoTolerance: input.tempoTolerance,
      }),
    );
    const analysable = new Set(toAnalyze.map((track) => track.trackId));
    const plan: AutoDjPlan = {
      ...header,
      energyMode: input.energyMode,
      eventPreset: input.eventPreset,
      entries: result.entries,
      quality: result.quality,
      totalDurationSeconds: result.totalDurationSeconds,
      objective: result.objective,
      algorithm: result.algorithm,
      skipped: (result.skipped ?? []).map((track) => this.explainSkipped(track, trackIds !== undefined && !analysable.has(track.trackId))),
      analyzedTrackIds: [...this.analyzedTrackIds],
      analysisFailures: [...this.analysisFailures],
    };
    this.counts.skipped = plan.skipped.length;
    this.counts.planned = plan.entries.length;

    await this.runStep('saving', `Saving ${plan.entries.length} entries`, quickDatabaseActivity, (activities) => activities.saveAutoDjPlan(plan));
    this.enter('completed');
    return plan;
  }

  /**
   * Measures tracks in parallel lanes. A track whose analysis fails is not fatal: the plan goes on without
   * its missing features and the failure is reported with the track.
   */
  private async analyze(tracks: { trackId: string; storageKey: string }[]): Promise<void> {
    this.enter('analyzing');
    const activities = this.activities(`Analysing ${tracks.length} tracks that lack tempo, key, energy or beat grid`, analysisActivity);
    await forEachBounded(tracks, ANALYSIS_PARALLELISM, async ({ trackId, storageKey }) => {
      try {
        await activities.analyzeAudio({ trackId, storageKey });
        this.analyzedTrackIds.push(trackId);
        this.counts.analyzed++;
      } catch (error) {
        if (isCancellation(error)) throw error;
        const { type, message } = describeFailure(error);
        this.analysisFailures.push({ trackId, reason: `${type}: ${message}` });
        this.counts.analysisFailed++;
      }
      const done = this.counts.analyzed + this.counts.analysisFailed;
      const start = AUTODJ_STEP_PERCENT.analyzing;
      this.percent = Math.round(start + ((ANALYSIS_END_PERCENT - start) * done) / tracks.length);
      this.touch();
    });
  }

  private explainSkipped(track: SkippedTrack, hadNoAudio: boolean): SkippedTrack {
    const failure = this.analysisFailures.find((failed) => failed.trackId === track.trackId);
    if (failure) return { trackId: track.trackId, reason: `${track.reason}; analysis failed: ${failure.reason}` };
    if (hadNoAudio) return { trackId: track.trackId, reason: `${track.reason}; the track has no audio in storage to analyse` };
    return track;
  }

  /** Runs one step; any failure that reaches here is final: the plan row says so and the workflow fails typed. */
  private async runStep<T>(step: AutoDjWorkStep, summary: string, options: ActivityOptions, work: (activities: PlanningActivities) => Promise<T>): Promise<T> {
    this.enter(step);
    try {
      return await work(this.activities(summary, options));
    } catch (error) {
      if (isCancellation(error)) throw error;
      const failure = describeFailure(error);
      this.lastError = { step, type: failure.type, message: failure.message };
      this.enter('failed');
      await this.activities('Recording the failure', quickDatabaseActivity).recordAutoDjPlanStatus({
        header: this.header,
        status: 'failed',
        error: `${failure.type}: ${failure.message}`,
      });
      throw ApplicationFailure.create({ type: failure.type, message: `${step}: ${failure.message}`, nonRetryable: true, details: failure.details });
    }
  }

  private enter(step: AutoDjStep): void {
    this.step = step;
    if (step in AUTODJ_STEP_PERCENT) this.percent = AUTODJ_STEP_PERCENT[step as AutoDjWorkStep];
    this.touch();
  }

  private touch(): void {
    this.updatedAt = new Date().toISOString();
    const { analyzed, toAnalyze } = this.counts;
    const analysis = this.step === 'analyzing' ? ` — analysed ${analyzed}/${toAnalyze}` : '';
    const error = this.step === 'failed' && this.lastError ? ` — ${this.lastError.type}: ${this.lastError.message}` : '';
    setCurrentDetails(`**${this.step}** (${this.percent} %)${analysis}${error}`);
  }

  private progress(): AutoDjProgress {
    return {
      planId: this.input.planId,
      step: this.step,
      percent: this.percent,
      startedAt: this.startedAt,
      updatedAt: this.updatedAt,
      counts: { ...this.counts },
      lastError: this.lastError,
    };
  }

  private activities(summary: string, options: ActivityOptions): PlanningActivities {
    return proxyActivities<PlanningActivities>({ ...options, summary });
  }
}

/** Typed failures keep their type and details; timeouts and untyped errors count as exhausted retries. */
function describeFailure(error: unknown): { type: string; message: string; details?: unknown[] } {
  const cause = error instanceof ActivityFailure ? error.cause : error;
  if (cause instanceof ApplicationFailure) return { type: cause.type ?? 'Error', message: cause.message, details: cause.details ?? undefined };
  const message = cause instanceof Error ? cause.message : String(cause);
  return { type: ErrorType.StepExhausted, message };
}
