import { z } from 'zod';
import { DeadLetterStatus, PlanStatus } from '../generated/prisma/enums';
import { ENERGY_MODES, EVENT_PRESETS } from '../planner/types';

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

const generationStatusSchema = z.enum(['queued', 'running', 'completed', 'failed', 'needs_attention']);
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
  error: z.strictObject({ step: z.string().optional(), type: z.string(), message: z.string() }).optional(),
  createdAt: timestamp.optional(),
  updatedAt: timestamp.optional(),
  completedAt: timestamp.nullable().optional(),
  links: selfLink,
});

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
  transition: z.strictObject({ style: z.string(), reasons: z.array(z.string()), score: z.number() }),
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

export const svgSchema = z.string().describe('An SVG document');
export const docsPageSchema = z.string().describe('An HTML page');
export const docsAssetSchema = z.string().describe("A stylesheet, script or icon of the docs page");
