import { defineQuery } from '@temporalio/workflow';
import { z } from 'zod';
import { ENERGY_MODES, EVENT_PRESETS, HARMONIC_STRICTNESS_LEVELS, type EnergyMode, type EventPreset, type HarmonicClass, type HarmonicStrictness } from '../music/vocabulary';
import { SAFE_ID_PATTERN, SAFE_ID_RULE } from '../shared/ids';
import { stepRetryFields } from '../shared/step-retry';
import { text } from '../shared/text-rules';
import { DEFAULT_WEBHOOK_DELIVERY_POLICY, webhookDeliveryPolicySchema } from '../shared/webhook-delivery-policy';

/**
 * The contract of autoDjPlanningWorkflow (version 1): its input (shared by the API, the client and the
 * workflow boundary), result, progress, query, and the shapes its activities take and return. The plan's
 * entries and quality report are the planner's output (src/planner), published here.
 */

export const AUTODJ_LIMITS = {
  minTargetDurationSeconds: 60,
  /** A whole night; longer sets are planned as several. */
  maxTargetDurationSeconds: 12 * 3600,
  /** Catalog pools travel as ids (about 40 bytes each), which keeps the input far below Temporal's payload warning. */
  maxPoolTrackIds: 2000,
  /**
   * A `pool.catalog` filter is resolved inside the activities, so only the filter travels; this bounds the rows
   * one plan reads (light columns, in pages), a few times the 50,000-track pools the planner is measured on.
   */
  maxCatalogPoolTracks: 200_000,
  /** Catalog tracks lacking features that one plan analyses first (their ids and keys travel to the fan-out). */
  maxAnalysesPerPlan: 200,
  /** Inline descriptors are larger and carry no beat grid. */
  maxInlineTracks: 500,
  maxPhraseBoundaries: 512,
  maxTrackIdLength: 128,
  maxTrackSeconds: 3 * 3600,
} as const;

const trackId = text(AUTODJ_LIMITS.maxTrackIdLength).trim().min(1, 'must not be empty');

/** A track described in the request itself rather than taken from the catalog; features may be missing. */
export const inlineTrackSchema = z.strictObject({
  id: trackId,
  title: text(300).optional(),
  artist: text(300).optional(),
  durationSeconds: z.number().positive().max(AUTODJ_LIMITS.maxTrackSeconds),
  bpm: z.number().min(30).max(300).optional(),
  /** Any common notation (C#m, 8A, "A minor", 1m…). */
  key: text(32).optional(),
  energy: z.number().min(1).max(10).optional(),
  firstDownbeat: z.number().min(0).optional(),
  phraseBoundaries: z.array(z.number().min(0)).max(AUTODJ_LIMITS.maxPhraseBoundaries).optional(),
  genre: text(100).optional(),
  hasVocals: z.boolean().optional(),
});
export type InlineTrack = z.output<typeof inlineTrackSchema>;

const noDuplicates = (ids: readonly string[]) => new Set(ids).size === ids.length;

/** Catalog track ids as a pool names them. */
const catalogTrackIds = z
  .array(trackId)
  .min(1, 'must name at least one track')
  .max(AUTODJ_LIMITS.maxPoolTrackIds)
  .refine(noDuplicates, 'must not name a track twice');

/** A label a customer gives its tracks (POST /v1/tracks `tags`) and a catalog filter names; compared in lower case. */
export const TRACK_TAG_LIMITS = { maxLength: 50, maxPerTrack: 20 } as const;
export const trackTagSchema = text(TRACK_TAG_LIMITS.maxLength)
  .trim()
  .min(1, 'must not be empty')
  .transform((tag) => tag.toLowerCase());
export const trackTagsSchema = z
  .array(trackTagSchema)
  .max(TRACK_TAG_LIMITS.maxPerTrack)
  .refine(noDuplicates, 'must not name a tag twice (tags compare in lower case)');

/**
 * A pool drawn from the caller's own catalog (tracks added through POST /v1/tracks that are `ready`), resolved
 * inside the plan's activities rather than sent as an id list. Filters combine: named ids, a genre (exact, any
 * case), a tempo range, an energy range (1–10) and tags (a track must carry every tag named). No field at all
 * means the whole of the caller's ready catalog.
 */
export const catalogPoolSchema = z
  .strictObject({
    trackIds: catalogTrackIds.optional(),
    genre: text(100).trim().min(1, 'must not be empty').optional(),
    bpmMin: z.number().min(30).max(300).optional(),
    bpmMax: z.number().min(30).max(300).optional(),
    energyMin: z.number().min(1).max(10).optional(),
    energyMax: z.number().min(1).max(10).optional(),
    tags: trackTagsSchema.min(1, 'must name at least one tag').optional(),
  })
  .refine((filter) => filter.bpmMin === undefined || filter.bpmMax === undefined || filter.bpmMin <= filter.bpmMax, {
    message: 'must not be below bpmMin',
    path: ['bpmMax'],
  })
  .refine((filter) => filter.energyMin === undefined || filter.energyMax === undefined || filter.energyMin <= filter.energyMax, {
    message: 'must not be below energyMin',
    path: ['energyMax'],
  });
export type CatalogPool = z.output<typeof catalogPoolSchema>;

export const planningPoolSchema = z
  .strictObject({
    trackIds: catalogTrackIds.optional(),
    tracks: z
      .array(inlineTrackSchema)
      .min(1, 'must describe at least one track')
      .max(AUTODJ_LIMITS.maxInlineTracks)
      .refine((tracks) => noDuplicates(tracks.map((track) => track.id)), 'must not describe a track id twice')
      .optional(),
    catalog: catalogPoolSchema.optional(),
  })
  .refine((pool) => [pool.trackIds, pool.tracks, pool.catalog].filter((given) => given !== undefined).length === 1, {
    message: "give exactly one of trackIds (catalog ids), tracks (inline descriptors) or catalog (a filter over your own tracks)",
  });
export type PlanningPool = z.output<typeof planningPoolSchema>;

/** Retry bounds of the plan's steps and how its webhook events are delivered; the client fills them from its configuration. */
export const planningPolicySchema = z.strictObject({
  ...stepRetryFields,
  webhookDelivery: webhookDeliveryPolicySchema.default(DEFAULT_WEBHOOK_DELIVERY_POLICY),
});
export type PlanningPolicyInput = z.input<typeof planningPolicySchema>;

export const autoDjPlanInputSchema = z
  .strictObject({
    planId: z.uuid('must be a UUID'),
    /** The customer whose API key asked for the plan; absent on plans started before plans had owners. */
    customerId: z.string().regex(SAFE_ID_PATTERN, SAFE_ID_RULE).optional(),
    pool: planningPoolSchema,
    targetDurationSeconds: z.number().min(AUTODJ_LIMITS.minTargetDurationSeconds).max(AUTODJ_LIMITS.maxTargetDurationSeconds),
    energyMode: z.enum(ENERGY_MODES, { message: `must be one of: ${ENERGY_MODES.join(', ')}` }),
    eventPreset: z.enum(EVENT_PRESETS, { message: `must be one of: ${EVENT_PRESETS.join(', ')}` }).default('default'),
    firstTrackId: trackId.optional(),
    lastTrackId: trackId.optional(),
    /** Largest tempo change played as a beat-matched blend, as a fraction (0.06 = 6 %). */
    tempoTolerance: z.number().gt(0).max(0.5).optional(),
    /** Which key moves count as harmonic; the planner's default is `strict` (the classic Camelot rule). */
    harmonicStrictness: z.enum(HARMONIC_STRICTNESS_LEVELS, { message: `must be one of: ${HARMONIC_STRICTNESS_LEVELS.join(', ')}` }).optional(),
    /** Tracks between two tracks of the same artist (where artists are known); the planner's default is 3. */
    minArtistSpacing: z.number().int().min(0).max(50).optional(),
    /** The DJ plays with key lock (master tempo): a tempo change keeps the key, so key moves are judged on the tracks' own keys. */
    keyLock: z.boolean().optional(),
    /** Same pool and seed, same plan; derived from the plan id when absent. Fits the plan row's 32-bit column. */
    seed: z.number().int().min(0).max(2 ** 31 - 1).optional(),
    policy: planningPolicySchema.default(planningPolicySchema.parse({})),
  })
  .refine((input) => input.firstTrackId === undefined || input.firstTrackId !== input.lastTrackId, {
    message: 'a set cannot open and close with the same track',
    path: ['lastTrackId'],
  })
  .refine((input) => input.pool.catalog === undefined || input.customerId !== undefined, {
    message: "a catalog pool is drawn from the plan's customer's tracks: the plan needs a customerId",
    path: ['pool', 'catalog'],
  })
  .superRefine((input, context) => {
    const inline = input.pool.tracks;
    if (!inline) return;
    for (const field of ['firstTrackId', 'lastTrackId'] as const) {
      const id = input[field];
      if (id !== undefined && !inline.some((track) => track.id === id)) {
        context.addIssue({ code: 'custom', path: [field], message: `${id} is not in the pool` });
      }
    }
  });
export type AutoDjPlanInput = z.input<typeof autoDjPlanInputSchema>;
export type ValidAutoDjPlanInput = z.output<typeof autoDjPlanInputSchema>;

/** Steps and the progress percent shown for each; `analyzing` climbs from 10 to 50 as tracks finish. */
export const AUTODJ_STEP_PERCENT = {
  queued: 0,
  loading: 5,
  analyzing: 10,
  planning: 60,
  saving: 90,
  completed: 100,
} as const;
export type AutoDjWorkStep = keyof typeof AUTODJ_STEP_PERCENT;
export type AutoDjStep = AutoDjWorkStep | 'failed';

export interface AutoDjCounts {
  /** Tracks in the request. */
  pool: number;
  /** Catalog tracks that lacked tempo, key, energy or beat grid and had audio to analyse. */
  toAnalyze: number;
  analyzed: number;
  analysisFailed: number;
  skipped: number;
  planned: number;
}

export interface AutoDjError {
  step: AutoDjWorkStep;
  type: string;
  message: string;
}

export interface AutoDjProgress {
  planId: string;
  step: AutoDjStep;
  percent: number;
  startedAt: string;
  updatedAt: string;
  counts: AutoDjCounts;
  lastError?: AutoDjError;
}

export const TRANSITION_STYLES = ['start', 'long-blend', 'blend', 'echo-out', 'cut', 'breakdown'] as const;
export type TransitionStyle = (typeof TRANSITION_STYLES)[number];

export interface PlanEntry {
  trackId: string;
  /** The track's own tempo (before any tempo change in the blend). */
  bpm: number;
  /** Set time (s) at which the track starts sounding. */
  startTime: number;
  /** Set time at which the blend from the previous track ends and this track leads alone. */
  mixInTime: number;
  /** Set time at which the next track starts (the end of the set for the last entry). */
  mixOutTime: number;
  /** Seconds this track sounds together with the previous one. */
  overlap: number;
  /** Position in the track's own file where playback starts (a phrase start). */
  cueInTrack: number;
  /** Position in the track's own file where the next track comes in (a phrase start). */
  mixOutInTrack: number;
  /**
   * Tempo change into this track (its BPM over the previous one, half/double time folded).
   * The outgoing tail is played at this rate during the blend so every track keeps its own tempo.
   */
  tempoRatio: number;
  /** Semitones the outgoing tail moves because of that rate when key lock is off. */
  keyShift?: number;
  camelot: string;
  energy: number;
  /** The track's title and artist when the pool named them (charts and exports read them). */
  title?: string;
  artist?: string;
  /**
   * `harmony`: how DJ tools rate the key move into this track (strict, moderate, clash, unknown); `clash`: a key
   * clash under the plan's strictness. Both absent on the opening track and on plans saved before they existed.
   */
  transition: { style: TransitionStyle; reasons: string[]; score: number; harmony?: HarmonicClass; clash?: boolean };
}

export interface QualityReport {
  /** Share of transitions the plan's strictness admits (relaxed: the MODERATE rule). */
  harmonicCompatibleShare: number;
  /** The rule the plan was made with; absent on plans saved before the option existed. */
  harmonicStrictness?: HarmonicStrictness;
  /** Share of transitions that follow the STRICT Camelot rule (same key, ±1 same letter, relative major/minor). */
  strictHarmonicShare?: number;
  /** Share that follows the MODERATE rule (STRICT plus diagonal moves and the energy boost). */
  moderateHarmonicShare?: number;
  /** Transitions per style (the opening track counts as `start`). */
  transitionStyles?: Record<TransitionStyle, number>;
  /** Transitions that are key clashes under the plan's strictness. */
  clashCount?: number;
  /** Tracks played shorter than from their natural cue to their natural mix-out, to land the set length. */
  trimmedTrackCount?: number;
  tempoJumpsWithinShare: number;
  energyRmse: number;
  /** Planned length minus target, in seconds (signed). */
  durationErrorSeconds: number;
  /** Over transitions between tracks that both have beat grids; over all transitions when none has. */
  phraseAlignedShare: number;
  /** (cost − optimal cost) / optimal cost where the optimum is known; 0 when the exact search ran. */
  optimalityGap?: number;
}

export interface SkippedTrack {
  trackId: string;
  reason: string;
}

/** What the planner returns (planAutoDjSet's output). */
export interface PlanResult {
  entries: PlanEntry[];
  quality: QualityReport;
  totalDurationSeconds: number;
  /** Value of the objective the planner minimised (transition costs + energy-curve deviation + duration error). */
  objective: number;
  algorithm: 'exact' | 'heuristic';
  skipped?: SkippedTrack[];
  /** Tracks skipped in all when `skipped` lists only the first of them (large catalog pools). */
  skippedTotal?: number;
}

export interface AutoDjPlan {
  planId: string;
  workflowId: string;
  targetDurationSeconds: number;
  energyMode: EnergyMode;
  eventPreset: EventPreset;
  seed: number;
  entries: PlanEntry[];
  quality: QualityReport;
  totalDurationSeconds: number;
  /** Value of the objective the planner minimised. */
  objective: number;
  algorithm: 'exact' | 'heuristic';
  /** Tracks left out because they lack tempo, energy or duration, each with the reason. */
  skipped: SkippedTrack[];
  /** Tracks skipped in all when `skipped` lists only the first of them (large catalog pools). */
  skippedTotal?: number;
  /** Catalog tracks whose features this run measured and stored. */
  analyzedTrackIds: string[];
  /** Analyses that failed, with the failure; such a track is planned only if it already had tempo and energy. */
  analysisFailures: SkippedTrack[];
}

/** `temporal workflow query --workflow-id autodj-<planId> --type progress` */
export const autoDjProgressQuery = defineQuery<AutoDjProgress>('progress');

/** The request fields every AutoDjPlan row carries, whatever state the plan is in. */
export interface PlanHeader {
  planId: string;
  workflowId: string;
  /** The owner; absent on plans started before plans had owners. */
  customerId?: string;
  targetDurationSeconds: number;
  energyMode: string;
  eventPreset: string;
  seed: number;
}

export interface PlanStatusRecord {
  header: PlanHeader;
  status: 'planning' | 'failed';
  error?: string;
}

/** What loadPlanningPool resolves: named catalog ids, or the caller's catalog through a filter. */
export interface PoolToLoad {
  trackIds?: string[];
  catalog?: CatalogPool;
  /** The plan's owner: ids name its own tracks or shared ones, a catalog filter only its own. */
  customerId?: string;
}

export interface TrackToAnalyze {
  trackId: string;
  storageKey: string;
}

/** What the workflow must do about a catalog pool before planning; ids and keys only, never features. */
export interface LoadedPool {
  found: number;
  /** Tracks lacking tempo, key, energy or beat grid that have audio in storage to analyse (at most maxAnalysesPerPlan). */
  toAnalyze: TrackToAnalyze[];
}

export interface PlanRequest {
  pool: PlanningPool;
  /** The plan's owner, whose catalog a `pool.catalog` filter is resolved in. */
  customerId?: string;
  targetDurationSeconds: number;
  energyMode: EnergyMode;
  eventPreset: EventPreset;
  seed: number;
  firstTrackId?: string;
  lastTrackId?: string;
  tempoTolerance?: number;
  harmonicStrictness?: HarmonicStrictness;
  minArtistSpacing?: number;
  keyLock?: boolean;
}

/**
 * What an analysis tells the caller. The beat grid (thousands of numbers for a long track) stays out of
 * the payload: it is written to the Track row.
 */
export interface AnalysisSummary {
  durationSeconds: number;
  bpm: number;
  bpmConfidence: number;
  key: string;
  camelot: string;
  keyConfidence: number;
  energy: number;
  loudnessLufs: number;
  firstDownbeat: number;
  beatCount: number;
  /** Phrase starts in seconds (a few dozen at most for a 15-minute analysis span). */
  phraseStarts: number[];
}
