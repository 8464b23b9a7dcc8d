import { randomBytes } from 'node:crypto';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import winston from 'winston';
import { createApiKey } from '../../src/api/api-key-store';
import { createApiServer } from '../../src/api/app';
import type { ApiDependencies } from '../../src/api/dependencies';
import { InfinityMixClient } from '../../src/client';
import { loadKeyRing } from '../../src/codec/key-ring';
import { SecretBox } from '../../src/codec/secret-box';
import { loadConfig } from '../../src/config';
import { createApiMetrics } from '../../src/metrics/api-metrics';
import { createS3DownloadSigner } from '../../src/storage/s3-presigner';
import type { ApiKeyScope } from '../../src/generated/prisma/client';
import type { TestEnvironment } from './environment';
import { fastPolicy } from './generation';

export interface TestApi {
  baseUrl: string;
  /** The ID_SECRET this API derives ids with. */
  idSecret: Buffer;
  call(method: string, path: string, options?: { key?: string; body?: unknown; headers?: Record<string, string> }): Promise<ApiAnswer>;
  close(): Promise<void>;
}

export interface ApiAnswer {
  status: number;
  headers: Headers;
  // eslint-disable-next-line @typescript-eslint/no-explicit-any -- answers are checked with toMatchObject; a type per route would repeat them
  body: Record<string, any>;
}

/** Download links signed for the configured storage, as server.ts makes them; null on the local-directory driver. */
export function downloadLinksFor(ttlSeconds: number): ApiDependencies['downloadLinks'] {
  const { storage } = loadConfig();
  return storage.driver === 's3' ? { sign: createS3DownloadSigner(storage), ttlSeconds } : null;
}

/** The API app in-process on a free port (or `port`), on the test's task queue, with generous limits unless told otherwise. */
export async function startTestApi(
  env: Pick<TestEnvironment, 'client' | 'db' | 'taskQueue' | 'storage'>,
  overrides: Partial<ApiDependencies> = {},
  port = 0,
): Promise<TestApi> {
  const idSecret = overrides.idSecret ?? randomBytes(32);
  const server: Server = createApiServer({
    temporal: new InfinityMixClient(env.client, { taskQueue: env.taskQueue }),
    db: env.db,
    storage: env.storage,
    allowPrivateSourceHosts: false,
    logger: winston.createLogger({ silent: true }),
    generationPolicy: fastPolicy,
    planningPolicy: {
      retryInitialIntervalSeconds: fastPolicy.retryInitialIntervalSeconds,
      retryMaximumIntervalSeconds: fastPolicy.retryMaximumIntervalSeconds,
      stepAttempts: fastPolicy.stepAttempts,
      webhookDelivery: fastPolicy.webhookDelivery,
    },
    queryTimeoutMs: 5_000,
    healthTimeoutMs: 5_000,
    bodyLimitBytes: 64 * 1024,
    webhookSecrets: new SecretBox(loadKeyRing(loadConfig().temporal.payloadEncryption)),
    allowLoopbackWebhooks: false,
    idSecret,
    limits: { requestsPerMinutePerCustomer: 10_000, maxRunningGenerationsPerCustomer: 1_000 },
    downloadLinks: downloadLinksFor(900),
    metrics: createApiMetrics(env.db),
    ...overrides,
  });
  await new Promise<void>((resolve) => server.listen(port, '127.0.0.1', resolve));
  const baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    baseUrl,
    idSecret,
    async call(method, path, { key, body, headers = {} } = {}) {
      const response = await fetch(`${baseUrl}${path}`, {
        method,
        headers: { 'content-type': 'application/json', ...(key ? { authorization: `Bearer ${key}` } : {}), ...headers },
        body: body === undefined ? undefined : typeof body === 'string' ? body : JSON.stringify(body),
      });
      return { status: response.status, headers: response.headers, body: response.status === 204 ? {} : ((await response.json()) as Record<string, unknown>) };
    },
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

/** A fresh key through the same code as `npm run keys -- create`. */
export async function newApiKey(env: Pick<TestEnvironment, 'db'>, customerId: string, scope: ApiKeyScope = 'customer'): Promise<string> {
  return (await createApiKey(env.db, { customerId, scope, label: 'integration test' })).token;
}
