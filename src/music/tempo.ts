/** Tempo relations between two tracks: half/double time folding and the pitch shift of a rate change. */

export type TempoFold = 'same' | 'half' | 'double';

export interface TempoMatch {
  /** Rate that brings `from` to the tempo of `to` (after folding), e.g. 1.03. */
  rate: number;
  /** |ln rate|, the size of the tempo jump independent of direction. */
  logDistance: number;
  /** `half`: `to` runs at half the tempo of `from` (174 → 87); `double` the reverse. */
  fold: TempoFold;
}

export function matchTempo(fromBpm: number, toBpm: number): TempoMatch {
  const direct = Math.log(toBpm / fromBpm);
  const candidates: Array<[number, TempoFold]> = [
    [direct, 'same'],
    [direct + Math.LN2, 'half'],
    [direct - Math.LN2, 'double'],
  ];
  let best = candidates[0]!;
  for (const candidate of candidates) if (Math.abs(candidate[0]) < Math.abs(best[0]) - 1e-12) best = candidate;
  return { rate: Math.exp(best[0]), logDistance: Math.abs(best[0]), fold: best[1] };
}

/** Relative tempo change as a fraction: |rate − 1|. */
export function tempoChange(match: TempoMatch): number {
  return Math.abs(match.rate - 1);
}

/** Without key lock a rate r transposes by 12·log2(r) semitones: +6 % ≈ +1 semitone. */
export function keyShiftSemitones(rate: number): number {
  return 12 * Math.log2(rate);
}

export function isWithinTempo(match: TempoMatch, tolerance: number): boolean {
  return tempoChange(match) <= tolerance + 1e-9;
}
