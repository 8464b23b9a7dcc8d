import { spawn } from 'node:child_process';
import path from 'node:path';
import { Client } from 'pg';
import { clusterTestEnvironment } from './cluster-settings';
import { prepareServices } from './global-setup';

const CLUSTER_SCRIPT = path.resolve(__dirname, '..', '..', 'scripts', 'temporal-cluster.sh');

/**
 * globalSetup of the `integration-cluster` jest project: the project's own database (created when missing,
 * then migrated) and bucket, and the Temporal server on PostgreSQL, built and started by
 * scripts/temporal-cluster.sh when it is not running (it is left running afterwards, as scripts/services.sh
 * leaves the dev server). Nothing here touches this process's environment: every project's globalSetup runs
 * in the same process, and the dev-server project must keep its values.
 */
export default async function clusterGlobalSetup(): Promise<void> {
  const env = { ...process.env, ...clusterTestEnvironment() };
  await createDatabaseIfMissing(env.DATABASE_URL);
  await prepareServices(env);
  await runScript(CLUSTER_SCRIPT, ['up'], { ...process.env, TEMPORAL_CLUSTER_UI: 'off' });
}

async function createDatabaseIfMissing(databaseUrl: string): Promise<void> {
  const target = new URL(databaseUrl);
  const name = decodeURIComponent(target.pathname.slice(1));
  const server = new Client({ connectionString: Object.assign(new URL(databaseUrl), { pathname: '/postgres' }).toString() });
  await server.connect();
  try {
    const { rowCount } = await server.query('SELECT 1 FROM pg_database WHERE datname = $1', [name]);
    if (rowCount) return;
    await server.query(`CREATE DATABASE "${name.replace(/"/g, '""')}"`).catch((error: { code?: string }) => {
      // Another run created it in the meantime.
      if (error.code !== '42P04') throw error;
    });
  } finally {
    await server.end();
  }
}

function runScript(script: string, args: string[], env: NodeJS.ProcessEnv): Promise<void> {
  return new Promise((resolve, reject) => {
    const child = spawn('bash', [script, ...args], { env, stdio: ['ignore', 'inherit', 'inherit'] });
    child.once('error', reject);
    child.once('exit', (code, signal) =>
      code === 0 ? resolve() : reject(new Error(`${path.basename(script)} ${args.join(' ')} failed (${signal ?? code})`)),
    );
  });
}
