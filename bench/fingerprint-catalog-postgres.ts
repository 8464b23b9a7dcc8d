/**
 * The packed index stored in PostgreSQL for bench/fingerprint-catalog.ts: one row per hash holding its postings as
 * bytes (src/audio/fingerprint/posting-codec.ts), in a table of its own that the bench drops again. Size is the
 * table's total on disk (TOAST and the primary key included); a query reads the rows of the clip's hashes and votes
 * in memory.
 */
import { Pool } from 'pg';
import { loadConfig } from '../src/config';
import type { PackedPostings, PostingList, PostingSource } from '../src/audio/fingerprint/packed-postings';
import { decodePostings, encodePostings } from '../src/audio/fingerprint/posting-codec';

const TABLE = 'bench_fingerprint_postings';
const ROWS_PER_INSERT = 2000;
const CONNECTIONS = 2;

class PostgresPostings implements PostingSource {
  constructor(private readonly pool: Pool) {}

  /** In one statement per connection, so the reads (and their TOAST lookups) run on both cores. */
  async postings(hashes: readonly number[]): Promise<Map<number, PostingList>> {
    const parts = Array.from({ length: CONNECTIONS }, (_, part) => hashes.filter((_, i) => i % CONNECTIONS === part));
    const results = await Promise.all(parts.map((part) => this.pool.query<{ hash: number; postings: Buffer }>(`SELECT hash, postings FROM ${TABLE} WHERE hash = ANY($1::int4[])`, [part])));
    return new Map(results.flatMap(({ rows }) => rows.map((row) => [row.hash, decodePostings(row.postings)] as const)));
  }
}

/** Loads `packed` into its table, runs `measure` against it, then drops the table. */
export async function withPostgresPostings<T>(packed: PackedPostings, measure: (source: PostingSource, bytes: number, loadSeconds: number) => Promise<T>): Promise<T> {
  const pool = new Pool({ connectionString: loadConfig().databaseUrl, max: CONNECTIONS });
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
    return await measure(new PostgresPostings(pool), Number(rows[0]!.bytes), loadSeconds);
  } finally {
    await pool.query(`DROP TABLE IF EXISTS ${TABLE}`).catch(() => undefined);
    await pool.end();
  }
}
