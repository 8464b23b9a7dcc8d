import { execFile } from 'node:child_process';
import { chmod, mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import type { WorkflowHandle } from '@temporalio/client';
import { migrate } from '../../src/db/migrate';
import { createStorage } from '../../src/storage';
import type { GenerationProgress, GenerationResult } from '../../src/contracts/music-generation';
import { generationProgressQuery } from '../../src/contracts/music-generation';
import { createTestEnvironment, type TestEnvironment } from '../support/environment';
import { fastPolicy, generationInput } from '../support/generation';

/**
 * Faults on services of this test's own (other ports, other data directory), so that stopping one never
 * disturbs the tests running beside it: the Temporal dev server restarts, PostgreSQL and MinIO go away for
 * a while, and each generation still completes once, with one row and its three objects.
 */
const run = promisify(execFile);
const servicesScript = path.resolve(__dirname, '../../scripts/services.sh');
const ports = { POSTGRES_PORT: '55329', MINIO_PORT: '9310', MINIO_CONSOLE_PORT: '9311', TEMPORAL_PORT: '7333', TEMPORAL_UI_PORT: '8333' };
let serviceEnv: NodeJS.ProcessEnv;
let dataDir: string;
let env: TestEnvironment;

async function services(action: 'up' | 'down', service = 'all'): Promise<void> {
  await run('bash', [servicesScript, action, service], { env: serviceEnv, timeout: 120_000 });
}

beforeAll(async () => {
  dataDir = await mkdtemp(path.join(os.tmpdir(), 'infinitymix-faults-'));
  await chmod(dataDir, 0o755); // PostgreSQL runs as its own user when the tests run as root
  serviceEnv = { ...process.env, ...ports, INFINITYMIX_DATA_DIR: dataDir };
  Object.assign(process.env, {
    TEMPORAL_ADDRESS: `127.0.0.1:${ports.TEMPORAL_PORT}`,
    DATABASE_URL: `postgresql://infinitymix:infinitymix@127.0.0.1:${ports.POSTGRES_PORT}/infinitymix`,
    S3_ENDPOINT: `http://127.0.0.1:${ports.MINIO_PORT}`,
  });
  await services('up');
  await migrate(process.env.DATABASE_URL!);
  const storage = createStorage({ driver: 's3', endpoint: process.env.S3_ENDPOINT!, region: 'us-east-1', bucket: 'infinitymix', accessKeyId: 'infinitymix', secretAccessKey: 'infinitymix-secret', forcePathStyle: true });
  await storage.ensureReady();
  await storage.close();
  env = await createTestEnvironment('faults');
}, 180_000);

afterAll(async () => {
  await env?.close();
  await services('down');
  await rm(dataDir, { recursive: true, force: true });
}, 120_000);

/** Calls that reach the server may fail while it is down; an operator's client would simply try again. */
async function persist<T>(call: () => Promise<T>, seconds = 90): Promise<T> {
  const deadline = Date.now() + seconds * 1000;
  for (;;) {
    try {
      return await call();
    } catch (error) {
      if (Date.now() > deadline) throw error;
      await new Promise((resolve) => setTimeout(resolve, 500));
    }
  }
}

async function waitForStep(handle: WorkflowHandle, steps: string[]): Promise<void> {
  await persist(async () => {
    const progress: GenerationProgress = await handle.query(generationProgressQuery);
    if (!steps.includes(progress.step)) throw new Error(`still at ${progress.step}`);
  }, 60);
}

async function expectCompletedOnce(jobId: string, result: GenerationResult): Promise<void> {
  expect(await env.db.generationJob.count({ where: { jobId } })).toBe(1);
  expect(await env.db.generationJob.findUnique({ where: { jobId } })).toMatchObject({ status: 'completed', masterKey: result.masterKey });
  for (const key of [result.masterKey, result.previewKey, result.metadataKey]) expect(await env.storage.head(key)).not.toBeNull();
  const objects = [];
  for await (const object of env.storage.list(`customers/customer-test/generations/${jobId}/`)) objects.push(object.key);
  expect(objects.sort()).toEqual([result.masterKey, result.metadataKey, result.previewKey].sort());
}

// Outages last longer than the fast test policy's step retries, so retries get a longer budget here.
const enduringPolicy = { ...fastPolicy, retryMaximumIntervalSeconds: 1, stepAttempts: 20 };

it('survives a restart of the Temporal dev server in the middle of a job', async () => {
  const input = generationInput({ durationSeconds: 30, policy: enduringPolicy });
  const result = await env.withWorker(async () => {
    const handle = await env.client.workflow.start('musicGenerationWorkflow', { taskQueue: env.taskQueue, workflowId: `generation-${input.jobId}`, args: [input] });
    await waitForStep(handle, ['generating', 'uploading']);
    await services('down', 'temporal');
    await services('up', 'temporal');
    return persist(() => handle.result() as Promise<GenerationResult>);
  });
  await expectCompletedOnce(input.jobId, result);
});

it('rides out PostgreSQL being stopped for a few seconds', async () => {
  const input = generationInput({ durationSeconds: 20, policy: enduringPolicy });
  const result = await env.withWorker(async () => {
    const handle = await env.client.workflow.start('musicGenerationWorkflow', { taskQueue: env.taskQueue, workflowId: `generation-${input.jobId}`, args: [input] });
    await services('down', 'postgres');
    await new Promise((resolve) => setTimeout(resolve, 4000));
    await services('up', 'postgres');
    return persist(() => handle.result() as Promise<GenerationResult>);
  });
  await expectCompletedOnce(input.jobId, result);
});

it('rides out the object store being stopped for a few seconds', async () => {
  const input = generationInput({ durationSeconds: 20, policy: enduringPolicy });
  const result = await env.withWorker(async () => {
    const handle = await env.client.workflow.start('musicGenerationWorkflow', { taskQueue: env.taskQueue, workflowId: `generation-${input.jobId}`, args: [input] });
    await services('down', 'minio');
    await new Promise((resolve) => setTimeout(resolve, 4000));
    await services('up', 'minio');
    return persist(() => handle.result() as Promise<GenerationResult>);
  });
  await expectCompletedOnce(input.jobId, result);
});
