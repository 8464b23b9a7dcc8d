import { parseArgs } from 'node:util';
import { loadConfig } from '../config';
import { createLogger } from '../logger';
import { connectClient } from '../temporal-connection';
import { setCurrentVersion } from './current-version';

/**
 * `npm run deploy:version -- --build-id <id> [--deployment-name <name>] [--wait-seconds 120]`: once the new
 * build's workers run, moves new work to it (docs/deployments.md). The deployment name defaults to
 * WORKER_DEPLOYMENT_NAME, as the workers read it.
 */
const { values } = parseArgs({
  options: {
    'build-id': { type: 'string' },
    'deployment-name': { type: 'string', default: process.env.WORKER_DEPLOYMENT_NAME },
    'wait-seconds': { type: 'string', default: '120' },
  },
});

async function main(): Promise<void> {
  const buildId = values['build-id'];
  const deploymentName = values['deployment-name'];
  const waitSeconds = Number(values['wait-seconds']);
  if (!buildId) throw new Error('--build-id is required');
  if (!deploymentName) throw new Error('--deployment-name (or WORKER_DEPLOYMENT_NAME) is required');
  if (!Number.isFinite(waitSeconds) || waitSeconds < 0) throw new Error('--wait-seconds must be a number of seconds, 0 or more');

  const config = loadConfig();
  const logger = createLogger(config.logLevel);
  const client = await connectClient(config.temporal);
  try {
    const change = await setCurrentVersion(client, { deploymentName, buildId }, { waitSeconds });
    logger.info('current version set', { deploymentName, buildId, previousBuildId: change.previousBuildId ?? 'unversioned' });
  } finally {
    await client.connection.close();
  }
}

main().catch((error: unknown) => {
  createLogger().error('setting the current version failed', { error });
  process.exitCode = 1;
});
