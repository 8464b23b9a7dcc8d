import { randomUUID } from 'node:crypto';
import { appendFile, mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import type { WorkflowHandle } from '@temporalio/client';
import { temporal } from '@temporalio/proto';
import { composeMusic } from '../../src/audio/composer/composer';
import type { GenerationResult } from '../../src/contracts/music-generation';
import { startMurekaFake, type MurekaFake } from '../fakes/mureka-fake';
import { createTestEnvironment, type TestEnvironment } from '../support/environment';
import { fastPolicy, generationInput, serveFile } from '../support/generation';
import { heldBy } from '../support/held-activities';
import { startWorkerChild, type WorkerChild } from '../support/worker-child';
import { releasedWorkflowsPath, writeWorkflowBundle } from '../support/workflow-bundles';

/**
 * Two worker processes on one task queue, and one of them SIGKILLed during each step of a generation in turn, one
 * job and one row per step: the step's first attempt does its real work and then holds before completing
 * (test/support/held-activities.ts), the test kills the process that holds it and starts a replacement, and the
 * step runs again on a live worker once the server notices (the activity's heartbeat timeout, 30 s). Each job
 * must complete once, with one paid provider task, exactly its objects, one job row and no dead letter.
 * Runs against whatever TEMPORAL_ADDRESS points at.
 */
const EventType = temporal.api.enums.v1.EventType;
const CUSTOMER = 'customer-test';

const steps = [
  { step: 'analyzing', activity: 'analyzeScenes' },
  { step: 'extracting', activity: 'extractReferenceClip' },
  { step: 'identifying', activity: 'identifyReference' },
  { step: 'generating', activity: 'submitMusicTask' },
  { step: 'uploading', activity: 'uploadResults' },
] as const;

let env: TestEnvironment;
let workDir: string;
let fake: MurekaFake;
let reference: { url: string; close(): Promise<void> };
let workerEnv: NodeJS.ProcessEnv;
const taskQueue = `test-worker-kills-${randomUUID()}`;
/** Every worker process started, numbered from 1 in the matrix. */
const started: WorkerChild[] = [];
let live: WorkerChild[] = [];

beforeAll(async () => {
  env = await createTestEnvironment('worker-kills', taskQueue);
  workDir = await mkdtemp(path.join(os.tmpdir(), 'worker-kills-'));
  const referencePath = path.join(workDir, 'reference.wav');
  await composeMusic({ mood: 'energetic', bpm: 124, key: 'A minor', durationSeconds: 20, seed: 12 }, referencePath, { soundfontPreference: 'small' });
  reference = await serveFile(referencePath);
  fake = await startMurekaFake({ resultSeconds: 8 });
  workerEnv = {
    // Bundled once here rather than by each worker process.
    WORKFLOW_BUNDLE_PATH: await writeWorkflowBundle(releasedWorkflowsPath, path.join(workDir, 'workflows.js')),
    HOLD_PLAN_FILE: path.join(workDir, 'holds'),
    MUSIC_PROVIDER: 'mureka',
    MUREKA_BASE_URL: fake.baseUrl,
    MUREKA_API_KEY: fake.apiKey,
    ALLOW_PRIVATE_REFERENCE_HOSTS: 'true',
    LOG_LEVEL: 'warn',
  };
  live = await Promise.all([startWorker(), startWorker()]);
}, 240_000);

afterAll(async () => {
  await Promise.all(live.map((child) => child.stop()));
  await fake?.close();
  await reference?.close();
  await env?.close();
  await rm(workDir, { recursive: true, force: true });
}, 60_000);

async function startWorker(): Promise<WorkerChild> {
  const child = await startWorkerChild(taskQueue, workerEnv, { readyTimeoutMs: 180_000 });
  started.push(child);
  return child;
}

const identityOf = (child: WorkerChild) => `${child.process.pid}@${os.hostname()}`;
const labelOf = (identity: string | undefined) => {
  const index = started.findIndex((child) => identityOf(child) === identity);
  return index < 0 ? String(identity) : `worker ${index + 1}`;
};

async function until<T>(what: string, probe: () => Promise<T | undefined>, timeoutMs = 180_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const found = await probe();
    if (found !== undefined) return found;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
}

async function keysUnder(prefix: string): Promise<string[]> {
  const keys: string[] = [];
  for await (const object of env.storage.list(prefix)) keys.push(object.key.slice(prefix.length));
  return keys.sort();
}

/** Who started and completed the step's activity, at which attempt, from the workflow's history. */
async function stepRun(handle: WorkflowHandle, activity: string): Promise<{ attempt: number; startedBy?: string; completedBy?: string }> {
  const events = (await handle.fetchHistory()).events ?? [];
  const scheduled = events.filter((event) => event.activityTaskScheduledEventAttributes?.activityType?.name === activity).map((event) => Number(event.eventId));
  const started = events.find((event) => event.eventType === EventType.EVENT_TYPE_ACTIVITY_TASK_STARTED && scheduled.includes(Number(event.activityTaskStartedEventAttributes?.scheduledEventId)));
  const completed = events.find((event) => event.eventType === EventType.EVENT_TYPE_ACTIVITY_TASK_COMPLETED && scheduled.includes(Number(event.activityTaskCompletedEventAttributes?.scheduledEventId)));
  return {
    attempt: started?.activityTaskStartedEventAttributes?.attempt ?? 0,
    startedBy: started?.activityTaskStartedEventAttributes?.identity ?? undefined,
    completedBy: completed?.activityTaskCompletedEventAttributes?.identity ?? undefined,
  };
}

/** One row: a job whose `activity` holds on its first attempt; the worker holding it is killed and replaced. */
async function killDuring({ step, activity }: (typeof steps)[number]) {
  const began = Date.now();
  const submitsBefore = fake.calls('generate');
  const input = generationInput({
    durationSeconds: 8,
    referenceUrl: reference.url,
    isSceneAware: true,
    segments: [
      { start: 0, end: 4, text: 'Welcome back to the kitchen! Today we are making something AMAZING.' },
      { start: 4, end: 8, text: 'Now let it simmer quietly. Relax, take a breath, enjoy the smell.' },
    ],
    policy: fastPolicy,
  });
  const workflowId = `generation-${input.jobId}`;
  await appendFile(workerEnv.HOLD_PLAN_FILE!, `${workflowId} ${activity}\n`);
  const handle = await env.client.workflow.start('musicGenerationWorkflow', { taskQueue, workflowId, args: [input] });
  const holder = await until(`${activity} held`, () => heldBy(env.client, handle, activity)).catch(async (error: Error) => {
    const row = await env.db.generationJob.findUnique({ where: { jobId: input.jobId }, select: { step: true, status: true, error: true } });
    throw new Error(`${error.message}; the job is ${(await handle.describe()).status.name}, its row ${JSON.stringify(row)}`);
  });
  const killed = live.find((child) => identityOf(child) === holder);
  if (!killed) throw new Error(`${activity} is held by ${holder}, not by a worker of this test`);
  expect(await killed.kill()).toBe('SIGKILL');
  // The replacement starts while the server waits out the heartbeat timeout; either live worker may take the retry.
  const replacement = startWorker();

  const result = (await handle.result()) as GenerationResult;
  live = [...live.filter((child) => child !== killed), await replacement];
  const run = await stepRun(handle, activity);
  const rows = await env.db.generationJob.findMany({ where: { jobId: input.jobId } });
  return {
    step,
    activity,
    killed: labelOf(holder),
    killedIdentity: holder,
    rerunBy: labelOf(run.completedBy),
    run,
    completedOnce: rows.length === 1 && rows[0]!.status === 'completed' && rows[0]!.masterKey === result.masterKey,
    providerSubmits: fake.calls('generate') - submitsBefore,
    objects: await keysUnder(`customers/${CUSTOMER}/generations/${input.jobId}/`),
    scratch: await keysUnder(`tmp/generations/${input.jobId}/`),
    jobRows: rows.length,
    deadLetters: await env.db.deadLetter.count({ where: { jobId: input.jobId } }),
    seconds: Math.round((Date.now() - began) / 1000),
  };
}

it('completes every job exactly once when one of two workers is killed during each step', async () => {
  const matrix = [];
  for (const row of steps) matrix.push(await killDuring(row));

  const table = [
    '| step | activity held | killed | re-run by (attempt) | completed once | provider submits | objects under the job prefix | scratch objects | job rows | dead letters | seconds |',
    '| --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- |',
    ...matrix.map(
      (row) =>
        `| ${row.step} | ${row.activity} | ${row.killed} | ${row.rerunBy} (${row.run.attempt}) | ${row.completedOnce ? 'yes' : 'NO'} | ${row.providerSubmits} | ${row.objects.join(', ')} | ${row.scratch.join(', ')} | ${row.jobRows} | ${row.deadLetters} | ${row.seconds} |`,
    ),
  ].join('\n');
  console.log(`one of two workers SIGKILLed during each step:\n${table}`);

  for (const row of matrix) {
    expect({ step: row.step, attempt: row.run.attempt, rerunOnAnotherWorker: row.run.startedBy !== row.killedIdentity && row.run.startedBy === row.run.completedBy }).toEqual({
      step: row.step,
      attempt: 2,
      rerunOnAnotherWorker: true,
    });
    expect(row).toMatchObject({ completedOnce: true, providerSubmits: 1, jobRows: 1, deadLetters: 0 });
    expect(row.objects).toEqual(['master.wav', 'metadata.json', 'preview.mp3']);
    expect(row.scratch).toEqual(['generated.wav', 'reference-clip.wav']);
  }
}, 600_000);
