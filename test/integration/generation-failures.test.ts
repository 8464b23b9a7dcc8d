import { randomUUID } from 'node:crypto';
import { mkdtemp } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { WorkflowFailedError, WorkflowUpdateFailedError, type WorkflowHandle } from '@temporalio/client';
import type { ActivityDependencies } from '../../src/activities';
import { AuddRecognitionProvider } from '../../src/providers/audd-recognition-provider';
import { MurekaMusicProvider } from '../../src/providers/mureka-music-provider';
import { OpenAiSceneAnalyzer } from '../../src/providers/openai-scene-analyzer';
import type { GenerationInput, GenerationProgress, GenerationResult } from '../../src/contracts/music-generation';
import { abortSignal, decideUpdate, generationProgressQuery } from '../../src/contracts/music-generation';
import { startAuddFake, type AuddFake } from '../fakes/audd-fake';
import { startMurekaFake, type MurekaFailure, type MurekaFake } from '../fakes/mureka-fake';
import { startOpenAiFake, type OpenAiFailure, type OpenAiFake } from '../fakes/openai-fake';
import { writeSineAudio } from '../fakes/sine-audio';
import { createTestEnvironment, type TestEnvironment } from '../support/environment';
import { fastPolicy, generationInput, serveFile } from '../support/generation';

/** Generous: a permanent failure ends the job in a few seconds; a retried one would wait out backoffs and retry-afters. */
const FAILS_QUICKLY_MS = 15_000;
const SEGMENTS = [
  { start: 0, end: 3, text: 'Welcome to the workshop, today we build a bookshelf.' },
  { start: 3, end: 6, text: 'Measure twice, cut once. Careful now!' },
];

let env: TestEnvironment;
let mureka: MurekaFake;
let openAi: OpenAiFake;
let audd: AuddFake;
let reference: { url: string; close(): Promise<void> };
let providers: Partial<ActivityDependencies>;

beforeAll(async () => {
  env = await createTestEnvironment('generation-failures');
  // Retry-after of one second keeps the retried cases short; the fakes' defaults are longer.
  mureka = await startMurekaFake({ retryAfterSeconds: 1, resultSeconds: 6 });
  openAi = await startOpenAiFake({ retryAfterSeconds: 1 });
  audd = await startAuddFake();
  // A plain tone: no catalog entry matches it, so identification goes on to AudD.
  const referencePath = path.join(await mkdtemp(path.join(os.tmpdir(), 'generation-failures-')), 'tone.wav');
  await writeSineAudio(referencePath, { seconds: 20, frequencyHz: 523 });
  reference = await serveFile(referencePath);
  providers = {
    music: new MurekaMusicProvider({ apiKey: mureka.apiKey, baseUrl: mureka.baseUrl }),
    scenes: new OpenAiSceneAnalyzer({ apiKey: openAi.apiKey, baseUrl: openAi.baseUrl, model: 'gpt-4o-mini' }),
    recognition: new AuddRecognitionProvider({ apiToken: audd.apiToken, baseUrl: audd.baseUrl }),
    allowPrivateReferenceHosts: true,
  };
});
afterAll(async () => {
  await Promise.all([mureka.close(), openAi.close(), audd.close(), reference.close()]);
  await env.close();
});

function sceneAwareInput(overrides: Partial<GenerationInput> = {}): GenerationInput {
  return generationInput({ durationSeconds: 6, isSceneAware: true, segments: SEGMENTS, ...overrides });
}

function start(input: GenerationInput): Promise<WorkflowHandle> {
  return env.client.workflow.start('musicGenerationWorkflow', { taskQueue: env.taskQueue, workflowId: `generation-${input.jobId}`, args: [input] });
}

/** Calls each fake received while `body` ran. */
async function counting<T>(body: () => Promise<T>): Promise<{ outcome: T; calls: { generate: number; query: number; scenes: number; recognize: number } }> {
  const before = { generate: mureka.calls('generate'), query: mureka.calls('query'), scenes: openAi.calls(), recognize: audd.calls() };
  const outcome = await body();
  return {
    outcome,
    calls: {
      generate: mureka.calls('generate') - before.generate,
      query: mureka.calls('query') - before.query,
      scenes: openAi.calls() - before.scenes,
      recognize: audd.calls() - before.recognize,
    },
  };
}

async function failureOfJob(input: GenerationInput): Promise<{ type?: string; nonRetryable?: boolean; message: string }> {
  const failure = await env.withWorker(async () => (await start(input)).result(), providers).catch((error: unknown) => error);
  expect(failure).toBeInstanceOf(WorkflowFailedError);
  return (failure as WorkflowFailedError).cause as { type?: string; nonRetryable?: boolean; message: string };
}

async function until(what: string, check: () => Promise<boolean>, timeoutMs = 60_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

function parked(handle: WorkflowHandle): Promise<GenerationProgress> {
  return handle.query(generationProgressQuery);
}

describe('a non-retryable provider error fails the job at once with its type, the row says why, nothing is retried', () => {
  const murekaCases: [MurekaFailure, string][] = [
    ['badRequest', 'InvalidInput'],
    ['unauthorized', 'InvalidApiKey'],
    ['region', 'AuthenticationFailed'],
    ['contentReview', 'ContentPolicyViolation'],
    ['quota', 'QuotaExceeded'],
  ];
  it.each(murekaCases)('Mureka %s on generate → %s', async (failure, type) => {
    mureka.failNext('generate', failure);
    const input = generationInput({ durationSeconds: 6 });
    const startedAt = Date.now();
    const { outcome: cause, calls } = await counting(() => failureOfJob(input));

    expect(cause).toMatchObject({ type, nonRetryable: true });
    expect(cause.message).toMatch(/^generating: Mureka: /);
    expect(Date.now() - startedAt).toBeLessThan(FAILS_QUICKLY_MS);
    expect(calls).toMatchObject({ generate: 1, query: 0 });
    const row = await env.db.generationJob.findUnique({ where: { jobId: input.jobId } });
    expect(row).toMatchObject({ status: 'failed', step: 'failed', errorType: type, error: expect.stringContaining(cause.message.replace(/^generating: /, '')) });
    expect(await env.db.deadLetter.count({ where: { jobId: input.jobId } })).toBe(0);
  });

  const openAiCases: [OpenAiFailure, string][] = [
    ['unauthorized', 'InvalidApiKey'],
    ['quota', 'QuotaExceeded'],
  ];
  it.each(openAiCases)('chat API %s on scene analysis → %s, before any music is generated', async (failure, type) => {
    openAi.failNext(failure);
    const input = sceneAwareInput();
    const startedAt = Date.now();
    const { outcome: cause, calls } = await counting(() => failureOfJob(input));

    expect(cause).toMatchObject({ type, nonRetryable: true });
    expect(cause.message).toMatch(/^analyzing: Chat API: /);
    expect(Date.now() - startedAt).toBeLessThan(FAILS_QUICKLY_MS);
    expect(calls).toMatchObject({ scenes: 1, generate: 0 });
    const row = await env.db.generationJob.findUnique({ where: { jobId: input.jobId } });
    expect(row).toMatchObject({ status: 'failed', errorType: type, error: expect.stringMatching(/^analyzing: Chat API: /) });
  });

  it('AudD wrong API token on identification → InvalidApiKey', async () => {
    audd.failNext({ errorCode: 900, message: 'Recognition failed: authorization failed: wrong API token.' });
    const input = generationInput({ durationSeconds: 6, referenceUrl: reference.url });
    const startedAt = Date.now();
    const { outcome: cause, calls } = await counting(() => failureOfJob(input));

    expect(cause).toMatchObject({ type: 'InvalidApiKey', nonRetryable: true });
    expect(cause.message).toMatch(/^identifying: AudD error 900/);
    expect(Date.now() - startedAt).toBeLessThan(FAILS_QUICKLY_MS * 2);
    expect(calls).toMatchObject({ recognize: 1, generate: 0 });
    const row = await env.db.generationJob.findUnique({ where: { jobId: input.jobId } });
    expect(row).toMatchObject({ status: 'failed', errorType: 'InvalidApiKey', error: expect.stringMatching(/^identifying: AudD error 900/) });
  });
});

describe('a retryable provider error is retried and the job completes once the provider recovers', () => {
  const recovering = fastPolicy.stepAttempts - 1;
  const cases: [string, () => void, keyof Awaited<ReturnType<typeof counting>>['calls']][] = [
    ['Mureka 503 on generate', () => mureka.failNext('generate', 'unavailable', recovering), 'generate'],
    ['Mureka 500 on generate', () => mureka.failNext('generate', 'serverError', recovering), 'generate'],
    ['Mureka 429 rate limit on generate', () => mureka.failNext('generate', 'rateLimit', recovering), 'generate'],
    ['Mureka 503 on query', () => mureka.failNext('query', 'unavailable', recovering), 'query'],
    ['chat API 429 rate limit on scene analysis', () => openAi.failNext('rateLimit', recovering), 'scenes'],
    ['chat API 500 on scene analysis', () => openAi.failNext('serverError', recovering), 'scenes'],
  ];
  it.each(cases)('%s', async (_name, script, endpoint) => {
    script();
    const input = sceneAwareInput();
    const { outcome: result, calls } = await counting(
      () => env.withWorker(async () => (await (await start(input)).result()) as GenerationResult, providers),
    );

    expect(result).toMatchObject({ jobId: input.jobId, provider: 'mureka' });
    // The failed attempts plus the one that succeeded; a successful submit happens exactly once.
    const clean = { generate: 1, query: 3, scenes: 1, recognize: 0 };
    expect(calls).toEqual({ ...clean, [endpoint]: clean[endpoint] + recovering });
    const row = await env.db.generationJob.findUnique({ where: { jobId: input.jobId } });
    expect(row).toMatchObject({ status: 'completed', errorType: null });
    expect(await env.db.deadLetter.count({ where: { jobId: input.jobId } })).toBe(0);
  });
});

describe('exhausted retries park the job for an operator', () => {
  it('parks in needs_attention with an open dead letter; retry resumes at the failed step without repeating finished ones', async () => {
    // One failure more than the step's attempts: all of them fail, and the first after resuming too.
    mureka.failNext('generate', 'unavailable', fastPolicy.stepAttempts + 1);
    const input = sceneAwareInput();
    const { outcome, calls } = await counting(() =>
      env.withWorker(async () => {
        const handle = await start(input);
        await until('needs_attention', async () => (await parked(handle)).status === 'needs_attention');
        const progress = await parked(handle);
        const deadLetter = await env.db.deadLetter.findFirst({ where: { jobId: input.jobId } });
        const row = await env.db.generationJob.findUnique({ where: { jobId: input.jobId } });
        const scenesWhileParked = openAi.calls();
        const stale = await handle
          .executeUpdate(decideUpdate, { args: [{ deadLetterId: randomUUID(), action: 'retry', reason: 'an old page' }] })
          .catch((error: unknown) => error);
        const decided = await handle.executeUpdate(decideUpdate, { args: [{ deadLetterId: deadLetter!.id, action: 'retry', reason: 'provider is back' }] });
        const result = (await handle.result()) as GenerationResult;
        return { progress, deadLetter, row, scenesWhileParked, stale, decided, result, final: await parked(handle) };
      }, providers),
    );

    expect(outcome.progress).toMatchObject({
      status: 'needs_attention',
      step: 'needs_attention',
      lastError: { step: 'generating', type: 'ProviderUnavailable' },
      deadLetterId: outcome.deadLetter!.id,
    });
    expect(outcome.deadLetter).toMatchObject({
      status: 'open',
      step: 'generating',
      errorType: 'ProviderUnavailable',
      attempts: fastPolicy.stepAttempts,
      workflowId: `generation-${input.jobId}`,
    });
    expect(outcome.row).toMatchObject({ status: 'needs_attention', step: 'needs_attention', errorType: 'ProviderUnavailable' });
    // The validator refused a decision about another dead letter; the job stayed parked for the right one.
    expect(outcome.stale).toBeInstanceOf(WorkflowUpdateFailedError);
    expect((outcome.stale as WorkflowUpdateFailedError).cause).toMatchObject({ type: 'DeadLetterNotOpen' });
    expect(outcome.decided).toEqual({ deadLetterId: outcome.deadLetter!.id, jobId: input.jobId, action: 'retry', reason: 'provider is back' });

    expect(outcome.result).toMatchObject({ jobId: input.jobId, provider: 'mureka' });
    expect(outcome.final.stepsVisited).toEqual(['queued', 'analyzing', 'generating', 'uploading', 'completed']);
    // Scene analysis ran once, before the park, and never again; generate: every failure plus one success.
    expect(openAi.calls()).toBe(outcome.scenesWhileParked);
    expect(calls).toMatchObject({ scenes: 1, generate: fastPolicy.stepAttempts + 2, query: 3 });
    expect(await env.db.deadLetter.findUnique({ where: { id: outcome.deadLetter!.id } })).toMatchObject({ status: 'retried', resolution: 'retry: provider is back' });
    expect(await env.db.generationJob.findUnique({ where: { jobId: input.jobId } })).toMatchObject({ status: 'completed', errorType: null });
  });

  it('the abort signal of jobs parked before the decide Update still fails the job with type Aborted and closes its dead letter', async () => {
    mureka.failNext('query', 'serverError', fastPolicy.stepAttempts);
    const input = generationInput({ durationSeconds: 6 });
    const { outcome: cause, calls } = await counting(() =>
      env.withWorker(async () => {
        const handle = await start(input);
        await until('needs_attention', async () => (await parked(handle)).status === 'needs_attention');
        await handle.signal(abortSignal, { reason: 'customer cancelled' });
        return handle.result().then(
          () => undefined,
          (error: unknown) => (error as WorkflowFailedError).cause as { type?: string; message: string },
        );
      }, providers),
    );

    expect(cause).toMatchObject({ type: 'Aborted' });
    expect(cause!.message).toMatch(/^generating: aborted by an operator/);
    expect(calls).toMatchObject({ generate: 1, query: fastPolicy.stepAttempts });
    expect(await env.db.deadLetter.findFirst({ where: { jobId: input.jobId } })).toMatchObject({ status: 'aborted', resolution: 'abort: customer cancelled', step: 'generating' });
    expect(await env.db.generationJob.findUnique({ where: { jobId: input.jobId } })).toMatchObject({ status: 'failed', errorType: 'Aborted' });
  });
});
