/**
 * Large-pool search: a few seeded greedy constructions, the best one improved by local search,
 * then iterated local search (perturb, improve, keep if better) until the work budget is spent.
 */
import { CandidateIndex } from './candidate-index';
import { constructSet } from './construct';
import { PlannerInputError } from './errors';
import type { Locks, SearchOutcome } from './exact-search';
import { candidatesAt, improve, type Solution } from './local-search';
import type { PlanObjective } from './objective';
import type { PreparedTrack } from './prepare';
import { randomInt, seededRandom, type Random } from './random';
import { SearchBudget } from './search-budget';
import { SearchContext, SMALL_POOL } from './search-context';

const CONSTRUCTIONS = 3;
/** Track positions evaluated per run (see SearchBudget): tens of milliseconds on one core. */
export const DEFAULT_MAX_WORK = 800_000;

export interface HeuristicOptions {
  seed: number;
  timeBudgetMs: number;
  maxWork?: number;
  onProgress?: (fraction: number) => void;
}

export function heuristicSearch(objective: PlanObjective, pool: PreparedTrack[], locks: Locks, options: HeuristicOptions): SearchOutcome {
  const random = seededRandom(options.seed);
  const index = pool.length > SMALL_POOL ? new CandidateIndex(pool) : undefined;
  const context = new SearchContext(objective, pool, index, locks, random);
  const budget = new SearchBudget(options.maxWork ?? DEFAULT_MAX_WORK, options.timeBudgetMs);

  let best: Solution | undefined;
  for (let attempt = 0; attempt < CONSTRUCTIONS; attempt++) {
    context.markTaken([]);
    const sequence = constructSet(context).map((global) => objective.local(global));
    const cost = objective.evaluate(sequence);
    if (best === undefined || cost < best.cost) best = { sequence, cost };
  }
  context.markTaken(best!.sequence);
  best = improve(context, best!, budget);
  while (!budget.exhausted()) {
    options.onProgress?.(budget.fraction);
    const perturbed = perturb(context, best.sequence, random);
    context.markTaken(perturbed);
    const candidate = improve(context, { sequence: perturbed, cost: objective.evaluate(perturbed) }, budget);
    if (candidate.cost < best.cost - 1e-9) best = candidate;
  }
  context.markTaken(best.sequence);
  if (!objective.isInsideWindow(objective.length(best.sequence))) {
    throw new PlannerInputError('targetDurationSeconds', 'unreachable', 'no set from this pool was found within the duration window');
  }
  return best;
}

/** A kick out of the local optimum: move a random segment elsewhere, then swap in a random neighbour. */
function perturb(context: SearchContext, sequence: number[], random: Random): number[] {
  const low = context.locks.first === undefined ? 0 : 1;
  const high = context.locks.last === undefined ? sequence.length : sequence.length - 1;
  const span = high - low;
  if (span < 2) return sequence.slice();
  const length = 1 + randomInt(random, Math.min(3, span - 1));
  const from = low + randomInt(random, span - length + 1);
  const moved = sequence.slice(from, from + length);
  const rest = sequence.slice(0, from).concat(sequence.slice(from + length));
  const to = low + randomInt(random, span - length + 1);
  const result = rest.slice(0, to).concat(moved, rest.slice(to));
  context.markTaken(result);
  const position = low + randomInt(random, span);
  const candidates = candidatesAt(context, result, position);
  if (candidates.length > 0) result[position] = candidates[randomInt(random, candidates.length)]!;
  return result;
}
