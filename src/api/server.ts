import type { AddressInfo } from 'node:net';
import { InfinityMixClient } from '../client';
import { loadKeyRing } from '../codec/key-ring';
import { SecretBox } from '../codec/secret-box';
import { loadConfig } from '../config';
import { createDatabase } from '../db/client';
import { createLogger } from '../logger';
import { createS3DownloadSigner } from '../storage/s3-presigner';
import { createStorage } from '../storage';
import { createApiMetrics } from '../metrics/api-metrics';
import { startMetricsServer, type MetricsEndpoint } from '../metrics/metrics-server';
import { connectClient } from '../temporal-connection';
import { createApiServer } from './app';
import { loadIdSecret } from './id-secret';
import { DEFAULT_BODY_LIMIT_BYTES } from './json-body';

/** In-flight requests get this long after SIGINT/SIGTERM; then open connections are cut. */
const SHUTDOWN_GRACE_MS = 10_000;

async function main(): Promise<void> {
  const config = loadConfig();
  const logger = createLogger(config.logLevel);
  const temporalClient = await connectClient(config.temporal);
  const db = createDatabase(config.databaseUrl);
  const storage = createStorage(config.storage);
  const idSecret = await loadIdSecret(config.api.idSecret);
  if (idSecret.created) logger.info('made a new ID_SECRET file; every API instance must share it', { file: config.api.idSecret.file });
  const metrics = createApiMetrics(db);
  const server = createApiServer({
    temporal: new InfinityMixClient(temporalClient),
    db,
    storage,
    allowPrivateSourceHosts: config.providers.allowPrivateReferenceHosts,
    logger,
    generationPolicy: config.generationPolicy,
    planningPolicy: config.planningPolicy,
    queryTimeoutMs: config.api.queryTimeoutMs,
    healthTimeoutMs: 2_000,
    bodyLimitBytes: DEFAULT_BODY_LIMIT_BYTES,
    webhookSecrets: new SecretBox(loadKeyRing(config.temporal.payloadEncryption)),
    allowLoopbackWebhooks: config.providers.allowLoopbackWebhooks,
    idSecret: idSecret.secret,
    downloadLinks: config.storage.driver === 's3' ? { sign: createS3DownloadSigner(config.storage), ttlSeconds: config.api.downloadUrlTtlSeconds } : null,
    metrics,
    limits: {
      requestsPerMinutePerCustomer: config.api.requestsPerMinutePerCustomer,
      maxRunningGenerationsPerCustomer: config.api.maxRunningGenerationsPerCustomer,
    },
  });

  // A listener of its own on METRICS_HOST (loopback by default), not a route of the API: no credential to hand
  // Prometheus, and nothing about traffic or job counts reachable from where the API is (docs/operations.md).
  // Opened before the API listens, so a taken port stops the start.
  const { host: metricsHost, apiPort: metricsPort } = config.metrics;
  const metricsEndpoint: MetricsEndpoint | undefined = metricsPort === 0 ? undefined : await startMetricsServer({ host: metricsHost, port: metricsPort, registry: metrics.registry });
  if (metricsEndpoint) logger.info('API metrics', { url: metricsEndpoint.url });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(config.apiPort, () => resolve());
  });
  const { port } = server.address() as AddressInfo;
  logger.info('API listening', { url: `http://127.0.0.1:${port}`, temporal: config.temporal.address, namespace: config.temporal.namespace });

  let stopping = false;
  const stop = (signal: NodeJS.Signals) => {
    if (stopping) return;
    stopping = true;
    logger.info('API stopping', { signal });
    const forced = setTimeout(() => server.closeAllConnections(), SHUTDOWN_GRACE_MS).unref();
    server.close(async () => {
      clearTimeout(forced);
      await Promise.allSettled([temporalClient.connection.close(), db.$disconnect(), storage.close(), metricsEndpoint?.close()]);
      logger.info('API stopped');
    });
    server.closeIdleConnections();
  };
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
}

main().catch((error: unknown) => {
  createLogger().error('API failed to start', { error });
  process.exitCode = 1;
});
