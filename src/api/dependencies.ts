import type winston from 'winston';
import type { InfinityMixClient } from '../client';
import type { Database } from '../db/client';
import type { PlanningPolicyInput } from '../contracts/autodj-planning';
import type { GenerationPolicyInput } from '../contracts/music-generation';
import type { SecretBox } from '../codec/secret-box';
import type { ApiMetrics } from '../metrics/api-metrics';
import type { ObjectStorage } from '../storage';

/** What the API talks to; server.ts passes the real ones, tests their own policy and task queue. */
export interface ApiDependencies {
  temporal: InfinityMixClient;
  db: Database;
  /** Presigned upload URLs for catalog tracks, and whether an upload arrived. */
  storage: ObjectStorage;
  /** A track's sourceUrl and a generation's referenceUrl may name loopback and private hosts (ALLOW_PRIVATE_REFERENCE_HOSTS: tests, local dev). */
  allowPrivateSourceHosts: boolean;
  logger: winston.Logger;
  /** Timers and retry bounds put into every generation's input (config.generationPolicy). */
  generationPolicy: GenerationPolicyInput;
  /** Retry bounds put into every Auto DJ plan's input (config.planningPolicy). */
  planningPolicy: PlanningPolicyInput;
  /** How long a progress query may wait for a worker before the API answers from the database. */
  queryTimeoutMs: number;
  /** How long each health check may take before it counts as down. */
  healthTimeoutMs: number;
  bodyLimitBytes: number;
  /** Seals webhook signing secrets at rest (the payload key ring; src/codec/secret-box.ts). */
  webhookSecrets: SecretBox;
  /** Webhook URLs on loopback are refused unless this is set (tests, local demos: ALLOW_LOOPBACK_WEBHOOKS). */
  allowLoopbackWebhooks: boolean;
  /** Keys the HMAC behind idempotent job and plan ids (resource-ids.ts, id-secret.ts). */
  idSecret: Buffer;
  /**
   * Signs short-lived GET links to a completed job's files (src/storage/s3-presigner.ts), and for how long;
   * null when storage cannot hand out links (the local-directory driver), so jobs show no `downloads`.
   */
  downloadLinks: { sign(key: string, expiresInSeconds: number): Promise<{ url: string; expiresAt: Date }>; ttlSeconds: number } | null;
  /** Requests by route and status, and their latency (served on API_METRICS_PORT by server.ts). */
  metrics: ApiMetrics;
  limits: {
    /** Token bucket per customer, in this process (rate-limit.ts). */
    requestsPerMinutePerCustomer: number;
    /** Queued, running and parked generations a customer may have at once. */
    maxRunningGenerationsPerCustomer: number;
  };
}
