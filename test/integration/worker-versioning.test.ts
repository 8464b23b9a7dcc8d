import { randomUUID } from 'node:crypto';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import type { WorkflowHandle } from '@temporalio/client';
import { temporal } from '@temporalio/proto';
import { Worker } from '@temporalio/worker';
import { encryptedDataConverter } from '../../src/codec/data-converter';
import { loadConfig } from '../../src/config';
import { currentBuildId, setCurrentVersion } from '../../src/deployments/current-version';
import { startMurekaFake, type MurekaFake } from '../fakes/mureka-fake';
import { createTestEnvironment, type TestEnvironment } from '../support/environment';
import { generationInput } from '../support/generation';
import { heldBy } from '../support/held-activities';
import { startWorkerChild, type WorkerChild } from '../support/worker-child';
import { changedWorkflowsPath, releasedWorkflowsPath, writeWorkflowBundle } from '../support/workflow-bundles';

/**
 * Worker Versioning through a deploy: build A serves the deployment, jobs start on it and are held mid-flight,
 * build B — whose music generation starts with a new command, nondeterministic for A's histories — comes up and
 * is made current. A's generations (PINNED) finish on A; new generations run on B; the plan and the cleanup
 * (AUTO_UPGRADE) that were in flight move to B. No workflow task fails anywhere.
 */
const EventType = temporal.api.enums.v1.EventType;
const BEHAVIOR = temporal.api.enums.v1.VersioningBehavior;

let env: TestEnvironment;
let fake: MurekaFake;
let workDir: string;
const children: WorkerChild[] = [];
const deploymentName = `test-versioning-${randomUUID()}`;
const taskQueue = `test-versioning-${randomUUID()}`;

beforeAll(async () => {
  env = await createTestEnvironment('versioning', taskQueue);
  fake = await startMurekaFake({ resultSeconds: 6 });
  workDir = await mkdtemp(path.join(os.tmpdir(), 'worker-versioning-'));
}, 120_000);

afterAll(async () => {
  await Promise.all(children.map((child) => child.stop()));
  await fake?.close();
  await env?.close();
  await rm(workDir, { recursive: true, force: true });
}, 60_000);

function startWorker(buildId: string, bundle: string, extra: NodeJS.ProcessEnv = {}): Promise<WorkerChild> {
  return startWorkerChild(taskQueue, {
    WORKER_DEPLOYMENT_NAME: deploymentName,
    WORKER_BUILD_ID: buildId,
    WORKFLOW_BUNDLE_PATH: bundle,
    MUSIC_PROVIDER: 'mureka',
    MUREKA_BASE_URL: fake.baseUrl,
    MUREKA_API_KEY: fake.apiKey,
    LOG_LEVEL: 'warn',
    ...extra,
  }).then((child) => {
    children.push(child);
    return child;
  });
}

function startGeneration(): Promise<WorkflowHandle> {
  const input = generationInput({ durationSeconds: 6 });
  return env.client.workflow.start('musicGenerationWorkflow', { taskQueue, workflowId: `generation-${input.jobId}`, args: [input] });
}

async function until(what: string, check: () => Promise<boolean>, timeoutMs = 90_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
}

async function isHeld(handle: WorkflowHandle, activity: string): Promise<boolean> {
  return (await heldBy(env.client, handle, activity)) !== undefined;
}

/** Which build ran each workflow task, in order, and whether any failed. */
async function workflowTasks(handle: WorkflowHandle): Promise<{ builds: string[]; failed: number; firstCommand: string }> {
  const events = (await handle.fetchHistory()).events ?? [];
  const builds = events
    .filter((event) => event.eventType === EventType.EVENT_TYPE_WORKFLOW_TASK_COMPLETED)
    .map((event) => event.workflowTaskCompletedEventAttributes?.deploymentVersion?.buildId ?? 'unversioned');
  const failed = events.filter((event) => event.eventType === EventType.EVENT_TYPE_WORKFLOW_TASK_FAILED).length;
  const firstCompleted = events.findIndex((event) => event.eventType === EventType.EVENT_TYPE_WORKFLOW_TASK_COMPLETED);
  const firstCommand = EventType[events[firstCompleted + 1]?.eventType ?? 0] ?? 'none';
  return { builds: [...new Set(builds)], failed, firstCommand };
}

async function versioning(handle: WorkflowHandle): Promise<{ behavior: string; buildId?: string }> {
  const info = (await handle.describe()).raw.workflowExecutionInfo?.versioningInfo;
  return { behavior: BEHAVIOR[info?.behavior ?? 0] ?? 'none', buildId: info?.deploymentVersion?.buildId ?? undefined };
}

it('finishes in-flight generations on their own build, starts new ones on the new build, and moves planning and maintenance', async () => {
  const [releasedBundle, changedBundle] = await Promise.all([
    writeWorkflowBundle(releasedWorkflowsPath, path.join(workDir, 'released.js')),
    writeWorkflowBundle(changedWorkflowsPath, path.join(workDir, 'changed.js')),
  ]);
  const releaseFile = path.join(workDir, 'release');

  // Build A, current; its first attempts of a generation's submit, a plan's planning and a cleanup scan hold.
  await startWorker('build-a', releasedBundle, { HOLD_ACTIVITIES: 'submitMusicTask,planAutoDjSet,deleteOrphanedJobs', HOLD_RELEASE_FILE: releaseFile });
  expect(await setCurrentVersion(env.client, { deploymentName, buildId: 'build-a' }, { waitSeconds: 60 })).toMatchObject({ previousBuildId: undefined });

  const oldGenerations = [await startGeneration(), await startGeneration()];
  const planId = randomUUID();
  const plan = await env.client.workflow.start('autoDjPlanningWorkflow', {
    taskQueue,
    workflowId: `autodj-${planId}`,
    args: [
      {
        planId,
        pool: {
          tracks: [
            { id: 'inline-a', durationSeconds: 240, bpm: 124, key: '8A', energy: 4 },
            { id: 'inline-b', durationSeconds: 240, bpm: 125, key: '9A', energy: 6 },
            { id: 'inline-c', durationSeconds: 240, bpm: 126, key: '9B', energy: 8 },
          ],
        },
        targetDurationSeconds: 600,
        energyMode: 'build',
        eventPreset: 'club',
        seed: 5,
      },
    ],
  });
  // Ages no row or object of the shared services reaches: the scans run and delete nothing.
  const cleanup = await env.client.workflow.start('cleanupWorkflow', { taskQueue, workflowId: `cleanup-${randomUUID()}`, args: [{ tempMaxAgeHours: 24 * 365, orphanAfterDays: 3650 }] });
  await until('every job held on build A', async () => {
    const held = await Promise.all([...oldGenerations.map((handle) => isHeld(handle, 'submitMusicTask')), isHeld(plan, 'planAutoDjSet'), isHeld(cleanup, 'deleteOrphanedJobs')]);
    return held.every(Boolean);
  });

  // Build B comes up with changed generation code and becomes current.
  await startWorker('build-b', changedBundle);
  expect(await setCurrentVersion(env.client, { deploymentName, buildId: 'build-b' }, { waitSeconds: 60 })).toMatchObject({ previousBuildId: 'build-a' });
  expect(await currentBuildId(env.client, deploymentName)).toBe('build-b');

  const newGenerations = [await startGeneration(), await startGeneration()];
  await Promise.all(newGenerations.map((handle) => handle.result()));
  await writeFile(releaseFile, '');
  await Promise.all([...oldGenerations, plan, cleanup].map((handle) => handle.result()));

  const report: Record<string, unknown>[] = [];
  for (const [label, handles] of [['generation started on A', oldGenerations], ['generation started on B', newGenerations], ['planning', [plan]], ['cleanup', [cleanup]]] as const) {
    for (const handle of handles) report.push({ label, workflowId: handle.workflowId, ...(await versioning(handle)), ...(await workflowTasks(handle)) });
  }
  console.log(`worker versioning through a deploy (A → B):\n${report.map((row) => JSON.stringify(row)).join('\n')}`);

  for (const handle of oldGenerations) {
    expect(await versioning(handle)).toEqual({ behavior: 'VERSIONING_BEHAVIOR_PINNED', buildId: 'build-a' });
    expect(await workflowTasks(handle)).toMatchObject({ builds: ['build-a'], failed: 0, firstCommand: 'EVENT_TYPE_UPSERT_WORKFLOW_SEARCH_ATTRIBUTES' });
  }
  for (const handle of newGenerations) {
    expect(await versioning(handle)).toEqual({ behavior: 'VERSIONING_BEHAVIOR_PINNED', buildId: 'build-b' });
    expect(await workflowTasks(handle)).toMatchObject({ builds: ['build-b'], failed: 0, firstCommand: 'EVENT_TYPE_TIMER_STARTED' });
  }
  for (const handle of [plan, cleanup]) {
    expect(await versioning(handle)).toEqual({ behavior: 'VERSIONING_BEHAVIOR_AUTO_UPGRADE', buildId: 'build-b' });
    expect(await workflowTasks(handle)).toMatchObject({ builds: ['build-a', 'build-b'], failed: 0 });
  }
  expect(fake.calls('generate')).toBe(4);

  // What pinning spared A's jobs: their histories do not replay on B's code.
  const dataConverter = encryptedDataConverter(loadConfig().temporal.payloadEncryption);
  const history = await oldGenerations[0]!.fetchHistory();
  await expect(Worker.runReplayHistory({ workflowBundle: { codePath: changedBundle }, dataConverter }, history)).rejects.toThrow(/nondetermin/i);
  await expect(Worker.runReplayHistory({ workflowBundle: { codePath: releasedBundle }, dataConverter }, history)).resolves.toBeUndefined();
}, 300_000);
