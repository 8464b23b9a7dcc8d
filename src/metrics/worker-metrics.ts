import { Counter, Histogram, Registry, collectDefaultMetrics } from 'prom-client';

/** Seconds: a step or a plan takes from well under a second (recording) to half an hour (a provider's render). */
const DURATION_BUCKETS = [0.1, 0.5, 1, 2.5, 5, 10, 30, 60, 120, 300, 600, 1800];

/**
 * What the worker process counts about our own work, beside the Temporal SDK's runtime metrics: each worker
 * process has one, served by src/metrics/metrics-server.ts. A registry per instance (not prom-client's global
 * one), so tests can hold several.
 */
export function createWorkerMetrics() {
  const registry = new Registry();
  collectDefaultMetrics({ register: registry, prefix: 'infinitymix_worker_' });
  return {
    registry,
    jobTransitions: new Counter({
      name: 'infinitymix_generation_job_transitions_total',
      help: 'Generation jobs entering a status and step, as recorded in GenerationJob (a retried record of the same transition counts once)',
      labelNames: ['status', 'step'] as const,
      registers: [registry],
    }),
    stepDuration: new Histogram({
      name: 'infinitymix_generation_step_duration_seconds',
      help: 'Time a generation job spent in a step, from its record entering the step to the record of the next one',
      labelNames: ['step'] as const,
      buckets: DURATION_BUCKETS,
      registers: [registry],
    }),
    activityFailures: new Counter({
      name: 'infinitymix_activity_failures_total',
      help: "Activity attempts that failed, by activity and error type (src/shared/errors.ts; providers' failures are classified into these types)",
      labelNames: ['task_queue', 'activity', 'type', 'retryable'] as const,
      registers: [registry],
    }),
    planDuration: new Histogram({
      name: 'infinitymix_plan_duration_seconds',
      help: 'Auto DJ plans from their first record (planning) to completed or failed',
      labelNames: ['status'] as const,
      buckets: DURATION_BUCKETS,
      registers: [registry],
    }),
  };
}

export type WorkerMetrics = ReturnType<typeof createWorkerMetrics>;
