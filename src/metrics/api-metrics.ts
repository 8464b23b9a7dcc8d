import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics } from 'prom-client';
import type { Database } from '../db/client';

/** Seconds: most answers take milliseconds; progress queries wait up to API_QUERY_TIMEOUT_MS for a worker. */
const LATENCY_BUCKETS = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10];

/**
 * The API process's metrics: requests by route pattern (never the raw path, which carries ids) and status,
 * their latency, and generation jobs by status read from PostgreSQL at scrape time.
 */
export function createApiMetrics(db: Database) {
  const registry = new Registry();
  collectDefaultMetrics({ register: registry, prefix: 'infinitymix_api_' });
  const requests = new Counter({
    name: 'infinitymix_api_requests_total',
    help: 'HTTP requests answered, by method, route pattern (`unmatched` for no route) and status',
    labelNames: ['method', 'route', 'status'] as const,
    registers: [registry],
  });
  const latency = new Histogram({
    name: 'infinitymix_api_request_duration_seconds',
    help: 'Time from request to answer, by method and route pattern',
    labelNames: ['method', 'route'] as const,
    buckets: LATENCY_BUCKETS,
    registers: [registry],
  });
  new Gauge({
    name: 'infinitymix_generation_jobs',
    help: 'Generation jobs by status now (GenerationJob rows), counted at scrape time',
    labelNames: ['status'] as const,
    registers: [registry],
    async collect() {
      const counts = await db.generationJob.groupBy({ by: ['status'], _count: { _all: true } });
      this.reset();
      for (const { status, _count } of counts) this.set({ status }, _count._all);
    },
  });
  return {
    registry,
    observeRequest(method: string, route: string, status: number, seconds: number): void {
      requests.inc({ method, route, status: String(status) });
      latency.observe({ method, route }, seconds);
    },
  };
}

export type ApiMetrics = ReturnType<typeof createApiMetrics>;
