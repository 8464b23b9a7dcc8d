import type { Pool, PoolClient } from 'pg';
import { to as copyTo } from 'pg-copy-streams';
import type { Landmark } from '../audio/fingerprint/fingerprint';
import type { CatalogScope, FingerprintIndex, PackedFigures } from '../audio/fingerprint/fingerprint-index';
import type { FingerprintMatch, MatchOptions } from '../audio/fingerprint/fingerprint-match';
import { HASH_SPACE, identifyInPostings, MAX_POSTING_OFFSET, type PostingList, type PostingSource } from '../audio/fingerprint/packed-postings';
import { decodePostings, encodePostings } from '../audio/fingerprint/posting-codec';
import { BinaryCopyReader } from './binary-copy';

/** Rows per INSERT: large enough to be fast, small enough to keep each statement's arrays modest. */
const INSERT_BATCH = 20_000;
/** Hashes merged per pack transaction: a few seconds of work, so a pack never holds its snapshot long. */
const PACK_BATCH_HASHES = 5_000;
/** Connections a lookup reads on at once (the pool must allow as many): PostgreSQL reads the rows on both cores. */
const READ_CONNECTIONS = 2;
/** Advisory lock key of the pack step ("FPPK"): one packer at a time, so no merge overwrites another's. */
const PACK_LOCK = 0x4650504b;

/**
 * The fingerprint index in PostgreSQL, packed (docs/catalog.md): `FingerprintPostings` holds one row per hash with
 * its postings as bytes (posting-codec.ts), `FingerprintPending` the landmarks indexed since the last pack, one row
 * each, and `Track.fingerprintNumber` the number the postings know a track by.
 * - Indexing a track takes a new number from a sequence, writes its pending rows and points the track at the number,
 *   in one transaction: a lookup sees the old landmarks or the new ones, and the old number's postings name no track.
 * - A lookup reads each hash's packed and pending rows in one statement (one snapshot, so a pack running meanwhile
 *   never shows a landmark twice or not at all), votes in memory (rankTracks), and resolves only the best-ranked
 *   numbers to tracks, keeping those of the scope.
 * - `pack` (database maintenance) merges pending rows into the packed rows, dropping dead numbers.
 */
export class PostgresFingerprintIndex implements FingerprintIndex, PostingSource {
  constructor(private readonly pool: Pool) {}

  async addTrack(trackId: string, landmarks: readonly Landmark[]): Promise<void> {
    const kept = landmarks.filter((landmark) => landmark.offset <= MAX_POSTING_OFFSET);
    const client = await this.pool.connect();
    try {
      await inTransaction(client, 'READ COMMITTED', async () => {
        const { rows } = await client.query<{ number: number }>(`SELECT nextval('"FingerprintTrackNumber"')::int AS number`);
        const number = rows[0]!.number;
        for (let start = 0; start < kept.length; start += INSERT_BATCH) {
          const batch = kept.slice(start, start + INSERT_BATCH);
          await client.query(
            'INSERT INTO "FingerprintPending" ("hash", "trackNumber", "offset") SELECT h, $1, o FROM UNNEST($2::int[], $3::int[]) AS t(h, o) ON CONFLICT DO NOTHING',
            [number, batch.map((landmark) => landmark.hash), batch.map((landmark) => landmark.offset)],
          );
        }
        const updated = await client.query('UPDATE "Track" SET "fingerprintNumber" = $2, "fingerprintedAt" = now() WHERE id = $1', [trackId, number]);
        if (updated.rowCount !== 1) throw new Error(`no track ${trackId} to index`);
      });
    } finally {
      client.release();
    }
  }

  async identify(query: readonly Landmark[], scope?: CatalogScope, options?: MatchOptions): Promise<FingerprintMatch | null> {
    return identifyInPostings(this, query, (numbers) => this.visibleTracks(numbers, scope), options);
  }

  /**
   * Merges the pending rows into the packed rows, a batch of hashes per transaction, until none is left. Each batch
   * runs on one snapshot (REPEATABLE READ) and deletes exactly the pending rows it read, so landmarks indexed meanwhile
   * wait for the next pack. One packer at a time: a session advisory lock, taken before any snapshot; a second
   * packer finds it taken and returns at once with nothing packed.
   */
  async pack(onBatch?: (figures: PackedFigures) => void): Promise<PackedFigures> {
    const total: PackedFigures = { hashes: 0, pendingRows: 0, droppedPostings: 0 };
    const client = await this.pool.connect();
    try {
      const { rows } = await client.query<{ locked: boolean }>('SELECT pg_try_advisory_lock($1) AS locked', [PACK_LOCK]);
      if (!rows[0]!.locked) return total;
      try {
        for (;;) {
          const batch = await inTransaction(client, 'REPEATABLE READ', () => this.packBatch(client));
          if (!batch) return total;
          total.hashes += batch.hashes;
          total.pendingRows += batch.pendingRows;
          total.droppedPostings += batch.droppedPostings;
          onBatch?.(total);
        }
      } finally {
        await client.query('SELECT pg_advisory_unlock($1)', [PACK_LOCK]);
      }
    } finally {
      client.release();
    }
  }

  private async packBatch(client: PoolClient): Promise<PackedFigures | undefined> {
    const { rows: hashRows } = await client.query<{ hash: number }>('SELECT DISTINCT "hash" FROM "FingerprintPending" ORDER BY "hash" LIMIT $1', [PACK_BATCH_HASHES]);
    if (hashRows.length === 0) return undefined;
    const hashes = hashRows.map((row) => row.hash);
    const { rows: pending } = await client.query<{ hash: number; tracks: number[]; offsets: number[] }>(
      'SELECT "hash", array_agg("trackNumber") AS tracks, array_agg("offset") AS offsets FROM "FingerprintPending" WHERE "hash" = ANY($1::int[]) GROUP BY "hash"',
      [hashes],
    );
    const { rows: packed } = await client.query<{ hash: number; postings: Buffer }>('SELECT "hash", "postings" FROM "FingerprintPostings" WHERE "hash" = ANY($1::int[])', [hashes]);
    const merged = new Map<number, { tracks: number[]; offsets: number[] }>(pending.map((row) => [row.hash, { tracks: [...row.tracks], offsets: [...row.offsets] }]));
    for (const row of packed) {
      const list = decodePostings(row.postings);
      const into = merged.get(row.hash)!;
      for (let i = 0; i < list.tracks.length; i++) {
        into.tracks.push(list.tracks[i]!);
        into.offsets.push(list.offsets[i]!);
      }
    }
    const numbers = new Set<number>();
    for (const list of merged.values()) for (const track of list.tracks) numbers.add(track);
    const { rows: liveRows } = await client.query<{ number: number }>('SELECT "fingerprintNumber" AS number FROM "Track" WHERE "fingerprintNumber" = ANY($1::int[])', [[...numbers]]);
    const live = new Set(liveRows.map((row) => row.number));

    const written: { hashes: number[]; postings: Buffer[] } = { hashes: [], postings: [] };
    const emptied: number[] = [];
    let droppedPostings = 0;
    for (const [hash, list] of merged) {
      const kept = list.tracks.map((_, i) => i).filter((i) => live.has(list.tracks[i]!));
      droppedPostings += list.tracks.length - kept.length;
      if (kept.length === 0) {
        emptied.push(hash);
        continue;
      }
      written.hashes.push(hash);
      // The codec stores track numbers as differences, so postings go in ascending track order.
      written.postings.push(encodePostings(inTrackOrder(list, kept)));
    }
    if (written.hashes.length > 0) {
      await client.query(
        'INSERT INTO "FingerprintPostings" ("hash", "postings") SELECT * FROM UNNEST($1::int[], $2::bytea[]) ON CONFLICT ("hash") DO UPDATE SET "postings" = EXCLUDED."postings"',
        [written.hashes, written.postings],
      );
    }
    if (emptied.length > 0) await client.query('DELETE FROM "FingerprintPostings" WHERE "hash" = ANY($1::int[])', [emptied]);
    // On this transaction's snapshot, the delete removes exactly the pending rows merged above.
    const deleted = await client.query('DELETE FROM "FingerprintPending" WHERE "hash" = ANY($1::int[])', [hashes]);
    return { hashes: hashes.length, pendingRows: deleted.rowCount ?? 0, droppedPostings };
  }

  /**
   * The packed and the pending postings of `hashes`. Each hash's packed row and pending rows are read in one statement,
   * so they come from one snapshot; the hashes are split over READ_CONNECTIONS statements on as many connections, so
   * PostgreSQL reads (and detoasts) them on several cores. The rows come as binary COPY: a clip reads megabytes of
   * postings, which a result set would send as hex text for Node to turn back into bytes.
   */
  async postings(hashes: readonly number[]): Promise<Map<number, PostingList>> {
    for (const hash of hashes) if (!Number.isInteger(hash) || hash < 0 || hash >= HASH_SPACE) throw new RangeError(`not a fingerprint hash: ${hash}`);
    const parts = Array.from({ length: READ_CONNECTIONS }, (_, part) => hashes.filter((_, i) => i % READ_CONNECTIONS === part)).filter((part) => part.length > 0);
    const lists = new Map<number, PostingList>();
    const pending = new Map<number, { tracks: number[]; offsets: number[] }>();
    const take = ([hash, postings, track, offset]: (Buffer | null)[]) => {
      const number = hash!.readInt32BE(0);
      if (postings) {
        lists.set(number, decodePostings(postings));
        return;
      }
      const list = pending.get(number) ?? { tracks: [], offsets: [] };
      list.tracks.push(track!.readInt32BE(0));
      list.offsets.push(offset!.readInt32BE(0));
      pending.set(number, list);
    };
    await Promise.all(parts.map((part) => this.copyOut(postingsOf(part), take)));
    for (const [hash, list] of pending) {
      const unpacked = inTrackOrder(list, list.tracks.map((_, i) => i));
      const packed = lists.get(hash);
      lists.set(hash, packed ? mergeByTrack(packed, unpacked) : unpacked);
    }
    return lists;
  }

  /** A query's rows through binary COPY, each given to `take` as soon as its bytes have arrived. */
  private async copyOut(query: string, take: (fields: (Buffer | null)[]) => void): Promise<void> {
    const client = await this.pool.connect();
    try {
      const reader = new BinaryCopyReader();
      for await (const chunk of client.query(copyTo(`COPY (${query}) TO STDOUT (FORMAT binary)`))) {
        for (const fields of reader.push(chunk as Buffer)) take(fields);
      }
      reader.finish();
      client.release();
    } catch (error) {
      // A COPY cut off midway leaves the connection's protocol state unknown: it is closed, not reused.
      client.release(error instanceof Error ? error : true);
      throw error;
    }
  }

  /** The tracks behind `numbers` that are live and in the scope (catalog-scope.ts's rule: shared, or the customer's own). */
  private async visibleTracks(numbers: readonly number[], scope: CatalogScope | undefined): Promise<Map<number, string>> {
    const { rows } = scope
      ? await this.pool.query<{ id: string; number: number }>(
          'SELECT id, "fingerprintNumber" AS number FROM "Track" WHERE "fingerprintNumber" = ANY($1::int[]) AND ("customerId" IS NULL OR "customerId" = $2)',
          [numbers, scope.customerId],
        )
      : await this.pool.query<{ id: string; number: number }>('SELECT id, "fingerprintNumber" AS number FROM "Track" WHERE "fingerprintNumber" = ANY($1::int[])', [numbers]);
    return new Map(rows.map((row) => [row.number, row.id]));
  }
}

/**
 * The packed row and the pending rows of `hashes`, one row per pending landmark. COPY takes no parameters, so the
 * hashes, integers checked by the caller, are written into the statement.
 */
function postingsOf(hashes: readonly number[]): string {
  const list = `'{${hashes.join(',')}}'::int[]`;
  return `SELECT "hash", "postings", NULL::int AS "trackNumber", NULL::int AS "offset" FROM "FingerprintPostings" WHERE "hash" = ANY(${list})
          UNION ALL
          SELECT "hash", NULL, "trackNumber", "offset" FROM "FingerprintPending" WHERE "hash" = ANY(${list})`;
}

async function inTransaction<T>(client: PoolClient, isolation: 'READ COMMITTED' | 'REPEATABLE READ', work: () => Promise<T>): Promise<T> {
  await client.query(`BEGIN ISOLATION LEVEL ${isolation}`);
  try {
    const result = await work();
    await client.query('COMMIT');
    return result;
  } catch (error) {
    await client.query('ROLLBACK');
    throw error;
  }
}

/** The postings at `indices` of parallel arrays, as a list in ascending track order (then anchor frame). */
function inTrackOrder(list: { tracks: number[]; offsets: number[] }, indices: number[]): PostingList {
  const order = [...indices].sort((a, b) => list.tracks[a]! - list.tracks[b]! || list.offsets[a]! - list.offsets[b]!);
  return { tracks: Uint32Array.from(order, (i) => list.tracks[i]!), offsets: Uint16Array.from(order, (i) => list.offsets[i]!) };
}

/** Two posting lists in ascending track order, merged into one. */
function mergeByTrack(a: PostingList, b: PostingList): PostingList {
  const tracks = new Uint32Array(a.tracks.length + b.tracks.length);
  const offsets = new Uint16Array(tracks.length);
  for (let i = 0, j = 0, at = 0; at < tracks.length; at++) {
    const fromA = j >= b.tracks.length || (i < a.tracks.length && a.tracks[i]! <= b.tracks[j]!);
    tracks[at] = fromA ? a.tracks[i]! : b.tracks[j]!;
    offsets[at] = fromA ? a.offsets[i++]! : b.offsets[j++]!;
  }
  return { tracks, offsets };
}
