/**
 * The quantity every search minimises, shared by the exact search and the heuristic so that
 * their results compare: transition costs + energy-curve deviation over time + duration error,
 * with a steep penalty outside the duration window, + a penalty for the same artist too soon again.
 *
 * Under `strict` the objective is lexicographic, in three tiers: (1) land inside the duration window,
 * (2) break as few of the requested rules as possible (a key move outside the classic Camelot rule, a
 * tempo step beyond the tolerance, which counts twice, the same artist within the spacing), (3) the
 * soft costs: energy curve, duration error inside the window, trimming, the transitions' own costs.
 * One scalar carries the tiers: a rule break costs more than the largest soft total any set could
 * have (`ruleBreakCost`, bounded from the set's longest possible natural length and track count), and
 * leaving the window costs more than every break a set could hold. `moderate` and `relaxed` keep the flat weights below:
 * asking for them is asking the planner to trade keys and tempo for the flow.
 *
 * A set whose natural length runs past the target may be played shorter (play-length.ts) down to its
 * minimum length; the duration error is measured after that, and every second cut costs a little, so
 * natural mix points win whenever they land the length. Energy is read on the natural timeline.
 *
 * Tracks get dense local ids on first use and transition costs are cached in a matrix over those
 * ids, so evaluating a sequence is a walk over plain arrays.
 */
import type { EnergyCurve } from './energy-curve';
import type { PreparedTrack } from './prepare';
import { MIN_PLAY_SECONDS } from './mix-profile';
import { DEFAULT_HARMONIC_STRICTNESS, MAX_SOFT_TRANSITION_COST, scoreTransition, TEMPO_BREAK_WEIGHT, type TransitionOptions } from './transition-cost';

/** Cost of a track sitting one energy point off the curve for a minute. */
export const ENERGY_WEIGHT_PER_MINUTE = 0.5;
/** Cost per second of distance from the target length (inside the window). */
export const DURATION_WEIGHT_PER_SECOND = 0.02;
/** Any plan inside the window beats any plan outside it. */
const OUTSIDE_WINDOW_BASE = 1000;
const OUTSIDE_WINDOW_PER_SECOND = 10;
/** Cost per second cut from the tracks' natural play: a quarter of a second of duration error. */
export const TRIM_WEIGHT_PER_SECOND = 0.005;
/** Same artist again within the spacing (`moderate`, `relaxed`): dearer than a key clash, cheaper than leaving the window. */
export const ARTIST_REPEAT_COST = 8;
/** Largest distance of a track's energy from the curve: both lie in 1–10. */
const MAX_ENERGY_DEVIATION = 9;

export class PlanObjective {
  readonly play: number[] = [];
  readonly full: number[] = [];
  readonly minPlay: number[] = [];
  readonly minFull: number[] = [];
  readonly energy: number[] = [];
  /** Dense artist number per local id, −1 when unknown. */
  readonly artist: number[] = [];
  private readonly artistNumbers = new Map<string, number>();
  readonly globalOf: number[] = [];
  private readonly localOf: number[];
  private capacity = 64;
  private costs: number[] = new Array<number>(this.capacity * this.capacity).fill(Number.NaN);
  /** Price of one broken rule under `strict`, above any set's soft total; 0 when the rules are soft. */
  readonly ruleBreakCost: number;
  /** What the same artist within the spacing costs: a rule break under `strict`. */
  readonly artistRepeatCost: number;
  private readonly outsideWindowBase: number;
  private readonly outsideWindowPerSecond: number;

  constructor(
    readonly tracks: PreparedTrack[],
    readonly curve: EnergyCurve,
    readonly options: TransitionOptions,
    readonly targetSeconds: number,
    readonly windowSeconds: number,
    /** Tracks that must play between two tracks of the same artist; 0 turns the rule off. */
    readonly artistSpacing = 0,
  ) {
    this.localOf = new Array<number>(tracks.length).fill(-1);
    const strict = (options.harmonicStrictness ?? DEFAULT_HARMONIC_STRICTNESS) === 'strict';
    if (!strict) {
      this.ruleBreakCost = 0;
      this.artistRepeatCost = ARTIST_REPEAT_COST;
      this.outsideWindowBase = OUTSIDE_WINDOW_BASE;
      this.outsideWindowPerSecond = OUTSIDE_WINDOW_PER_SECOND;
      return;
    }
    const bounds = setBounds(tracks, targetSeconds + windowSeconds);
    const softBound =
      (ENERGY_WEIGHT_PER_MINUTE / 60) * MAX_ENERGY_DEVIATION * MAX_ENERGY_DEVIATION * bounds.naturalSeconds +
      MAX_SOFT_TRANSITION_COST * bounds.tracks +
      DURATION_WEIGHT_PER_SECOND * windowSeconds +
      TRIM_WEIGHT_PER_SECOND * bounds.naturalSeconds;
    this.ruleBreakCost = Math.ceil(softBound) + 1;
    this.artistRepeatCost = this.ruleBreakCost;
    // Each transition breaks at most the key and the tempo rule, each track at most `artistSpacing` artist rules.
    const mostBreaks = bounds.tracks * (1 + TEMPO_BREAK_WEIGHT + artistSpacing);
    this.outsideWindowBase = this.ruleBreakCost * (mostBreaks + 1);
    // The old ratio of base to per-second penalty: a set far outside the window is still worse than one near it.
    this.outsideWindowPerSecond = this.outsideWindowBase * (OUTSIDE_WINDOW_PER_SECOND / OUTSIDE_WINDOW_BASE);
  }

  /**
   * The part of a cost left after its rule breaks (the soft tier; for a set inside the window, since the soft
   * total stays below one break's price). The walk of the heuristic measures its slack on it.
   */
  softPart(cost: number): number {
    const unit = this.ruleBreakCost;
    return unit > 0 ? cost - unit * Math.floor(cost / unit) : cost;
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
    this.minPlay.push(track.profile.minPlaySeconds);
    this.minFull.push(track.profile.minFullSeconds);
    this.energy.push(track.track.energy);
    this.artist.push(this.artistNumber(track.track.artist));
    return id;
  }

  /** Includes the artist penalty for neighbours, so the exact search keeps the same artist apart by at least one track. */
  transition(from: number, to: number): number {
    const cell = from * this.capacity + to;
    let cost = this.costs[cell]!;
    // NaN marks a pair not scored yet.
    if (cost !== cost) {
      const score = scoreTransition(this.tracks[this.globalOf[from]!]!, this.tracks[this.globalOf[to]!]!, this.options);
      cost = score.cost + this.ruleBreakCost * score.ruleBreaks;
      if (this.artistSpacing > 0 && this.sameArtist(from, to)) cost += this.artistRepeatCost;
      this.costs[cell] = cost;
    }
    return cost;
  }

  /** Rules broken between two neighbours (key, tempo, same artist); 0 when the rules are soft. */
  transitionBreaks(from: number, to: number): number {
    return this.ruleBreakCost > 0 ? floor(this.transition(from, to) / this.ruleBreakCost) : 0;
  }

  sameArtist(a: number, b: number): boolean {
    const artist = this.artist[a]!;
    return artist >= 0 && artist === this.artist[b];
  }

  energyCost(id: number, start: number, length: number): number {
    return this.energyDeviationCost(this.energy[id]!, start, length);
  }

  energyDeviationCost(energy: number, start: number, length: number): number {
    return (ENERGY_WEIGHT_PER_MINUTE / 60) * this.curve.squaredDeviation(energy, start, length);
  }

  /** `shortestSeconds`: the set's length with every track cut to its minimum play (defaults to no cutting). */
  durationCost(totalSeconds: number, shortestSeconds = totalSeconds): number {
    const played = this.playedLength(totalSeconds, shortestSeconds);
    const error = absolute(played - this.targetSeconds);
    const outside = error - this.windowSeconds;
    return (
      DURATION_WEIGHT_PER_SECOND * error +
      TRIM_WEIGHT_PER_SECOND * (totalSeconds - played) +
      (outside > 1e-9 ? this.outsideWindowBase + this.outsideWindowPerSecond * outside : 0)
    );
  }

  isInsideWindow(totalSeconds: number, shortestSeconds = totalSeconds): boolean {
    return absolute(this.playedLength(totalSeconds, shortestSeconds) - this.targetSeconds) <= this.windowSeconds + 1e-9;
  }

  /** The length the set plays for: natural, or cut towards the target but not below its minimum. */
  playedLength(totalSeconds: number, shortestSeconds: number): number {
    if (totalSeconds <= this.targetSeconds) return totalSeconds;
    return shortestSeconds > this.targetSeconds ? shortestSeconds : this.targetSeconds;
  }

  /** Whether the sequence can be played inside the duration window. */
  fits(sequence: readonly number[]): boolean {
    return this.isInsideWindow(this.length(sequence), this.shortestLength(sequence));
  }

  /** Set length of a sequence of local ids: every track up to its mix-out, the last one to its end. */
  length(sequence: readonly number[]): number {
    let total = 0;
    const last = sequence.length - 1;
    for (let position = 0; position < last; position++) total += this.play[sequence[position]!]!;
    return last >= 0 ? total + this.full[sequence[last]!]! : 0;
  }

  shortestLength(sequence: readonly number[]): number {
    let total = 0;
    const last = sequence.length - 1;
    for (let position = 0; position < last; position++) total += this.minPlay[sequence[position]!]!;
    return last >= 0 ? total + this.minFull[sequence[last]!]! : 0;
  }

  evaluate(sequence: readonly number[]): number {
    let cost = 0;
    let start = 0;
    let shortest = 0;
    const last = sequence.length - 1;
    const spacing = this.artistSpacing;
    for (let position = 0; position <= last; position++) {
      const id = sequence[position]!;
      if (position > 0) cost += this.transition(sequence[position - 1]!, id);
      // Neighbours pay in transition(); here the tracks further back within the spacing.
      for (let back = 2; back <= spacing && back <= position; back++) if (this.sameArtist(sequence[position - back]!, id)) cost += this.artistRepeatCost;
      const isLast = position === last;
      const length = isLast ? this.full[id]! : this.play[id]!;
      cost += this.energyCost(id, start, length);
      start += length;
      shortest += isLast ? this.minFull[id]! : this.minPlay[id]!;
    }
    return cost + this.durationCost(start, shortest);
  }

  private artistNumber(artist: string | undefined): number {
    const name = artist?.trim().toLowerCase();
    if (name === undefined || name.length === 0) return -1;
    let number = this.artistNumbers.get(name);
    if (number === undefined) {
      number = this.artistNumbers.size;
      this.artistNumbers.set(name, number);
    }
    return number;
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

/**
 * Upper bounds for any set inside the window (played length ≤ `longestPlayedSeconds`): how many tracks it can
 * hold (each plays at least its minimum) and how long it can run naturally (each track plays at most its
 * natural/minimum ratio longer than cut).
 */
function setBounds(tracks: readonly PreparedTrack[], longestPlayedSeconds: number): { tracks: number; naturalSeconds: number } {
  let shortestPlay = MIN_PLAY_SECONDS;
  let stretch = 1;
  for (const { profile } of tracks) {
    if (profile.minPlaySeconds > 0 && profile.minPlaySeconds < shortestPlay) shortestPlay = profile.minPlaySeconds;
    if (profile.minFullSeconds > 0 && profile.minFullSeconds < shortestPlay) shortestPlay = profile.minFullSeconds;
    if (profile.minPlaySeconds > 0) stretch = Math.max(stretch, profile.playSeconds / profile.minPlaySeconds);
    if (profile.minFullSeconds > 0) stretch = Math.max(stretch, profile.fullSeconds / profile.minFullSeconds);
  }
  return {
    tracks: Math.min(tracks.length, Math.floor(longestPlayedSeconds / shortestPlay) + 1),
    naturalSeconds: stretch * longestPlayedSeconds,
  };
}

/** Read once: inside jest's VM context every lookup of the global `Math` costs about 100 times more. */
const floor = Math.floor;

/** Not Math.abs: inside jest's VM context every lookup of the global `Math` costs about 100 times more. */
function absolute(value: number): number {
  return value < 0 ? -value : value;
}
