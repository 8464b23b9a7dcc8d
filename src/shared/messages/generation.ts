import { z } from 'zod';
import { INSTRUMENT_NAMES, normalizeInstrumentName } from '../../audio/composer-instruments';
import { MOODS } from '../../audio/composer-moods';
import { SAFE_ID_PATTERN, SAFE_ID_RULE } from '../ids';
import { text } from '../text-rules';

/** Messages of musicGenerationWorkflow (version 1), shared by the API, the client and the workflow boundary. */

export const GENERATION_LIMITS = {
  minDurationSeconds: 5,
  /** Mureka's longest background track (4 min 30 s); the local composer follows the same bound. */
  maxDurationSeconds: 270,
  maxPromptLength: 2000,
  maxInstruments: 6,
  maxSegments: 2000,
  maxSegmentTextLength: 2000,
} as const;

const instrumentName = text(64)
  .transform(normalizeInstrumentName)
  .refine((name) => INSTRUMENT_NAMES.includes(name), { message: `must be one of: ${INSTRUMENT_NAMES.join(', ')}` });

function parsedUrl(value: string): URL | undefined {
  try {
    return new URL(value);
  } catch {
    return undefined;
  }
}

/** Credentials in a URL (`user:pass@`) are refused rather than stripped: they would travel into history and logs. */
const httpUrl = text(2048)
  .refine((value) => {
    const url = parsedUrl(value);
    return url !== undefined && (url.protocol === 'http:' || url.protocol === 'https:') && url.hostname.length > 0;
  }, 'must be an absolute http(s) URL')
  .refine((value) => {
    const url = parsedUrl(value);
    return url === undefined || (url.username === '' && url.password === '');
  }, 'must not contain a user name or password (user:password@)');

export const transcriptSegmentSchema = z
  .strictObject({
    start: z.number().min(0),
    end: z.number().min(0),
    text: text(GENERATION_LIMITS.maxSegmentTextLength, { multiline: true }),
  })
  .refine((segment) => segment.end >= segment.start, { message: 'end must not be before start', path: ['end'] });

/**
 * Timers and retry bounds of one job. The client fills them from its configuration; tests make them short.
 * Defaults follow design.md §4.
 */
export const generationPolicySchema = z.strictObject({
  retryInitialIntervalSeconds: z.number().min(0.01).max(60).default(5),
  retryMaximumIntervalSeconds: z.number().min(0.01).max(3600).default(300),
  stepAttempts: z.number().int().min(1).max(20).default(5),
  pollIntervalSeconds: z.number().min(0.05).max(300).default(5),
  maxGenerationMinutes: z.number().min(0.01).max(180).default(20),
  deadLetterWaitHours: z.number().min(0.0001).max(24 * 30).default(72),
});
export type GenerationPolicy = z.output<typeof generationPolicySchema>;

export const generationInputSchema = z
  .strictObject({
    jobId: z.uuid('must be a UUID'),
    customerId: z.string().regex(SAFE_ID_PATTERN, SAFE_ID_RULE),
    prompt: text(GENERATION_LIMITS.maxPromptLength, { multiline: true }).trim().min(1, 'must not be empty').optional(),
    mood: z.enum(MOODS, { message: `must be one of: ${MOODS.join(', ')}` }).optional(),
    instruments: z.array(instrumentName).max(GENERATION_LIMITS.maxInstruments).optional(),
    durationSeconds: z.number().min(GENERATION_LIMITS.minDurationSeconds).max(GENERATION_LIMITS.maxDurationSeconds),
    referenceUrl: httpUrl.optional(),
    isSceneAware: z.boolean().default(false),
    segments: z.array(transcriptSegmentSchema).max(GENERATION_LIMITS.maxSegments).optional(),
    /** Same seed, same music from the local composer; derived from the job id when absent. */
    seed: z.number().int().min(0).max(2 ** 32 - 1).optional(),
    policy: generationPolicySchema.default(generationPolicySchema.parse({})),
  })
  .refine((input) => input.prompt !== undefined || input.mood !== undefined || input.referenceUrl !== undefined, {
    message: 'give at least one of prompt, mood or referenceUrl',
    path: ['prompt'],
  })
  .refine((input) => !input.isSceneAware || (input.segments?.length ?? 0) > 0, {
    message: 'isSceneAware needs at least one transcript segment',
    path: ['segments'],
  });
export type GenerationInput = z.input<typeof generationInputSchema>;
export type ValidGenerationInput = z.output<typeof generationInputSchema>;

/** Steps and the progress percent the API shows for each (design.md §3). */
export const GENERATION_STEP_PERCENT = {
  queued: 0,
  analyzing: 10,
  extracting: 25,
  identifying: 40,
  generating: 60,
  uploading: 85,
  completed: 100,
} as const;
export type GenerationWorkStep = keyof typeof GENERATION_STEP_PERCENT;
export type GenerationStep = GenerationWorkStep | 'failed' | 'needs_attention';
export type GenerationStatus = 'queued' | 'running' | 'completed' | 'failed' | 'needs_attention';

export interface SceneContext {
  dominantMood: string;
  averageEnergy: number;
  sceneCount: number;
  summary: string;
  scenes: { start: number; end: number; mood: string; energy: number }[];
}

export interface ReferenceSong {
  /** Where the name came from; `analysis-only` when no catalog or service knew the song. */
  source: 'catalog' | 'audd' | 'acrcloud' | 'analysis-only';
  title?: string;
  artist?: string;
  catalogTrackId?: string;
  bpm: number;
  key: string;
  camelot: string;
  mood: string;
  energy: number;
  /** 0-1: the identification's confidence, or the key detection's when only analysed. */
  confidence: number;
}

export interface StepError {
  step: GenerationWorkStep;
  type: string;
  message: string;
}

export interface GenerationProgress {
  jobId: string;
  status: GenerationStatus;
  step: GenerationStep;
  percent: number;
  startedAt: string;
  updatedAt: string;
  /** Work steps in the order they started, for the UI's timeline. */
  stepsVisited: GenerationWorkStep[];
  lastError?: StepError;
  deadLetterId?: string;
  referenceSong?: ReferenceSong;
  sceneContext?: SceneContext;
}

export interface GenerationResult {
  jobId: string;
  title: string;
  provider: string;
  masterKey: string;
  previewKey: string;
  metadataKey: string;
  fileSizeBytes: number;
  durationSeconds: number;
  referenceSong?: ReferenceSong;
  sceneContext?: SceneContext;
}
