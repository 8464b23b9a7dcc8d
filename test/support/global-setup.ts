import { ensureLocalSecrets } from '../../src/codec/local-secrets';
import { loadConfig } from '../../src/config';
import { migrate } from '../../src/db/migrate';
import { createStorage } from '../../src/storage';

/**
 * scripts/test.sh starts the services; here the schema and the bucket are made ready once per run, and the
 * local payload key and codec token exist as `npm start` makes them (scripts/setup.sh).
 */
export default async function globalSetup(): Promise<void> {
  const config = loadConfig();
  ensureLocalSecrets(config);
  await migrate(config.databaseUrl);
  const storage = createStorage(config.storage);
  await storage.ensureReady();
  await storage.close();
}
