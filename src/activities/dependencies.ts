import type { Pool } from 'pg';
import type { FingerprintIndex } from '../audio/fingerprint/fingerprint-index';
import type { SecretBox } from '../codec/secret-box';
import type { Database } from '../db/client';
import type { WorkerMetrics } from '../metrics/worker-metrics';
import type { MusicProvider } from '../providers/music-provider';
import type { RecognitionProvider } from '../providers/recognition-provider';
import type { SceneAnalyzer } from '../providers/scene-analyzer';
import type { OrderedLane } from '../shared/ordered-lane';
import type { ObjectStorage } from '../storage';

/** Tells whether a workflow execution is still running; backed by the Temporal client in the worker. */
export interface WorkflowLiveness {
  isRunning(workflowId: string): Promise<boolean>;
}

/** Everything activities touch, passed in by the worker (real services) or by tests. */
export interface ActivityDependencies {
  db: Database;
  /** Plain PostgreSQL pool for statements Prisma cannot run, such as VACUUM outside a transaction. */
  sql: Pool;
  storage: ObjectStorage;
  workflows: WorkflowLiveness;
  tempAudioDir: string;
  music: MusicProvider;
  /** The process's lane for generation's CPU-heavy steps: customers take turns, each one's jobs in start order. */
  audioLane: OrderedLane;
  scenes: SceneAnalyzer;
  /** AudD or ACRCloud when configured; the fingerprint catalog is always asked first. */
  recognition?: RecognitionProvider;
  fingerprints: FingerprintIndex;
  /** Soundfont for the local composer from configuration; Debian's defaults when absent. */
  soundfontPath?: string;
  /** Reference URLs on loopback or private networks are refused unless this is set (tests, local dev). */
  allowPrivateReferenceHosts: boolean;
  /** Opens webhook endpoints' signing secrets, sealed at rest with the payload key ring. */
  webhookSecrets: SecretBox;
  /** Webhook endpoints on loopback are refused unless this is set (tests, local demos); other private ranges always are. */
  allowLoopbackWebhooks: boolean;
  /** This process's own Prometheus metrics (src/metrics/worker-metrics.ts). */
  metrics: WorkerMetrics;
}
