import { randomUUID } from 'node:crypto';
import { Pool } from 'pg';
import { CATALOG_DENSITY, FINGERPRINT_SAMPLE_RATE, QUERY_DENSITY, fingerprint } from '../../src/audio/fingerprint/fingerprint';
import type { MatchOptions } from '../../src/audio/fingerprint/fingerprint-match';
import { PackedPostings, identifyInPostings, landmarksAsArrays } from '../../src/audio/fingerprint/packed-postings';
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

  /** Track 0's number between its second and third indexing: no track's once the pack has run. */
  let shortLivedNumber = 0;
  const numberOf = async (trackId: string) => (await pool.query<{ number: number }>('SELECT "fingerprintNumber" AS number FROM "Track" WHERE id = $1', [trackId])).rows[0]!.number;

  it('indexes a track under a new number each time, so a lookup sees only its latest landmarks', async () => {
    await index.addTrack(trackIds[0]!, landmarks[0]!);
    await index.addTrack(trackIds[1]!, landmarks[1]!);
    const first = await numberOf(trackIds[0]!);
    expect((await indexedLandmarks(pool, trackIds)).get(trackIds[0]!)).toBe(landmarks[0]!.length);
    expect((await index.identify(clipOf(0, 8)))?.trackId).toBe(trackIds[0]);

    await index.addTrack(trackIds[0]!, landmarks[0]!.slice(0, 100));
    shortLivedNumber = await numberOf(trackIds[0]!);
    expect(shortLivedNumber).toBeGreaterThan(first);
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

  it('reads a hash’s packed and pending postings as one list, deciding as the in-memory index does', async () => {
    // Track 1 indexed again as addTrack would leave it had its transaction taken a number before track 0's last
    // indexing and committed after the pack: pending postings under a number below packed ones, in hashes they share.
    const client = await pool.connect();
    try {
      await client.query('BEGIN');
      await client.query('UPDATE "Track" SET "fingerprintNumber" = $2 WHERE id = $1', [trackIds[1], shortLivedNumber]);
      await client.query('INSERT INTO "FingerprintPending" ("hash", "trackNumber", "offset") SELECT h, $1, o FROM UNNEST($2::int[], $3::int[]) AS t(h, o)', [
        shortLivedNumber,
        landmarks[1]!.map((landmark) => landmark.hash),
        landmarks[1]!.map((landmark) => landmark.offset),
      ]);
      await client.query('COMMIT');
    } finally {
      client.release();
    }
    const numbers = [await numberOf(trackIds[0]!), shortLivedNumber];
    expect(numbers[1]).toBeLessThan(numbers[0]!);
    const { rows } = await pool.query<{ hash: number }>('SELECT DISTINCT "hash" FROM "FingerprintPending" JOIN "FingerprintPostings" USING ("hash") WHERE "trackNumber" = $1', [numbers[1]]);
    expect(rows.length).toBeGreaterThan(50);
    // Each list comes in ascending track order, as the vote requires, the pending number among the packed ones.
    let mixed = 0;
    for (const [hash, list] of await index.postings(rows.map((row) => row.hash))) {
      const tracks = [...list.tracks];
      expect({ hash, tracks }).toEqual({ hash, tracks: [...tracks].sort((a, b) => a - b) });
      if (tracks.includes(numbers[0]!) && tracks.includes(numbers[1]!)) mixed++;
    }
    expect(mixed).toBeGreaterThan(0);
    const memory = PackedPostings.build(Math.max(...numbers) + 1, (number) => landmarksAsArrays(landmarks[numbers.indexOf(number)] ?? []));
    const visible = async (asked: readonly number[]) => new Map(asked.filter((number) => numbers.includes(number)).map((number) => [number, trackIds[numbers.indexOf(number)]!]));
    // The most anchor bins a match may be asked for and still be found: the vote's count of the winner's aligned bins.
    const anchorBins = async (find: (options: MatchOptions) => Promise<unknown>) => {
      let bins = 0;
      while (bins < 64 && (await find({ minAnchorBins: bins + 1 }))) bins++;
      return bins;
    };
    for (const [track, start] of [[0, 12], [1, 8], [1, 17]] as const) {
      const clip = clipOf(track, start);
      const [stored, inMemory] = [await index.identify(clip), await identifyInPostings(memory, clip, visible)];
      expect(stored?.trackId).toBe(trackIds[track]);
      expect({ offset: stored?.offsetSeconds, aligned: stored?.alignedLandmarks }).toEqual({ offset: inMemory?.offsetSeconds, aligned: inMemory?.alignedLandmarks });
      const bins = await anchorBins((options) => index.identify(clip, undefined, options));
      expect(bins).toBeGreaterThanOrEqual(8);
      expect(bins).toBe(await anchorBins((options) => identifyInPostings(memory, clip, visible, options)));
    }
  });

  it('rejects a read the server fails and keeps the pool usable; refuses a value that is not a hash', async () => {
    // A search path without the index's tables makes the COPY fail on the server. Three reads on a pool of two
    // connections: a failed read that kept its connection would leave the third waiting for ever.
    const misconfigured = new Pool({ connectionString: loadConfig().databaseUrl, options: '-c search_path=no_such_schema', max: 2 });
    try {
      const unreadable = new PostgresFingerprintIndex(misconfigured);
      for (let read = 0; read < 3; read++) await expect(unreadable.postings([1, 2, 3])).rejects.toThrow(/does not exist/);
      expect((await misconfigured.query<{ one: number }>('SELECT 1 AS one')).rows[0]).toEqual({ one: 1 });
    } finally {
      await misconfigured.end();
    }
    await expect(index.postings([1.5])).rejects.toThrow(/not a fingerprint hash: 1.5/);
  }, 20_000);

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
