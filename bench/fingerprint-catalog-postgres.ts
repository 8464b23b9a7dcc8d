/**
 * The packed index stored in PostgreSQL for bench/fingerprint-catalog.ts: one row per hash holding its postings as
 * bytes (track numbers as 32-bit, then anchor frames as 16-bit, little-endian), in a table of its own that the
 * bench drops again. Size is the table's total on disk (TOAST and the primary key included); a query reads the rows
 * of the clip's hashes in one statement and votes in memory.
 */
import { Pool } from 'pg';
import { loadConfig } from '../src/config';
import type { PackedPostings, PostingList, PostingSource } from '../src/audio/fingerprint/packed-postings';

const TABLE = 'bench_fingerprint_postings';
const ROWS_PER_INSERT = 2000;

export function encodePostings(list: PostingList): Buffer {
  const bytes = Buffer.allocUnsafe(list.tracks.length * 6);
  for (let i = 0; i < list.tracks.length; i++) bytes.writeUInt32LE(list.tracks[i]!, 4 * i);
  const offsetsAt = 4 * list.tracks.length;
  for (let i = 0; i < list.offsets.length; i++) bytes.writeUInt16LE(list.offsets[i]!, offsetsAt + 2 * i);
  return bytes;
}

export function decodePostings(bytes: Buffer): PostingList {
  const count = bytes.length / 6;
  const tracks = new Uint32Array(count);
  const offsets = new Uint16Array(count);
  for (let i = 0; i < count; i++) tracks[i] = bytes.readUInt32LE(4 * i);
  for (let i = 0; i < count; i++) offsets[i] = bytes.readUInt16LE(4 * count + 2 * i);
  return { tracks, offsets };
}

class PostgresPostings implements PostingSource {
  constructor(
    private readonly pool: Pool,
    readonly trackCount: number,
  ) {}

  async postings(hashes: readonly number[]): Promise<Map<number, PostingList>> {
    const { rows } = await this.pool.query<{ hash: number; postings: Buffer }>(`SELECT hash, postings FROM ${TABLE} WHERE hash = ANY($1::int4[])`, [hashes]);
    return new Map(rows.map((row) => [row.hash, decodePostings(row.postings)]));
  }
}

/** Loads `packed` into its table, runs `measure` against it, then drops the table. */
export async function withPostgresPostings<T>(packed: PackedPostings, measure: (source: PostingSource, bytes: number, loadSeconds: number) => Promise<T>): Promise<T> {
  const pool = new Pool({ connectionString: loadConfig().databaseUrl, max: 2 });
  try {
    await pool.query(`DROP TABLE IF EXISTS ${TABLE}`);
    // No per-row overhead to speak of: one row a hash, its postings in one value (compressed by TOAST when large).
    await pool.query(`CREATE TABLE ${TABLE} (hash int4 PRIMARY KEY, postings bytea NOT NULL)`);
    const started = performance.now();
    let hashes: number[] = [];
    let values: Buffer[] = [];
    const flush = async () => {
      if (hashes.length === 0) return;
      await pool.query(`INSERT INTO ${TABLE} (hash, postings) SELECT * FROM UNNEST($1::int4[], $2::bytea[])`, [hashes, values]);
      hashes = [];
      values = [];
    };
    for (const [hash, list] of packed.lists()) {
      hashes.push(hash);
      values.push(encodePostings(list));
      if (hashes.length >= ROWS_PER_INSERT) await flush();
    }
    await flush();
    await pool.query(`VACUUM ANALYZE ${TABLE}`);
    const loadSeconds = (performance.now() - started) / 1000;
    const { rows } = await pool.query<{ bytes: string }>(`SELECT pg_total_relation_size('${TABLE}') AS bytes`);
    return await measure(new PostgresPostings(pool, packed.trackCount), Number(rows[0]!.bytes), loadSeconds);
  } finally {
    await pool.query(`DROP TABLE IF EXISTS ${TABLE}`).catch(() => undefined);
    await pool.end();
  }
}
