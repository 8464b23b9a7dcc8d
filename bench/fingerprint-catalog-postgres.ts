/**
 * The product's fingerprint index in PostgreSQL (src/db/fingerprint-index.ts) at catalog scale, for
 * bench/fingerprint-catalog.ts: a scratch database migrated like the product's, one `Track` row per catalog track
 * (id = its number, `fingerprintNumber` = the number), and the packed rows a pack would leave, written straight into
 * `FingerprintPostings` (indexing 100,000 tracks through pending rows and packing 620 million of them is a job for
 * hours, not a bench). Queries go through `PostgresFingerprintIndex.identify`, as identifyReference's do. Size is the
 * packed table's total on disk (TOAST and primary key included). `measureIndexAndPack` times the write path itself
 * (addTrack per track, then one pack) on fewer tracks. The database is dropped afterwards.
 */
import { Client, Pool } from 'pg';
import { loadConfig } from '../src/config';
import type { PackedPostings, TrackLandmarks } from '../src/audio/fingerprint/packed-postings';
import { encodePostings } from '../src/audio/fingerprint/posting-codec';
import { PostgresFingerprintIndex } from '../src/db/fingerprint-index';
import { migrate } from '../src/db/migrate';

const DATABASE = 'imx_bench_fingerprint';
const ROWS_PER_INSERT = 2000;
const TRACKS_PER_INSERT = 10_000;

/** A scratch database migrated like the product's, with `trackCount` Track rows (id = number as text), dropped after `work`. */
async function withScratchCatalog<T>(trackCount: number, work: (pool: Pool) => Promise<T>): Promise<T> {
  const { databaseUrl } = loadConfig();
  const scratchUrl = Object.assign(new URL(databaseUrl), { pathname: `/${DATABASE}` }).toString();
  const admin = new Client({ connectionString: databaseUrl });
  await admin.connect();
  await admin.query(`DROP DATABASE IF EXISTS ${DATABASE}`);
  await admin.query(`CREATE DATABASE ${DATABASE}`);
  const pool = new Pool({ connectionString: scratchUrl, max: 2 });
  try {
    await migrate(scratchUrl);
    await insertTrackRows(pool, 0, trackCount);
    return await work(pool);
  } finally {
    await pool.end();
    await admin.query(`DROP DATABASE IF EXISTS ${DATABASE}`).catch(() => undefined);
    await admin.end();
  }
}

/** `Track` rows for track numbers first … first + count − 1 (id = the number as text). */
async function insertTrackRows(pool: Pool, first: number, count: number): Promise<void> {
  for (let start = first; start < first + count; start += TRACKS_PER_INSERT) {
    const numbers = Array.from({ length: Math.min(TRACKS_PER_INSERT, first + count - start) }, (_, i) => start + i);
    await pool.query(
      `INSERT INTO "Track" (id, title, artist, "durationSeconds", "updatedAt") SELECT n::text, 'bench', 'bench', 210, now() FROM UNNEST($1::int[]) AS t(n)`,
      [numbers],
    );
  }
}

const tableBytes = async (pool: Pool, table: string): Promise<number> =>
  Number((await pool.query<{ bytes: string }>(`SELECT pg_total_relation_size('"${table}"') AS bytes`)).rows[0]!.bytes);

/** Loads `packed` into a scratch database's product tables, runs `measure` against the product's index, then drops it. */
export async function withPostgresPostings<T>(
  packed: PackedPostings,
  measure: (index: PostgresFingerprintIndex, bytes: number, loadSeconds: number, pool: Pool) => Promise<T>,
): Promise<T> {
  return withScratchCatalog(packed.trackCount, async (pool) => {
    const started = performance.now();
    // The numbers a pack would leave: track n under number n.
    await pool.query(`UPDATE "Track" SET "fingerprintNumber" = id::int, "fingerprintedAt" = now()`);
    await pool.query(`SELECT setval('"FingerprintTrackNumber"', $1)`, [packed.trackCount]);
    let hashes: number[] = [];
    let values: Buffer[] = [];
    const flush = async () => {
      if (hashes.length === 0) return;
      await pool.query('INSERT INTO "FingerprintPostings" ("hash", "postings") SELECT * FROM UNNEST($1::int4[], $2::bytea[])', [hashes, values]);
      hashes = [];
      values = [];
    };
    for (const [hash, list] of packed.lists()) {
      hashes.push(hash);
      values.push(encodePostings(list));
      if (hashes.length >= ROWS_PER_INSERT) await flush();
    }
    await flush();
    await pool.query('VACUUM ANALYZE "FingerprintPostings"');
    await pool.query('VACUUM ANALYZE "Track"');
    const loadSeconds = (performance.now() - started) / 1000;
    return measure(new PostgresFingerprintIndex(pool), await tableBytes(pool, 'FingerprintPostings'), loadSeconds, pool);
  });
}

export interface IngestPackFigures {
  /** Tracks already packed in the table before these were added. */
  packedBefore: number;
  tracks: number;
  landmarks: number;
  /** `addTrack` per track: a new number, its pending rows, the track pointed at it. */
  indexSecondsPerTrack: number;
  pendingBytes: number;
  /** The one pack over every pending row, in seconds. */
  packSeconds: number;
  packedBytes: number;
}

/** The product's write path on a scratch database: every track indexed through `addTrack`, then one pack. */
export async function measureIndexAndPack(trackCount: number, landmarksOf: (track: number) => TrackLandmarks): Promise<IngestPackFigures> {
  return withScratchCatalog(trackCount, (pool) => indexAndPack(pool, 0, trackCount, landmarksOf));
}

/**
 * Tracks first … first + count − 1 indexed through `addTrack` into `pool`'s tables (their Track rows made first when
 * `first` is past the rows there), then one pack: into an empty table, or into a catalog already packed.
 */
export async function indexAndPack(pool: Pool, first: number, count: number, landmarksOf: (track: number) => TrackLandmarks): Promise<IngestPackFigures> {
  const index = new PostgresFingerprintIndex(pool);
  if (first > 0) await insertTrackRows(pool, first, count);
  let landmarks = 0;
  let started = performance.now();
  for (let track = first; track < first + count; track++) {
    const { hashes, offsets } = landmarksOf(track);
    landmarks += hashes.length;
    await index.addTrack(String(track), Array.from(hashes, (hash, i) => ({ hash, offset: offsets[i]! })));
  }
  const indexSeconds = (performance.now() - started) / 1000;
  const pendingBytes = await tableBytes(pool, 'FingerprintPending');
  started = performance.now();
  await index.pack();
  const packSeconds = (performance.now() - started) / 1000;
  await pool.query('VACUUM ANALYZE "FingerprintPostings"');
  return { packedBefore: first, tracks: count, landmarks, indexSecondsPerTrack: indexSeconds / count, pendingBytes, packSeconds, packedBytes: await tableBytes(pool, 'FingerprintPostings') };
}
