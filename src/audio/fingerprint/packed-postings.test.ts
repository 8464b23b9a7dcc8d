import type { Landmark } from './fingerprint';
import { matchLandmarks, type FingerprintHit } from './fingerprint-match';
import { MAX_POSTING_OFFSET, PackedPostings, everyTrackNumber, identifyInPostings, landmarksAsArrays, rankTracks } from './packed-postings';
import { mulberry32 } from '../../shared/seeded-random';

/** Landmarks spread over a small hash space, so tracks share hashes and random votes happen. */
function randomLandmarks(seed: number, count: number, frames: number): Landmark[] {
  const random = mulberry32(seed);
  return Array.from({ length: count }, () => ({ hash: Math.floor(random() * 5000), offset: Math.floor(random() * frames) })).sort((a, b) => a.offset - b.offset);
}

describe('packed postings', () => {
  const tracks = Array.from({ length: 40 }, (_, i) => randomLandmarks(i + 1, 3000, 9000));
  const packed = PackedPostings.build(tracks.length, (track) => landmarksAsArrays(tracks[track]!));

  it('holds every landmark once, at 6 bytes a posting', () => {
    expect(packed.size).toBe(40 * 3000);
    expect(packed.bytes).toBe(6 * packed.size + 4 * (2 ** 22 + 1));
  });

  it('decides as the vote over every hit does: same track, offset, aligned landmarks and confidence', async () => {
    // Every stored landmark that shares a hash with the query, as a row-per-landmark index returns them.
    const hitsOf = (query: Landmark[]): FingerprintHit[] => {
      const hashes = new Set(query.map((l) => l.hash));
      return tracks.flatMap((landmarks, i) => landmarks.filter((l) => hashes.has(l.hash)).map((l) => ({ hash: l.hash, trackId: String(i), offset: l.offset })));
    };
    const random = mulberry32(7);
    for (let q = 0; q < 30; q++) {
      const source = tracks[q % tracks.length]!;
      const start = Math.floor(random() * 8000);
      // A third of the queries are noise only; the rest keep a share of one track's landmarks in a window.
      const kept = q % 3 === 0 ? [] : source.filter((l) => l.offset >= start && l.offset < start + 400 && random() < 0.4).map((l) => ({ hash: l.hash, offset: l.offset - start }));
      const query = [...kept, ...randomLandmarks(1000 + q, 300, 400)];
      const expected = matchLandmarks(query, hitsOf(query));
      const found = await identifyInPostings(packed, query, everyTrackNumber);
      expect(found?.trackId).toBe(expected?.trackId);
      expect(found?.offsetSeconds).toBe(expected?.offsetSeconds);
      expect(found?.alignedLandmarks).toBe(expected?.alignedLandmarks);
      expect(found?.confidence).toBe(expected?.confidence);
    }
  });

  it('ranks tracks by aligned landmarks, the track a query was cut from first, at its offset', async () => {
    const start = 3000;
    const query = tracks[5]!.filter((l) => l.offset >= start && l.offset < start + 400).map((l) => ({ hash: l.hash, offset: l.offset - start }));
    const ranked = await rankTracks(packed, query, 3);
    expect(ranked.map((entry) => entry.track)[0]).toBe(5);
    expect(ranked[0]!.difference).toBe(start);
    expect(ranked).toHaveLength(3);
    expect(ranked[0]!.aligned).toBeGreaterThan(ranked[1]!.aligned);
    expect(ranked[1]!.aligned).toBeGreaterThanOrEqual(ranked[2]!.aligned);
  });

  it('decides among the visible tracks only, and against the last resolved candidate when fewer than two are visible', async () => {
    const start = 2000;
    const query = tracks[9]!.filter((l) => l.offset >= start && l.offset < start + 400).map((l) => ({ hash: l.hash, offset: l.offset - start }));
    const named = (visible: (n: number) => boolean) => async (numbers: readonly number[]) => new Map(numbers.filter(visible).map((n) => [n, `t${n}`]));
    expect((await identifyInPostings(packed, query, named(() => true)))?.trackId).toBe('t9');
    expect(await identifyInPostings(packed, query, named((n) => n !== 9))).toBeNull();
    // Alone among the 20 resolved candidates, track 9 must still clear 2.5 times the 20th's aligned landmarks.
    const ranked = await rankTracks(packed, query, 20);
    expect(ranked[0]!.aligned).toBeGreaterThanOrEqual(2.5 * ranked[19]!.aligned);
    const alone = await identifyInPostings(packed, query, named((n) => n === 9));
    expect(alone?.trackId).toBe('t9');
    expect(alone?.confidence).toBeCloseTo((1 - ranked[19]!.aligned / ranked[0]!.aligned) * Math.min(1, ranked[0]!.aligned / 50), 2);
  });

  it('leaves out anchors past the 16-bit offset range', () => {
    const long = PackedPostings.build(1, () => landmarksAsArrays([{ hash: 1, offset: MAX_POSTING_OFFSET }, { hash: 1, offset: MAX_POSTING_OFFSET + 1 }]));
    expect(long.size).toBe(1);
  });
});
