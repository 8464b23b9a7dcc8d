/** How two keys relate on the Camelot wheel, and which relations mix without a clash. */
import type { Camelot } from './keys';
import type { HarmonicClass } from './vocabulary';

export type CamelotRelation =
  | 'same'
  | 'relative'
  | 'adjacent'
  | 'diagonal'
  | 'energy-boost'
  | 'boost-without-rise'
  | 'clash'
  | 'unknown';

/** Steps clockwise from `from` to `to`, 0–11. */
function stepsBetween(from: Camelot, to: Camelot): number {
  return (((to.number - from.number) % 12) + 12) % 12;
}

/**
 * `energyRises` decides the +2 / +7 moves: they lift a set (a whole tone, a semitone up)
 * and only sound intended when the energy goes up with them.
 */
export function camelotRelation(from: Camelot | undefined, to: Camelot | undefined, energyRises: boolean): CamelotRelation {
  if (from === undefined || to === undefined) return 'unknown';
  const steps = stepsBetween(from, to);
  if (from.letter === to.letter) {
    if (steps === 0) return 'same';
    if (steps === 1 || steps === 11) return 'adjacent';
    if (steps === 2 || steps === 7) return energyRises ? 'energy-boost' : 'boost-without-rise';
    return 'clash';
  }
  if (steps === 0) return 'relative';
  // Diagonal moves keep five of seven notes: minor one step clockwise to major (8A→9B), major one step back to minor (8B→7A).
  if ((from.letter === 'A' && steps === 1) || (from.letter === 'B' && steps === 11)) return 'diagonal';
  return 'clash';
}

const COMPATIBLE: ReadonlySet<CamelotRelation> = new Set<CamelotRelation>(['same', 'relative', 'adjacent', 'diagonal', 'energy-boost']);

/** Any relation that mixes at all (the MODERATE rule): the classic moves plus diagonal and the energy boost. */
export function isHarmonicCompatible(relation: CamelotRelation): boolean {
  return COMPATIBLE.has(relation);
}

/**
 * How a mix is rated by DJ tools: `strict` is the classic Camelot rule (same key, ±1 with the same letter,
 * relative major/minor); `moderate` the diagonal move and the +2/+7 boost; `clash` anything else.
 */
export function harmonicClassOf(relation: CamelotRelation): HarmonicClass {
  switch (relation) {
    case 'same':
    case 'relative':
    case 'adjacent':
      return 'strict';
    case 'diagonal':
    case 'energy-boost':
      return 'moderate';
    case 'boost-without-rise':
    case 'clash':
      return 'clash';
    case 'unknown':
      return 'unknown';
  }
}

/** The key heard when a track plays `semitones` higher (rounded): one semitone is seven steps on the wheel. */
export function shiftCamelot(code: Camelot, semitones: number): Camelot {
  const steps = Math.round(semitones) * 7;
  return { number: ((((code.number - 1 + steps) % 12) + 12) % 12) + 1, letter: code.letter };
}

/** Dense index 0–23 for bucketing; 24 stands for an unknown key. */
export function camelotIndex(code: Camelot | undefined): number {
  return code === undefined ? 24 : (code.number - 1) * 2 + (code.letter === 'B' ? 1 : 0);
}

export function camelotFromIndex(index: number): Camelot | undefined {
  return index >= 24 ? undefined : { number: Math.floor(index / 2) + 1, letter: index % 2 === 1 ? 'B' : 'A' };
}
