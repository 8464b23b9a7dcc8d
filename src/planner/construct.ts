/**
 * Greedy construction along the curve: from the current track take the cheapest neighbour
 * (transition + deviation from the curve where it would play), and close the set with a track
 * whose full length lands near the target. Seeded noise makes several constructions differ.
 */
import type { SearchContext } from './search-context';

const STEP_CANDIDATES = 32;
const CLOSING_CANDIDATES = 96;
/** How far ahead of a track's start the curve is read to choose its energy. */
const LOOKAHEAD_SECONDS = 240;
const NOISE = 0.6;

/** Returns pool indices in play order. */
export function constructSet(context: SearchContext): number[] {
  const { objective, pool, locks, random } = context;
  const target = objective.targetSeconds;
  const closeEnough = objective.windowSeconds / 2;
  const order = [locks.first ?? openingTrack(context)];
  context.taken[order[0]!] = 1;
  let start = 0;
  for (;;) {
    const previous = order[order.length - 1]!;
    const previousTrack = pool[previous]!;
    if (Math.abs(start + previousTrack.profile.fullSeconds - target) <= closeEnough && locks.last === undefined) break;
    const nextStart = start + previousTrack.profile.playSeconds;
    if (locks.last !== undefined && nextStart + pool[locks.last]!.profile.fullSeconds >= target - closeEnough) {
      order.push(locks.last);
      break;
    }
    if (nextStart >= target) break;
    const wanted = objective.curve.mean(nextStart, nextStart + LOOKAHEAD_SECONDS);
    const closing =
      locks.last === undefined && target - nextStart < 600
        ? context
            .candidatesAfter(previous, wanted, CLOSING_CANDIDATES)
            .filter((index) => Math.abs(nextStart + pool[index]!.profile.fullSeconds - target) <= closeEnough)
        : [];
    const candidates = closing.length > 0 ? closing : context.candidatesAfter(previous, wanted, STEP_CANDIDATES);
    if (candidates.length === 0) break;
    let chosen = candidates[0]!;
    let chosenScore = Number.POSITIVE_INFINITY;
    for (const index of candidates) {
      const track = pool[index]!;
      const length = closing.length > 0 ? track.profile.fullSeconds : track.profile.playSeconds;
      const score =
        objective.transition(objective.local(previous), objective.local(index)) +
        artistRepeatCost(context, order, index) +
        objective.energyDeviationCost(track.track.energy, nextStart, length) +
        NOISE * random();
      if (score < chosenScore) {
        chosenScore = score;
        chosen = index;
      }
    }
    order.push(chosen);
    context.taken[chosen] = 1;
    start = nextStart;
    if (closing.length > 0) break;
  }
  // Whatever stopped the walk, a locked last track closes the set; the local search fixes the length.
  if (locks.last !== undefined && order[order.length - 1] !== locks.last) order.push(locks.last);
  return order;
}

/**
 * The objective's penalty for playing pool track `candidate` after `order` for the same artist further back
 * than the neighbour (the objective's transition already prices the neighbour).
 */
function artistRepeatCost(context: SearchContext, order: readonly number[], candidate: number): number {
  const { objective } = context;
  const id = objective.local(candidate);
  let cost = 0;
  for (let back = 2; back <= objective.artistSpacing && back <= order.length; back++) {
    if (objective.sameArtist(objective.local(order[order.length - back]!), id)) cost += objective.artistRepeatCost;
  }
  return cost;
}

/** A seeded pick among the tracks whose energy fits the opening of the curve best. */
function openingTrack(context: SearchContext): number {
  const { pool, objective, random, locks } = context;
  const wanted = objective.curve.mean(0, LOOKAHEAD_SECONDS);
  let best = locks.last ?? 0;
  let bestMiss = Number.POSITIVE_INFINITY;
  for (const track of pool) {
    if (track.index === locks.last) continue;
    const miss = Math.abs(track.track.energy - wanted) + 0.3 * random();
    if (miss < bestMiss) {
      bestMiss = miss;
      best = track.index;
    }
  }
  return best;
}
