import { ensureLocalSecrets } from '../../src/codec/local-secrets';
import { loadConfig } from '../../src/config';
import { migrate } from '../../src/db/migrate';
import { createStorage } from '../../src/storage';

/** The schema and the bucket ready, and the local payload key and codec token there as `npm start` makes them. */
export async function prepareServices(env: NodeJS.ProcessEnv = process.env): Promise<void> {
  const config = loadConfig(env);
  ensureLocalSecrets(config);
  await migrate(config.databaseUrl);
  const storage = createStorage(config.storage);
  await storage.ensureReady();
  await storage.close();
}

/**
 * scripts/test.sh starts the services; here the schema and the bucket are made ready once per run, and the
 * local payload key and codec token exist as `npm start` makes them (scripts/setup.sh).
 */
export default async function globalSetup(): Promise<void> {
  await prepareServices();
}
