import { withChildNiceness } from './process-priority';

/** Where a piece of work stands in an OrderedLane: whose it is, and its order among that owner's pieces. */
export interface LanePlace {
  /** Whose work it is (a customer): owners with work waiting take turns. */
  owner: string;
  /** Within one owner, the lowest key goes first (a job's start time). */
  orderKey: number;
}

/** Owners whose last turn is remembered once no work of theirs waits (a long-lived worker sees many customers). */
const MAX_REMEMBERED_OWNERS = 1000;

/** Child processes of a piece behind an older piece of its owner yield the CPU to it (src/shared/process-priority.ts). */
const NICENESS_BEHIND = 10;

/**
 * At most `permits` pieces of work at a time, and beside them one piece older than all its owner's others in the
 * lane (`run`). When a permit frees, the owners with work waiting take turns (the one
 * served longest ago goes first, one never served before all others), and the owner's piece with the lowest order
 * key takes the permit (ties: the one that came first). Generation's CPU-heavy steps (the composer's render, the
 * master) run through one lane per worker process, owned by customer and keyed by when their job started: a worker
 * finishes each customer's jobs one after another in the order they started, and a customer with one job does not
 * wait behind another's burst (docs/generation.md).
 */
export class OrderedLane {
  private running = 0;
  private arrivals = 0;
  private admissions = 0;
  private readonly waiting: Waiter[] = [];
  private readonly pieces = new Set<LanePlace>();
  /** The piece running beside the permits: its owner's oldest, arrived while every permit was taken. */
  private overtaker: LanePlace | undefined;
  /** When each owner with work waiting was last given a permit (admission count). */
  private readonly lastServed = new Map<string, number>();

  constructor(readonly permits: number) {
    if (!Number.isInteger(permits) || permits < 1) throw new RangeError(`permits must be a positive integer, got ${permits}`);
  }

  /** Pieces of work waiting for a permit. */
  get queued(): number {
    return this.waiting.length;
  }

  /** Permits no piece holds (none while work waits): a piece that can use a second core finds one free. */
  get freePermits(): number {
    return this.running < this.permits && !this.overtaker ? this.permits - this.running : 0;
  }

  /**
   * Runs `work` once a permit is free and its turn has come; an aborted `signal` takes it out of the queue. A piece
   * older than every other piece of its owner in the lane does not queue: it runs beside the permits (one such piece
   * at a time), so a job's master does not wait behind the renders of jobs started after it. The child processes of a
   * piece that has an older piece of its owner in the lane run at a lower CPU priority.
   */
  async run<T>(place: LanePlace, work: () => Promise<T>, signal?: AbortSignal): Promise<T> {
    const piece = await this.acquire(place, signal);
    try {
      return await withChildNiceness(this.olderOfOwner(place) ? NICENESS_BEHIND : 0, work);
    } finally {
      this.pieces.delete(piece);
      if (piece === this.overtaker) this.overtaker = undefined;
      else this.release();
    }
  }

  /** Resolves with the piece once it holds a permit (or the overtaking place); it counts as in the lane from then on. */
  private acquire(place: LanePlace, signal: AbortSignal | undefined): Promise<LanePlace> {
    signal?.throwIfAborted();
    const enter = (): LanePlace => {
      const piece = { ...place };
      this.pieces.add(piece);
      return piece;
    };
    if (this.running < this.permits && this.waiting.length === 0) {
      this.running++;
      this.served(place.owner);
      return Promise.resolve(enter());
    }
    if (!this.overtaker && !this.olderOfOwner(place)) {
      this.overtaker = enter();
      return Promise.resolve(this.overtaker);
    }
    return new Promise((resolve, reject) => {
      const waiter: Waiter = { ...place, arrival: this.arrivals++, admit: () => resolve(enter()) };
      if (signal) {
        const leave = (): void => {
          const at = this.waiting.indexOf(waiter);
          if (at < 0) return;
          this.waiting.splice(at, 1);
          reject(signal.reason);
        };
        signal.addEventListener('abort', leave, { once: true });
        waiter.admit = () => {
          signal.removeEventListener('abort', leave);
          resolve(enter());
        };
      }
      this.waiting.push(waiter);
    });
  }

  /** Whether the lane holds (running or waiting) a piece of the same owner with a lower order key. */
  private olderOfOwner(place: LanePlace): boolean {
    const older = (other: LanePlace) => other.owner === place.owner && other.orderKey < place.orderKey;
    return this.waiting.some(older) || [...this.pieces].some(older);
  }

  private release(): void {
    const next = this.nextWaiter();
    if (!next) {
      this.running--;
      return;
    }
    // The permit passes straight to the next piece of work.
    next.admit();
  }

  private nextWaiter(): Waiter | undefined {
    if (this.waiting.length === 0) return undefined;
    const turn = (waiter: Waiter): number => this.lastServed.get(waiter.owner) ?? -1;
    const owner = this.waiting.reduce((a, b) => (turn(b) < turn(a) || (turn(b) === turn(a) && b.arrival < a.arrival) ? b : a)).owner;
    const chosen = this.waiting
      .filter((waiter) => waiter.owner === owner)
      .reduce((a, b) => (b.orderKey < a.orderKey || (b.orderKey === a.orderKey && b.arrival < a.arrival) ? b : a));
    this.waiting.splice(this.waiting.indexOf(chosen), 1);
    this.served(owner);
    return chosen;
  }

  private served(owner: string): void {
    this.lastServed.set(owner, this.admissions++);
    // Only owners with work waiting need their turn remembered; a long-lived worker sees many customers.
    if (this.lastServed.size > MAX_REMEMBERED_OWNERS) {
      const waitingOwners = new Set(this.waiting.map((waiter) => waiter.owner));
      for (const known of this.lastServed.keys()) if (!waitingOwners.has(known) && known !== owner) this.lastServed.delete(known);
    }
  }
}

interface Waiter extends LanePlace {
  arrival: number;
  admit: () => void;
}
