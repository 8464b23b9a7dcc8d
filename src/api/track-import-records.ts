import { randomUUID } from 'node:crypto';
import { WorkflowExecutionAlreadyStartedError } from '@temporalio/client';
import type { InfinityMixClient } from '../client';
import type { PlanningPolicyInput } from '../contracts/autodj-planning';
import type { TrackRequest } from '../contracts/track-ingestion';
import type { Database } from '../db/client';
import { trackSourceKey } from '../storage/keys';

export interface CreatedImport {
  importId: string;
  /** The manifest's tracks in its order; upload entries still need their file PUT to their upload link. */
  tracks: { trackId: string; storageKey: string; upload: boolean }[];
}

/**
 * An import's manifest into PostgreSQL: the TrackImport row and one Track row per entry, in one transaction.
 * URL entries are `ingesting` (the worker fetches them), upload entries `awaiting_upload` until the import starts.
 */
export async function createImportRecords(db: Database, customerId: string, entries: readonly TrackRequest[]): Promise<CreatedImport> {
  const importId = randomUUID();
  const tracks = entries.map((entry) => {
    const trackId = randomUUID();
    return { trackId, storageKey: trackSourceKey(customerId, trackId), upload: entry.sourceUrl === undefined, entry };
  });
  await db.$transaction([
    db.trackImport.create({ data: { id: importId, customerId, total: entries.length } }),
    db.track.createMany({
      data: tracks.map(({ trackId, storageKey, entry }) => ({
        id: trackId,
        customerId,
        importId,
        title: entry.title,
        artist: entry.artist,
        genre: entry.genre ?? null,
        storageKey,
        sourceUrl: entry.sourceUrl ?? null,
        status: entry.sourceUrl === undefined ? ('awaiting_upload' as const) : ('ingesting' as const),
      })),
    }),
  ]);
  return { importId, tracks: tracks.map(({ trackId, storageKey, upload }) => ({ trackId, storageKey, upload })) };
}

/**
 * Starts an import once: its upload tracks become `ingesting` (one whose file never arrived fails in the decode
 * check, listed with the other failures) and its workflow starts. Starting it again changes nothing.
 * Returns false when it had been started already.
 */
export async function startImport(db: Database, temporal: InfinityMixClient, policy: PlanningPolicyInput, trackImport: { id: string; customerId: string; total: number }): Promise<boolean> {
  const { count } = await db.trackImport.updateMany({ where: { id: trackImport.id, startedAt: null }, data: { startedAt: new Date() } });
  if (count === 1) await db.track.updateMany({ where: { importId: trackImport.id, status: 'awaiting_upload' }, data: { status: 'ingesting' } });
  try {
    // Started even when the row was marked by an earlier attempt whose start failed: the id makes it once.
    await temporal.startTrackImport({ importId: trackImport.id, customerId: trackImport.customerId, total: trackImport.total, policy });
    return count === 1;
  } catch (error) {
    if (error instanceof WorkflowExecutionAlreadyStartedError) return false;
    throw error;
  }
}
