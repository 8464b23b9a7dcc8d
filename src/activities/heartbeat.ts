import { Context } from '@temporalio/activity';

/** How often long activities heartbeat; the worker sends them on no less often (src/worker.ts), so a cancel arrives within about this long. */
export const HEARTBEAT_INTERVAL_MS = 5_000;

/**
 * Keeps heartbeating while one long call (a download, a render, a child process) runs, so the server
 * notices a dead worker within the heartbeat timeout; hands the call the activity's cancellation signal.
 */
export async function withHeartbeat<T>(work: (signal: AbortSignal) => Promise<T>, details?: unknown): Promise<T> {
  const context = Context.current();
  context.heartbeat(details);
  const timer = setInterval(() => context.heartbeat(details), HEARTBEAT_INTERVAL_MS);
  try {
    return await work(context.cancellationSignal);
  } finally {
    clearInterval(timer);
  }
}
