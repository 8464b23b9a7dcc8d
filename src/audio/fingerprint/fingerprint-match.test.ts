import { decideMatch, standOutThreshold } from './fingerprint-match';

/** The winning track with `aligned` landmarks at offset difference 100. */
const winner = (aligned: number) => ({ trackId: 'winner', difference: 100, aligned, votes: aligned });

describe('decideMatch', () => {
  it('refuses a winner below the minimum of aligned landmarks, however alone it stands', () => {
    expect(decideMatch(winner(14), 0, {})).toBeNull();
    expect(decideMatch(winner(15), 0, {})?.trackId).toBe('winner');
  });

  it('answers a winner three standard deviations of a count above the runner-up', () => {
    // 26 + 3 × √26 = 41.3: 64 stands out (a fixed ratio of 2.5 refused it), 41 does not.
    expect(standOutThreshold(26, 3)).toBeCloseTo(41.3, 1);
    expect(decideMatch(winner(64), 26, {})?.alignedLandmarks).toBe(64);
    expect(decideMatch(winner(41), 26, {})).toBeNull();
  });

  it('refuses two tracks that line up about equally (near copies)', () => {
    expect(decideMatch(winner(120), 100, {})).toBeNull();
    expect(decideMatch(winner(131), 100, {})).not.toBeNull();
  });

  it('takes the bar from the options', () => {
    expect(decideMatch(winner(25), 10, { minSigmasAboveRunnerUp: 6 })).toBeNull();
    expect(decideMatch(winner(25), 10, { minSigmasAboveRunnerUp: 3 })).not.toBeNull();
    expect(decideMatch(winner(20), 0, { minAligned: 25 })).toBeNull();
  });

  it('places the clip and grades the confidence by the margin and the count', () => {
    const match = decideMatch(winner(50), 10, {})!;
    expect(match.offsetSeconds).toBeCloseTo((100 * 256) / 11025, 3);
    expect(match.confidence).toBeCloseTo(0.8, 3);
  });
});
