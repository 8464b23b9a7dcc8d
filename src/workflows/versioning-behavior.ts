import { setWorkflowOptions, workflowInfo } from '@temporalio/workflow';

/**
 * Declares how a workflow follows deploys under Worker Versioning (docs/deployments.md). Only a versioned
 * worker reports it: the server refuses a workflow task that names a behaviour from an unversioned worker
 * (`npm start`, the tests), so there the workflow declares nothing. An unversioned worker still reports a build
 * id of its own (the SDK's, from the bundle's checksum), but no deployment name.
 */
export function declareVersioningBehavior<A extends unknown[], R>(behavior: 'PINNED' | 'AUTO_UPGRADE', workflow: (...args: A) => Promise<R>): void {
  setWorkflowOptions(() => (workflowInfo().currentDeploymentVersion?.deploymentName ? { versioningBehavior: behavior } : {}), workflow);
}
