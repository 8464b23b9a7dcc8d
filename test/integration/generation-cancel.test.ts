import { randomUUID } from 'node:crypto';
import { readdir } from 'node:fs/promises';
import { Context } from '@temporalio/activity';
import { WorkflowFailedError } from '@temporalio/client';
import { CancelledFailure } from '@temporalio/common';
import { errorBodySchema, generationCancellingSchema, generationViewSchema } from '../../src/api/response-schemas';
import { generationProgressQuery } from '../../src/contracts/music-generation';
import { LocalMusicProvider } from '../../src/providers/local-music-provider';
import { MurekaMusicProvider } from '../../src/providers/mureka-music-provider';
import type { MusicProvider } from '../../src/providers/music-provider';
import { ErrorType, transientFailure } from '../../src/shared/errors';
import { GenerationStepAttribute } from '../../src/shared/search-attributes';
import type { ObjectStorage } from '../../src/storage';
import { generationKeys, generationScratchPrefix } from '../../src/storage/keys';
import { startMurekaFake, type MurekaFake } from '../fakes/mureka-fake';
import { newApiKey, startTestApi, type TestApi } from '../support/api-server';
import { createTestEnvironment, type TestEnvironment } from '../support/environment';

/**
 * POST /v1/generations/:jobId/cancel on the real stack: the API in process, a worker on the test's queue,
 * Temporal, PostgreSQL and MinIO. Every customer may run one generation at a time here, so the place a
 * cancelled job gives back is seen.
 */
let env: TestEnvironment;
let api: TestApi;

beforeAll(async () => {
  env = await createTestEnvironment('generation-cancel');
  api = await startTestApi(env, { limits: { requestsPerMinutePerCustomer: 10_000, maxRunningGenerationsPerCustomer: 1 } });
});
afterAll(async () => {
  await api.close();
  await env.close();
});

/** A customer of its own for each test, with its key. */
async function newCustomer(): Promise<(method: string, path: string, body?: unknown) => ReturnType<TestApi['call']>> {
  const key = await newApiKey(env, `cancel-${randomUUID().slice(0, 8)}`);
  return (method, path, body) => api.call(method, path, { key, body });
}

const request = (overrides: Record<string, unknown> = {}) => ({ prompt: 'calm piano for a product demo', durationSeconds: 6, ...overrides });

async function waitFor<T>(what: string, read: () => Promise<T>, done: (value: T) => boolean, timeoutMs = 90_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await read();
    if (done(value)) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

const row = (jobId: string) => env.db.generationJob.findUniqueOrThrow({ where: { jobId } });

/** The workflow's end: a cancelled execution fails its result() with a CancelledFailure. */
async function expectCancelledExecution(jobId: string): Promise<void> {
  const handle = env.client.workflow.getHandle(`generation-${jobId}`);
  const failure = await handle.result().catch((error: unknown) => error);
  expect(failure).toBeInstanceOf(WorkflowFailedError);
  expect((failure as WorkflowFailedError).cause).toBeInstanceOf(CancelledFailure);
  const description = await handle.describe();
  expect(description.status.name).toBe('CANCELLED');
  expect(description.typedSearchAttributes.get(GenerationStepAttribute)).toBe('cancelled');
  // Asked after the end, the workflow still answers its progress query.
  expect(await handle.query(generationProgressQuery)).toMatchObject({ jobId, status: 'cancelled', step: 'cancelled' });
}

/** Nothing of the job left in storage: no scratch under tmp/, no master, preview or metadata.json. */
async function expectNoStoredFiles(jobId: string, customerId: string): Promise<void> {
  const scratch: string[] = [];
  for await (const object of env.storage.list(generationScratchPrefix(jobId))) scratch.push(object.key);
  expect(scratch).toEqual([]);
  const keys = generationKeys(customerId, jobId);
  for (const key of [keys.master, keys.preview, keys.metadata]) expect(await env.storage.head(key)).toBeNull();
}

async function filesUnder(directory: string): Promise<string[]> {
  const entries = await readdir(directory, { recursive: true, withFileTypes: true });
  return entries.filter((entry) => entry.isFile()).map((entry) => entry.name);
}

/** Activity task events of one kind in the job's history, by activity type. */
async function activityEvents(jobId: string): Promise<{ scheduled: string[]; cancelled: string[] }> {
  const history = await env.client.workflow.getHandle(`generation-${jobId}`).fetchHistory();
  const typeById = new Map<string, string>();
  const cancelled: string[] = [];
  for (const event of history.events ?? []) {
    const scheduled = event.activityTaskScheduledEventAttributes;
    if (scheduled) typeById.set(String(event.eventId), scheduled.activityType?.name ?? '');
    const canceled = event.activityTaskCanceledEventAttributes;
    if (canceled) cancelled.push(typeById.get(String(canceled.scheduledEventId)) ?? '');
  }
  return { scheduled: [...typeById.values()], cancelled };
}

describe('while generating with Mureka', () => {
  let fake: MurekaFake;
  beforeAll(async () => {
    // The task stays "running" for as long as the test looks: cancelled mid-generation.
    fake = await startMurekaFake({ queriesPerStatus: 100_000 });
  });
  afterAll(async () => {
    await fake.close();
  });

  it('stops polling, removes the files and ends cancelled; the Mureka task is abandoned, never submitted again; the place is given back', async () => {
    const music = new MurekaMusicProvider({ apiKey: fake.apiKey, baseUrl: fake.baseUrl });
    const call = await newCustomer();
    await env.withWorker(async () => {
      const accepted = await call('POST', '/v1/generations', request());
      expect(accepted.status).toBe(202);
      const { jobId } = accepted.body;
      const { customerId } = await row(jobId);
      await waitFor('Mureka polled', () => row(jobId), (job) => job.step === 'generating' && fake.calls('query') >= 3);
      expect(fake.calls('generate')).toBe(1);
      expect((await call('POST', '/v1/generations', request({ prompt: 'a second job' }))).status).toBe(429);

      const cancelling = await call('POST', `/v1/generations/${jobId}/cancel`);
      expect(cancelling.status).toBe(202);
      expect(cancelling.body).toEqual({ jobId, status: 'cancelling', links: { self: `/v1/generations/${jobId}` } });
      expect(generationCancellingSchema.safeParse(cancelling.body).error).toBeUndefined();
      expect((await row(jobId)).cancelRequestedAt).toBeInstanceOf(Date);

      await expectCancelledExecution(jobId);
      expect(await row(jobId)).toMatchObject({
        status: 'cancelled',
        step: 'cancelled',
        cancelledAt: expect.any(Date),
        completedAt: null,
        provider: 'mureka',
        providerTaskId: 'task-1',
        masterKey: null,
      });
      await expectNoStoredFiles(jobId, customerId);
      expect(await filesUnder(env.tempAudioDir)).toEqual([]);

      // Polling stopped with the cancel, and nothing submits the task again (Mureka bills per generate call).
      const queriesAfterCancel = fake.calls('query');
      await new Promise((resolve) => setTimeout(resolve, 1_500));
      expect(fake.calls('query')).toBe(queriesAfterCancel);
      expect(fake.calls('generate')).toBe(1);

      const view = await call('GET', `/v1/generations/${jobId}`);
      expect(view.body).toMatchObject({ status: 'cancelled', step: 'cancelled', workflowStatus: 'CANCELLED', cancelledAt: expect.any(String) });
      expect(generationViewSchema.safeParse(view.body).error).toBeUndefined();

      // Idempotent: the second cancel shows the cancelled job.
      const again = await call('POST', `/v1/generations/${jobId}/cancel`);
      expect(again.status).toBe(200);
      expect(again.body).toMatchObject({ jobId, status: 'cancelled', step: 'cancelled' });
      expect(generationViewSchema.safeParse(again.body).error).toBeUndefined();

      // Another customer's job is not there for this key.
      const stranger = await newCustomer();
      expect((await stranger('POST', `/v1/generations/${jobId}/cancel`)).status).toBe(404);
      expect((await call('POST', '/v1/generations/not-a-uuid/cancel')).status).toBe(404);

      // The cancelled job no longer holds the customer's one place.
      const next = await call('POST', '/v1/generations', request({ prompt: 'a second job' }));
      expect(next.status).toBe(202);
      expect((await call('POST', `/v1/generations/${next.body.jobId}/cancel`)).status).toBe(202);
      await expectCancelledExecution(next.body.jobId);
    }, { music });
  }, 240_000);
});

/** Storage whose master upload waits until the activity is cancelled, then writes anyway: an upload that outran the cancel. */
function storageHeldAtMasterUpload(storage: ObjectStorage, onHeld: () => void): ObjectStorage {
  async function putFile(key: string, filePath: string, contentType: string) {
    if (key.endsWith('/master.wav')) {
      const signal = Context.current().cancellationSignal;
      onHeld();
      await new Promise<void>((resolve) => (signal.aborted ? resolve() : signal.addEventListener('abort', () => resolve(), { once: true })));
    }
    return storage.putFile(key, filePath, contentType);
  }
  return new Proxy(storage, {
    get(target, property) {
      if (property === 'putFile') return putFile;
      const value: unknown = Reflect.get(target, property, target);
      return typeof value === 'function' ? value.bind(target) : value;
    },
  });
}

it('while uploading: the upload activity stops on the cancel and what it wrote is removed', async () => {
  const call = await newCustomer();
  let held = false;
  const storage = storageHeldAtMasterUpload(env.storage, () => {
    held = true;
  });
  await env.withWorker(async () => {
    const { body } = await call('POST', '/v1/generations', request());
    const { jobId } = body;
    const { customerId } = await row(jobId);
    await waitFor('the master upload held', () => row(jobId), (job) => job.step === 'uploading' && held);

    const cancelAsked = Date.now();
    expect((await call('POST', `/v1/generations/${jobId}/cancel`)).status).toBe(202);
    await expectCancelledExecution(jobId);
    const secondsToCancelled = (Date.now() - cancelAsked) / 1000;

    expect(await row(jobId)).toMatchObject({ status: 'cancelled', step: 'cancelled', masterKey: null, cancelledAt: expect.any(Date) });
    const { cancelled } = await activityEvents(jobId);
    expect(cancelled).toEqual(['uploadResults']);
    await expectNoStoredFiles(jobId, customerId);
    expect(await filesUnder(env.tempAudioDir)).toEqual([]);
    console.log(`cancel during uploading: cancelled ${secondsToCancelled.toFixed(1)} s after the request`);
  }, { storage });
}, 240_000);

it('while parked in needs_attention: the dead letter is closed as cancelled and the job ends cancelled', async () => {
  const local = new LocalMusicProvider({ storage: env.storage, tempDir: env.tempAudioDir });
  const down: MusicProvider = {
    name: 'down',
    rendersOnWorker: false,
    submit: () => Promise.reject(transientFailure(ErrorType.ProviderUnavailable, 'provider is down for the test')),
    poll: (taskId) => local.poll(taskId),
    download: (audioUrl, destPath) => local.download(audioUrl, destPath),
  };
  const call = await newCustomer();
  await env.withWorker(async () => {
    const { body } = await call('POST', '/v1/generations', request());
    const { jobId } = body;
    const parked = await waitFor('the job parked', () => call('GET', `/v1/generations/${jobId}`), (answer) => answer.body.status === 'needs_attention');
    const { deadLetterId } = parked.body;
    expect(deadLetterId).toEqual(expect.any(String));
    expect((await call('POST', '/v1/generations', request({ prompt: 'a second job' }))).status).toBe(429);

    expect((await call('POST', `/v1/generations/${jobId}/cancel`)).status).toBe(202);
    await expectCancelledExecution(jobId);
    expect(await row(jobId)).toMatchObject({ status: 'cancelled', step: 'cancelled' });
    const letter = await env.db.deadLetter.findUniqueOrThrow({ where: { id: deadLetterId } });
    expect(letter).toMatchObject({ status: 'cancelled', resolution: expect.stringMatching(/^cancelled/), resolvedAt: expect.any(Date) });
    const next = await call('POST', '/v1/generations', request({ prompt: 'a second job' }));
    expect(next.status).toBe(202);
    expect((await call('POST', `/v1/generations/${next.body.jobId}/cancel`)).status).toBe(202);
    await expectCancelledExecution(next.body.jobId);
  }, { music: down });
}, 240_000);

it('a completed job cannot be cancelled: 409 JobAlreadyFinished naming its status', async () => {
  const call = await newCustomer();
  await env.withWorker(async () => {
    const { body } = await call('POST', '/v1/generations', request());
    await env.client.workflow.getHandle(`generation-${body.jobId}`).result();
    const refused = await call('POST', `/v1/generations/${body.jobId}/cancel`);
    expect(refused.status).toBe(409);
    expect(refused.body.error).toMatchObject({ type: 'JobAlreadyFinished', status: 'completed', jobId: body.jobId });
    expect(errorBodySchema(['JobAlreadyFinished']).safeParse(refused.body).error).toBeUndefined();
    expect(await row(body.jobId)).toMatchObject({ status: 'completed', cancelRequestedAt: null });
  });
}, 240_000);
