import { defineQuery } from '@temporalio/workflow';
import { z } from 'zod';
import { SAFE_ID_PATTERN, SAFE_ID_RULE } from '../shared/ids';
import { text } from '../shared/text-rules';
import { httpUrl } from '../shared/http-url';
import { planningPolicySchema, trackTagsSchema } from './autodj-planning';

/**
 * The contract of trackIngestionWorkflow (version 1): a customer's track, uploaded or fetched from a URL, is
 * checked to be real audio within bounds, analysed, fingerprinted, and marked `ready` (or `failed` with a
 * typed error). Also the request body of POST /v1/tracks and the shapes the ingestion activities take.
 */

export const TRACK_LIMITS = {
  /** Shorter audio has too few bars for tempo and key and too few landmarks to be identified. */
  minSeconds: 10,
  /** The Auto DJ planner's own bound on a track (AUTODJ_LIMITS.maxTrackSeconds). */
  maxSeconds: 3 * 3600,
  /** About 3 h of 320 kbit/s MP3 or 25 min of CD-quality WAV. */
  maxBytes: 500 * 1024 * 1024,
  maxTitleLength: 300,
  maxGenreLength: 100,
  /** How long a presigned upload URL stays valid. */
  uploadUrlSeconds: 3600,
} as const;

export const TRACK_STATUSES = ['awaiting_upload', 'ingesting', 'ready', 'failed'] as const;
export type TrackStatus = (typeof TRACK_STATUSES)[number];

const name = (max: number) => text(max).trim().min(1, 'must not be empty');

/** POST /v1/tracks: with `sourceUrl` the server fetches the audio, without it the caller uploads it. */
export const trackRequestSchema = z.strictObject({
  title: name(TRACK_LIMITS.maxTitleLength),
  artist: name(TRACK_LIMITS.maxTitleLength),
  /** Free text, matched exactly (case-insensitive) by the catalog filters. */
  genre: name(TRACK_LIMITS.maxGenreLength).optional(),
  /** The customer's own labels (stored in lower case); a plan's `pool.catalog.tags` picks tracks carrying all it names. */
  tags: trackTagsSchema.optional(),
  /** A direct link to an audio file; the same address rules as a generation's referenceUrl. */
  sourceUrl: httpUrl.optional(),
});
export type TrackRequest = z.output<typeof trackRequestSchema>;

export const trackSourceSchema = z.discriminatedUnion('kind', [
  /** The caller PUT the audio to this key with the presigned URL. */
  z.strictObject({ kind: z.literal('upload'), storageKey: z.string().min(1).max(1024) }),
  /** The worker downloads the audio from the URL to `storageKey`. */
  z.strictObject({ kind: z.literal('url'), url: httpUrl, storageKey: z.string().min(1).max(1024) }),
]);
export type TrackSource = z.output<typeof trackSourceSchema>;

export const trackIngestionInputSchema = z.strictObject({
  trackId: z.uuid('must be a UUID'),
  customerId: z.string().regex(SAFE_ID_PATTERN, SAFE_ID_RULE),
  source: trackSourceSchema,
  /** The planning queue's policy: step retries and how its webhook events are delivered. */
  policy: planningPolicySchema.default(planningPolicySchema.parse({})),
});
export type TrackIngestionInput = z.input<typeof trackIngestionInputSchema>;
export type ValidTrackIngestionInput = z.output<typeof trackIngestionInputSchema>;

/** Steps and the percent shown for each. */
export const TRACK_STEP_PERCENT = {
  queued: 0,
  fetching: 5,
  checking: 20,
  analyzing: 30,
  indexing: 70,
  ready: 100,
} as const;
export type TrackWorkStep = keyof typeof TRACK_STEP_PERCENT;
export type TrackStep = TrackWorkStep | 'failed';

export interface TrackIngestionProgress {
  trackId: string;
  step: TrackStep;
  percent: number;
  startedAt: string;
  updatedAt: string;
  lastError?: { step: TrackWorkStep; type: string; message: string };
}

/** One ingestion per track: a second start with this id is refused, which is what makes bulk imports exactly-once. */
export function trackIngestionWorkflowId(trackId: string): string {
  return `track-${trackId}`;
}

/** `temporal workflow query --workflow-id track-<trackId> --type progress` */
export const trackIngestionProgressQuery = defineQuery<TrackIngestionProgress>('progress');

/** What the decode check found (ffprobe), within TRACK_LIMITS. */
export interface CheckedAudio {
  durationSeconds: number;
  format: string;
  bytes: number;
}

export interface TrackIngestionResult {
  trackId: string;
  status: 'ready';
  durationSeconds: number;
  bpm: number;
  key: string;
  landmarks: number;
}

/** The terminal state the workflow writes to the Track row; `failed` carries the typed error. */
export type TrackOutcome =
  | { trackId: string; status: 'ready' }
  | { trackId: string; status: 'failed'; errorType: string; error: string };
