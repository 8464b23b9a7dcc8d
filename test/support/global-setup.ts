import { loadConfig } from '../../src/config';
import { migrate } from '../../src/db/migrate';
import { createStorage } from '../../src/storage';

/** scripts/test.sh starts the services; here the schema and the bucket are made ready once per run. */
export default async function globalSetup(): Promise<void> {
  const config = loadConfig();
  await migrate(config.databaseUrl);
  const storage = createStorage(config.storage);
  await storage.ensureReady();
  await storage.close();
}
