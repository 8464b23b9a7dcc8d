import type { ActivityOptions, RetryPolicy } from '@temporalio/workflow';
import { nonRetryableErrorTypes } from '../shared/errors';

/** design.md §4: exponential backoff from 5 s, ×2, capped at 300 s, bounded attempts, typed non-retryables. */
export function retryPolicy(maximumAttempts: number): RetryPolicy {
  return {
    initialInterval: '5s',
    backoffCoefficient: 2,
    maximumInterval: '300s',
    maximumAttempts,
    nonRetryableErrorTypes: [...nonRetryableErrorTypes],
  };
}

/** Short database statements: a minute each, a few attempts. */
export const quickDatabaseActivity: ActivityOptions = {
  startToCloseTimeout: '1 minute',
  retry: retryPolicy(5),
};

/** Loops over many files, rows or objects: they heartbeat, so a dead worker is noticed within the heartbeat timeout. */
export const longScanActivity: ActivityOptions = {
  startToCloseTimeout: '30 minutes',
  heartbeatTimeout: '1 minute',
  retry: retryPolicy(5),
};
