import { defineQuery, defineSignal, defineUpdate } from '@temporalio/workflow';
import { z } from 'zod';
import { INSTRUMENT_NAMES, MOODS, normalizeInstrumentName } from '../music/vocabulary';
import type { ErrorType } from '../shared/errors';
import { httpUrl } from '../shared/http-url';
import { SAFE_ID_PATTERN, SAFE_ID_RULE } from '../shared/ids';
import { stepRetryFields } from '../shared/step-retry';
import { text } from '../shared/text-rules';
import { DEFAULT_WEBHOOK_DELIVERY_POLICY, webhookDeliveryPolicySchema } from '../shared/webhook-delivery-policy';

/**
 * The contract of musicGenerationWorkflow (version 1): its input (shared by the API, the client and the
 * workflow boundary), result, progress, messages, and the shapes its activities take and return.
 */

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
  .refine((name) => (INSTRUMENT_NAMES as readonly string[]).includes(name), { message: `must be one of: ${INSTRUMENT_NAMES.join(', ')}` });

export const transcriptSegmentSchema = z
  .strictObject({
    start: z.number().min(0),
    end: z.number().min(0),
    text: text(GENERATION_LIMITS.maxSegmentTextLength, { multiline: true }),
  })
  .refine((segment) => segment.end >= segment.start, { message: 'end must not be before start', path: ['end'] });

export type TranscriptSegment = z.output<typeof transcriptSegmentSchema>;

/**
 * Timers and retry bounds of one job. The client fills them from its configuration; tests make them short.
 * Defaults: backoff from 5 s, ×2, capped at 300 s, 5 attempts.
 */
export const generationPolicySchema = z.strictObject({
  ...stepRetryFields,
  pollIntervalSeconds: z.number().min(0.05).max(300).default(5),
  maxGenerationMinutes: z.number().min(0.01).max(180).default(20),
  deadLetterWaitHours: z.number().min(0.0001).max(24 * 30).default(72),
  /** How the job's webhook events are delivered (src/shared/webhook-delivery-policy.ts). */
  webhookDelivery: webhookDeliveryPolicySchema.default(DEFAULT_WEBHOOK_DELIVERY_POLICY),
});
export type GenerationPolicy = z.output<typeof generationPolicySchema>;
/** What the API and tests pass in: fields left out take their defaults. */
export type GenerationPolicyInput = z.input<typeof generationPolicySchema>;

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
  })
  .superRefine((input, context) => {
    // A scene past the music's end could never be scored, so the transcript must fit the requested duration.
    input.segments?.forEach((segment, index) => {
      if (segment.end > input.durationSeconds) {
        context.addIssue({ code: 'custom', path: ['segments', index, 'end'], message: `must not be after durationSeconds (${input.durationSeconds} s)` });
      }
    });
  });
export type GenerationInput = z.input<typeof generationInputSchema>;
export type ValidGenerationInput = z.output<typeof generationInputSchema>;

/** Steps and the progress percent the API shows for each. */
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
export type GenerationStep = GenerationWorkStep | 'failed' | 'needs_attention' | 'cancelled';
export type GenerationStatus = 'queued' | 'running' | 'completed' | 'failed' | 'needs_attention' | 'cancelled';
/** Where a job ends and stays; any other status is still under way. */
export const FINISHED_GENERATION_STATUSES = ['completed', 'failed', 'cancelled'] as const satisfies readonly GenerationStatus[];

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

/** `temporal workflow query --workflow-id generation-<jobId> --type progress` */
export const generationProgressQuery = defineQuery<GenerationProgress>('progress');

/**
 * An operator's decision on a job parked in needs_attention. It names the dead letter it answers, so a
 * decision made on a stale view (the job already resumed, or parked again on a new dead letter) is refused.
 */
export const operatorDecisionSchema = z.strictObject({
  deadLetterId: z.uuid('must be a UUID'),
  action: z.enum(['retry', 'abort'], { message: 'must be retry or abort' }),
  reason: z.string().trim().min(1, 'must not be empty').max(500),
});
export type OperatorDecision = z.input<typeof operatorDecisionSchema>;

export interface DecisionOutcome {
  deadLetterId: string;
  jobId: string;
  action: 'retry' | 'abort';
  reason: string;
}

/**
 * `temporal workflow update execute --workflow-id generation-<jobId> --name decide --input '{"deadLetterId":…,"action":"retry","reason":…}'`.
 * Its validator rejects the decision unless the job is parked on exactly that dead letter.
 */
export const decideUpdate = defineUpdate<DecisionOutcome, [OperatorDecision]>('decide');

/** The failure type the `decide` validator rejects a decision with (the API answers 409). */
export const DEAD_LETTER_NOT_OPEN = 'DeadLetterNotOpen';

/**
 * The signals operators sent before the `decide` Update existed. Jobs parked under older code may still
 * have one in their history, so the workflow keeps handling them (routed to the same decision).
 */
export interface OperatorNote {
  reason?: string;
}
export const retrySignal = defineSignal<[OperatorNote?]>('retry');
export const abortSignal = defineSignal<[OperatorNote?]>('abort');

/** What to generate. Remote providers turn it into a prompt; the local composer reads the fields and the seed. */
export interface MusicRequest {
  userPrompt?: string;
  referenceSong?: { title: string; artist: string; bpm?: number; key?: string };
  mood?: string;
  instruments?: readonly string[];
  durationSeconds: number;
  sceneContext?: { dominantMood: string; averageEnergy: number; summary?: string };
  /** Same seed, same music from the local composer; remote providers have no use for it. */
  seed?: number;
}

export type AudioFormat = 'wav' | 'flac' | 'mp3';

export type MusicTaskStatus =
  | { status: 'pending'; providerStatus: string }
  | { status: 'succeeded'; audioUrl: string; audioFormat: AudioFormat; durationMs?: number }
  | { status: 'failed'; failure: { type: ErrorType; message: string } };

export interface SubmittedGeneration {
  provider: string;
  taskId: string;
  /**
   * Set when the task had already finished by the time submit returned and its audio is in our own storage (the
   * local composer renders within submit): the job goes straight to the upload, with nothing to poll or fetch.
   */
  generatedKey?: string;
}

export interface ReferenceClip {
  clipKey: string;
  source: string;
}

/**
 * When the job's workflow started, in ms: the job's place among its customer's steps in the worker's audio lane
 * (first started, first served). Absent in jobs started before the workflow passed it: the row's creation stands in.
 */
export type AcceptedAt = { acceptedAtMs?: number };

export interface SubmitMusicTaskInput extends AcceptedAt {
  jobId: string;
  request: MusicRequest;
}

export interface UploadRequest extends AcceptedAt {
  jobId: string;
  customerId: string;
  generatedKey: string;
  durationSeconds: number;
  /** Everything metadata.json says besides the file facts measured here. */
  metadata: Record<string, unknown>;
}

/** The job whose files a cancelled generation leaves behind. */
export interface CancelledGenerationFiles {
  jobId: string;
  customerId: string;
}

export interface DiscardedGenerationFiles {
  /** Objects removed: the job's scratch under tmp/ and any result a cancelled upload had already written. */
  deletedObjects: number;
  /** The remote task left to run out when the provider has no way to cancel it; never submitted again. */
  abandonedProviderTask?: { provider: string; taskId: string };
}

export interface UploadedResults {
  masterKey: string;
  previewKey: string;
  metadataKey: string;
  fileSizeBytes: number;
  durationSeconds: number;
}

/** Everything the workflow knows about a job; the GenerationJob row is made to say the same. */
export interface GenerationJobRecord {
  jobId: string;
  workflowId: string;
  customerId: string;
  status: GenerationStatus;
  step: GenerationStep;
  progress: number;
  prompt?: string;
  mood?: string;
  instruments: string[];
  requestedDuration: number;
  referenceUrl?: string;
  referenceSong?: ReferenceSong;
  sceneContext?: SceneContext;
  results?: UploadedResults;
  title?: string;
  error?: StepError;
}

export interface DeadLetterRecord {
  jobId: string;
  workflowId: string;
  customerId: string;
  step: string;
  errorType: string;
  errorMessage: string;
  attempts: number;
  /** Workflow time when the step was parked; with workflowId and step it keys the row, so a retried write is one row. */
  parkedAt: string;
  inputRef: Record<string, unknown>;
}

export interface DeadLetterResolution {
  id: string;
  /** `cancelled`: the customer cancelled the job while it waited on this dead letter. */
  status: 'retried' | 'aborted' | 'expired' | 'cancelled';
  resolution: string;
}
