/**
 * Work budget of the heuristic, counted in track positions evaluated (an evaluation of a set of
 * n tracks costs n). Counting work keeps a run reproducible for a seed; the wall-clock deadline
 * only caps a run on an overloaded machine.
 */
export class SearchBudget {
  private spent = 0;
  private evaluations = 0;
  private late = false;
  private readonly deadline: number;

  constructor(
    readonly maxWork: number,
    timeBudgetMs: number,
    private readonly now: () => number = () => performance.now(),
  ) {
    this.deadline = now() + timeBudgetMs;
  }

  spend(positions: number): void {
    this.spent += positions;
    this.evaluations++;
    // Reading the clock costs more than an evaluation, so only every 256th one looks at it.
    if ((this.evaluations & 255) === 0 && this.now() > this.deadline) this.late = true;
  }

  get fraction(): number {
    return Math.min(1, this.spent / this.maxWork);
  }

  exhausted(): boolean {
    return this.late || this.spent >= this.maxWork;
  }
}
