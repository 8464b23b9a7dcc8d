/**
 * Whether a worker deployment serves its task queues, from what Temporal reports of their pollers: every
 * queue needs a workflow poller and an activity poller seen within `freshSeconds`. A poll is a long poll
 * (up to about a minute), so a worker that is alive and connected is seen at least that often.
 */
export type PollerKind = 'workflow' | 'activity';

export interface QueuePollers {
  taskQueue: string;
  kind: PollerKind;
  /** Milliseconds since the epoch of each poller's last poll, as Temporal reports them. */
  lastAccessTimes: number[];
}

/** What is missing, one line per queue and kind; empty when every queue is served. */
export function unservedQueues(pollers: QueuePollers[], nowMs: number, freshSeconds: number): string[] {
  return pollers
    .filter(({ lastAccessTimes }) => !lastAccessTimes.some((time) => nowMs - time <= freshSeconds * 1000))
    .map(({ taskQueue, kind, lastAccessTimes }) =>
      lastAccessTimes.length === 0
        ? `task queue ${taskQueue}: no ${kind} poller`
        : `task queue ${taskQueue}: no ${kind} poll in the last ${freshSeconds} s`,
    );
}
