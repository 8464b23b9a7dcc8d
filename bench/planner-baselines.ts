/**
 * The orderings the planner is measured against, timed with the fixed crossfade that queue-based
 * auto-DJs use (no phrase alignment):
 * (a) our old planner: take the pool's first tracks until the set is long enough, then sort by
 *     distance from the median BPM (BPM ascending for `build`, low/high interleave for `wave`);
 * (b) greedy nearest neighbour: from the track that fits the curve's opening, always play the
 *     unused pool track with the cheapest transition, until the set is long enough.
 */
import type { EnergyCurve } from '../src/planner/energy-curve';
import type { MixPolicy } from '../src/planner/mix-points';
import type { PreparedTrack } from '../src/planner/prepare';
import { scoreTransition, type TransitionOptions } from '../src/planner/transition-cost';
import type { EnergyMode } from '../src/planner/types';

/** Mixxx Auto DJ's default transition length. */
export const CROSSFADE_SECONDS = 10;

export const crossfadePolicy: MixPolicy = {
  playSeconds: (track) => track.track.durationSeconds - CROSSFADE_SECONDS,
  fullSeconds: (track) => track.track.durationSeconds,
  cue: () => 0,
  mixOut: (track) => track.track.durationSeconds - CROSSFADE_SECONDS,
  overlap: () => CROSSFADE_SECONDS,
};

export function oldOrdering(pool: PreparedTrack[], targetSeconds: number, mode: EnergyMode): PreparedTrack[] {
  const chosen: PreparedTrack[] = [];
  let length = 0;
  for (const track of pool) {
    if (length >= targetSeconds) break;
    chosen.push(track);
    length += crossfadePolicy.playSeconds(track);
  }
  const byBpm = [...chosen].sort((a, b) => a.track.bpm - b.track.bpm);
  if (mode === 'build') return byBpm;
  if (mode === 'wave') {
    const interleaved: PreparedTrack[] = [];
    for (let low = 0, high = byBpm.length - 1; low <= high; low++, high--) {
      interleaved.push(byBpm[low]!);
      if (high !== low) interleaved.push(byBpm[high]!);
    }
    return interleaved;
  }
  const median = byBpm[Math.floor(byBpm.length / 2)]!.track.bpm;
  return [...chosen].sort((a, b) => Math.abs(a.track.bpm - median) - Math.abs(b.track.bpm - median));
}

export function greedyNearestNeighbour(
  pool: PreparedTrack[],
  targetSeconds: number,
  curve: EnergyCurve,
  options: TransitionOptions,
): PreparedTrack[] {
  const opening = curve.at(0);
  let current = pool.reduce((best, track) =>
    Math.abs(track.track.energy - opening) < Math.abs(best.track.energy - opening) ? track : best,
  );
  const used = new Set<number>([current.index]);
  const order = [current];
  let length = crossfadePolicy.playSeconds(current);
  while (length < targetSeconds && used.size < pool.length) {
    let next: PreparedTrack | undefined;
    let nextCost = Number.POSITIVE_INFINITY;
    for (const track of pool) {
      if (used.has(track.index)) continue;
      const cost = scoreTransition(current, track, options).cost;
      if (cost < nextCost) {
        nextCost = cost;
        next = track;
      }
    }
    current = next!;
    used.add(current.index);
    order.push(current);
    length += crossfadePolicy.playSeconds(current);
  }
  return order;
}
