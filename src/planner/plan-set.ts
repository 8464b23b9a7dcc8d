/**
 * The planner's entry point: validate, prepare, search (exact up to 16 usable tracks, heuristic
 * above), then time the chosen order and report its quality. Pure and deterministic for a given
 * input and seed.
 */
import { EnergyCurve } from './energy-curve';
import { PlannerInputError } from './errors';
import { EXACT_SEARCH_MAX_TRACKS, exactSearch, type Locks } from './exact-search';
import { heuristicSearch } from './heuristic-search';
import { PlanObjective } from './objective';
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

  const options: TransitionOptions = { tempoTolerance: valid.tempoTolerance, keyLock: input.keyLock ?? false };
  const curve = new EnergyCurve(input.energyMode, input.eventPreset, input.targetDurationSeconds);
  const objective = new PlanObjective(pool, curve, options, input.targetDurationSeconds, valid.windowSeconds);
  const requested = input.algorithm ?? 'auto';
  if (requested === 'exact' && pool.length > EXACT_SEARCH_MAX_TRACKS) {
    throw new PlannerInputError('algorithm', 'too-many-tracks', `the exact search handles at most ${EXACT_SEARCH_MAX_TRACKS} usable tracks`);
  }
  const algorithm = requested === 'heuristic' || (requested === 'auto' && pool.length > EXACT_SEARCH_MAX_TRACKS) ? 'heuristic' : 'exact';
  const outcome =
    algorithm === 'exact'
      ? exactSearch(
          objective,
          pool.map((track) => track.index),
          locks,
          input.onProgress,
        )
      : heuristicSearch(objective, pool, locks, { seed: valid.seed, timeBudgetMs: valid.timeBudgetMs, onProgress: input.onProgress });

  const ordered = outcome.sequence.map((id) => pool[objective.globalOf[id]!]!);
  const schedule = scheduleEntries(ordered, options);
  const quality = computeQuality(ordered, schedule, curve, options);
  input.onProgress?.(1);
  return {
    entries: schedule.entries,
    quality: algorithm === 'exact' ? { ...quality, optimalityGap: 0 } : quality,
    totalDurationSeconds: schedule.totalDurationSeconds,
    objective: outcome.cost,
    algorithm,
    ...(valid.skipped.length > 0 ? { skipped: valid.skipped } : {}),
  };
}
