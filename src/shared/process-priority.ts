import { AsyncLocalStorage } from 'node:async_hooks';

/**
 * How much lower the CPU priority of child processes started inside `work` is: Unix niceness added to this
 * process's (at most 19 in all). Niceness only lowers a process's share of a busy CPU: it idles nothing, so work
 * behind other work soaks up the cycles the work in front leaves, and raising it needs no privilege.
 */
const childNiceness = new AsyncLocalStorage<number>();

export function withChildNiceness<T>(niceness: number, work: () => Promise<T>): Promise<T> {
  return childNiceness.run(niceness, work);
}

/** The niceness for a child process started now: 0 (the parent's default) outside `withChildNiceness`. */
export function currentChildNiceness(): number {
  return childNiceness.getStore() ?? 0;
}
