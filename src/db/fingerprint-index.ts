import type { Pool } from 'pg';
import type { Landmark } from '../audio/fingerprint/fingerprint';
import type { CatalogScope, FingerprintIndex } from '../audio/fingerprint/fingerprint-index';
import type { FingerprintHit } from '../audio/fingerprint/fingerprint-match';

/** Rows per INSERT: large enough to be fast, small enough to keep each statement's arrays modest. */
const INSERT_BATCH = 20_000;

/**
 * The landmark index in PostgreSQL (Prisma model FingerprintHash, indexed by hash). Raw SQL because a
 * track has thousands of landmarks: UNNEST inserts a batch in one statement, and a lookup is one
 * round trip with `hash = ANY($1)`.
 */
export class PostgresFingerprintIndex implements FingerprintIndex {
  constructor(private readonly pool: Pool) {}

  async addTrack(trackId: string, landmarks: readonly Landmark[]): Promise<void> {
    const client = await this.pool.connect();
    try {
      await client.query('BEGIN');
      await client.query('DELETE FROM "FingerprintHash" WHERE "trackId" = $1', [trackId]);
      for (let start = 0; start < landmarks.length; start += INSERT_BATCH) {
        const batch = landmarks.slice(start, start + INSERT_BATCH);
        await client.query(
          'INSERT INTO "FingerprintHash" ("hash", "trackId", "offset") SELECT h, $1, o FROM UNNEST($2::int[], $3::int[]) AS t(h, o)',
          [trackId, batch.map((landmark) => landmark.hash), batch.map((landmark) => landmark.offset)],
        );
      }
      await client.query('UPDATE "Track" SET "fingerprintedAt" = now() WHERE id = $1', [trackId]);
      await client.query('COMMIT');
    } catch (error) {
      await client.query('ROLLBACK');
      throw error;
    } finally {
      client.release();
    }
  }

  /** With a scope, the join keeps the shared catalog and the scope's customer's own tracks (catalog-scope.ts's rule). */
  async lookup(hashes: readonly number[], scope?: CatalogScope): Promise<FingerprintHit[]> {
    if (hashes.length === 0) return [];
    if (!scope) {
      const { rows } = await this.pool.query<FingerprintHit>('SELECT "hash", "trackId", "offset" FROM "FingerprintHash" WHERE "hash" = ANY($1::int[])', [hashes]);
      return rows;
    }
    const { rows } = await this.pool.query<FingerprintHit>(
      `SELECT f."hash", f."trackId", f."offset"
         FROM "FingerprintHash" f JOIN "Track" t ON t.id = f."trackId"
        WHERE f."hash" = ANY($1::int[]) AND (t."customerId" IS NULL OR t."customerId" = $2)`,
      [hashes, scope.customerId],
    );
    return rows;
  }
}
