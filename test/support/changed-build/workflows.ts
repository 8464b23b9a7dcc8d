/**
 * The workflows of a later build, for test/integration/worker-versioning.test.ts: the same as src/workflows but
 * for a music generation that first waits on a timer. A new first command where the released build's histories
 * start with a search-attribute upsert: replaying one of those histories on this code is a nondeterminism error, so the jobs
 * the released build started must finish on it (PINNED). Planning and maintenance are unchanged, so their
 * in-flight runs may move here (AUTO_UPGRADE).
 */
import { sleep } from '@temporalio/workflow';
import type { GenerationInput, GenerationResult } from '../../../src/contracts/music-generation';
import { musicGenerationWorkflow as releasedMusicGenerationWorkflow } from '../../../src/workflows/music-generation-workflow';
import { declareVersioningBehavior } from '../../../src/workflows/versioning-behavior';

export { autoDjPlanningWorkflow, cleanupWorkflow, databaseMaintenanceWorkflow, usageReportWorkflow } from '../../../src/workflows';

/** The changed build's new step; its timer is how a test tells the two builds' histories apart. */
const CHANGED_BUILD_TIMER_MS = 10;

export async function musicGenerationWorkflow(input: GenerationInput): Promise<GenerationResult> {
  await sleep(CHANGED_BUILD_TIMER_MS);
  return releasedMusicGenerationWorkflow(input);
}
declareVersioningBehavior('PINNED', musicGenerationWorkflow);
