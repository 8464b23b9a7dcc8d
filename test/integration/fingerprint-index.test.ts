import { randomUUID } from 'node:crypto';
import { Pool } from 'pg';
import { CATALOG_DENSITY, FINGERPRINT_SAMPLE_RATE, QUERY_DENSITY, fingerprint } from '../../src/audio/fingerprint/fingerprint';
import { decodePostings } from '../../src/audio/fingerprint/posting-codec';
import { synthesizeTrack } from '../../src/audio/analysis/synthetic-track';
import { loadConfig } from '../../src/config';
import { PostgresFingerprintIndex } from '../../src/db/fingerprint-index';
import { indexedLandmarks } from '../support/indexed-landmarks';

/** The packed PostgreSQL fingerprint index against the migrated database: index, re-index, pack, identify, scope. */
describe('PostgresFingerprintIndex', () => {
  const pool = new Pool({ connectionString: loadConfig().databaseUrl });
  const index = new PostgresFingerprintIndex(pool);
  const trackIds = [randomUUID(), randomUUID()];
  const rate = FINGERPRINT_SAMPLE_RATE;
  const signals = trackIds.map((_, i) => synthesizeTrack({ bpm: 110 + 12 * i, key: { tonic: 3 + i, mode: 'minor' }, seconds: 30, sampleRate: rate, seed: 40 + i }));
  const landmarks = signals.map((signal) => fingerprint(signal, rate, CATALOG_DENSITY));
  const clipOf = (track: number, startSeconds: number) => fingerprint(signals[track]!.slice(startSeconds * rate, (startSeconds + 10) * rate), rate, QUERY_DENSITY);

  beforeAll(async () => {
    for (const id of trackIds) {
      await pool.query('INSERT INTO "Track" (id, title, artist, "durationSeconds", "updatedAt") VALUES ($1, $2, $3, 30, now())', [id, `fingerprint test ${id}`, 'bench']);
    }
  });

  afterAll(async () => {
    await pool.query('DELETE FROM "Track" WHERE id = ANY($1::text[])', [trackIds]);
    await pool.end();
  });

  const numberOf = async (trackId: string) => (await pool.query<{ number: number }>('SELECT "fingerprintNumber" AS number FROM "Track" WHERE id = $1', [trackId])).rows[0]!.number;

  it('indexes a track under a new number each time, so a lookup sees only its latest landmarks', async () => {
    await index.addTrack(trackIds[0]!, landmarks[0]!);
    await index.addTrack(trackIds[1]!, landmarks[1]!);
    const first = await numberOf(trackIds[0]!);
    expect((await indexedLandmarks(pool, trackIds)).get(trackIds[0]!)).toBe(landmarks[0]!.length);
    expect((await index.identify(clipOf(0, 8)))?.trackId).toBe(trackIds[0]);

    await index.addTrack(trackIds[0]!, landmarks[0]!.slice(0, 100));
    expect(await numberOf(trackIds[0]!)).toBeGreaterThan(first);
    expect((await indexedLandmarks(pool, trackIds)).get(trackIds[0]!)).toBe(100);
    expect(await index.identify(clipOf(0, 8))).toBeNull();

    await index.addTrack(trackIds[0]!, landmarks[0]!);
    expect((await indexedLandmarks(pool, trackIds)).get(trackIds[0]!)).toBe(landmarks[0]!.length);
  });

  it('refuses to index a track that does not exist, and writes nothing for it', async () => {
    await expect(index.addTrack(randomUUID(), landmarks[0]!)).rejects.toThrow(/no track/);
  });

  it('packs pending landmarks into one row per hash, drops the postings of old numbers, and identifies the same', async () => {
    const before = await Promise.all([index.identify(clipOf(1, 8)), index.identify(clipOf(0, 12))]);
    expect(before.map((match) => match?.trackId)).toEqual([trackIds[1], trackIds[0]]);
    const current = await numberOf(trackIds[0]!);

    const packed = await index.pack();
    expect(packed.pendingRows).toBeGreaterThanOrEqual(landmarks[0]!.length + landmarks[1]!.length);
    // The two earlier indexings of track 0 left 100 + landmarks[0].length postings under numbers no track has now.
    expect(packed.droppedPostings).toBeGreaterThanOrEqual(100 + landmarks[0]!.length);

    const hashes = [...new Set(landmarks[0]!.map((landmark) => landmark.hash))];
    const { rows: pending } = await pool.query('SELECT 1 FROM "FingerprintPending" WHERE "trackNumber" = $1', [current]);
    expect(pending).toHaveLength(0);
    const { rows } = await pool.query<{ hash: number; postings: Buffer }>('SELECT "hash", "postings" FROM "FingerprintPostings" WHERE "hash" = ANY($1::int[])', [hashes]);
    const stored = rows.flatMap((row) => {
      const list = decodePostings(row.postings);
      expect([...list.tracks]).toEqual([...list.tracks].sort((a, b) => a - b));
      return [...list.tracks.keys()].filter((i) => list.tracks[i] === current).map((i) => `${row.hash}:${list.offsets[i]}`);
    });
    expect(stored.sort()).toEqual(landmarks[0]!.map((landmark) => `${landmark.hash}:${landmark.offset}`).sort());

    const after = await Promise.all([index.identify(clipOf(1, 8)), index.identify(clipOf(0, 12))]);
    expect(after).toEqual(before);
    expect(after[1]!.offsetSeconds).toBeCloseTo(12, 0);
    expect((await index.pack()).pendingRows).toBeGreaterThanOrEqual(0);
  });

  it('scopes identification to the shared catalog and the customer’s own tracks', async () => {
    const owner = `fingerprint-owner-${trackIds[1]!.slice(0, 8)}`;
    await pool.query('UPDATE "Track" SET "customerId" = $1 WHERE id = $2', [owner, trackIds[1]]);
    const clip = clipOf(1, 8);
    expect((await index.identify(clip, { customerId: owner }))?.trackId).toBe(trackIds[1]);
    expect((await index.identify(clip, { customerId: 'someone-else' }))?.trackId).not.toBe(trackIds[1]);
    expect((await index.identify(clip, { customerId: null }))?.trackId).not.toBe(trackIds[1]);
    expect((await index.identify(clipOf(0, 5), { customerId: 'someone-else' }))?.trackId).toBe(trackIds[0]);
  });
});
