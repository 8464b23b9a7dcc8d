import path from 'node:path';
import { loadConfig } from '../../src/config';

/**
 * The `integration-cluster` jest project runs the workflow suites a second time against the Temporal
 * server on PostgreSQL (scripts/temporal-cluster.sh) rather than the dev server. It gets an application
 * database and an object store of its own: maintenance runs delete jobs whose workflow *their* server does
 * not know, and aged `tmp/` objects, so the two projects must not see each other's rows and objects.
 *
 * These are the environment values that differ; `cluster-environment.ts` applies them to every suite of
 * the project and `cluster-global-setup.ts` prepares what they name.
 */
export interface ClusterTestEnvironment extends Record<string, string> {
  TEMPORAL_ADDRESS: string;
  DATABASE_URL: string;
}

export function clusterTestEnvironment(env: NodeJS.ProcessEnv = process.env): ClusterTestEnvironment {
  const config = loadConfig(env);
  const database = new URL(config.databaseUrl);
  database.pathname = `${database.pathname}_cluster`;
  const storage: Record<string, string> =
    config.storage.driver === 's3'
      ? { S3_BUCKET: `${config.storage.bucket}-cluster` }
      : { LOCAL_STORAGE_DIR: path.join(config.storage.directory, 'cluster') };
  return {
    // scripts/lib.sh's default; the script and this read the same variable.
    TEMPORAL_ADDRESS: `127.0.0.1:${env.TEMPORAL_CLUSTER_PORT ?? '7433'}`,
    DATABASE_URL: database.toString(),
    ...storage,
  };
}
