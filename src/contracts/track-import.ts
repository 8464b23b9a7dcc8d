import { defineQuery } from '@temporalio/workflow';
import { z } from 'zod';
import { SAFE_ID_PATTERN, SAFE_ID_RULE } from '../shared/ids';
import { planningPolicySchema } from './autodj-planning';
import { trackRequestSchema, trackSourceSchema } from './track-ingestion';

/**
 * The contract of bulkTrackIngestionWorkflow (version 1): a customer's import of many tracks. The manifest is
 * kept as Track rows tagged with the import (PostgreSQL), never in the workflow's payload: the workflow pages
 * through them and runs each as its own trackIngestionWorkflow child, a bounded number at a time.
 */

export const TRACK_IMPORT_LIMITS = {
  /** Entries per POST /v1/track-imports: the rows and upload links are made in one request. */
  maxEntries: 5_000,
  /** Children in flight at once: enough to keep a worker's activity slots busy, few enough to share the queue. */
  parallelChildren: 8,
  /** Children per run before continue-as-new, which keeps each run's history a few thousand events. */
  childrenPerRun: 200,
  /** Failures shown by GET /v1/track-imports/:importId (the rest are in GET /v1/tracks?status=failed). */
  failuresShown: 100,
} as const;

/** POST /v1/track-imports: the manifest, one entry a track (the fields of POST /v1/tracks). */
export const trackImportRequestSchema = z.strictObject({
  tracks: z
    .array(trackRequestSchema)
    .min(1, 'must list at least one track')
    .max(TRACK_IMPORT_LIMITS.maxEntries, `must list at most ${TRACK_IMPORT_LIMITS.maxEntries} tracks`),
});
export type TrackImportRequest = z.output<typeof trackImportRequestSchema>;

/** What the workflow carries between runs: where it is in the manifest and what it counted so far. */
export const importCountsSchema = z.strictObject({
  ingested: z.number().int().min(0),
  failed: z.number().int().min(0),
});
export type ImportCounts = z.output<typeof importCountsSchema>;

export const bulkTrackIngestionInputSchema = z.strictObject({
  importId: z.uuid('must be a UUID'),
  customerId: z.string().regex(SAFE_ID_PATTERN, SAFE_ID_RULE),
  /** The manifest's size, for progress. */
  total: z.number().int().min(1),
  /** The last track id of the manifest (in id order) this import has finished; absent on the first run. */
  afterTrackId: z.uuid().optional(),
  counts: importCountsSchema.default({ ingested: 0, failed: 0 }),
  policy: planningPolicySchema.default(planningPolicySchema.parse({})),
});
export type BulkTrackIngestionInput = z.input<typeof bulkTrackIngestionInputSchema>;
export type ValidBulkTrackIngestionInput = z.output<typeof bulkTrackIngestionInputSchema>;

/** One manifest entry as the workflow needs it: which track, and where its audio is or comes from. */
export const importEntrySchema = z.strictObject({ trackId: z.uuid(), source: trackSourceSchema });
export type ImportEntry = z.output<typeof importEntrySchema>;

export interface TrackImportProgress {
  importId: string;
  total: number;
  ingested: number;
  failed: number;
  /** Not finished yet: in flight or still to start. */
  pending: number;
  inFlight: number;
  updatedAt: string;
}

export interface TrackImportResult {
  importId: string;
  total: number;
  ingested: number;
  failed: number;
}

/** `temporal workflow query --workflow-id track-import-<importId> --type progress` */
export const trackImportProgressQuery = defineQuery<TrackImportProgress>('progress');

export function trackImportWorkflowId(importId: string): string {
  return `track-import-${importId}`;
}
