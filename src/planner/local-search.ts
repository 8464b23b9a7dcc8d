/**
 * Local search over a set (sequence of local ids): swap-in/swap-out of pool tracks, insertion and
 * removal (these move the set length), Or-opt relocation of 1–3 tracks, 2-opt reversal and
 * pairwise swap. First improvement, until a full sweep finds nothing or the budget runs out.
 * Locked first/last positions never move. Moves are written into one scratch array and only
 * copied when accepted, because this loop runs tens of thousands of times per plan.
 */
import type { SearchBudget } from './search-budget';
import type { SearchContext } from './search-context';

const REPLACEMENT_CANDIDATES = 12;
const LOOKAHEAD_SECONDS = 240;
const MAX_SEGMENT = 3;
/** Candidates per slot when two tracks replace one: the pairs grow with the square. */
const PAIR_CANDIDATES = 5;

export interface Solution {
  sequence: number[];
  cost: number;
}

export function improve(context: SearchContext, solution: Solution, budget: SearchBudget): Solution {
  const search = new MoveSearch(context, solution, budget);
  search.run();
  return search.current;
}

class MoveSearch {
  private readonly scratch: number[] = [];
  private improved = true;
  /** Whether the current set lands inside the duration window (then only fewer rule breaks can improve it). */
  private insideWindow: boolean;

  constructor(
    private readonly context: SearchContext,
    public current: Solution,
    private readonly budget: SearchBudget,
  ) {
    this.insideWindow = context.objective.fits(current.sequence);
  }

  run(): void {
    while (this.improved && !this.budget.exhausted()) {
      this.improved = false;
      this.replaceTracks();
      this.changeLength();
      this.exchangeOneForTwo();
      if (this.context.index === undefined) this.replaceAnywhere();
      this.relocateSegments();
      this.reverseAndSwap();
    }
  }

  /** Evaluates the scratch sequence and keeps a copy when it is better. */
  private tryScratch(): boolean {
    const cost = this.context.objective.evaluate(this.scratch);
    this.budget.spend(this.scratch.length);
    if (cost >= this.current.cost - 1e-9) return false;
    this.current = { sequence: this.scratch.slice(), cost };
    this.insideWindow = this.context.objective.fits(this.current.sequence);
    this.context.markTaken(this.current.sequence);
    this.improved = true;
    return true;
  }

  private load(): number[] {
    const sequence = this.current.sequence;
    this.scratch.length = sequence.length;
    for (let index = 0; index < sequence.length; index++) this.scratch[index] = sequence[index]!;
    return sequence;
  }

  private movable(): [number, number] {
    const length = this.current.sequence.length;
    return [this.context.locks.first === undefined ? 0 : 1, this.context.locks.last === undefined ? length : length - 1];
  }

  private replaceTracks(): void {
    const [low, high] = this.movable();
    for (let position = low; position < high && !this.budget.exhausted(); position++) {
      for (const candidate of candidatesAt(this.context, this.current.sequence, position)) {
        if (this.addsBreaks(this.current.sequence, position, 1, candidate)) continue;
        this.load();
        this.scratch[position] = candidate;
        if (this.tryScratch()) break;
      }
    }
  }

  /** Removal when the set runs long, insertion when it runs short. */
  private changeLength(): void {
    const { objective } = this.context;
    const [low, high] = this.movable();
    if (objective.length(this.current.sequence) > objective.targetSeconds) {
      for (let position = high - 1; position >= low && this.current.sequence.length > 1; position--) {
        this.load();
        this.scratch.splice(position, 1);
        this.tryScratch();
      }
      return;
    }
    for (let position = low; position <= high && !this.budget.exhausted(); position++) {
      for (const candidate of candidatesAt(this.context, this.current.sequence, position)) {
        if (this.addsBreaks(this.current.sequence, position, 0, candidate)) continue;
        this.load();
        this.scratch.splice(position, 0, candidate);
        if (this.tryScratch()) break;
      }
    }
  }

  /**
   * Small pools only (every unused track is a candidate): take a track out and put an unused
   * one in at any position, which a plain replacement followed by a move would not reach when
   * the replacement alone makes the set worse.
   */
  private replaceAnywhere(): void {
    const [low, high] = this.movable();
    for (let out = low; out < high && !this.budget.exhausted(); out++) {
      const without = this.current.sequence.slice();
      without.splice(out, 1);
      for (const candidate of candidatesAt(this.context, this.current.sequence, out)) {
        let accepted = false;
        for (let at = low; at < high && !accepted; at++) {
          if (at === out || this.addsBreaks(without, at, 0, candidate)) continue;
          this.load();
          this.scratch.splice(out, 1);
          this.scratch.splice(at, 0, candidate);
          accepted = this.tryScratch();
        }
        if (accepted) break;
      }
    }
  }

  /**
   * Under `strict`, with the current set inside the window: whether replacing the `removed` tracks of
   * `sequence` from `at` on by `first` (and `second`) breaks more rules at the seams than the transitions it takes the place of.
   * Such a move can only pay back if it mends a break elsewhere, which it rarely does, so it is skipped
   * without evaluating the whole set and most of the budget goes to more rounds of the iterated search.
   */
  private addsBreaks(sequence: readonly number[], at: number, removed: number, first: number, second = -1): boolean {
    const { objective } = this.context;
    if (objective.ruleBreakCost === 0 || !this.insideWindow) return false;
    // Each transition looked at is charged as one track position, as a whole-set evaluation is charged per
    // track: the budget bounds the CPU of a run that skips many moves as it bounds one that evaluates them.
    let looked = 0;
    const breaks = (from: number, to: number): number => {
      looked++;
      return objective.transitionBreaks(from, to);
    };
    const before = at > 0 ? sequence[at - 1] : undefined;
    const after = sequence[at + removed];
    const last = second >= 0 ? second : first;
    let added = second >= 0 ? breaks(first, second) : 0;
    if (before !== undefined) added += breaks(before, first);
    if (after !== undefined) added += breaks(last, after);
    let previous = before;
    for (let index = at; index < at + removed; index++) {
      if (previous !== undefined) added -= breaks(previous, sequence[index]!);
      previous = sequence[index];
    }
    if (previous !== undefined && after !== undefined) added -= breaks(previous, after);
    this.budget.spend(looked);
    return added > 0;
  }

  /** One track out for two in, two out for one in: subset changes that keep the length near the window. */
  private exchangeOneForTwo(): void {
    const low = this.movable()[0];
    // Accepted moves change the length, so the end of the movable range is read afresh each time.
    for (let position = low; position + 1 < this.movable()[1] && !this.budget.exhausted(); position++) {
      for (const candidate of candidatesAt(this.context, this.current.sequence, position)) {
        if (this.addsBreaks(this.current.sequence, position, 2, candidate)) continue;
        this.load();
        this.scratch.splice(position, 2, candidate);
        if (this.tryScratch()) break;
      }
    }
    for (let position = low; position < this.movable()[1] && !this.budget.exhausted(); position++) {
      const firsts = candidatesAt(this.context, this.current.sequence, position).slice(0, PAIR_CANDIDATES);
      for (const first of firsts) {
        const withFirst = this.current.sequence.slice();
        withFirst[position] = first;
        this.context.taken[this.context.objective.globalOf[first]!] = 1;
        const seconds = candidatesAt(this.context, withFirst, position + 1).slice(0, PAIR_CANDIDATES);
        this.context.markTaken(this.current.sequence);
        let accepted = false;
        for (const second of seconds) {
          if (this.addsBreaks(this.current.sequence, position, 1, first, second)) continue;
          this.load();
          this.scratch.splice(position, 1, first, second);
          if ((accepted = this.tryScratch())) break;
        }
        if (accepted) break;
      }
    }
  }

  private relocateSegments(): void {
    const [low, high] = this.movable();
    for (let segment = 1; segment <= MAX_SEGMENT; segment++) {
      for (let from = low; from + segment <= high; from++) {
        for (let to = low; to + segment <= high; to++) {
          if (to === from) continue;
          if (this.budget.exhausted()) return;
          const sequence = this.load();
          // Shift the tracks between the two places by `segment`, then drop the segment in at `to`.
          if (to < from) {
            for (let index = from + segment - 1; index >= to + segment; index--) this.scratch[index] = sequence[index - segment]!;
          } else {
            for (let index = from; index < to; index++) this.scratch[index] = sequence[index + segment]!;
          }
          for (let offset = 0; offset < segment; offset++) this.scratch[to + offset] = sequence[from + offset]!;
          this.tryScratch();
        }
      }
    }
  }

  private reverseAndSwap(): void {
    const [low, high] = this.movable();
    for (let left = low; left < high - 1; left++) {
      for (let right = left + 1; right < high; right++) {
        if (this.budget.exhausted()) return;
        let sequence = this.load();
        for (let offset = 0; offset <= right - left; offset++) this.scratch[left + offset] = sequence[right - offset]!;
        this.tryScratch();
        sequence = this.load();
        this.scratch[left] = sequence[right]!;
        this.scratch[right] = sequence[left]!;
        this.tryScratch();
      }
    }
  }
}

/** Local ids of unused tracks that could play at `position`, next to the track before it (or after it at the start). */
export function candidatesAt(context: SearchContext, sequence: readonly number[], position: number): number[] {
  const { objective } = context;
  let start = 0;
  for (let index = 0; index < position && index < sequence.length; index++) start += objective.play[sequence[index]!]!;
  const neighbour = position > 0 ? sequence[position - 1] : sequence[position + 1];
  if (neighbour === undefined) return [];
  const wanted = objective.curve.mean(start, start + LOOKAHEAD_SECONDS);
  return context.candidatesAfter(objective.globalOf[neighbour]!, wanted, REPLACEMENT_CANDIDATES).map((global) => objective.local(global));
}
