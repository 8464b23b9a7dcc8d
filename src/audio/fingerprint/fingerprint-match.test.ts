import type { Landmark } from './fingerprint';
import { decideMatch, matchLandmarks, type FingerprintHit } from './fingerprint-match';

/** The winning track with `aligned` landmarks at offset difference 100, their anchors on `anchorBins` frequency bins. */
const winner = (aligned: number, anchorBins = 20) => ({ trackId: 'winner', difference: 100, aligned, votes: aligned, anchorBins });

describe('decideMatch', () => {
  it('refuses a winner below the minimum of aligned landmarks, however alone it stands', () => {
    expect(decideMatch(winner(14), 0, {})).toBeNull();
    expect(decideMatch(winner(15), 0, {})?.trackId).toBe('winner');
  });

  it('answers a winner three standard deviations of a count above the runner-up track, refuses one below', () => {
    // 10 + 3·√10 = 19.5; 26 + 3·√26 = 41.3.
    expect(decideMatch(winner(20), 10, {})?.alignedLandmarks).toBe(20);
    expect(decideMatch(winner(19), 10, {})).toBeNull();
    expect(decideMatch(winner(64), 26, {})?.alignedLandmarks).toBe(64);
    expect(decideMatch(winner(41), 26, {})).toBeNull();
  });

  it('refuses a winner whose aligned landmarks are anchored on fewer than 8 frequency bins (a shared drum part)', () => {
    expect(decideMatch(winner(40, 7), 5, {})).toBeNull();
    expect(decideMatch(winner(40, 8), 5, {})?.trackId).toBe('winner');
  });

  it('takes the bars from the options', () => {
    expect(decideMatch(winner(30), 10, { minDeviationsAboveRunnerUp: 7 })).toBeNull();
    expect(decideMatch(winner(30), 10, { minDeviationsAboveRunnerUp: 6 })).not.toBeNull();
    expect(decideMatch(winner(20), 0, { minAligned: 25 })).toBeNull();
    expect(decideMatch(winner(30, 8), 0, { minAnchorBins: 9 })).toBeNull();
  });

  it('places the clip and grades the confidence by the margin and the count', () => {
    const match = decideMatch(winner(50), 10, {})!;
    expect(match.offsetSeconds).toBeCloseTo((100 * 256) / 11025, 3);
    expect(match.confidence).toBeCloseTo(0.8, 3);
  });
});

describe('matchLandmarks', () => {
  /** A landmark anchored on `bin`, its target and gap fixed. */
  const landmark = (bin: number, offset: number): Landmark => ({ hash: (bin << 14) | (40 << 6) | 5, offset });

  it('counts the anchor bins of the winner\'s aligned landmarks only', () => {
    // 20 landmarks on 10 bins line up with track "a" 300 frames in; track "b" holds the same hashes at scattered places.
    const query = Array.from({ length: 20 }, (_, i) => landmark(10 + (i % 10), 7 * i));
    const hits: FingerprintHit[] = [
      ...query.map((l) => ({ hash: l.hash, trackId: 'a', offset: l.offset + 300 })),
      ...query.map((l, i) => ({ hash: l.hash, trackId: 'b', offset: 1000 + 97 * i })),
    ];
    expect(matchLandmarks(query, hits)).toMatchObject({ trackId: 'a', alignedLandmarks: 20 });
    expect(matchLandmarks(query, hits, { minAnchorBins: 11 })).toBeNull();
  });

  it('refuses a repeated pattern on a few bins, however many of its hits line up', () => {
    // A drum part: four pitches, repeated 10 times, every hit in line with track "a".
    const query = Array.from({ length: 40 }, (_, i) => landmark(5 + (i % 4), 11 * i));
    const hits = query.map((l) => ({ hash: l.hash, trackId: 'a', offset: l.offset + 50 }));
    expect(matchLandmarks(query, hits)).toBeNull();
    expect(matchLandmarks(query, hits, { minAnchorBins: 4 })?.alignedLandmarks).toBe(40);
  });
});
