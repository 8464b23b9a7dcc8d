import type winston from 'winston';
import type { InfinityMixClient } from '../client';
import type { Database } from '../db/client';
import type { GenerationPolicy } from '../contracts/music-generation';
import type { ApiMetrics } from '../metrics/api-metrics';
import type { StepRetry } from '../shared/step-retry';

/** What the API talks to; server.ts passes the real ones, tests their own policy and task queue. */
export interface ApiDependencies {
  temporal: InfinityMixClient;
  db: Database;
  logger: winston.Logger;
  /** Timers and retry bounds put into every generation's input (config.generationPolicy). */
  generationPolicy: GenerationPolicy;
  /** Retry bounds put into every Auto DJ plan's input (config.planningPolicy). */
  planningPolicy: StepRetry;
  /** How long a progress query may wait for a worker before the API answers from the database. */
  queryTimeoutMs: number;
  /** How long each health check may take before it counts as down. */
  healthTimeoutMs: number;
  bodyLimitBytes: number;
  /** Keys the HMAC behind idempotent job and plan ids (resource-ids.ts, id-secret.ts). */
  idSecret: Buffer;
  /** Requests by route and status, and their latency (served on API_METRICS_PORT by server.ts). */
  metrics: ApiMetrics;
  limits: {
    /** Token bucket per customer, in this process (rate-limit.ts). */
    requestsPerMinutePerCustomer: number;
    /** Queued, running and parked generations a customer may have at once. */
    maxRunningGenerationsPerCustomer: number;
  };
}
