import { setWorkflowOptions, workflowInfo } from '@temporalio/workflow';

/**
 * Declares how a workflow follows deploys under Worker Versioning (docs/deployments.md). Only a versioned
 * worker reports it: the server refuses a workflow task that names a behaviour from an unversioned worker
 * (`npm start`, the tests), so there the workflow declares nothing.
 */
export function declareVersioningBehavior<A extends unknown[], R>(behavior: 'PINNED' | 'AUTO_UPGRADE', workflow: (...args: A) => Promise<R>): void {
  setWorkflowOptions(() => (workflowInfo().currentDeploymentVersion ? { versioningBehavior: behavior } : {}), workflow);
}
