/**
 * Large-pool search: a few seeded greedy constructions, the best one improved by local search,
 * then iterated local search (perturb, improve, keep if better) until the work budget is spent.
 */
import { CandidateIndex } from './candidate-index';
import { constructSet } from './construct';
import { PlannerInputError } from './errors';
import { exactSearch, type Locks, type SearchOutcome } from './exact-search';
import { candidatesAt, improve, type Solution } from './local-search';
import type { PlanObjective } from './objective';
import type { PreparedTrack } from './prepare';
import { randomInt, seededRandom, type Random } from './random';
import { SearchBudget } from './search-budget';
import { SearchContext, SMALL_POOL } from './search-context';

const CONSTRUCTIONS = 3;
const EXACT_REORDER_MAX_TRACKS = 12;
/** A perturbed set within this share of the current soft cost becomes the new walking point. */
const WALK_SLACK = 0.06;
const RETURN_TO_BEST_AFTER = 25;
/** Without progress for this long, a fresh construction may lead to another basin. */
const RESTART_AFTER = 60;
/**
 * Track positions evaluated per run (see SearchBudget). Large pools offer a good neighbour at
 * every step, so the search settles fast (tens of milliseconds); small pools force harder
 * trade-offs between subsets and get more restarts (0.2–0.5 s for 60 tracks). With half this,
 * 4 of 48 pools of 60 real songs kept more tempo breaks than the target allows, against 1 with
 * this (docs/planner.md).
 */
export const LARGE_POOL_MAX_WORK = 400_000;
export const SMALL_POOL_MAX_WORK = 4_000_000;

export interface HeuristicOptions {
  seed: number;
  timeBudgetMs: number;
  maxWork?: number;
  onProgress?: (fraction: number) => void;
}

export function heuristicSearch(objective: PlanObjective, pool: PreparedTrack[], locks: Locks, options: HeuristicOptions): SearchOutcome {
  const random = seededRandom(options.seed);
  const index = pool.length > SMALL_POOL ? new CandidateIndex(pool, objective.options.harmonicStrictness === 'strict') : undefined;
  const context = new SearchContext(objective, pool, index, locks, random);
  const budget = new SearchBudget(options.maxWork ?? (index === undefined ? SMALL_POOL_MAX_WORK : LARGE_POOL_MAX_WORK), options.timeBudgetMs);

  let best = constructed(context);
  for (let attempt = 1; attempt < CONSTRUCTIONS; attempt++) {
    const another = constructed(context);
    if (another.cost < best.cost) best = another;
  }
  context.markTaken(best.sequence);
  best = reorderExactly(context, improve(context, best, budget));
  // Iterated local search: the walk may accept slightly worse sets to leave a basin, and returns to the best after a while.
  let current = best;
  let sinceBest = 0;
  while (!budget.exhausted()) {
    options.onProgress?.(budget.fraction);
    const perturbed = perturb(context, current.sequence, random);
    context.markTaken(perturbed);
    const candidate = improve(context, { sequence: perturbed, cost: objective.evaluate(perturbed) }, budget);
    if (candidate.cost < best.cost - 1e-9) {
      best = reorderExactly(context, candidate);
      sinceBest = 0;
    } else {
      sinceBest++;
    }
    // The slack is a share of the soft tier only: under `strict` the walk never buys a soft gain with a rule break.
    if (candidate.cost < current.cost + WALK_SLACK * objective.softPart(current.cost)) current = candidate;
    if (sinceBest % RETURN_TO_BEST_AFTER === RETURN_TO_BEST_AFTER - 1) current = best;
    if (sinceBest % RESTART_AFTER === RESTART_AFTER - 1) current = improve(context, constructed(context), budget);
  }
  context.markTaken(best.sequence);
  if (!objective.fits(best.sequence)) {
    throw new PlannerInputError('targetDurationSeconds', 'unreachable', 'no set from this pool was found within the duration window');
  }
  return best;
}

/** Small sets get their order from the exact search over that fixed set (a few milliseconds at 12 tracks). */
function reorderExactly(context: SearchContext, solution: Solution): Solution {
  if (solution.sequence.length > EXACT_REORDER_MAX_TRACKS || !context.objective.fits(solution.sequence)) {
    return solution;
  }
  const globals = solution.sequence.map((id) => context.objective.globalOf[id]!);
  const { sequence } = exactSearch(context.objective, globals, context.locks, undefined, true);
  // The DP keeps artists apart only between neighbours: the full objective judges the new order.
  const cost = context.objective.evaluate(sequence);
  return cost < solution.cost - 1e-9 ? { sequence, cost } : solution;
}

function constructed(context: SearchContext): Solution {
  context.markTaken([]);
  const sequence = constructSet(context).map((global) => context.objective.local(global));
  context.markTaken(sequence);
  return { sequence, cost: context.objective.evaluate(sequence) };
}

/**
 * A kick out of the local optimum, one of: move a segment elsewhere; drop a track; add an unused
 * track; swap a track for an unused one. The local search then repairs the set length.
 */
function perturb(context: SearchContext, sequence: number[], random: Random): number[] {
  const low = context.locks.first === undefined ? 0 : 1;
  const high = context.locks.last === undefined ? sequence.length : sequence.length - 1;
  const span = high - low;
  const result = sequence.slice();
  const kind = randomInt(random, 4);
  if (kind === 0 && span >= 2) {
    const length = 1 + randomInt(random, Math.min(3, span - 1));
    const from = low + randomInt(random, span - length + 1);
    const moved = result.splice(from, length);
    result.splice(low + randomInt(random, span - length + 1), 0, ...moved);
    return result;
  }
  if (kind === 1 && span >= 1 && result.length > 1) {
    result.splice(low + randomInt(random, span), 1);
    return result;
  }
  context.markTaken(result);
  const position = low + randomInt(random, span + 1);
  const candidates = candidatesAt(context, result, position);
  if (candidates.length === 0) return result;
  const chosen = candidates[randomInt(random, candidates.length)]!;
  if (kind === 2 || position >= high) result.splice(position, 0, chosen);
  else result[position] = chosen;
  return result;
}
