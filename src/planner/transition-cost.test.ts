import { TEMPO_BREAK_WEIGHT, transitionCost } from './transition-cost';
import type { PlannerTrack } from './types';

const track = (id: string, bpm: number, key: string, energy: number, extra: Partial<PlannerTrack> = {}): PlannerTrack => ({
  id,
  durationSeconds: 240,
  bpm,
  key,
  energy,
  ...extra,
});

describe('transitionCost', () => {
  it('costs nothing for the same key, tempo and energy', () => {
    const score = transitionCost(track('a', 124, '8A', 6), track('b', 124, 'Am', 6));
    expect(score.cost).toBe(0);
    expect(score.relation).toBe('same');
    expect(score.style).toBe('long-blend');
    expect(score.reasons.some((reason) => reason.includes('same'))).toBe(true);
  });

  it('ranks relations: same < adjacent < clash', () => {
    const from = track('a', 124, '8A', 6);
    const same = transitionCost(from, track('b', 124, '8A', 6)).cost;
    const adjacent = transitionCost(from, track('b', 124, '9A', 6)).cost;
    const clash = transitionCost(from, track('b', 124, '2B', 6)).cost;
    expect(same).toBeLessThan(adjacent);
    expect(adjacent).toBeLessThan(clash);
  });

  it('accepts an energy boost only when energy rises', () => {
    expect(transitionCost(track('a', 124, '8A', 5), track('b', 124, '10A', 7)).relation).toBe('energy-boost');
    expect(transitionCost(track('a', 124, '8A', 7), track('b', 124, '10A', 5)).harmonicCompatible).toBe(false);
  });

  it('grows with the tempo change and jumps beyond the tolerance', () => {
    const from = track('a', 120, '8A', 6);
    const costs = [120, 122, 125, 127.1, 132].map((bpm) => transitionCost(from, track('b', bpm, '8A', 6), { keyLock: true }).cost);
    for (let index = 1; index < costs.length; index++) expect(costs[index]!).toBeGreaterThan(costs[index - 1]!);
    expect(costs[4]! - costs[3]!).toBeGreaterThan(3);
    expect(transitionCost(from, track('b', 132, '8A', 6)).style).toBe('echo-out');
  });

  it('treats half/double time as a tempo match with a small surcharge', () => {
    const score = transitionCost(track('a', 174, '8A', 6), track('b', 87, '8A', 6));
    expect(score.tempoFold).toBe('half');
    expect(score.tempoChange).toBe(0);
    expect(score.cost).toBeGreaterThan(0);
    expect(score.cost).toBeLessThan(1);
  });

  it('hears the key shift of a tempo change without key lock', () => {
    const from = track('a', 120, '8A', 6);
    const to = track('b', 126, '8A', 6);
    const unlocked = transitionCost(from, to);
    expect(unlocked.keyShiftSemitones).toBeCloseTo(0.845, 2);
    expect(unlocked.relation).toBe('clash');
    expect(unlocked.reasons.some((reason) => reason.includes('semitones'))).toBe(true);
    const locked = transitionCost(from, to, { keyLock: true });
    expect(locked.keyShiftSemitones).toBe(0);
    expect(locked.relation).toBe('same');
  });

  it('turns a shifted key into a match when the shift lands on it', () => {
    // 8A played one semitone up sounds as 3A.
    expect(transitionCost(track('a', 120, '8A', 6), track('b', 127.2, '3A', 6), { tempoTolerance: 0.08 }).relation).toBe('same');
  });

  it('reports energy steps, vocals and genre changes', () => {
    const score = transitionCost(
      track('a', 124, '8A', 4, { hasVocals: true, genre: 'house' }),
      track('b', 124, '8A', 8, { hasVocals: true, genre: 'techno' }),
    );
    expect(score.energyStep).toBe(4);
    expect(score.style).toBe('cut');
    expect(score.reasons.join(' ')).toMatch(/energy \+4/);
    expect(score.reasons.join(' ')).toMatch(/vocals/);
    expect(score.reasons.join(' ')).toMatch(/genre change house → techno/);
  });

  it('handles an unknown key explicitly', () => {
    const score = transitionCost(track('a', 124, 'n/a', 6), track('b', 124, '8A', 6));
    expect(score.relation).toBe('unknown');
    expect(score.harmonicCompatible).toBe(false);
    expect(Number.isFinite(score.cost)).toBe(true);
  });

  it('counts the requested rules a transition breaks under strict only', () => {
    const from = track('a', 124, '8A', 6);
    const strict = { harmonicStrictness: 'strict', tempoTolerance: 0.05, keyLock: true } as const;
    expect(transitionCost(from, track('b', 126, '9A', 6), strict).ruleBreaks).toBe(0);
    expect(transitionCost(from, track('b', 124, '9B', 6), strict).ruleBreaks).toBe(1);
    // A tempo step beyond the tolerance counts more than a key clash: only the clash can be cut or echoed out.
    expect(transitionCost(from, track('b', 134, '8A', 6), strict).ruleBreaks).toBe(TEMPO_BREAK_WEIGHT);
    expect(TEMPO_BREAK_WEIGHT).toBeGreaterThan(1);
    expect(transitionCost(from, track('b', 134, '2B', 6), strict).ruleBreaks).toBe(1 + TEMPO_BREAK_WEIGHT);
    expect(transitionCost(from, track('b', 134, '2B', 6), { ...strict, harmonicStrictness: 'moderate' }).ruleBreaks).toBe(0);
  });

  it('judges the strict tempo tolerance whichever deck is pitched', () => {
    // 130 → 123.6 BPM: the outgoing deck slows 4.9 %, the incoming one would speed up 5.2 %.
    const from = track('a', 130, '8A', 6);
    const to = track('b', 123.6, '8A', 6);
    expect(transitionCost(from, to, { harmonicStrictness: 'strict', tempoTolerance: 0.05, keyLock: true }).ruleBreaks).toBe(TEMPO_BREAK_WEIGHT);
    expect(transitionCost(from, to, { harmonicStrictness: 'moderate', tempoTolerance: 0.05, keyLock: true }).style).not.toBe('echo-out');
    expect(transitionCost(track('a', 130, '8A', 6), track('b', 136.5, '8A', 6), { harmonicStrictness: 'strict', tempoTolerance: 0.05, keyLock: true }).ruleBreaks).toBe(0);
  });
});
