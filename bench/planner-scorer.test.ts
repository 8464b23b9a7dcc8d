import { camelotOf, formatCamelot, isModerateHarmonic, isStrictHarmonic, scoreSet, tempoStep, type ScoredSong } from './planner-scorer';
import { parseKey, toCamelot, formatCamelot as formatProjectCamelot } from '../src/music/keys';

const NAMES = ['C', 'C#', 'D', 'D#', 'E', 'F', 'F#', 'G', 'G#', 'A', 'A#', 'B'];

function song(pitchClass: number, mode: number, bpm: number, energy = 5, artists: string[] = ['Someone']): ScoredSong {
  return { pitchClass, mode, bpm, energy, artists };
}

const key = (text: string) => {
  const [hour, letter] = [Number(text.slice(0, -1)), text.slice(-1) as 'A' | 'B'];
  return { hour, letter };
};

describe('camelotOf', () => {
  it('places the wheel’s landmarks', () => {
    expect(formatCamelot(camelotOf(0, 1))).toBe('8B'); // C major
    expect(formatCamelot(camelotOf(9, 0))).toBe('8A'); // A minor
    expect(formatCamelot(camelotOf(7, 1))).toBe('9B'); // G major
    expect(formatCamelot(camelotOf(11, 1))).toBe('1B'); // B major
    expect(formatCamelot(camelotOf(8, 0))).toBe('1A'); // G# minor
  });

  it('agrees with the project’s key parser on all 24 keys', () => {
    for (let pitchClass = 0; pitchClass < 12; pitchClass++) {
      for (const mode of [0, 1]) {
        const parsed = parseKey(`${NAMES[pitchClass]}${mode === 0 ? 'm' : ''}`);
        if (parsed.kind !== 'known') throw new Error('unparsed');
        expect(formatCamelot(camelotOf(pitchClass, mode))).toBe(formatProjectCamelot(toCamelot(parsed)));
      }
    }
  });
});

describe('harmonic rules', () => {
  it('STRICT: same key, ±1 hour same letter, relative major/minor, across 12 → 1', () => {
    for (const to of ['8A', '7A', '9A', '8B']) expect(isStrictHarmonic(key('8A'), key(to))).toBe(true);
    expect(isStrictHarmonic(key('12B'), key('1B'))).toBe(true);
    for (const to of ['9B', '7B', '10A', '3A', '2B']) expect(isStrictHarmonic(key('8A'), key(to))).toBe(false);
  });

  it('MODERATE adds the diagonals and the +2 energy boost, not −2 or ±3', () => {
    for (const to of ['9B', '7B', '10A', '8B']) expect(isModerateHarmonic(key('8A'), key(to))).toBe(true);
    expect(isModerateHarmonic(key('11B'), key('1B'))).toBe(true);
    for (const to of ['6A', '11A', '10B', '2A']) expect(isModerateHarmonic(key('8A'), key(to))).toBe(false);
  });
});

describe('tempoStep', () => {
  it('folds half and double time and is symmetric', () => {
    expect(tempoStep(120, 126)).toBeCloseTo(0.05, 10);
    expect(tempoStep(126, 120)).toBeCloseTo(0.05, 10);
    expect(tempoStep(174, 87)).toBeCloseTo(0, 10);
    expect(tempoStep(70, 147)).toBeCloseTo(0.05, 10);
    expect(tempoStep(100, 140)).toBeCloseTo(0.4, 10);
    expect(tempoStep(100, 145)).toBeCloseTo(200 / 145 - 1, 10); // 145 is nearer double 72.5 than 100
  });
});

describe('scoreSet', () => {
  const flat = () => 5;

  it('counts each rule over the transitions', () => {
    const songs = [song(9, 0, 120), song(9, 0, 126), song(4, 0, 137), song(4, 1, 170)]; // 8A, 8A, 9A, 12B
    const result = scoreSet(
      { entries: songs.map((s, index) => ({ song: s, startSeconds: index * 100 })), endSeconds: 400, targetSeconds: 420, targetEnergyAt: flat },
      3,
    );
    expect(result.transitions).toBe(3);
    expect(result.strictShare).toBeCloseTo(2 / 3);
    expect(result.moderateShare).toBeCloseTo(2 / 3);
    expect(result.tempoWithin5Share).toBeCloseTo(1 / 3); // 120→126 only; 126→137 is 8.7 %, 137→170 is 24 %
    expect(result.tempoWithin8Share).toBeCloseTo(1 / 3);
    expect(result.durationErrorSeconds).toBe(-20);
    expect(result.energyRmse).toBe(0);
  });

  it('weights energy by the time each track plays', () => {
    const entries = [
      { song: song(0, 1, 120, 8), startSeconds: 0 },
      { song: song(0, 1, 120, 2), startSeconds: 300 },
    ];
    const result = scoreSet({ entries, endSeconds: 400, targetSeconds: 400, targetEnergyAt: () => 5 }, 3);
    expect(result.energyRmse).toBeCloseTo(3, 10);
    const rising = scoreSet({ entries, endSeconds: 400, targetSeconds: 400, targetEnergyAt: (t) => (t < 300 ? 8 : 2) }, 3);
    expect(rising.energyRmse).toBe(0);
  });

  it('counts artist repeats next to each other and within the spacing, by any shared artist', () => {
    const artists = [['A'], ['B', 'a '], ['C'], ['D'], ['B'], ['E']];
    const entries = artists.map((names, index) => ({ song: song(0, 1, 120, 5, names), startSeconds: index * 60 }));
    const result = scoreSet({ entries, endSeconds: 360, targetSeconds: 360, targetEnergyAt: flat }, 3);
    expect(result.adjacentArtistRepeats).toBe(1); // A, then "B; a "
    expect(result.artistRepeatsWithinSpacing).toBe(2); // that pair, and B at 1 and 4 (two tracks between)
    expect(scoreSet({ entries, endSeconds: 360, targetSeconds: 360, targetEnergyAt: flat }, 1).artistRepeatsWithinSpacing).toBe(1);
  });

  it('scores a one-track set as having no failed transition', () => {
    const result = scoreSet({ entries: [{ song: song(0, 1, 120), startSeconds: 0 }], endSeconds: 200, targetSeconds: 200, targetEnergyAt: flat }, 3);
    expect(result).toMatchObject({ transitions: 0, strictShare: 1, tempoWithin5Share: 1, adjacentArtistRepeats: 0 });
  });
});
