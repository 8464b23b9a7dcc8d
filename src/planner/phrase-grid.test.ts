import { mixProfileOf } from './mix-profile';
import { barSecondsOf } from '../music/meter';
import { phraseGridOf } from './phrase-grid';
import type { PlannerTrack } from './types';

const BPM = 120; // 2 s per bar, 16 s per 8-bar phrase.
const base: PlannerTrack = { id: 't', durationSeconds: 300, bpm: BPM, key: '8A', energy: 5 };

function gridTrack(firstDownbeat: number, jitter: (bar: number) => number = () => 0): PlannerTrack {
  const downbeats: number[] = [];
  const beats: number[] = [];
  for (let bar = 0; firstDownbeat + bar * 2 < 300; bar++) {
    const time = firstDownbeat + bar * 2 + jitter(bar);
    downbeats.push(time);
    for (let beat = 0; beat < 4; beat++) beats.push(time + beat * 0.5);
  }
  return { ...base, beatGrid: { beats, downbeats } };
}

describe('phrase grid from BPM and first downbeat', () => {
  const grid = phraseGridOf({ ...base, firstDownbeat: 0.4 });

  it('places bars every 4 beats from the first downbeat', () => {
    expect(barSecondsOf(BPM)).toBe(2);
    expect(grid.source).toBe('tempo');
    expect(grid.barTime(0)).toBeCloseTo(0.4);
    expect(grid.barTime(8)).toBeCloseTo(16.4);
    expect(grid.barTime(32)).toBeCloseTo(64.4);
  });

  it('recognises phrase starts every 8 bars (so also 16 and 32)', () => {
    for (const bars of [0, 8, 16, 24, 32, 64]) expect(grid.isPhraseStart(0.4 + bars * 2)).toBe(true);
    for (const bars of [1, 4, 12, 31]) expect(grid.isPhraseStart(0.4 + bars * 2)).toBe(false);
    expect(grid.isPhraseStart(16.5)).toBe(false);
  });

  it('snaps back to the latest phrase start', () => {
    expect(grid.phraseStartAtOrBefore(40)).toBeCloseTo(32.4);
    expect(grid.phraseStartAtOrBefore(32.4)).toBeCloseTo(32.4);
    expect(grid.phraseStartAtOrBefore(0)).toBeCloseTo(0.4);
  });
});

describe('phrase grid from a beat grid', () => {
  const jitter = (bar: number): number => (bar % 3) * 0.004;
  const grid = phraseGridOf(gridTrack(0.25, jitter));

  it('follows the analysed downbeats, not the nominal tempo', () => {
    expect(grid.source).toBe('beat-grid');
    expect(grid.barTime(8)).toBeCloseTo(0.25 + 16 + jitter(8), 6);
    expect(grid.isPhraseStart(0.25 + 16 + jitter(8))).toBe(true);
    expect(grid.isPhraseStart(0.25 + 18 + jitter(9))).toBe(false);
  });

  it('snaps to the phrase start made of downbeat 8k', () => {
    expect(grid.phraseStartAtOrBefore(50)).toBeCloseTo(0.25 + 48 + jitter(24), 6);
  });

  it('extrapolates at the BPM after the last downbeat', () => {
    const last = grid.barTime(149);
    expect(grid.barTime(151)).toBeCloseTo(last + 4, 6);
  });
});

describe('phrase grid from listed phrase boundaries', () => {
  it('uses the listed starts', () => {
    const grid = phraseGridOf({ ...base, phraseBoundaries: [32.1, 0.1, 16.1, 64.1] });
    expect(grid.source).toBe('phrase-list');
    expect(grid.isPhraseStart(16.1)).toBe(true);
    expect(grid.isPhraseStart(48.1)).toBe(false);
    expect(grid.phraseStartAtOrBefore(60)).toBeCloseTo(32.1);
  });
});

describe('mix profile', () => {
  it('starts on the first downbeat and leaves on a phrase start with a 32-bar outro', () => {
    const track = { ...base, firstDownbeat: 0.4 };
    const grid = phraseGridOf(track);
    const profile = mixProfileOf(300, grid);
    expect(profile.cue).toBeCloseTo(0.4);
    expect(grid.isPhraseStart(profile.mixOut)).toBe(true);
    expect(profile.tail).toBeGreaterThanOrEqual(32 * 2);
    expect(profile.tail).toBeLessThan(32 * 2 + 16);
    expect(profile.playSeconds).toBeCloseTo(profile.mixOut - 0.4);
    expect(profile.fullSeconds).toBeCloseTo(299.6);
  });

  it('falls back to a shorter outro on a short track', () => {
    const track = { ...base, durationSeconds: 100, bpm: 60 }; // 4 s bars: 32 bars would eat more than half.
    const profile = mixProfileOf(100, phraseGridOf(track));
    expect(profile.tail).toBeGreaterThanOrEqual(8 * 4);
    expect(profile.tail).toBeLessThan(32 * 4);
    expect(profile.playSeconds).toBeGreaterThanOrEqual(50);
  });

  it('aligns the mix-out with the beat grid', () => {
    const track = gridTrack(0.3, (bar) => (bar % 2) * 0.005);
    const grid = phraseGridOf(track);
    expect(grid.isPhraseStart(mixProfileOf(300, grid).mixOut)).toBe(true);
  });
});
