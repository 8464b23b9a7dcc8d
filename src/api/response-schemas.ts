import { z } from 'zod';
import { DeadLetterStatus, PlanStatus } from '../generated/prisma/enums';
import { ENERGY_MODES, EVENT_PRESETS, HARMONIC_STRICTNESS_LEVELS } from '../planner/types';

/**
 * What the API answers, as zod schemas: /openapi.json documents responses from them (src/api/openapi.ts),
 * the views take their types from them, and the fuzz run (scripts/fuzz-api.sh) checks real answers against them.
 */

const timestamp = z.iso.datetime({ offset: true });
const count = z.int().min(0);

export const problemSchema = z.strictObject({ field: z.string(), rule: z.string() });

/** `{error: {type, message, ...details}}` (src/api/http-error.ts), with `type` one of the given names. */
export function errorBodySchema(types: readonly [string, ...string[]]) {
  return z.strictObject({
    error: z.looseObject({
      type: z.enum(types),
      message: z.string(),
      /** InvalidInput: each field and the rule it broke. */
      problems: z.array(problemSchema).optional(),
      /** MethodNotAllowed: the methods the path accepts. */
      allowed: z.array(z.string()).optional(),
    }),
  });
}

const healthCheckSchema = z.strictObject({ status: z.enum(['ok', 'down']), ms: count, error: z.string().optional() });
export type HealthCheck = z.output<typeof healthCheckSchema>;

export const healthSchema = z.strictObject({
  status: z.enum(['ok', 'unavailable']),
  checks: z.strictObject({ temporal: healthCheckSchema, database: healthCheckSchema }),
});

const generationStatusSchema = z.enum(['queued', 'running', 'completed', 'failed', 'needs_attention', 'cancelled']);
const selfLink = z.strictObject({ self: z.string() });

export const generationAcceptedSchema = z.strictObject({
  jobId: z.uuid(),
  workflowId: z.string(),
  status: z.literal('queued'),
  links: selfLink,
});

const referenceSongSchema = z.strictObject({
  source: z.enum(['catalog', 'audd', 'acrcloud', 'analysis-only']).optional(),
  title: z.string().optional(),
  artist: z.string().optional(),
  catalogTrackId: z.string().optional(),
  bpm: z.number().optional(),
  key: z.string().optional(),
  camelot: z.string().optional(),
  mood: z.string().optional(),
  energy: z.number().optional(),
  confidence: z.number().optional(),
});

const sceneContextSchema = z.strictObject({
  dominantMood: z.string(),
  averageEnergy: z.number(),
  sceneCount: count,
  summary: z.string(),
  scenes: z.array(z.strictObject({ start: z.number(), end: z.number(), mood: z.string(), energy: z.number() })),
});

const downloadLinkSchema = z.strictObject({
  /** A presigned GET URL straight to object storage; it needs no API key and stops working at `expiresAt`. */
  url: z.url(),
  expiresAt: timestamp,
});

const downloadsSchema = z.strictObject({ master: downloadLinkSchema, preview: downloadLinkSchema, metadata: downloadLinkSchema });

/** The job as GET /v1/generations/:jobId shows it (src/api/generation-view.ts). */
export const generationViewSchema = z.strictObject({
  jobId: z.uuid(),
  workflowId: z.string(),
  status: generationStatusSchema,
  step: z.string(),
  percent: z.number().min(0).max(100),
  /** Where status/step/percent came from: the workflow's progress query, or the GenerationJob row. */
  progressSource: z.enum(['workflow', 'database']),
  /** Temporal's view of the execution (RUNNING, COMPLETED, FAILED, …), null when Temporal no longer has it. */
  workflowStatus: z.string().nullable(),
  stepsVisited: z.array(z.string()).optional(),
  deadLetterId: z.string().optional(),
  request: z
    .strictObject({
      customerId: z.string(),
      prompt: z.string().nullable(),
      mood: z.string().nullable(),
      instruments: z.array(z.string()),
      durationSeconds: z.number(),
      referenceUrl: z.string().nullable(),
    })
    .optional(),
  referenceSong: referenceSongSchema.optional(),
  sceneContext: sceneContextSchema.optional(),
  result: z
    .strictObject({
      title: z.string().nullable(),
      provider: z.string().nullable(),
      masterKey: z.string(),
      previewKey: z.string().nullable(),
      metadataKey: z.string().nullable(),
      fileSizeBytes: count.nullable(),
      durationSeconds: z.number().nullable(),
    })
    .optional(),
  /** Short-lived presigned GET links to the files, on a completed job when storage can sign links (S3 API). */
  downloads: downloadsSchema.optional(),
  error: z.strictObject({ step: z.string().optional(), type: z.string(), message: z.string() }).optional(),
  createdAt: timestamp.optional(),
  updatedAt: timestamp.optional(),
  completedAt: timestamp.nullable().optional(),
  /** On a cancelled job: when it finished cancelling (null when it was cancelled by code that did not record it). */
  cancelledAt: timestamp.nullable().optional(),
  links: selfLink,
});

/** POST /v1/generations/:jobId/cancel accepted: the workflow stops its work, removes the job's files, then shows `cancelled`. */
export const generationCancellingSchema = z.strictObject({
  jobId: z.uuid(),
  status: z.literal('cancelling'),
  links: selfLink,
});

/** One job in GET /v1/generations: what its GenerationJob row says; `links.self` has live progress and downloads. */
export const generationSummarySchema = z.strictObject({
  id: z.uuid(),
  status: generationStatusSchema,
  step: z.string(),
  /** Percent done, 0–100. */
  progress: z.number().min(0).max(100),
  createdAt: timestamp,
  updatedAt: timestamp,
  links: selfLink,
});

/** A page of a list, newest first; `nextCursor` is null on the last page. */
function pageSchema<Item extends z.ZodType>(item: Item) {
  return z.strictObject({ items: z.array(item), nextCursor: z.string().nullable() });
}

export const generationListSchema = pageSchema(generationSummarySchema);

export const deadLetterViewSchema = z.strictObject({
  id: z.uuid(),
  jobId: z.string(),
  workflowId: z.string(),
  /** The job's customer; null on dead letters recorded before they had owners. */
  customerId: z.string().nullable(),
  step: z.string(),
  errorType: z.string(),
  errorMessage: z.string(),
  attempts: count,
  status: z.enum(Object.values(DeadLetterStatus)),
  resolution: z.string().nullable(),
  createdAt: timestamp,
  resolvedAt: timestamp.nullable(),
  /** `retry` and `abort` only while the dead letter is open. */
  links: z.strictObject({ job: z.string(), retry: z.string().optional(), abort: z.string().optional() }),
});

export const deadLetterListSchema = z.strictObject({ deadLetters: z.array(deadLetterViewSchema) });

export const decisionAcceptedSchema = z.strictObject({
  deadLetterId: z.uuid(),
  jobId: z.string(),
  decision: z.enum(['retry', 'abort']),
  reason: z.string(),
  links: z.strictObject({ job: z.string() }),
});

export const planAcceptedSchema = z.strictObject({
  planId: z.uuid(),
  workflowId: z.string(),
  status: z.literal('planning'),
  links: selfLink,
});

const planStepSchema = z.enum(['queued', 'loading', 'analyzing', 'planning', 'saving', 'completed', 'failed']);

const planProgressSchema = z.strictObject({
  planId: z.uuid(),
  step: planStepSchema,
  percent: z.number().min(0).max(100),
  startedAt: timestamp,
  updatedAt: timestamp,
  counts: z.strictObject({ pool: count, toAnalyze: count, analyzed: count, analysisFailed: count, skipped: count, planned: count }),
  lastError: z.strictObject({ step: planStepSchema, type: z.string(), message: z.string() }).optional(),
});

const planEntrySchema = z.strictObject({
  position: count,
  trackId: z.string(),
  /** Null on plans saved before the column existed. */
  bpm: z.number().nullable(),
  startTime: z.number(),
  mixInTime: z.number(),
  mixOutTime: z.number(),
  overlap: z.number(),
  cueInTrack: z.number(),
  mixOutInTrack: z.number(),
  tempoRatio: z.number(),
  keyShift: z.number().nullable(),
  camelot: z.string().nullable(),
  energy: z.number(),
  transition: z.strictObject({
    style: z.string(),
    reasons: z.array(z.string()),
    score: z.number(),
    harmony: z.enum(['strict', 'moderate', 'clash', 'unknown']).optional(),
    clash: z.boolean().optional(),
  }),
});

const skippedTrackSchema = z.strictObject({ trackId: z.string(), reason: z.string() });

/** The plan as GET /v1/plans/:planId shows it (src/api/plan-routes.ts). */
export const planViewSchema = z.strictObject({
  planId: z.uuid(),
  workflowId: z.string(),
  status: z.enum(Object.values(PlanStatus)),
  workflowStatus: z.string().nullable(),
  progress: planProgressSchema.nullable(),
  plan: z
    .strictObject({
      targetDurationSeconds: z.number(),
      totalDurationSeconds: z.number().nullable(),
      energyMode: z.enum(ENERGY_MODES),
      eventPreset: z.enum(EVENT_PRESETS),
      seed: z.int(),
      quality: z
        .strictObject({
          harmonicCompatibleShare: z.number(),
          tempoJumpsWithinShare: z.number(),
          energyRmse: z.number(),
          durationErrorSeconds: z.number(),
          phraseAlignedShare: z.number(),
          harmonicStrictness: z.enum(HARMONIC_STRICTNESS_LEVELS).optional(),
          strictHarmonicShare: z.number().optional(),
          moderateHarmonicShare: z.number().optional(),
          transitionStyles: z.record(z.string(), z.number()).optional(),
          clashCount: z.number().optional(),
          trimmedTrackCount: z.number().optional(),
          optimalityGap: z.number().optional(),
          /** Value of the objective the planner minimised, and how it searched. */
          objective: z.number(),
          algorithm: z.enum(['exact', 'heuristic']),
        })
        .nullable(),
      skipped: z.array(skippedTrackSchema).nullable(),
      error: z.string().nullable(),
      entries: z.array(planEntrySchema),
      createdAt: timestamp,
      updatedAt: timestamp,
    })
    .nullable(),
  links: z.strictObject({ self: z.string(), chart: z.string() }),
});

/**
 * One plan in GET /v1/plans, from its AutoDjPlan row. The row knows no step while planning runs, so `step` and
 * `progress` are null then; `links.self` has the live progress.
 */
export const planSummarySchema = z.strictObject({
  id: z.uuid(),
  status: z.enum(Object.values(PlanStatus)),
  step: z.enum(['completed', 'failed']).nullable(),
  progress: z.number().min(0).max(100).nullable(),
  createdAt: timestamp,
  updatedAt: timestamp,
  links: selfLink,
});

export const planListSchema = pageSchema(planSummarySchema);

export const svgSchema = z.string().describe('An SVG document');

const trackStatusSchema = z.enum(['awaiting_upload', 'ingesting', 'ready', 'failed']);
const trackStepSchema = z.enum(['queued', 'fetching', 'checking', 'analyzing', 'indexing', 'ready', 'failed']);

export const trackUploadSchema = z.strictObject({
  /** Presigned: PUT the file's bytes here, no Authorization header, before `expiresAt`. */
  url: z.string(),
  method: z.literal('PUT'),
  expiresAt: timestamp,
});

/** POST /v1/tracks without a sourceUrl: the track waits for its upload. */
export const trackAwaitingUploadSchema = z.strictObject({
  trackId: z.uuid(),
  status: z.literal('awaiting_upload'),
  upload: trackUploadSchema,
  links: z.strictObject({ self: z.string(), ingest: z.string() }),
});

/** POST /v1/tracks with a sourceUrl, and POST /v1/tracks/:trackId/ingest: the ingestion runs. */
export const trackIngestingSchema = z.strictObject({
  trackId: z.uuid(),
  status: z.literal('ingesting'),
  links: selfLink,
});

/** A catalog track as GET /v1/tracks and GET /v1/tracks/:trackId show it (src/api/track-view.ts). */
export const trackViewSchema = z.strictObject({
  trackId: z.uuid(),
  status: trackStatusSchema,
  title: z.string(),
  artist: z.string(),
  genre: z.string().nullable(),
  /** The customer's labels, lower case. */
  tags: z.array(z.string()),
  /** Measured by the ingestion; null until then. */
  durationSeconds: z.number().nullable(),
  bpm: z.number().nullable(),
  key: z.string().nullable(),
  camelot: z.string().nullable(),
  energy: z.number().nullable(),
  loudnessLufs: z.number().nullable(),
  beatCount: count.nullable(),
  firstDownbeat: z.number().nullable(),
  phraseStarts: z.array(z.number()).nullable(),
  /** Whether identification can find the track (its fingerprints are indexed). */
  fingerprinted: z.boolean(),
  source: z.strictObject({
    kind: z.enum(['upload', 'url']),
    url: z.string().nullable(),
    /** Container/codec and size the decode check found. */
    format: z.string().nullable(),
    bytes: count.nullable(),
  }),
  error: z.strictObject({ type: z.string(), message: z.string() }).nullable(),
  /** The ingestion's progress query while it runs (GET /v1/tracks/:trackId only). */
  progress: z
    .strictObject({
      step: trackStepSchema,
      percent: z.number().min(0).max(100),
      startedAt: timestamp,
      updatedAt: timestamp,
      lastError: z.strictObject({ step: trackStepSchema, type: z.string(), message: z.string() }).optional(),
    })
    .nullable(),
  createdAt: timestamp,
  updatedAt: timestamp,
  links: selfLink,
});

export const trackListSchema = z.strictObject({ items: z.array(trackViewSchema), nextCursor: z.string().nullable() });

export const docsPageSchema = z.string().describe('An HTML page');
export const docsAssetSchema = z.string().describe("A stylesheet, script or icon of the docs page");

/** POST /v1/track-imports: the import's tracks in manifest order; upload entries carry their presigned link. */
export const trackImportCreatedSchema = z.strictObject({
  importId: z.uuid(),
  status: z.enum(['awaiting_uploads', 'ingesting']),
  total: z.number().int(),
  tracks: z.array(z.strictObject({ trackId: z.uuid(), upload: trackUploadSchema.optional() })),
  links: z.strictObject({ self: z.string(), start: z.string() }),
});

/** POST /v1/track-imports/:importId/start: the import's workflow runs. */
export const trackImportStartedSchema = z.strictObject({
  importId: z.uuid(),
  status: z.literal('ingesting'),
  links: selfLink,
});

/** GET /v1/track-imports/:importId: counts from the tracks' rows and the first failures with their reasons. */
export const trackImportViewSchema = z.strictObject({
  importId: z.uuid(),
  status: z.enum(['awaiting_uploads', 'ingesting', 'finished']),
  total: z.number().int(),
  counts: z.strictObject({ ingested: z.number().int(), failed: z.number().int(), pending: z.number().int() }),
  failures: z.array(z.strictObject({ trackId: z.uuid(), title: z.string(), errorType: z.string().nullable(), error: z.string().nullable() })),
  createdAt: timestamp,
  startedAt: timestamp.nullable(),
  links: selfLink,
});
