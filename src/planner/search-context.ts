/**
 * Shared state of one heuristic run: the objective, the pool, which pool tracks are in the
 * current set, and where replacement candidates come from (the neighbourhood index for large
 * pools, the whole pool for small ones).
 */
import type { CandidateIndex } from './candidate-index';
import type { Locks } from './exact-search';
import type { PlanObjective } from './objective';
import type { PreparedTrack } from './prepare';
import type { Random } from './random';

/** Below this pool size every unused track is a candidate everywhere. */
export const SMALL_POOL = 64;

export class SearchContext {
  /** 1 for pool tracks in the current set or reserved by a lock. */
  readonly taken: number[];

  constructor(
    readonly objective: PlanObjective,
    readonly pool: PreparedTrack[],
    readonly index: CandidateIndex | undefined,
    readonly locks: Locks,
    readonly random: Random,
  ) {
    this.taken = new Array<number>(pool.length).fill(0);
  }

  /** Marks exactly the tracks of `sequence` (local ids) and the locks as taken. */
  markTaken(sequence: readonly number[]): void {
    this.taken.fill(0);
    for (const id of sequence) this.taken[this.objective.globalOf[id]!] = 1;
    if (this.locks.first !== undefined) this.taken[this.locks.first] = 1;
    if (this.locks.last !== undefined) this.taken[this.locks.last] = 1;
  }

  /** Unused pool tracks that could follow `from` (pool index) where the curve wants `wantedEnergy`. */
  candidatesAfter(from: number, wantedEnergy: number, limit: number): number[] {
    const isFree = (index: number): boolean => this.taken[index] === 0;
    if (this.index === undefined) return this.pool.filter((track) => isFree(track.index)).map((track) => track.index);
    const near = this.index.near(this.pool[from]!, wantedEnergy, limit, isFree);
    return near.length > 0 ? near : this.pool.filter((track) => isFree(track.index)).slice(0, limit).map((track) => track.index);
  }
}
