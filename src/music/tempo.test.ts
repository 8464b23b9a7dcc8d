import { isWithinTempo, keyShiftSemitones, matchTempo, tempoChange } from './tempo';

describe('matchTempo', () => {
  it('measures a direct change', () => {
    const match = matchTempo(120, 126);
    expect(match.fold).toBe('same');
    expect(match.rate).toBeCloseTo(1.05, 10);
    expect(tempoChange(match)).toBeCloseTo(0.05, 10);
  });

  it('folds half time and double time', () => {
    expect(matchTempo(174, 87)).toMatchObject({ fold: 'half', rate: 1 });
    expect(matchTempo(87, 174)).toMatchObject({ fold: 'double', rate: 1 });
    expect(matchTempo(172, 88).fold).toBe('half');
    expect(tempoChange(matchTempo(172, 88))).toBeCloseTo(176 / 172 - 1, 10);
  });

  it('applies the tolerance inclusively', () => {
    expect(isWithinTempo(matchTempo(100, 106), 0.06)).toBe(true);
    expect(isWithinTempo(matchTempo(100, 106.5), 0.06)).toBe(false);
    expect(isWithinTempo(matchTempo(170, 90), 0.06)).toBe(true);
  });
});

describe('keyShiftSemitones', () => {
  it('is about one semitone per 6 % without key lock', () => {
    expect(keyShiftSemitones(1.06)).toBeCloseTo(1.009, 2);
    expect(keyShiftSemitones(2 ** (1 / 12))).toBeCloseTo(1, 10);
    expect(keyShiftSemitones(1 / 1.06)).toBeCloseTo(-1.009, 2);
    expect(keyShiftSemitones(1)).toBe(0);
  });
});
