import os from 'node:os';
import path from 'node:path';
import { z } from 'zod';
import type { KeyRingSettings } from './codec/key-ring';
import { webhookDeliveryPolicySchema, type WebhookDeliveryPolicy } from './shared/webhook-delivery-policy';

/**
 * All settings come from environment variables with working local defaults:
 * with nothing set, the project talks to the services that scripts/services.sh starts.
 */
const PROJECT_DIR = path.resolve(__dirname, '..');

const positiveInt = (fallback: number) => z.coerce.number().int().positive().default(fallback);
/** A TCP port, or 0 for "do not listen". */
const portOrOff = (fallback: number) => z.coerce.number().int().min(0).max(65535).default(fallback);
const flag = (fallback: boolean) =>
  z
    .enum(['true', 'false', '1', '0'])
    .default(fallback ? 'true' : 'false')
    .transform((value) => value === 'true' || value === '1');

const environmentSchema = z.object({
  LOG_LEVEL: z.enum(['error', 'warn', 'info', 'debug']).default('info'),
  TEMPORAL_ADDRESS: z.string().default('127.0.0.1:7233'),
  TEMPORAL_NAMESPACE: z.string().default('default'),
  TEMPORAL_API_KEY: z.string().optional(),
  DATABASE_URL: z.string().default('postgresql://infinitymix:infinitymix@127.0.0.1:54329/infinitymix'),
  STORAGE_DRIVER: z.enum(['s3', 'local']).default('s3'),
  S3_ENDPOINT: z.string().default('http://127.0.0.1:9010'),
  S3_REGION: z.string().default('us-east-1'),
  S3_BUCKET: z.string().default('infinitymix'),
  S3_ACCESS_KEY_ID: z.string().default('infinitymix'),
  S3_SECRET_ACCESS_KEY: z.string().default('infinitymix-secret'),
  S3_FORCE_PATH_STYLE: flag(true),
  LOCAL_STORAGE_DIR: z.string().default(path.join(PROJECT_DIR, '.data', 'objects')),
  TEMP_AUDIO_DIR: z.string().default(path.join(os.tmpdir(), 'infinitymix')),
  WORKER_TASK_QUEUES: z.string().default('generation,planning,maintenance'),
  /**
   * Generation activities a worker holds at once. The audio lane below bounds the CPU; these slots bound how many
   * of its jobs the worker can put in start order (a task waiting in the lane costs only its heartbeats).
   */
  GENERATION_ACTIVITY_CONCURRENCY: positiveInt(8),
  /** The composer's renders and the masters a worker runs at once (OrderedLane): one per core. */
  GENERATION_AUDIO_LANES: positiveInt(os.availableParallelism()),
  PLANNING_ACTIVITY_CONCURRENCY: positiveInt(2),
  MAINTENANCE_ACTIVITY_CONCURRENCY: positiveInt(1),
  /**
   * Generation's workflow tasks a worker runs at once. Few, so that a burst's first workflow tasks run one after
   * another in the order the jobs were started and their first activities reach the queue in that order (run side by
   * side, they finish together and in any order; docs/generation.md). Two is the SDK's least with a workflow cache.
   */
  GENERATION_WORKFLOW_TASK_CONCURRENCY: positiveInt(2),
  /** Workflow tasks at once on the planning and maintenance queues. */
  WORKFLOW_TASK_CONCURRENCY: positiveInt(40),
  SHUTDOWN_GRACE_SECONDS: positiveInt(30),
  WORKER_DEPLOYMENT_NAME: z.string().trim().min(1).optional(),
  WORKER_BUILD_ID: z.string().trim().min(1).optional(),
  CLEANUP_TEMP_MAX_AGE_HOURS: positiveInt(24),
  CLEANUP_ORPHAN_AFTER_DAYS: positiveInt(7),
  API_PORT: positiveInt(8080),
  ID_SECRET: z.string().min(32, 'must be at least 32 characters (e.g. openssl rand -base64 32)').optional(),
  ID_SECRET_FILE: z.string().default(path.join(PROJECT_DIR, '.data', 'id-secret')),
  RATE_LIMIT_PER_MINUTE: positiveInt(120),
  MAX_RUNNING_GENERATIONS_PER_CUSTOMER: positiveInt(20),
  API_QUERY_TIMEOUT_MS: positiveInt(3000),
  DOWNLOAD_URL_TTL_SECONDS: z.coerce.number().int().min(60).max(604_800, 'must be at most 604800 (7 days, the S3 limit)').default(900),
  MUSIC_PROVIDER: z.enum(['local', 'mureka']).default('local'),
  MUREKA_API_KEY: z.string().optional(),
  MUREKA_BASE_URL: z.string().url().default('https://api.mureka.ai'),
  MUREKA_MODEL: z.string().default('auto'),
  RECOGNITION_PROVIDER: z.enum(['local', 'audd', 'acrcloud']).default('local'),
  AUDD_API_TOKEN: z.string().optional(),
  AUDD_BASE_URL: z.string().url().default('https://api.audd.io'),
  ACRCLOUD_BASE_URL: z.string().url().optional(),
  ACRCLOUD_ACCESS_KEY: z.string().optional(),
  ACRCLOUD_ACCESS_SECRET: z.string().optional(),
  SCENE_PROVIDER: z.enum(['local', 'openai']).default('local'),
  OPENAI_API_KEY: z.string().optional(),
  OPENAI_BASE_URL: z.string().url().default('https://api.openai.com/v1'),
  OPENAI_MODEL: z.string().default('gpt-4o-mini'),
  OPENAI_RESPONSE_FORMAT: z.enum(['json_schema', 'json_object']).default('json_schema'),
  SOUNDFONT_PATH: z.string().optional(),
  ALLOW_PRIVATE_REFERENCE_HOSTS: flag(false),
  ALLOW_LOOPBACK_WEBHOOKS: flag(false),
  WEBHOOK_RETRY_INITIAL_SECONDS: z.coerce.number().positive().default(10),
  WEBHOOK_RETRY_MAX_SECONDS: z.coerce.number().positive().default(3600),
  WEBHOOK_DELIVERY_HOURS: z.coerce.number().positive().default(24),
  WEBHOOK_ATTEMPT_TIMEOUT_SECONDS: z.coerce.number().positive().max(30).default(10),
  GENERATION_POLL_INTERVAL_SECONDS: z.coerce.number().positive().default(5),
  GENERATION_MAX_MINUTES: z.coerce.number().positive().default(20),
  DEAD_LETTER_WAIT_HOURS: z.coerce.number().positive().default(72),
  STEP_RETRY_INITIAL_SECONDS: z.coerce.number().positive().default(5),
  STEP_RETRY_MAX_SECONDS: z.coerce.number().positive().default(300),
  STEP_ATTEMPTS: positiveInt(5),
  PAYLOAD_ENCRYPTION_KEYS: z.string().optional(),
  PAYLOAD_ENCRYPTION_KEY_ID: z.string().optional(),
  PAYLOAD_ENCRYPTION_KEY_FILE: z.string().default(path.join(PROJECT_DIR, '.data', 'payload-encryption-keys.json')),
  CODEC_HOST: z.string().default('127.0.0.1'),
  CODEC_PORT: positiveInt(8089),
  CODEC_AUTH_TOKEN: z.string().optional(),
  CODEC_AUTH_TOKEN_FILE: z.string().default(path.join(PROJECT_DIR, '.data', 'codec-auth-token')),
  CODEC_CORS_ORIGINS: z.string().default('http://127.0.0.1:8233,http://localhost:8233'),
  // Prometheus (docs/operations.md): one port per process kind, so `npm start` (API + one worker) never collides.
  METRICS_HOST: z.string().default('127.0.0.1'),
  METRICS_PORT: portOrOff(9464),
  TEMPORAL_METRICS_PORT: positiveInt(9465),
  API_METRICS_PORT: portOrOff(9466),
});

/** A provider's required setting, named in the error when it is missing. */
function required(value: string | undefined, variable: string, because: string): string {
  if (!value) throw new Error(`Invalid configuration: ${variable} is required when ${because}`);
  return value;
}

export type Environment = z.infer<typeof environmentSchema>;

/** The Worker Deployment Version a worker serves: the deployment (the service) and its build. */
export interface WorkerVersion {
  deploymentName: string;
  buildId: string;
}

/** Both or neither: a build id without its deployment (or the reverse) is a half-configured deploy. */
function workerVersion(deploymentName: string | undefined, buildId: string | undefined): WorkerVersion | undefined {
  if (deploymentName === undefined && buildId === undefined) return undefined;
  return {
    deploymentName: required(deploymentName, 'WORKER_DEPLOYMENT_NAME', 'WORKER_BUILD_ID is set'),
    buildId: required(buildId, 'WORKER_BUILD_ID', 'WORKER_DEPLOYMENT_NAME is set'),
  };
}

export interface AppConfig {
  logLevel: Environment['LOG_LEVEL'];
  /** payloadEncryption: the key ring every client and worker encrypts payloads with (src/codec). */
  temporal: { address: string; namespace: string; apiKey?: string; payloadEncryption: KeyRingSettings };
  /** The codec server that lets the Web UI and the CLI read encrypted payloads (src/codec/server.ts). */
  codecServer: { host: string; port: number; authToken?: string; authTokenFile: string; corsOrigins: string[] };
  databaseUrl: string;
  storage:
    | { driver: 's3'; endpoint: string; region: string; bucket: string; accessKeyId: string; secretAccessKey: string; forcePathStyle: boolean }
    | { driver: 'local'; directory: string };
  tempAudioDir: string;
  /**
   * Prometheus endpoints (src/metrics), on `host`: the worker's own metrics with the Temporal SDK's appended
   * (`workerPort`; the SDK's exporter itself listens on 127.0.0.1:`temporalPort`), and the API's (`apiPort`,
   * a listener apart from the API's). A port of 0 serves nothing.
   */
  metrics: { host: string; workerPort: number; temporalPort: number; apiPort: number };
  worker: {
    taskQueues: string[];
    activityConcurrency: { generation: number; planning: number; maintenance: number };
    /** CPU-heavy generation steps (render, master) at once in this process (src/shared/ordered-lane.ts). */
    generationAudioLanes: number;
    workflowTaskConcurrency: { generation: number; planning: number; maintenance: number };
    shutdownGraceSeconds: number;
    /** Worker Versioning (docs/deployments.md): set, the worker serves only its own build; unset, it is unversioned. */
    versioning?: WorkerVersion;
  };
  cleanup: { tempMaxAgeHours: number; orphanAfterDays: number };
  apiPort: number;
  api: {
    /** Keys the HMAC that turns customer + Idempotency-Key into job and plan ids (src/api/resource-ids.ts). */
    idSecret: { value?: string; file: string };
    requestsPerMinutePerCustomer: number;
    maxRunningGenerationsPerCustomer: number;
    /** How long the API waits for a worker to answer a progress query before it answers from the database. */
    queryTimeoutMs: number;
    /** How long the presigned download links on a completed job work. */
    downloadUrlTtlSeconds: number;
  };
  providers: {
    music: { kind: 'local'; soundfontPath?: string } | { kind: 'mureka'; apiKey: string; baseUrl: string; model: string };
    recognition:
      | { kind: 'local' }
      | { kind: 'audd'; apiToken: string; baseUrl: string }
      | { kind: 'acrcloud'; baseUrl: string; accessKey: string; accessSecret: string };
    scenes: { kind: 'local' } | { kind: 'openai'; apiKey: string; baseUrl: string; model: string; responseFormat: 'json_schema' | 'json_object' };
    allowPrivateReferenceHosts: boolean;
    /** Webhook endpoints on loopback (never other private ranges) for local receivers: tests and demos. */
    allowLoopbackWebhooks: boolean;
  };
  /** Timers and retry bounds the client puts into each generation's input (see generationPolicySchema). */
  generationPolicy: {
    retryInitialIntervalSeconds: number;
    retryMaximumIntervalSeconds: number;
    stepAttempts: number;
    pollIntervalSeconds: number;
    maxGenerationMinutes: number;
    deadLetterWaitHours: number;
    webhookDelivery: WebhookDeliveryPolicy;
  };
  /** Retry bounds the client puts into each Auto DJ plan's input (see planningPolicySchema). */
  planningPolicy: {
    retryInitialIntervalSeconds: number;
    retryMaximumIntervalSeconds: number;
    stepAttempts: number;
    webhookDelivery: WebhookDeliveryPolicy;
  };
}

export function loadConfig(env: NodeJS.ProcessEnv = process.env): AppConfig {
  const parsed = environmentSchema.safeParse(env);
  if (!parsed.success) {
    const problems = parsed.error.issues.map((issue) => `${issue.path.join('.')}: ${issue.message}`).join('; ');
    throw new Error(`Invalid configuration: ${problems}`);
  }
  const e = parsed.data;
  const webhookDelivery: WebhookDeliveryPolicy = {
    retryInitialIntervalSeconds: e.WEBHOOK_RETRY_INITIAL_SECONDS,
    retryMaximumIntervalSeconds: e.WEBHOOK_RETRY_MAX_SECONDS,
    deliveryWindowHours: e.WEBHOOK_DELIVERY_HOURS,
    attemptTimeoutSeconds: e.WEBHOOK_ATTEMPT_TIMEOUT_SECONDS,
  };
  const webhookProblems = webhookDeliveryPolicySchema.safeParse(webhookDelivery).error?.issues;
  if (webhookProblems) {
    throw new Error(`Invalid configuration: webhook delivery (WEBHOOK_*): ${webhookProblems.map((issue) => `${issue.path.join('.')}: ${issue.message}`).join('; ')}`);
  }
  return {
    logLevel: e.LOG_LEVEL,
    temporal: {
      address: e.TEMPORAL_ADDRESS,
      namespace: e.TEMPORAL_NAMESPACE,
      apiKey: e.TEMPORAL_API_KEY,
      payloadEncryption: { keys: e.PAYLOAD_ENCRYPTION_KEYS, currentKeyId: e.PAYLOAD_ENCRYPTION_KEY_ID, keyFile: e.PAYLOAD_ENCRYPTION_KEY_FILE },
    },
    codecServer: {
      host: e.CODEC_HOST,
      port: e.CODEC_PORT,
      authToken: e.CODEC_AUTH_TOKEN,
      authTokenFile: e.CODEC_AUTH_TOKEN_FILE,
      corsOrigins: e.CODEC_CORS_ORIGINS.split(',').map((origin) => origin.trim()).filter(Boolean),
    },
    databaseUrl: e.DATABASE_URL,
    storage:
      e.STORAGE_DRIVER === 's3'
        ? {
            driver: 's3',
            endpoint: e.S3_ENDPOINT,
            region: e.S3_REGION,
            bucket: e.S3_BUCKET,
            accessKeyId: e.S3_ACCESS_KEY_ID,
            secretAccessKey: e.S3_SECRET_ACCESS_KEY,
            forcePathStyle: e.S3_FORCE_PATH_STYLE,
          }
        : { driver: 'local', directory: e.LOCAL_STORAGE_DIR },
    tempAudioDir: e.TEMP_AUDIO_DIR,
    worker: {
      taskQueues: e.WORKER_TASK_QUEUES.split(',').map((queue) => queue.trim()).filter(Boolean),
      activityConcurrency: {
        generation: e.GENERATION_ACTIVITY_CONCURRENCY,
        planning: e.PLANNING_ACTIVITY_CONCURRENCY,
        maintenance: e.MAINTENANCE_ACTIVITY_CONCURRENCY,
      },
      generationAudioLanes: e.GENERATION_AUDIO_LANES,
      workflowTaskConcurrency: {
        generation: e.GENERATION_WORKFLOW_TASK_CONCURRENCY,
        planning: e.WORKFLOW_TASK_CONCURRENCY,
        maintenance: e.WORKFLOW_TASK_CONCURRENCY,
      },
      shutdownGraceSeconds: e.SHUTDOWN_GRACE_SECONDS,
      versioning: workerVersion(e.WORKER_DEPLOYMENT_NAME, e.WORKER_BUILD_ID),
    },
    cleanup: { tempMaxAgeHours: e.CLEANUP_TEMP_MAX_AGE_HOURS, orphanAfterDays: e.CLEANUP_ORPHAN_AFTER_DAYS },
    metrics: { host: e.METRICS_HOST, workerPort: e.METRICS_PORT, temporalPort: e.TEMPORAL_METRICS_PORT, apiPort: e.API_METRICS_PORT },
    apiPort: e.API_PORT,
    api: {
      idSecret: { value: e.ID_SECRET, file: e.ID_SECRET_FILE },
      requestsPerMinutePerCustomer: e.RATE_LIMIT_PER_MINUTE,
      maxRunningGenerationsPerCustomer: e.MAX_RUNNING_GENERATIONS_PER_CUSTOMER,
      queryTimeoutMs: e.API_QUERY_TIMEOUT_MS,
      downloadUrlTtlSeconds: e.DOWNLOAD_URL_TTL_SECONDS,
    },
    providers: {
      music:
        e.MUSIC_PROVIDER === 'mureka'
          ? { kind: 'mureka', apiKey: required(e.MUREKA_API_KEY, 'MUREKA_API_KEY', 'MUSIC_PROVIDER=mureka'), baseUrl: e.MUREKA_BASE_URL, model: e.MUREKA_MODEL }
          : { kind: 'local', soundfontPath: e.SOUNDFONT_PATH },
      recognition:
        e.RECOGNITION_PROVIDER === 'audd'
          ? { kind: 'audd', apiToken: required(e.AUDD_API_TOKEN, 'AUDD_API_TOKEN', 'RECOGNITION_PROVIDER=audd'), baseUrl: e.AUDD_BASE_URL }
          : e.RECOGNITION_PROVIDER === 'acrcloud'
            ? {
                kind: 'acrcloud',
                baseUrl: required(e.ACRCLOUD_BASE_URL, 'ACRCLOUD_BASE_URL', 'RECOGNITION_PROVIDER=acrcloud'),
                accessKey: required(e.ACRCLOUD_ACCESS_KEY, 'ACRCLOUD_ACCESS_KEY', 'RECOGNITION_PROVIDER=acrcloud'),
                accessSecret: required(e.ACRCLOUD_ACCESS_SECRET, 'ACRCLOUD_ACCESS_SECRET', 'RECOGNITION_PROVIDER=acrcloud'),
              }
            : { kind: 'local' },
      scenes:
        e.SCENE_PROVIDER === 'openai'
          ? {
              kind: 'openai',
              apiKey: required(e.OPENAI_API_KEY, 'OPENAI_API_KEY', 'SCENE_PROVIDER=openai'),
              baseUrl: e.OPENAI_BASE_URL,
              model: e.OPENAI_MODEL,
              responseFormat: e.OPENAI_RESPONSE_FORMAT,
            }
          : { kind: 'local' },
      allowPrivateReferenceHosts: e.ALLOW_PRIVATE_REFERENCE_HOSTS,
      allowLoopbackWebhooks: e.ALLOW_LOOPBACK_WEBHOOKS,
    },
    generationPolicy: {
      retryInitialIntervalSeconds: e.STEP_RETRY_INITIAL_SECONDS,
      retryMaximumIntervalSeconds: e.STEP_RETRY_MAX_SECONDS,
      stepAttempts: e.STEP_ATTEMPTS,
      pollIntervalSeconds: e.GENERATION_POLL_INTERVAL_SECONDS,
      maxGenerationMinutes: e.GENERATION_MAX_MINUTES,
      deadLetterWaitHours: e.DEAD_LETTER_WAIT_HOURS,
      webhookDelivery,
    },
    planningPolicy: {
      retryInitialIntervalSeconds: e.STEP_RETRY_INITIAL_SECONDS,
      retryMaximumIntervalSeconds: e.STEP_RETRY_MAX_SECONDS,
      stepAttempts: e.STEP_ATTEMPTS,
      webhookDelivery,
    },
  };
}
