import { loadConfig } from '../config';
import { createLogger } from '../logger';
import { connectClient } from '../temporal-connection';
import { applySchedules } from './apply';
import { scheduleDefinitions } from './definitions';

/** `npm run schedules:apply`: idempotent, run at every deploy. */
async function main(): Promise<void> {
  const config = loadConfig();
  const logger = createLogger(config.logLevel);
  const client = await connectClient(config.temporal);
  try {
    const outcomes = await applySchedules(client, scheduleDefinitions(config));
    logger.info('schedules applied', { outcomes });
  } finally {
    await client.connection.close();
  }
}

main().catch((error: unknown) => {
  createLogger().error('applying schedules failed', { error });
  process.exitCode = 1;
});
