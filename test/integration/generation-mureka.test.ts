import { randomUUID } from 'node:crypto';
import { mkdtemp } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { probeDuration } from '../../src/audio/io/encode';
import { MurekaMusicProvider } from '../../src/providers/mureka-music-provider';
import type { GenerationInput, GenerationResult } from '../../src/contracts/music-generation';
import { startMurekaFake, type MurekaFake } from '../fakes/mureka-fake';
import { createTestEnvironment, type TestEnvironment } from '../support/environment';
import { decodesCleanly, fastPolicy, generationInput } from '../support/generation';
import { startWorkerChild, type WorkerChild } from '../support/worker-child';

let env: TestEnvironment;
let workDir: string;

beforeAll(async () => {
  env = await createTestEnvironment('generation-mureka');
  workDir = await mkdtemp(path.join(os.tmpdir(), 'generation-mureka-test-'));
});
afterAll(async () => {
  await env.close();
});

function start(input: GenerationInput, taskQueue = env.taskQueue) {
  return env.client.workflow.start('musicGenerationWorkflow', { taskQueue, workflowId: `generation-${input.jobId}`, args: [input] });
}

async function until(what: string, check: () => boolean, timeoutMs = 60_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!check()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

describe('through the Mureka fake, in process', () => {
  let fake: MurekaFake;
  beforeAll(async () => {
    fake = await startMurekaFake({ resultSeconds: 6 });
  });
  afterAll(async () => {
    await fake.close();
  });

  it('submits exactly one generate call per job, polls it to the end and stores a master fitted to the requested length', async () => {
    const inputs = [
      generationInput({ durationSeconds: 12, mood: 'happy', instruments: ['piano', 'strings'] }),
      generationInput({ durationSeconds: 10, prompt: 'calm lo-fi for a study vlog' }),
    ];
    const music = new MurekaMusicProvider({ apiKey: fake.apiKey, baseUrl: fake.baseUrl });
    const results = await env.withWorker(
      () => Promise.all(inputs.map(async (input) => (await (await start(input)).result()) as GenerationResult)),
      { music },
    );

    expect(fake.calls('generate')).toBe(inputs.length);
    // Each query moves a task one status on (preparing → queued → running → succeeded), and polling stops at the end.
    expect(fake.calls('query')).toBe(inputs.length * 3);
    expect(fake.calls('download')).toBe(inputs.length);
    for (const prompt of fake.prompts()) expect(prompt).toMatch(/instrumental only, no vocals/i);

    for (const [index, input] of inputs.entries()) {
      const result = results[index]!;
      expect(result).toMatchObject({ jobId: input.jobId, provider: 'mureka' });
      const masterPath = path.join(workDir, `${input.jobId}-master.wav`);
      await env.storage.downloadToFile(result.masterKey, masterPath);
      await decodesCleanly(masterPath);
      expect(Math.abs((await probeDuration(masterPath)) - input.durationSeconds)).toBeLessThanOrEqual(0.1);
      const row = await env.db.generationJob.findUnique({ where: { jobId: input.jobId } });
      expect(row).toMatchObject({ status: 'completed', provider: 'mureka', providerTaskId: expect.stringMatching(/^task-\d+$/), masterKey: result.masterKey });
    }
  });
});

describe('through the Mureka fake, with a worker process killed during polling', () => {
  let fake: MurekaFake;
  const children: WorkerChild[] = [];
  beforeAll(async () => {
    // Three statuses, four queries each at one poll a second: a dozen seconds of polling to kill into.
    fake = await startMurekaFake({ queriesPerStatus: 4, resultSeconds: 6 });
  });
  afterAll(async () => {
    await Promise.all(children.map((child) => child.stop()));
    await fake.close();
  });

  it('never submits a second task: the restarted worker polls the same one to completion', async () => {
    const taskQueue = `test-generation-kill-${randomUUID()}`;
    const workerEnv = { MUSIC_PROVIDER: 'mureka', MUREKA_BASE_URL: fake.baseUrl, MUREKA_API_KEY: fake.apiKey, LOG_LEVEL: 'warn' };
    const first = await startWorkerChild(taskQueue, workerEnv);
    children.push(first);

    const input = generationInput({ durationSeconds: 10, policy: { ...fastPolicy, pollIntervalSeconds: 1 } });
    const handle = await start(input, taskQueue);
    await until('the generate call and three queries', () => fake.calls('generate') === 1 && fake.calls('query') >= 3);
    // A moment for the poll activity's answer to reach the server, so the kill lands in the durable timer.
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(await first.kill()).toBe('SIGKILL');
    const queriesAtKill = fake.calls('query');

    const second = await startWorkerChild(taskQueue, workerEnv);
    children.push(second);
    const result = (await handle.result()) as GenerationResult;

    expect(fake.calls('generate')).toBe(1);
    expect(fake.calls('query')).toBeGreaterThan(queriesAtKill);
    expect(fake.calls('download')).toBe(1);
    expect(result).toMatchObject({ jobId: input.jobId, provider: 'mureka' });
    const row = await env.db.generationJob.findUnique({ where: { jobId: input.jobId } });
    expect(row).toMatchObject({ status: 'completed', step: 'completed', provider: 'mureka', providerTaskId: 'task-1', masterKey: result.masterKey });
  }, 240_000);
});
