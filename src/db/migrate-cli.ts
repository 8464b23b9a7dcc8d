import { loadConfig } from '../config';
import { createLogger } from '../logger';
import { migrate } from './migrate';

const logger = createLogger();
migrate(loadConfig().databaseUrl)
  .then((outcome) => logger.info('database migrated', outcome))
  .catch((error: Error) => {
    logger.error('database migration failed', { error: error.message });
    process.exitCode = 1;
  });
