import type { Client } from '@temporalio/client';
import type { DataConverter } from '@temporalio/common';
import { NativeConnection } from '@temporalio/worker';
import { closeDspWorker } from './audio/dsp/dsp-pool';
import { encryptedDataConverter } from './codec/data-converter';
import type { AppConfig } from './config';
import { createDatabase, createSqlPool } from './db/client';
import type { Services } from './dependencies';
import { createStorage } from './storage';
import { connectClient, workflowLiveness } from './temporal-connection';

export interface OpenServices extends Services {
  client: Client;
  /** The worker side's connection to Temporal. */
  connection: NativeConnection;
  /** What every worker of the process encodes payloads with (the client has its own, from the same keys). */
  dataConverter: DataConverter;
  /** Closes everything opened here, so the process can exit. */
  close(): Promise<void>;
}

/**
 * Connects to everything a worker process uses (Temporal, PostgreSQL, storage), in one place for the
 * worker, the tests' worker and the test harness, so they all open and release the same things.
 */
export async function openServices(
  config: AppConfig,
  options: { onIdleSqlError: (error: Error) => void; sqlPoolSize?: number },
): Promise<OpenServices> {
  const connection = await NativeConnection.connect({
    address: config.temporal.address,
    ...(config.temporal.apiKey ? { apiKey: config.temporal.apiKey, tls: true } : {}),
  });
  const client = await connectClient(config.temporal);
  const db = createDatabase(config.databaseUrl);
  const sql = createSqlPool(config.databaseUrl, options.onIdleSqlError, options.sqlPoolSize);
  const storage = createStorage(config.storage);
  return {
    client,
    connection,
    dataConverter: encryptedDataConverter(config.temporal.payloadEncryption),
    db,
    sql,
    storage,
    workflows: workflowLiveness(client),
    async close() {
      await Promise.allSettled([connection.close(), client.connection.close(), db.$disconnect(), sql.end(), storage.close(), closeDspWorker()]);
    },
  };
}
