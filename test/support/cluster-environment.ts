import { clusterTestEnvironment } from './cluster-settings';

/**
 * setupFiles of the `integration-cluster` jest project: before each suite loads, its environment points
 * at the clustered Temporal server and the project's own database and bucket (cluster-settings.ts). Jest
 * gives every suite its own copy of process.env, so the dev-server suites keep theirs.
 */
Object.assign(process.env, clusterTestEnvironment());
