import type { Landmark } from './fingerprint';
import { isBetterAlignment, matchLandmarks, type Alignment, type FingerprintHit } from './fingerprint-match';
import { MAX_POSTING_OFFSET, PackedPostings, everyTrackNumber, identifyInPostings, landmarksAsArrays, rankTracks } from './packed-postings';
import { mulberry32 } from '../../shared/seeded-random';

/** Landmarks spread over a small hash space (5,000 hashes on 50 anchor bins), so tracks share hashes and random votes happen. */
function randomLandmarks(seed: number, count: number, frames: number): Landmark[] {
  const random = mulberry32(seed);
  const hash = () => (Math.floor(random() * 50) << 14) | Math.floor(random() * 100);
  return Array.from({ length: count }, () => ({ hash: hash(), offset: Math.floor(random() * frames) })).sort((a, b) => a.offset - b.offset);
}

/** One track's best alignment with a clip, voted hit by hit (matchLandmarks' rule). */
function bestAlignmentOf(query: Landmark[], landmarks: Landmark[]): Alignment {
  const votes = new Map<number, number>();
  for (const stored of landmarks) {
    for (const clip of query) if (clip.hash === stored.hash) votes.set(stored.offset - clip.offset, (votes.get(stored.offset - clip.offset) ?? 0) + 1);
  }
  let best: Alignment = { difference: 0, aligned: 0, votes: 0 };
  for (const [difference, count] of votes) {
    const candidate = { difference, votes: count, aligned: count + Math.max(votes.get(difference - 1) ?? 0, votes.get(difference + 1) ?? 0) };
    if (isBetterAlignment(candidate, best)) best = candidate;
  }
  return best;
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

  it('ranks exactly as a vote over every track does, ties by track number, although it skips tracks with too few hits', async () => {
    const random = mulberry32(11);
    for (let q = 0; q < 10; q++) {
      const source = tracks[q]!;
      const start = Math.floor(random() * 8000);
      const kept = source.filter((l) => l.offset >= start && l.offset < start + 400 && random() < 0.2).map((l) => ({ hash: l.hash, offset: l.offset - start }));
      const query = [...kept, ...randomLandmarks(2000 + q, 600, 400)];
      const expected = tracks
        .map((landmarks, track) => ({ track, ...bestAlignmentOf(query, landmarks) }))
        .filter((entry) => entry.aligned > 0)
        .sort((a, b) => b.aligned - a.aligned || a.track - b.track)
        .slice(0, 20);
      expect(await rankTracks(packed, query, 20)).toEqual(expected);
    }
  });

  it('keeps every track that ties or beats the last ranked one when most of its hits line up', async () => {
    // Hashes no two landmarks share, so a track's hits are the landmarks the query took from it: 1 to 6 for each.
    const random = mulberry32(5);
    const own = Array.from({ length: 60 }, (_, track) =>
      Array.from({ length: 200 }, (_, i) => ({ hash: (((track * 200 + i) % 200) << 14) | track, offset: 20 * i + Math.floor(random() * 10) })),
    );
    const index = PackedPostings.build(own.length, (track) => landmarksAsArrays(own[track]!));
    const query = own.flatMap((landmarks, track) => landmarks.slice(50, 50 + 1 + ((track * 7) % 6)).map((l) => ({ hash: l.hash, offset: l.offset - 900 })));
    const expected = own
      .map((landmarks, track) => ({ track, ...bestAlignmentOf(query, landmarks) }))
      .sort((a, b) => b.aligned - a.aligned || a.track - b.track)
      .slice(0, 20);
    expect(expected.at(-1)!.aligned).toBeGreaterThan(1);
    expect(await rankTracks(index, query, 20)).toEqual(expected);
  });

  it('decides among the visible tracks only, and against the last resolved candidate when fewer than two are visible', async () => {
    const start = 2000;
    const query = tracks[9]!.filter((l) => l.offset >= start && l.offset < start + 400).map((l) => ({ hash: l.hash, offset: l.offset - start }));
    const named = (visible: (n: number) => boolean) => async (numbers: readonly number[]) => new Map(numbers.filter(visible).map((n) => [n, `t${n}`]));
    expect((await identifyInPostings(packed, query, named(() => true)))?.trackId).toBe('t9');
    expect(await identifyInPostings(packed, query, named((n) => n !== 9))).toBeNull();
    // Alone among the 20 resolved candidates, track 9 must still clear the 20th's aligned landmarks by 3 deviations.
    const ranked = await rankTracks(packed, query, 20);
    expect(ranked[0]!.aligned).toBeGreaterThanOrEqual(ranked[19]!.aligned + 3 * Math.sqrt(ranked[19]!.aligned));
    const alone = await identifyInPostings(packed, query, named((n) => n === 9));
    expect(alone?.trackId).toBe('t9');
    expect(alone?.confidence).toBeCloseTo((1 - ranked[19]!.aligned / ranked[0]!.aligned) * Math.min(1, ranked[0]!.aligned / 50), 2);
  });

  it('leaves out anchors past the 16-bit offset range', () => {
    const long = PackedPostings.build(1, () => landmarksAsArrays([{ hash: 1, offset: MAX_POSTING_OFFSET }, { hash: 1, offset: MAX_POSTING_OFFSET + 1 }]));
    expect(long.size).toBe(1);
  });
});
