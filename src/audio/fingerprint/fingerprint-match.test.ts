import { decideMatch } from './fingerprint-match';

/** The winning track with `aligned` landmarks at offset difference 100. */
const winner = (aligned: number) => ({ trackId: 'winner', difference: 100, aligned, votes: aligned });

describe('decideMatch', () => {
  it('refuses a winner below the minimum of aligned landmarks, however alone it stands', () => {
    expect(decideMatch(winner(14), 0, {})).toBeNull();
    expect(decideMatch(winner(15), 0, {})?.trackId).toBe('winner');
  });

  it('answers a winner with 2.5 times the runner-up track, refuses one below', () => {
    expect(decideMatch(winner(25), 10, {})?.alignedLandmarks).toBe(25);
    expect(decideMatch(winner(24), 10, {})).toBeNull();
    // So is 64 against 26: the price of refusing a clip that shares only its drum part with one track (docs/catalog.md).
    expect(decideMatch(winner(64), 26, {})).toBeNull();
  });

  it('takes the bar from the options', () => {
    expect(decideMatch(winner(30), 10, { minRatioToRunnerUp: 4 })).toBeNull();
    expect(decideMatch(winner(30), 10, { minRatioToRunnerUp: 2 })).not.toBeNull();
    expect(decideMatch(winner(20), 0, { minAligned: 25 })).toBeNull();
  });

  it('places the clip and grades the confidence by the margin and the count', () => {
    const match = decideMatch(winner(50), 10, {})!;
    expect(match.offsetSeconds).toBeCloseTo((100 * 256) / 11025, 3);
    expect(match.confidence).toBeCloseTo(0.8, 3);
  });
});
