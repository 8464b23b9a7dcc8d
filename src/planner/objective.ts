/**
 * The quantity every search minimises, shared by the exact search and the heuristic so that
 * their results compare: transition costs + energy-curve deviation over time + duration error,
 * with a steep penalty outside the duration window.
 *
 * Tracks get dense local ids on first use and transition costs are cached in a matrix over those
 * ids, so evaluating a sequence is a walk over plain arrays.
 */
import type { EnergyCurve } from './energy-curve';
import type { PreparedTrack } from './prepare';
import { scoreTransition, type TransitionOptions } from './transition-cost';

/** Cost of a track sitting one energy point off the curve for a minute. */
export const ENERGY_WEIGHT_PER_MINUTE = 0.5;
/** Cost per second of distance from the target length (inside the window). */
export const DURATION_WEIGHT_PER_SECOND = 0.02;
/** Any plan inside the window beats any plan outside it. */
const OUTSIDE_WINDOW_BASE = 1000;
const OUTSIDE_WINDOW_PER_SECOND = 10;

export class PlanObjective {
  readonly play: number[] = [];
  readonly full: number[] = [];
  readonly energy: number[] = [];
  readonly globalOf: number[] = [];
  private readonly localOf: number[];
  private capacity = 64;
  private costs: number[] = new Array<number>(this.capacity * this.capacity).fill(Number.NaN);

  constructor(
    readonly tracks: PreparedTrack[],
    readonly curve: EnergyCurve,
    readonly options: TransitionOptions,
    readonly targetSeconds: number,
    readonly windowSeconds: number,
  ) {
    this.localOf = new Array<number>(tracks.length).fill(-1);
  }

  get size(): number {
    return this.globalOf.length;
  }

  /** Local id of pool track `global`, assigned on first use. */
  local(global: number): number {
    const known = this.localOf[global]!;
    if (known >= 0) return known;
    const id = this.globalOf.length;
    if (id >= this.capacity) this.grow();
    const track = this.tracks[global]!;
    this.localOf[global] = id;
    this.globalOf.push(global);
    this.play.push(track.profile.playSeconds);
    this.full.push(track.profile.fullSeconds);
    this.energy.push(track.track.energy);
    return id;
  }

  transition(from: number, to: number): number {
    const cell = from * this.capacity + to;
    let cost = this.costs[cell]!;
    // NaN marks a pair not scored yet.
    if (cost !== cost) {
      cost = scoreTransition(this.tracks[this.globalOf[from]!]!, this.tracks[this.globalOf[to]!]!, this.options).cost;
      this.costs[cell] = cost;
    }
    return cost;
  }

  energyCost(id: number, start: number, length: number): number {
    return this.energyDeviationCost(this.energy[id]!, start, length);
  }

  energyDeviationCost(energy: number, start: number, length: number): number {
    return (ENERGY_WEIGHT_PER_MINUTE / 60) * this.curve.squaredDeviation(energy, start, length);
  }

  durationCost(totalSeconds: number): number {
    const error = absolute(totalSeconds - this.targetSeconds);
    const outside = error - this.windowSeconds;
    return DURATION_WEIGHT_PER_SECOND * error + (outside > 1e-9 ? OUTSIDE_WINDOW_BASE + OUTSIDE_WINDOW_PER_SECOND * outside : 0);
  }

  isInsideWindow(totalSeconds: number): boolean {
    return absolute(totalSeconds - this.targetSeconds) <= this.windowSeconds + 1e-9;
  }

  /** Set length of a sequence of local ids: every track up to its mix-out, the last one to its end. */
  length(sequence: readonly number[]): number {
    let total = 0;
    const last = sequence.length - 1;
    for (let position = 0; position < last; position++) total += this.play[sequence[position]!]!;
    return last >= 0 ? total + this.full[sequence[last]!]! : 0;
  }

  evaluate(sequence: readonly number[]): number {
    let cost = 0;
    let start = 0;
    const last = sequence.length - 1;
    for (let position = 0; position <= last; position++) {
      const id = sequence[position]!;
      if (position > 0) cost += this.transition(sequence[position - 1]!, id);
      const length = position === last ? this.full[id]! : this.play[id]!;
      cost += this.energyCost(id, start, length);
      start += length;
    }
    return cost + this.durationCost(start);
  }

  private grow(): void {
    const previous = this.capacity;
    const next = previous * 2;
    const costs = new Array<number>(next * next).fill(Number.NaN);
    for (let row = 0; row < previous; row++) {
      for (let column = 0; column < previous; column++) costs[row * next + column] = this.costs[row * previous + column]!;
    }
    this.capacity = next;
    this.costs = costs;
  }
}

/** Not Math.abs: inside jest's VM context every lookup of the global `Math` costs about 100 times more. */
function absolute(value: number): number {
  return value < 0 ? -value : value;
}
