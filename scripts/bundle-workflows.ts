/**
 * Prebuilds the workflow bundle for production workers (`npm run build`) and `npm start`, so they start without
 * webpack; a worker loads it when WORKFLOW_BUNDLE_PATH names the file.
 */
import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { bundleWorkflowCode } from '@temporalio/worker';
import { failureConverterPath } from '../src/codec/data-converter';

async function main(): Promise<void> {
  const { code } = await bundleWorkflowCode({ workflowsPath: require.resolve('../src/workflows'), failureConverterPath });
  const target = path.resolve(__dirname, '..', 'dist', 'workflow-bundle.js');
  await mkdir(path.dirname(target), { recursive: true });
  await writeFile(target, code);
  console.log(`workflow bundle written to ${target} (${(code.length / 1024).toFixed(0)} KiB)`);
}

main().catch((error) => {
  console.error(error);
  process.exitCode = 1;
});
