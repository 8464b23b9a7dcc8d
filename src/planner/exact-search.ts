/**
 * Exact optimum for small pools: dynamic programming over subsets (Held–Karp extended to
 * choose the subset). State (set S, last track j) holds the cheapest order of S ending in j,
 * not yet counting j's own energy term, because j's length depends on whether it closes the
 * set. The start time of j is the play time of S without j, whatever the order, since mix
 * points do not depend on neighbours (mix-profile.ts).
 */
import { PlannerInputError } from './errors';
import type { PlanObjective } from './objective';

export const EXACT_SEARCH_MAX_TRACKS = 16;
/** Read once: inside jest's VM context every lookup of the global `Math` costs about 100 times more. */
const leadingZeros = Math.clz32;

export interface Locks {
  first?: number;
  last?: number;
}

export interface SearchOutcome {
  /** Local ids of the objective, in play order. */
  sequence: number[];
  cost: number;
}

/**
 * With `useAll` the subset is fixed and only the order is searched: the heuristic uses this to
 * reorder a small set exactly.
 */
export function exactSearch(
  objective: PlanObjective,
  candidates: number[],
  locks: Locks,
  onProgress?: (fraction: number) => void,
  useAll = false,
): SearchOutcome {
  const n = candidates.length;
  if (n > EXACT_SEARCH_MAX_TRACKS) throw new RangeError(`exact search handles at most ${EXACT_SEARCH_MAX_TRACKS} tracks, got ${n}`);
  const ids = candidates.map((global) => objective.local(global));
  const firstLocal = locks.first === undefined ? -1 : candidates.indexOf(locks.first);
  const lastLocal = locks.last === undefined ? -1 : candidates.indexOf(locks.last);
  const masks = 1 << n;
  const transition = new Array<number>(n * n).fill(0);
  for (let a = 0; a < n; a++) for (let b = 0; b < n; b++) if (a !== b) transition[a * n + b] = objective.transition(ids[a]!, ids[b]!);
  const play = ids.map((id) => objective.play[id]!);
  const full = ids.map((id) => objective.full[id]!);
  const minPlay = ids.map((id) => objective.minPlay[id]!);
  const minFull = ids.map((id) => objective.minFull[id]!);
  const latestStart = objective.targetSeconds + objective.windowSeconds;

  // Natural and shortest (every track cut to its minimum) play time of each subset.
  const playOf = new Array<number>(masks).fill(0);
  const minPlayOf = new Array<number>(masks).fill(0);
  for (let mask = 1; mask < masks; mask++) {
    const low = 31 - leadingZeros(mask & -mask);
    playOf[mask] = playOf[mask & (mask - 1)]! + play[low]!;
    minPlayOf[mask] = minPlayOf[mask & (mask - 1)]! + minPlay[low]!;
  }
  const unreached = Number.POSITIVE_INFINITY;
  const best = new Array<number>(masks * n).fill(unreached);
  const parent = new Array<number>(masks * n).fill(-1);
  for (let j = 0; j < n; j++) if (firstLocal < 0 || j === firstLocal) best[(1 << j) * n + j] = 0;

  let bestCost = Number.POSITIVE_INFINITY;
  let bestMask = 0;
  let bestLast = -1;
  const progressEvery = Math.max(1, masks >> 4);
  for (let mask = 1; mask < masks; mask++) {
    if (onProgress !== undefined && mask % progressEvery === 0) onProgress(mask / masks);
    for (let last = 0; last < n; last++) {
      const value = best[mask * n + last]!;
      if (value === unreached) continue;
      const start = playOf[mask ^ (1 << last)]!;
      const shortestStart = minPlayOf[mask ^ (1 << last)]!;
      const id = ids[last]!;
      if ((lastLocal < 0 || last === lastLocal) && (!useAll || mask === masks - 1)) {
        const total = start + full[last]!;
        const shortest = shortestStart + minFull[last]!;
        const closed = value + objective.energyCost(id, start, full[last]!) + objective.durationCost(total, shortest);
        if (closed < bestCost && objective.isInsideWindow(total, shortest)) {
          bestCost = closed;
          bestMask = mask;
          bestLast = last;
        }
      }
      // The locked last track ends the set; a track that would start after the window can never close it.
      if (last === lastLocal || shortestStart + minPlay[last]! > latestStart) continue;
      const base = value + objective.energyCost(id, start, play[last]!);
      for (let next = 0; next < n; next++) {
        if ((mask >> next) & 1) continue;
        const cell = (mask | (1 << next)) * n + next;
        const candidate = base + transition[last * n + next]!;
        if (candidate < best[cell]!) {
          best[cell] = candidate;
          parent[cell] = last;
        }
      }
    }
  }
  if (bestLast < 0) {
    throw new PlannerInputError('targetDurationSeconds', 'unreachable', 'no choice of tracks from the pool lands within the duration window');
  }
  const sequence: number[] = [];
  let mask = bestMask;
  let last = bestLast;
  while (last >= 0) {
    sequence.push(ids[last]!);
    const previous = parent[mask * n + last]!;
    mask ^= 1 << last;
    last = previous;
  }
  sequence.reverse();
  return { sequence, cost: bestCost };
}
