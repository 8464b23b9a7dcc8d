import { randomUUID } from 'node:crypto';
import { Pool } from 'pg';
import { fingerprint } from '../../src/audio/fingerprint/fingerprint';
import { identifyLandmarks } from '../../src/audio/fingerprint/fingerprint-index';
import { synthesizeTrack } from '../../src/audio/analysis/synthetic-track';
import { loadConfig } from '../../src/config';
import { PostgresFingerprintIndex } from '../../src/db/fingerprint-index';

/** The PostgreSQL landmark index against the migrated database: store, replace, look up, identify. */
describe('PostgresFingerprintIndex', () => {
  const pool = new Pool({ connectionString: loadConfig().databaseUrl });
  const index = new PostgresFingerprintIndex(pool);
  const trackIds = [randomUUID(), randomUUID()];
  const signals = trackIds.map((_, i) =>
    synthesizeTrack({ bpm: 110 + 12 * i, key: { tonic: 3 + i, mode: 'minor' }, seconds: 30, sampleRate: 11025, seed: 40 + i }),
  );
  const landmarks = signals.map((signal) => fingerprint(signal));

  beforeAll(async () => {
    for (const id of trackIds) {
      await pool.query('INSERT INTO "Track" (id, title, artist, "durationSeconds", "updatedAt") VALUES ($1, $2, $3, 30, now())', [id, `fingerprint test ${id}`, 'bench']);
    }
  });

  afterAll(async () => {
    await pool.query('DELETE FROM "Track" WHERE id = ANY($1::text[])', [trackIds]);
    await pool.end();
  });

  async function storedCount(trackId: string): Promise<number> {
    const { rows } = await pool.query<{ count: string }>('SELECT count(*) FROM "FingerprintHash" WHERE "trackId" = $1', [trackId]);
    return Number(rows[0]!.count);
  }

  it('stores every landmark and replaces them when the track is indexed again', async () => {
    await index.addTrack(trackIds[0]!, landmarks[0]!);
    await index.addTrack(trackIds[1]!, landmarks[1]!);
    expect(await storedCount(trackIds[0]!)).toBe(landmarks[0]!.length);

    await index.addTrack(trackIds[0]!, landmarks[0]!.slice(0, 100));
    expect(await storedCount(trackIds[0]!)).toBe(100);
    await index.addTrack(trackIds[0]!, landmarks[0]!);
    expect(await storedCount(trackIds[0]!)).toBe(landmarks[0]!.length);
  });

  it('returns the stored hits for a set of hashes in one query', async () => {
    const sample = landmarks[1]!.slice(0, 20);
    const hits = await index.lookup(sample.map((landmark) => landmark.hash));
    for (const landmark of sample) {
      expect(hits).toContainEqual({ hash: landmark.hash, trackId: trackIds[1], offset: landmark.offset });
    }
  });

  it('identifies a clip of a stored track', async () => {
    const clip = signals[1]!.slice(8 * 11025, 18 * 11025);
    const match = await identifyLandmarks(index, fingerprint(clip));
    expect(match?.trackId).toBe(trackIds[1]);
    expect(match!.offsetSeconds).toBeCloseTo(8, 0);
  });

  it('scopes a lookup to the shared catalog and the customer’s own tracks', async () => {
    const owner = `fingerprint-owner-${trackIds[1]!.slice(0, 8)}`;
    await pool.query('UPDATE "Track" SET "customerId" = $1 WHERE id = $2', [owner, trackIds[1]]);
    const clip = fingerprint(signals[1]!.slice(8 * 11025, 18 * 11025));
    expect((await identifyLandmarks(index, clip, undefined, { customerId: owner }))?.trackId).toBe(trackIds[1]);
    expect((await identifyLandmarks(index, clip, undefined, { customerId: 'someone-else' }))?.trackId).not.toBe(trackIds[1]);
    expect((await identifyLandmarks(index, clip, undefined, { customerId: null }))?.trackId).not.toBe(trackIds[1]);
    const sharedClip = fingerprint(signals[0]!.slice(5 * 11025, 15 * 11025));
    expect((await identifyLandmarks(index, sharedClip, undefined, { customerId: 'someone-else' }))?.trackId).toBe(trackIds[0]);
  });
});
