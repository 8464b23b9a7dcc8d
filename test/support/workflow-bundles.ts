import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import { bundleWorkflowCode, Runtime } from '@temporalio/worker';
import { failureConverterPath } from '../../src/codec/data-converter';

export const releasedWorkflowsPath = require.resolve('../../src/workflows');
export const changedWorkflowsPath = path.resolve(__dirname, 'changed-build', 'workflows.ts');

/**
 * Bundles a workflows module once into `file`, for worker processes to load with WORKFLOW_BUNDLE_PATH instead
 * of each bundling it again (seconds of CPU per process).
 */
export async function writeWorkflowBundle(workflowsPath: string, file: string): Promise<string> {
  const { code } = await bundleWorkflowCode({ workflowsPath, failureConverterPath, logger: Runtime.instance().logger });
  await writeFile(file, code);
  return file;
}
