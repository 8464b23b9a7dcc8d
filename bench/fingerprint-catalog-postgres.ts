/**
 * The product's fingerprint index in PostgreSQL (src/db/fingerprint-index.ts) at catalog scale, for
 * bench/fingerprint-catalog.ts: a scratch database migrated like the product's, one `Track` row per catalog track
 * (id = its number, `fingerprintNumber` = the number), and the packed rows a pack would leave, written straight into
 * `FingerprintPostings` (indexing 100,000 tracks through pending rows and packing 620 million of them is a job for
 * hours, not a bench). Queries go through `PostgresFingerprintIndex.identify`, as identifyReference's do. Size is the
 * packed table's total on disk (TOAST and primary key included). The database is dropped afterwards.
 */
import { Client, Pool } from 'pg';
import { loadConfig } from '../src/config';
import type { PackedPostings } from '../src/audio/fingerprint/packed-postings';
import { encodePostings } from '../src/audio/fingerprint/posting-codec';
import { PostgresFingerprintIndex } from '../src/db/fingerprint-index';
import { migrate } from '../src/db/migrate';

const DATABASE = 'imx_bench_fingerprint';
const ROWS_PER_INSERT = 2000;
const TRACKS_PER_INSERT = 10_000;

/** Loads `packed` into a scratch database's product tables, runs `measure` against the product's index, then drops it. */
export async function withPostgresPostings<T>(packed: PackedPostings, measure: (index: PostgresFingerprintIndex, bytes: number, loadSeconds: number) => Promise<T>): Promise<T> {
  const { databaseUrl } = loadConfig();
  const scratchUrl = Object.assign(new URL(databaseUrl), { pathname: `/${DATABASE}` }).toString();
  const admin = new Client({ connectionString: databaseUrl });
  await admin.connect();
  await admin.query(`DROP DATABASE IF EXISTS ${DATABASE}`);
  await admin.query(`CREATE DATABASE ${DATABASE}`);
  const pool = new Pool({ connectionString: scratchUrl, max: 2 });
  try {
    await migrate(scratchUrl);
    const started = performance.now();
    for (let first = 0; first < packed.trackCount; first += TRACKS_PER_INSERT) {
      const numbers = Array.from({ length: Math.min(TRACKS_PER_INSERT, packed.trackCount - first) }, (_, i) => first + i);
      await pool.query(
        `INSERT INTO "Track" (id, title, artist, "durationSeconds", "updatedAt", "fingerprintedAt", "fingerprintNumber")
         SELECT n::text, 'bench', 'bench', 210, now(), now(), n FROM UNNEST($1::int[]) AS t(n)`,
        [numbers],
      );
    }
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
    const { rows } = await pool.query<{ bytes: string }>(`SELECT pg_total_relation_size('"FingerprintPostings"') AS bytes`);
    return await measure(new PostgresFingerprintIndex(pool), Number(rows[0]!.bytes), loadSeconds);
  } finally {
    await pool.end();
    await admin.query(`DROP DATABASE IF EXISTS ${DATABASE}`).catch(() => undefined);
    await admin.end();
  }
}
