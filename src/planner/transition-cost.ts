/**
 * Cost of playing one track after another, with the reasons a DJ would give.
 * Lower is better; 0 is a same-key, same-tempo, same-energy blend.
 */
import { camelotRelation, harmonicClassOf, isHarmonicCompatible, shiftCamelot, type CamelotRelation } from '../music/camelot';
import type { HarmonicClass } from '../music/vocabulary';
import { formatCamelot } from '../music/keys';
import { prepareTrack, type PreparedTrack } from './prepare';
import { keyShiftSemitones, matchTempo, tempoChange, type TempoFold } from '../music/tempo';
import type { HarmonicStrictness, PlannerTrack, TransitionStyle } from './types';

export const DEFAULT_TEMPO_TOLERANCE = 0.06;
/** The classic Camelot rule is what DJs expect unless they ask for more freedom. */
export const DEFAULT_HARMONIC_STRICTNESS: HarmonicStrictness = 'strict';

export interface TransitionOptions {
  tempoTolerance?: number;
  keyLock?: boolean;
  harmonicStrictness?: HarmonicStrictness;
}

export interface TransitionScore {
  cost: number;
  reasons: string[];
  /** Relation between the key heard from the outgoing tail (after any rate shift) and the incoming key. */
  relation: CamelotRelation;
  /** Mixes under the MODERATE rule (strict moves, diagonal, energy boost). */
  harmonicCompatible: boolean;
  harmonicClass: HarmonicClass;
  /** A key clash under the chosen strictness (relaxed: outside the MODERATE rule); unknown keys never clash. */
  clash: boolean;
  /** Incoming BPM over outgoing BPM after half/double folding; the outgoing tail plays at this rate. */
  tempoRatio: number;
  tempoFold: TempoFold;
  /** |tempoRatio − 1|. */
  tempoChange: number;
  /**
   * Rules the caller asked for that this transition breaks (`strict` only): a key move outside the classic
   * Camelot rule counts 1, a tempo step beyond the tolerance TEMPO_BREAK_WEIGHT; 0–3. The objective prices
   * each break above every soft gain it could buy (objective.ts), so `cost` holds only the soft part.
   */
  ruleBreaks: number;
  keyShiftSemitones: number;
  energyStep: number;
  style: Exclude<TransitionStyle, 'start'>;
}

/**
 * Soft key cost per strictness. Under `strict` a move beyond the classic rule is also a rule break, which
 * the objective prices lexicographically (see `ruleBreaks`); its soft cost here only ranks one break
 * against another (a diagonal sounds better than a clash), so it is `moderate`'s.
 */
const MODERATE_RELATION_COST: Record<CamelotRelation, number> = { same: 0, relative: 0.3, adjacent: 0.3, diagonal: 0.8, 'energy-boost': 0.8, 'boost-without-rise': 3, clash: 3, unknown: 1.5 };
const RELATION_COST: Record<HarmonicStrictness, Record<CamelotRelation, number>> = {
  strict: MODERATE_RELATION_COST,
  moderate: MODERATE_RELATION_COST,
  relaxed: { same: 0, relative: 0.3, adjacent: 0.3, diagonal: 0.5, 'energy-boost': 0.5, 'boost-without-rise': 1.5, clash: 1.5, unknown: 1 },
};

/**
 * A tempo step beyond the tolerance counts as two broken rules under `strict`, a key clash as one: a clash
 * can be played through a cut, an echo-out or a breakdown (the transition styles below), while two decks
 * that far apart in tempo cannot be beat-matched at all.
 */
export const TEMPO_BREAK_WEIGHT = 2;

const TEMPO_WITHIN_WEIGHT = 3;
const TEMPO_BEYOND_BASE = 10;
const TEMPO_BEYOND_SLOPE = 50;
const FOLD_COST = 0.5;
const DETUNE_COST_PER_SEMITONE = 0.5;
const ENERGY_STEP_WEIGHT = 0.1;
const VOCAL_CLASH_COST = 0.4;
const GENRE_CHANGE_COST = 0.4;
/** Below half a semitone the ear hears a detune, not another key. */
const AUDIBLE_SHIFT_SEMITONES = 0.5;
/** Steps within a hair of the tolerance keep to it (5.0 % under a 5 % tolerance). */
const TOLERANCE_EPSILON = 1e-9;

/**
 * Upper bound of `cost` for any pair of tracks: after half/double folding a tempo step is at most √2 − 1
 * (< 0.5) and a key shift at most 6 semitones; energies lie in 1–10. The objective builds its rule-break
 * price on it.
 */
export const MAX_SOFT_TRANSITION_COST =
  Math.max(...Object.values(RELATION_COST).flatMap((costs) => Object.values(costs))) +
  Math.max(TEMPO_WITHIN_WEIGHT, TEMPO_BEYOND_BASE + TEMPO_BEYOND_SLOPE * 0.5) +
  FOLD_COST +
  DETUNE_COST_PER_SEMITONE * 6 +
  ENERGY_STEP_WEIGHT * 9 * 9 +
  VOCAL_CLASH_COST +
  GENRE_CHANGE_COST;

export function transitionCost(from: PlannerTrack, to: PlannerTrack, options: TransitionOptions = {}): TransitionScore {
  const reasons: string[] = [];
  return scoreTransition(prepareTrack(from, 0), prepareTrack(to, 1), options, reasons);
}

/** Pass `reasons` to collect explanations; the search loops leave it out to stay allocation-light. */
export function scoreTransition(
  from: PreparedTrack,
  to: PreparedTrack,
  options: TransitionOptions,
  reasons?: string[],
): TransitionScore {
  const tolerance = options.tempoTolerance ?? DEFAULT_TEMPO_TOLERANCE;
  const strictness = options.harmonicStrictness ?? DEFAULT_HARMONIC_STRICTNESS;
  const tempo = matchTempo(from.track.bpm, to.track.bpm);
  const rateChange = tempoChange(tempo);
  // A DJ's strict tolerance holds whichever deck is pitched: 130 → 124 BPM is −4.6 % on the outgoing deck
  // but +4.8 % on the incoming one, so `strict` judges the larger, max(r, 1/r) − 1.
  const change = strictness === 'strict' ? Math.exp(tempo.logDistance) - 1 : rateChange;
  const beyondTolerance = change > tolerance + (strictness === 'strict' ? TOLERANCE_EPSILON : 0);
  const shift = options.keyLock === true ? 0 : keyShiftSemitones(tempo.rate);
  const energyStep = to.track.energy - from.track.energy;
  const heardFrom =
    from.camelot !== undefined && Math.abs(shift) >= AUDIBLE_SHIFT_SEMITONES ? shiftCamelot(from.camelot, shift) : from.camelot;
  const relation = camelotRelation(heardFrom, to.camelot, energyStep > 0);

  let cost = RELATION_COST[strictness][relation];
  reasons?.push(describeRelation(relation, heardFrom === from.camelot ? from : undefined, to));

  const relative = change / tolerance;
  if (!beyondTolerance) {
    cost += TEMPO_WITHIN_WEIGHT * relative * relative;
  } else {
    cost += TEMPO_BEYOND_BASE + TEMPO_BEYOND_SLOPE * (change - tolerance);
  }
  if (tempo.fold !== 'same') cost += FOLD_COST;
  reasons?.push(describeTempo(from.track.bpm, to.track.bpm, tempo.rate, tempo.fold, beyondTolerance));

  if (Math.abs(shift) >= 0.05) {
    cost += DETUNE_COST_PER_SEMITONE * Math.abs(shift);
    reasons?.push(`tempo change shifts the outgoing key ${signed(shift, 2)} semitones (no key lock)`);
  }

  cost += ENERGY_STEP_WEIGHT * energyStep * energyStep;
  if (reasons !== undefined && energyStep !== 0) reasons.push(`energy ${signed(energyStep, 1)}`);

  if (from.track.hasVocals === true && to.track.hasVocals === true) {
    cost += VOCAL_CLASH_COST;
    reasons?.push('both tracks have vocals: keep the blend short');
  }
  if (from.track.genre !== undefined && to.track.genre !== undefined && from.track.genre !== to.track.genre) {
    cost += GENRE_CHANGE_COST;
    reasons?.push(`genre change ${from.track.genre} → ${to.track.genre}`);
  }

  const harmonicCompatible = isHarmonicCompatible(relation);
  const harmonicClass = harmonicClassOf(relation);
  const clash = harmonicClass === 'clash' || (strictness === 'strict' && harmonicClass === 'moderate');
  const ruleBreaks = strictness === 'strict' ? (clash ? 1 : 0) + (beyondTolerance ? TEMPO_BREAK_WEIGHT : 0) : 0;
  const style = chooseStyle(clash, change, beyondTolerance, tempo.fold, energyStep);
  if (reasons !== undefined && clash) reasons.push(`key clash under the ${strictness} rule: ${style}`);
  return {
    cost,
    reasons: reasons ?? [],
    relation,
    harmonicCompatible,
    harmonicClass,
    clash,
    tempoRatio: tempo.rate,
    tempoFold: tempo.fold,
    tempoChange: rateChange,
    ruleBreaks,
    keyShiftSemitones: shift,
    energyStep,
    style,
  };
}

/**
 * Long blends only where keys and tempos sit close; a big energy jump lands as a cut on the downbeat.
 * An unmatched tempo hides behind an echo-out; a key clash at a matched tempo comes in over the
 * outgoing track's breakdown (drums only, a few bars) so the two keys never sound together.
 */
function chooseStyle(
  clash: boolean,
  change: number,
  beyondTolerance: boolean,
  fold: TempoFold,
  energyStep: number,
): TransitionScore['style'] {
  if (beyondTolerance) return 'echo-out';
  if (Math.abs(energyStep) >= 2.5) return 'cut';
  if (clash) return 'breakdown';
  if (change <= 0.02 && Math.abs(energyStep) <= 1.5 && fold === 'same') return 'long-blend';
  return 'blend';
}

function describeRelation(relation: CamelotRelation, from: PreparedTrack | undefined, to: PreparedTrack): string {
  const pair = from === undefined ? `→ ${formatCamelot(to.camelot)} (shifted)` : `${formatCamelot(from.camelot)} → ${formatCamelot(to.camelot)}`;
  return `key ${relation} ${pair}`;
}

function describeTempo(fromBpm: number, toBpm: number, rate: number, fold: TempoFold, beyond: boolean): string {
  const folded = fold === 'same' ? '' : ` (${fold} time)`;
  const limit = beyond ? ', beyond tolerance' : '';
  return `tempo ${round(fromBpm, 1)} → ${round(toBpm, 1)} BPM, ${signed((rate - 1) * 100, 1)}%${folded}${limit}`;
}

function signed(value: number, digits: number): string {
  const text = round(value, digits).toString();
  return value >= 0 ? `+${text}` : text;
}

function round(value: number, digits: number): string {
  return value.toFixed(digits);
}
