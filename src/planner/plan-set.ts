/**
 * The planner's entry point: validate, prepare, search (exact up to 16 usable tracks, heuristic
 * above), then time the chosen order and report its quality. Pure and deterministic for a given
 * input and seed.
 */
import { EnergyCurve } from './energy-curve';
import { PlannerInputError } from './errors';
import { EXACT_SEARCH_MAX_TRACKS, exactSearch, type Locks, type SearchOutcome } from './exact-search';
import { heuristicSearch } from './heuristic-search';
import { PlanObjective } from './objective';
import { fitPlayLengths } from './play-length';
import { keyParser, prepareTrack } from './prepare';
import { computeQuality } from './quality';
import { scheduleEntries } from './schedule';
import type { TransitionOptions } from './transition-cost';
import type { PlanInput, PlanResult } from './types';
import { checkDurationReachable, validatePlanInput } from './validate';

export function planSet(input: PlanInput): PlanResult {
  const valid = validatePlanInput(input);
  const parse = keyParser();
  const pool = valid.usable.map((track, index) => prepareTrack(track, index, parse));
  const positionOf = (id: string | undefined): number | undefined => (id === undefined ? undefined : pool.findIndex((track) => track.track.id === id));
  const locks: Locks = { first: positionOf(input.firstTrackId), last: positionOf(input.lastTrackId) };
  checkDurationReachable(pool, locks, input.targetDurationSeconds, valid.windowSeconds);

  const options: TransitionOptions = { tempoTolerance: valid.tempoTolerance, keyLock: input.keyLock ?? false, harmonicStrictness: valid.harmonicStrictness };
  const curve = new EnergyCurve(input.energyMode, input.eventPreset, input.targetDurationSeconds);
  const objective = new PlanObjective(pool, curve, options, input.targetDurationSeconds, valid.windowSeconds, valid.minArtistSpacing);
  const requested = input.algorithm ?? 'auto';
  if (requested === 'exact' && pool.length > EXACT_SEARCH_MAX_TRACKS) {
    throw new PlannerInputError('algorithm', 'too-many-tracks', `the exact search handles at most ${EXACT_SEARCH_MAX_TRACKS} usable tracks`);
  }
  const algorithm: 'exact' | 'heuristic' = requested === 'heuristic' || (requested === 'auto' && pool.length > EXACT_SEARCH_MAX_TRACKS) ? 'heuristic' : 'exact';
  const heuristic = (): SearchOutcome =>
    heuristicSearch(objective, pool, locks, { seed: valid.seed, timeBudgetMs: valid.timeBudgetMs, onProgress: input.onProgress });
  let outcome = algorithm === 'exact' ? exactSearch(objective, pool.map((track) => track.index), locks, input.onProgress) : heuristic();
  // The DP keeps the same artist apart between neighbours only: when its set repeats an artist within the
  // spacing, the full objective is dearer than the DP's, and the heuristic (which sees the whole rule) runs too.
  let cost = objective.evaluate(outcome.sequence);
  let chosen = algorithm;
  if (algorithm === 'exact' && cost > outcome.cost + 1e-9) {
    const searched = heuristic();
    if (searched.cost < cost - 1e-9) {
      outcome = searched;
      cost = searched.cost;
      chosen = 'heuristic';
    }
  }

  const ordered = outcome.sequence.map((id) => pool[objective.globalOf[id]!]!);
  const points = fitPlayLengths(ordered, input.targetDurationSeconds);
  const schedule = scheduleEntries(ordered, options, undefined, points);
  const quality = computeQuality(ordered, schedule, curve, options, points);
  input.onProgress?.(1);
  return {
    entries: schedule.entries,
    quality: chosen === 'exact' && cost <= outcome.cost + 1e-9 ? { ...quality, optimalityGap: 0 } : quality,
    totalDurationSeconds: schedule.totalDurationSeconds,
    objective: cost,
    algorithm: chosen,
    ...(valid.skipped.length > 0 ? { skipped: valid.skipped } : {}),
  };
}
