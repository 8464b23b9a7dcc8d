import { ApplicationFailure, isCancellation, setHandler, workflowInfo } from '@temporalio/workflow';
import type { PlanningActivities } from '../activities';
import {
  AUTODJ_LIMITS,
  AUTODJ_STEP_PERCENT,
  autoDjPlanInputSchema,
  autoDjProgressQuery,
  type AutoDjCounts,
  type AutoDjPlan,
  type AutoDjPlanInput,
  type AutoDjProgress,
  type AutoDjStep,
  type AutoDjWorkStep,
  type PlanHeader,
  type SkippedTrack,
  type TrackToAnalyze,
  type ValidAutoDjPlanInput,
} from '../contracts/autodj-planning';
import { seedFromJobId } from '../shared/generation-naming';
import { parseInput } from '../shared/validation';
import { forEachBounded } from './bounded-parallel';
import { describeFailure, JobSteps, stepActivities, type ActivityTimeouts } from './job-steps';
import { declareVersioningBehavior } from './versioning-behavior';
import { announceWebhookEvent } from './webhook-events';

/** Analyses in flight at once: each is a decode plus a DSP worker, and the planning queue shares its cores. */
const ANALYSIS_PARALLELISM = 4;
/** `analyzing` climbs from its own percent to this one as analyses finish. */
const ANALYSIS_END_PERCENT = 50;

const TIMEOUTS = {
  database: { startToCloseTimeout: '1 minute' },
  analysis: { startToCloseTimeout: '10 minutes', heartbeatTimeout: '30 seconds' },
  /** The planner's own time budget is seconds; the heartbeat follows its progress callback. */
  plan: { startToCloseTimeout: '5 minutes', heartbeatTimeout: '30 seconds' },
} satisfies Record<string, ActivityTimeouts>;
type ActivityKind = keyof typeof TIMEOUTS;

/**
 * An Auto DJ set from a track pool: load the pool → analyse catalog tracks that lack
 * features (bounded fan-out; results go to the Track rows, only ids pass through here) → plan → save the
 * AutoDjPlan rows. Bad input fails at once with a non-retryable InvalidInput naming the field.
 */
export async function autoDjPlanningWorkflow(rawInput: AutoDjPlanInput): Promise<AutoDjPlan> {
  const input = parseInput(autoDjPlanInputSchema, rawInput, 'Auto DJ plan input');
  return new AutoDjPlanning(input).run();
}
// AUTO_UPGRADE: a plan in flight moves to the new build at its next workflow task; changes to it go behind patched().
declareVersioningBehavior('AUTO_UPGRADE', autoDjPlanningWorkflow);

class AutoDjPlanning {
  private readonly steps = new JobSteps<AutoDjStep>(AUTODJ_STEP_PERCENT, 'queued');
  private readonly header: PlanHeader;
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
    // A catalog filter's size is known once the load step resolved it.
    const poolSize = input.pool.trackIds?.length ?? input.pool.tracks?.length ?? 0;
    this.counts = { pool: poolSize, toAnalyze: 0, analyzed: 0, analysisFailed: 0, skipped: 0, planned: 0 };
    setHandler(autoDjProgressQuery, () => this.progress());
  }

  async run(): Promise<AutoDjPlan> {
    const { input, header } = this;
    await this.activities('Recording the plan as started', 'database').recordAutoDjPlanStatus({ header, status: 'planning' });

    const { trackIds, catalog } = input.pool;
    const fromCatalog = trackIds !== undefined || catalog !== undefined;
    const loadSummary = trackIds ? `Loading ${trackIds.length} catalog tracks` : "Drawing the pool from the customer's catalog";
    const loaded = fromCatalog
      ? await this.runStep('loading', loadSummary, 'database', (activities) => activities.loadPlanningPool({ trackIds, catalog, customerId: input.customerId }))
      : undefined;
    const toAnalyze = loaded?.toAnalyze ?? [];
    if (catalog && loaded) this.counts.pool = loaded.found;
    this.counts.toAnalyze = toAnalyze.length;
    if (toAnalyze.length > 0) await this.analyze(toAnalyze);

    const result = await this.runStep('planning', `Planning a ${Math.round(input.targetDurationSeconds / 60)} min ${input.energyMode} set`, 'plan', (activities) =>
      activities.planAutoDjSet({
        pool: input.pool,
        customerId: input.customerId,
        targetDurationSeconds: input.targetDurationSeconds,
        energyMode: input.energyMode,
        eventPreset: input.eventPreset,
        seed: header.seed,
        firstTrackId: input.firstTrackId,
        lastTrackId: input.lastTrackId,
        tempoTolerance: input.tempoTolerance,
        // Absent in histories from before these options: the activity input is not replayed, so no patch is needed.
        ...(input.harmonicStrictness !== undefined ? { harmonicStrictness: input.harmonicStrictness } : {}),
        ...(input.minArtistSpacing !== undefined ? { minArtistSpacing: input.minArtistSpacing } : {}),
        ...(input.keyLock !== undefined ? { keyLock: input.keyLock } : {}),
      }),
    );
    const analysable = new Set(toAnalyze.map((track) => track.trackId));
    // A catalog filter's analyses are bounded, so a track left unanalysed may have audio after all.
    const analysesCapped = catalog !== undefined && toAnalyze.length >= AUTODJ_LIMITS.maxAnalysesPerPlan;
    const plan: AutoDjPlan = {
      ...header,
      energyMode: input.energyMode,
      eventPreset: input.eventPreset,
      entries: result.entries,
      quality: result.quality,
      totalDurationSeconds: result.totalDurationSeconds,
      objective: result.objective,
      algorithm: result.algorithm,
      skipped: (result.skipped ?? []).map((track) => this.explainSkipped(track, fromCatalog && !analysable.has(track.trackId), analysesCapped)),
      ...(result.skippedTotal !== undefined ? { skippedTotal: result.skippedTotal } : {}),
      analyzedTrackIds: [...this.analyzedTrackIds],
      analysisFailures: [...this.analysisFailures],
    };
    this.counts.skipped = plan.skippedTotal ?? plan.skipped.length;
    this.counts.planned = plan.entries.length;

    await this.runStep('saving', `Saving ${plan.entries.length} entries`, 'database', (activities) => activities.saveAutoDjPlan(plan));
    this.steps.enter('completed');
    await this.announce('plan.completed', { entries: plan.entries.length, totalDurationSeconds: plan.totalDurationSeconds });
    return plan;
  }

  /**
   * Measures tracks in parallel lanes. A track whose analysis fails is not fatal: the plan goes on without
   * its missing features and the failure is reported with the track.
   */
  private async analyze(tracks: TrackToAnalyze[]): Promise<void> {
    this.steps.enter('analyzing', this.analysisNote());
    const activities = this.activities(`Analysing ${tracks.length} tracks that lack tempo, key, energy or beat grid`, 'analysis');
    await forEachBounded(tracks, ANALYSIS_PARALLELISM, async ({ trackId, storageKey }) => {
      try {
        await activities.analyzeAudio({ trackId, storageKey });
        this.analyzedTrackIds.push(trackId);
        this.counts.analyzed++;
      } catch (error) {
        if (isCancellation(error)) throw error;
        const { type, message } = describeFailure(error, this.input.policy.stepAttempts);
        this.analysisFailures.push({ trackId, reason: `${type}: ${message}` });
        this.counts.analysisFailed++;
      }
      const done = this.counts.analyzed + this.counts.analysisFailed;
      const start = AUTODJ_STEP_PERCENT.analyzing;
      this.steps.advance(Math.round(start + ((ANALYSIS_END_PERCENT - start) * done) / tracks.length), this.analysisNote());
    });
  }

  private analysisNote(): string {
    return `analysed ${this.counts.analyzed}/${this.counts.toAnalyze}`;
  }

  private explainSkipped(track: SkippedTrack, notAnalysed: boolean, analysesCapped: boolean): SkippedTrack {
    const failure = this.analysisFailures.find((failed) => failed.trackId === track.trackId);
    if (failure) return { trackId: track.trackId, reason: `${track.reason}; analysis failed: ${failure.reason}` };
    if (notAnalysed && analysesCapped) {
      return { trackId: track.trackId, reason: `${track.reason}; not analysed: no audio in storage, or beyond the ${AUTODJ_LIMITS.maxAnalysesPerPlan} analyses one plan runs` };
    }
    if (notAnalysed) return { trackId: track.trackId, reason: `${track.reason}; the track has no audio in storage to analyse` };
    return track;
  }

  /** Runs one step; any failure that reaches here is final: the plan row says so and the workflow fails typed. */
  private async runStep<T>(step: AutoDjWorkStep, summary: string, kind: ActivityKind, work: (activities: PlanningActivities) => Promise<T>): Promise<T> {
    this.steps.enter(step);
    try {
      return await work(this.activities(summary, kind));
    } catch (error) {
      if (isCancellation(error)) throw error;
      const failure = describeFailure(error, this.input.policy.stepAttempts);
      this.steps.lastError = { step, type: failure.type, message: failure.message };
      this.steps.enter('failed', this.steps.errorNote());
      await this.activities('Recording the failure', 'database').recordAutoDjPlanStatus({
        header: this.header,
        status: 'failed',
        error: this.steps.errorNote(),
      });
      await this.announce('plan.failed', { error: { step, type: failure.type } });
      throw ApplicationFailure.create({ type: failure.type, message: `${step}: ${failure.message}`, nonRetryable: true, details: failure.details });
    }
  }

  /** Tells the customer's webhooks how the plan ended, once its row says so: ids, status, counts, links. */
  private announce(type: 'plan.completed' | 'plan.failed', details: Record<string, unknown>): Promise<void> {
    const { planId, customerId, policy } = this.input;
    const data = { planId, status: type === 'plan.completed' ? 'completed' : 'failed', ...details, links: { self: `/v1/plans/${planId}`, chart: `/v1/plans/${planId}/chart.svg` } };
    return announceWebhookEvent({ type, customerId, subjectId: planId, data }, policy.webhookDelivery);
  }

  private progress(): AutoDjProgress {
    const error = this.steps.lastError;
    return {
      planId: this.input.planId,
      step: this.steps.step,
      percent: this.steps.percent,
      startedAt: this.steps.startedAt,
      updatedAt: this.steps.updatedAt,
      counts: { ...this.counts },
      lastError: error && { ...error, step: error.step as AutoDjWorkStep },
    };
  }

  private activities(summary: string, kind: ActivityKind): PlanningActivities {
    return stepActivities<PlanningActivities>(this.input.policy, summary, TIMEOUTS[kind]);
  }
}
