import { EnergyCurve } from './energy-curve';
import { exactSearch } from './exact-search';
import { PlanObjective } from './objective';
import { planSet } from './plan-set';
import { generatePool } from './pool-generator';
import { prepareTrack } from './prepare';
import type { PlanInput } from './types';

const window = 30;

describe('planSet on a small pool (exact search)', () => {
  const tracks = generatePool(14, 11);
  // Spacing 1 keeps the same artist off neighbouring slots only, which the DP handles exactly.
  const input: PlanInput = {
    tracks,
    targetDurationSeconds: 1800,
    energyMode: 'peak',
    eventPreset: 'birthday',
    durationWindowSeconds: window,
    minArtistSpacing: 1,
  };
  const result = planSet(input);

  it('uses the exact search and reports a zero gap', () => {
    expect(result.algorithm).toBe('exact');
    expect(result.quality.optimalityGap).toBe(0);
  });

  it('times the entries back to back', () => {
    result.entries.forEach((entry, position) => {
      expect(entry.mixInTime).toBeCloseTo(entry.startTime + entry.overlap, 9);
      expect(entry.mixOutTime).toBeGreaterThan(entry.startTime);
      const next = result.entries[position + 1];
      if (next !== undefined) expect(next.startTime).toBeCloseTo(entry.mixOutTime, 9);
    });
    expect(result.totalDurationSeconds).toBeCloseTo(result.entries[result.entries.length - 1]!.mixOutTime, 9);
    expect(Math.abs(result.quality.durationErrorSeconds)).toBeLessThanOrEqual(window);
  });

  it('explains every transition', () => {
    expect(result.entries[0]!.transition.style).toBe('start');
    for (const entry of result.entries.slice(1)) {
      expect(entry.transition.reasons.length).toBeGreaterThan(0);
      expect(['long-blend', 'blend', 'echo-out', 'cut', 'breakdown']).toContain(entry.transition.style);
      // Strict by default: a diagonal move or a boost is a clash too, and a clash never blends.
      expect(entry.transition.clash).toBe(entry.transition.harmony === 'moderate' || entry.transition.harmony === 'clash');
      if (entry.transition.clash === true) expect(['cut', 'echo-out', 'breakdown']).toContain(entry.transition.style);
      expect(entry.camelot).toMatch(/^(\d{1,2}[AB]|\?)$/);
    }
  });

  it('finds a plan at least as good as the heuristic', () => {
    const heuristic = planSet({ ...input, algorithm: 'heuristic' });
    expect(result.objective).toBeLessThanOrEqual(heuristic.objective + 1e-9);
  });

  it('returns the same objective as re-evaluating its sequence', () => {
    const pool = tracks.map((track, index) => prepareTrack(track, index));
    const objective = new PlanObjective(pool, new EnergyCurve('peak', 'birthday', 1800), {}, 1800, window, 1);
    const outcome = exactSearch(objective, pool.map((track) => track.index), {});
    expect(objective.evaluate(outcome.sequence)).toBeCloseTo(outcome.cost, 6);
  });

  it('reports progress up to 1', () => {
    const seen: number[] = [];
    planSet({ ...input, onProgress: (fraction) => seen.push(fraction) });
    expect(seen[seen.length - 1]).toBe(1);
    expect(seen.every((fraction) => fraction >= 0 && fraction <= 1)).toBe(true);
  });
});

describe('planSet on a large pool (heuristic)', () => {
  const tracks = generatePool(2000, 5);
  const input: PlanInput = { tracks, targetDurationSeconds: 3600, energyMode: 'build', eventPreset: 'club', seed: 9 };
  const result = planSet(input);

  it('follows keys, tempo, the curve and phrases', () => {
    expect(result.algorithm).toBe('heuristic');
    expect(result.quality.harmonicCompatibleShare).toBeGreaterThanOrEqual(0.95);
    expect(result.quality.tempoJumpsWithinShare).toBeGreaterThanOrEqual(0.95);
    expect(result.quality.energyRmse).toBeLessThanOrEqual(0.5);
    expect(result.quality.phraseAlignedShare).toBe(1);
    expect(Math.abs(result.quality.durationErrorSeconds)).toBeLessThanOrEqual(30);
  });

  it('builds energy over the set', () => {
    const energies = result.entries.map((entry) => entry.energy);
    const third = Math.floor(energies.length / 3);
    const average = (values: number[]): number => values.reduce((sum, value) => sum + value, 0) / values.length;
    expect(average(energies.slice(-third))).toBeGreaterThan(average(energies.slice(0, third)) + 1.5);
  });

  it('honours first and last locks', () => {
    const first = tracks[10]!.id;
    const last = tracks[20]!.id;
    const locked = planSet({ ...input, firstTrackId: first, lastTrackId: last });
    expect(locked.entries[0]!.trackId).toBe(first);
    expect(locked.entries[locked.entries.length - 1]!.trackId).toBe(last);
  });

  it('gives the tempo ratio and key shift of each blend', () => {
    for (const entry of result.entries.slice(1)) {
      expect(entry.tempoRatio).toBeGreaterThan(0.9);
      expect(entry.tempoRatio).toBeLessThan(1.1);
      if (entry.keyShift !== undefined) expect(entry.keyShift).toBeCloseTo(12 * Math.log2(entry.tempoRatio), 9);
    }
  });
});
