import { randomUUID } from 'node:crypto';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
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
 * Two worker processes on one task queue, and the worker(s) holding a generation step SIGKILLed, one job and one
 * row per step, the five jobs at once: each job's step does its real work on its first attempt and then holds
 * before completing (test/support/held-activities.ts, one plan line per job). Once every job's step is held, the
 * test SIGKILLs, in one moment, every worker process holding one of them (one or both of the two, depending on
 * where the server put the steps) and starts as many replacements; each held step then runs again (attempt 2) on
 * a live worker once the server notices (the activity's heartbeat timeout, 30 s: waited out once for all rows,
 * not once per row). Each job must complete once, with one paid provider task (counted by its own prompt), exactly
 * its objects, its scratch objects, one job row and no dead letter.
 *
 * One kill moment rather than a kill per job as each is held: a job that reaches its step late (it waited for a
 * slot, or for CPU) finds the others still holding — they heartbeat, so nothing times out meanwhile — and a kill
 * never lands on a worker that is running some other row's step before that step holds. Workers get enough
 * activity slots that one of them can hold every row's step and still run the rest.
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
type Step = (typeof steps)[number];

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
    // Every row's step held on one worker, and a slot left for the steps of the jobs not yet held.
    GENERATION_ACTIVITY_CONCURRENCY: String(steps.length + 1),
    MUSIC_PROVIDER: 'mureka',
    MUREKA_BASE_URL: fake.baseUrl,
    MUREKA_API_KEY: fake.apiKey,
    ALLOW_PRIVATE_REFERENCE_HOSTS: 'true',
    LOG_LEVEL: 'warn',
  };
  live = await Promise.all([startWorker(), startWorker()]);
}, 240_000);

afterAll(async () => {
  // Killed ones have gone already; a replacement whose start the test did not wait for is stopped too.
  await Promise.all(started.map((child) => child.stop()));
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

/** One row's job: its own prompt (so its provider submits can be counted among all rows') and its hold plan line. */
function planRow(row: Step) {
  const input = generationInput({
    durationSeconds: 8,
    prompt: `warm uplifting background for a cooking video, kill matrix row ${row.step}`,
    referenceUrl: reference.url,
    isSceneAware: true,
    segments: [
      { start: 0, end: 4, text: 'Welcome back to the kitchen! Today we are making something AMAZING.' },
      { start: 4, end: 8, text: 'Now let it simmer quietly. Relax, take a breath, enjoy the smell.' },
    ],
    policy: fastPolicy,
  });
  return { ...row, input, workflowId: `generation-${input.jobId}` };
}
type PlannedRow = ReturnType<typeof planRow>;

async function startRow(row: PlannedRow) {
  const handle = await env.client.workflow.start('musicGenerationWorkflow', { taskQueue, workflowId: row.workflowId, args: [row.input] });
  return { ...row, handle, began: Date.now() };
}
type StartedRow = Awaited<ReturnType<typeof startRow>>;

/** The identity of the worker holding the row's step, once it holds. */
async function holderOf({ handle, activity, input }: StartedRow): Promise<string> {
  return until(`${activity} held`, () => heldBy(env.client, handle, activity)).catch(async (error: Error) => {
    const row = await env.db.generationJob.findUnique({ where: { jobId: input.jobId }, select: { step: true, status: true, error: true } });
    throw new Error(`${error.message}; the job is ${(await handle.describe()).status.name}, its row ${JSON.stringify(row)}`);
  });
}

/** The one kill moment: every live worker holding a row's step is SIGKILLed; how many went. */
async function killHolders(holders: readonly string[]): Promise<number> {
  const victims = [...new Set(holders)].map((holder) => {
    const victim = live.find((child) => identityOf(child) === holder);
    if (!victim) throw new Error(`a step is held by ${holder}, not by a live worker of this test`);
    return victim;
  });
  expect(await Promise.all(victims.map((victim) => victim.kill()))).toEqual(victims.map(() => 'SIGKILL'));
  live = live.filter((child) => !victims.includes(child));
  return victims.length;
}

/** What became of the row's job once it has completed. */
async function outcomeOf(row: StartedRow, holder: string) {
  const result = (await row.handle.result()) as GenerationResult;
  const seconds = Math.round((Date.now() - row.began) / 1000);
  const run = await stepRun(row.handle, row.activity);
  const rows = await env.db.generationJob.findMany({ where: { jobId: row.input.jobId } });
  return {
    step: row.step,
    activity: row.activity,
    killed: labelOf(holder),
    killedIdentity: holder,
    rerunBy: labelOf(run.completedBy),
    run,
    completedOnce: rows.length === 1 && rows[0]!.status === 'completed' && rows[0]!.masterKey === result.masterKey,
    providerSubmits: fake.prompts().filter((prompt) => prompt.startsWith(`${row.input.prompt}. `)).length,
    objects: await keysUnder(`customers/${CUSTOMER}/generations/${row.input.jobId}/`),
    scratch: await keysUnder(`tmp/generations/${row.input.jobId}/`),
    jobRows: rows.length,
    deadLetters: await env.db.deadLetter.count({ where: { jobId: row.input.jobId } }),
    seconds,
  };
}

it('completes every job exactly once when the workers holding its step are killed, all steps at once', async () => {
  const planned = steps.map(planRow);
  // Every plan line is in place before any job starts, so no step can run its first attempt unheld.
  await writeFile(workerEnv.HOLD_PLAN_FILE!, planned.map((row) => `${row.workflowId} ${row.activity}\n`).join(''));
  const began = Date.now();
  const rows = await Promise.all(planned.map(startRow));
  const holders = await Promise.all(rows.map(holderOf));
  const allHeldAfter = Math.round((Date.now() - began) / 1000);
  const killed = await killHolders(holders);

  // The replacements start while the server waits out the heartbeat timeout; any live worker may take a retry.
  const [matrix, replacements] = await Promise.all([
    Promise.all(rows.map((row, index) => outcomeOf(row, holders[index]!))),
    Promise.all(Array.from({ length: killed }, () => startWorker())),
  ]);
  live = [...live, ...replacements];

  const table = [
    '| step | activity held | killed | re-run by (attempt) | completed once | provider submits | objects under the job prefix | scratch objects | job rows | dead letters | seconds |',
    '| --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- |',
    ...matrix.map(
      (row) =>
        `| ${row.step} | ${row.activity} | ${row.killed} | ${row.rerunBy} (${row.run.attempt}) | ${row.completedOnce ? 'yes' : 'NO'} | ${row.providerSubmits} | ${row.objects.join(', ')} | ${row.scratch.join(', ')} | ${row.jobRows} | ${row.deadLetters} | ${row.seconds} |`,
    ),
  ].join('\n');
  console.log(
    `the workers holding a step SIGKILLed, all ${steps.length} jobs at once (every step held after ${allHeldAfter} s, ` +
      `all done after ${Math.round((Date.now() - began) / 1000)} s):\n${table}`,
  );

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
  // No submit outside the rows' own prompts either.
  expect(fake.calls('generate')).toBe(steps.length);
}, 600_000);
