import type { Pool } from 'pg';
import { decodePostings } from '../../src/audio/fingerprint/posting-codec';

/**
 * How many landmarks the fingerprint index holds for each track under its current number, pending and packed alike
 * (src/db/fingerprint-index.ts): what one indexing of the track wrote, whatever packs ran since. Read on one snapshot,
 * so a pack running meanwhile never counts a landmark twice. Decodes every packed row: for test and bench databases.
 */
export async function indexedLandmarks(sql: Pool, trackIds: readonly string[]): Promise<Map<string, number>> {
  const client = await sql.connect();
  try {
    await client.query('BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY');
    const { rows: tracks } = await client.query<{ id: string; number: number | null }>('SELECT id, "fingerprintNumber" AS number FROM "Track" WHERE id = ANY($1::text[])', [trackIds]);
    const trackOf = new Map(tracks.filter((track) => track.number !== null).map((track) => [track.number!, track.id]));
    const counts = new Map<string, number>(trackIds.map((id) => [id, 0]));
    const add = (number: number, count: number) => {
      const trackId = trackOf.get(number);
      if (trackId !== undefined) counts.set(trackId, counts.get(trackId)! + count);
    };
    const { rows: pending } = await client.query<{ number: number; count: string }>(
      'SELECT "trackNumber" AS number, count(*) AS count FROM "FingerprintPending" WHERE "trackNumber" = ANY($1::int[]) GROUP BY 1',
      [[...trackOf.keys()]],
    );
    for (const row of pending) add(row.number, Number(row.count));
    const { rows: packed } = await client.query<{ postings: Buffer }>('SELECT "postings" FROM "FingerprintPostings"');
    for (const row of packed) for (const track of decodePostings(row.postings).tracks) add(track, 1);
    await client.query('COMMIT');
    return counts;
  } catch (error) {
    await client.query('ROLLBACK');
    throw error;
  } finally {
    client.release();
  }
}
