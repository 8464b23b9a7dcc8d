import { ApplicationFailure } from '@temporalio/common';
import type { ActivityInboundCallsInterceptor, ActivityInterceptorsFactory } from '@temporalio/worker';
import { asActivityFailure } from './domain-failures';
import type { WorkerMetrics } from '../metrics/worker-metrics';

/** The error type an activity failure is retried or not by: its ApplicationFailure type, else the error's name (e.g. CancelledFailure). */
export function failureLabels(error: unknown): { type: string; retryable: 'true' | 'false' } {
  const failure = asActivityFailure(error);
  if (failure instanceof ApplicationFailure) return { type: failure.type ?? 'Unclassified', retryable: failure.nonRetryable ? 'false' : 'true' };
  return { type: failure instanceof Error ? failure.name : 'Unclassified', retryable: 'true' };
}

/**
 * Counts every failed activity attempt by its error type, in one place for every activity: the providers'
 * error mappers (src/providers/*-errors.ts) and src/activities/domain-failures.ts classify, this counts.
 */
export function activityFailureCounter(metrics: WorkerMetrics): ActivityInterceptorsFactory {
  return (context) => {
    const inbound: ActivityInboundCallsInterceptor = {
      async execute(input, next) {
        try {
          return await next(input);
        } catch (error) {
          const { activityType, taskQueue } = context.info;
          metrics.activityFailures.inc({ task_queue: taskQueue, activity: activityType, ...failureLabels(error) });
          throw error;
        }
      },
    };
    return { inbound };
  };
}
