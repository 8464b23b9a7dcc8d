import { isGrpcServiceError, type Client } from '@temporalio/client';
import type { WorkerVersion } from '../config';

/** gRPC status codes the server answers with while a new build's pollers have not reached it yet. */
const NOT_FOUND = 5;
const FAILED_PRECONDITION = 9;

export interface CurrentVersionChange {
  deploymentName: string;
  buildId: string;
  /** The build that was current before; undefined when the deployment had none (unversioned workers served). */
  previousBuildId?: string;
}

/**
 * Makes `buildId` the deployment's Current Version: new workflows, and AUTO_UPGRADE ones at their next
 * workflow task, go to it; PINNED ones stay on the build they started on. The server refuses while the new
 * build's workers have not polled every task queue the current build serves (a half-started deploy), so
 * this tries again until `waitSeconds` have passed, then gives the server's reason.
 */
export async function setCurrentVersion(client: Client, version: WorkerVersion, { waitSeconds = 120, identity = 'deploy:version' } = {}): Promise<CurrentVersionChange> {
  const deadline = Date.now() + waitSeconds * 1000;
  for (;;) {
    try {
      const response = await client.workflowService.setWorkerDeploymentCurrentVersion({
        namespace: client.options.namespace,
        deploymentName: version.deploymentName,
        buildId: version.buildId,
        identity,
      });
      return { ...version, previousBuildId: response.previousDeploymentVersion?.buildId || undefined };
    } catch (error) {
      const notReadyYet = isGrpcServiceError(error) && (error.code === NOT_FOUND || error.code === FAILED_PRECONDITION);
      if (!notReadyYet || Date.now() >= deadline) throw error;
      await new Promise((resolve) => setTimeout(resolve, 1000));
    }
  }
}

/** The deployment's Current Version's build id, or undefined while unversioned workers take new work. */
export async function currentBuildId(client: Client, deploymentName: string): Promise<string | undefined> {
  const { workerDeploymentInfo } = await client.workflowService.describeWorkerDeployment({ namespace: client.options.namespace, deploymentName });
  return workerDeploymentInfo?.routingConfig?.currentDeploymentVersion?.buildId || undefined;
}
