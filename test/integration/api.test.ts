import { randomUUID } from 'node:crypto';
import { WorkflowFailedError, WorkflowNotFoundError } from '@temporalio/client';
import type { z } from 'zod';
import { resourceIdFor } from '../../src/api/resource-ids';
import { deadLetterListSchema, decisionAcceptedSchema, errorBodySchema, generationViewSchema, planViewSchema } from '../../src/api/response-schemas';
import { LocalMusicProvider } from '../../src/providers/local-music-provider';
import type { MusicProvider } from '../../src/providers/music-provider';
import { ErrorType, transientFailure } from '../../src/shared/errors';
import { newApiKey, startTestApi, type TestApi } from '../support/api-server';
import { createTestEnvironment, type TestEnvironment } from '../support/environment';
import { fastPolicy } from '../support/generation';

let env: TestEnvironment;
let api: TestApi;
let customerKey: string;
let operatorKey: string;
/** One customer per run, so lists and ids never meet another run's jobs. */
const customerId = `api-${randomUUID().slice(0, 8)}`;

beforeAll(async () => {
  env = await createTestEnvironment('api');
  api = await startTestApi(env);
  customerKey = await newApiKey(env, customerId);
  operatorKey = await newApiKey(env, `ops-${randomUUID().slice(0, 8)}`, 'operator');
});
afterAll(async () => {
  await api.close();
  await env.close();
});

/** As the run's customer. */
function call(method: string, path: string, body?: unknown, headers: Record<string, string> = {}) {
  return api.call(method, path, { key: customerKey, body, headers });
}

function asOperator(method: string, path: string, body?: unknown) {
  return api.call(method, path, { key: operatorKey, body });
}

const jobIdFor = (idempotencyKey: string) => resourceIdFor(api.idSecret, 'generation', customerId, idempotencyKey);

/** The answer as /openapi.json documents it (src/api/response-schemas.ts). */
function expectDocumented(schema: z.ZodType, body: unknown): void {
  expect(schema.safeParse(body).error).toBeUndefined();
}

async function workflowExists(workflowId: string): Promise<boolean> {
  try {
    await env.client.workflow.getHandle(workflowId).describe();
    return true;
  } catch (error) {
    if (error instanceof WorkflowNotFoundError) return false;
    throw error;
  }
}

async function waitFor<T>(read: () => Promise<T>, done: (value: T) => boolean, timeoutMs = 60_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await read();
    if (done(value) || Date.now() > deadline) return value;
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
}

const request = (overrides: Record<string, unknown> = {}) => ({ prompt: 'calm piano for a product demo', durationSeconds: 6, ...overrides });

it('reports Temporal and PostgreSQL healthy', async () => {
  const response = await call('GET', '/healthz');
  expect(response.status).toBe(200);
  expect(response.body).toMatchObject({ status: 'ok', checks: { temporal: { status: 'ok' }, database: { status: 'ok' } } });
});

it('accepts a generation with 202, runs it to completion and shows progress and the job row', async () => {
  const accepted = await call('POST', '/v1/generations', request({ mood: 'calm', instruments: ['piano'] }));
  expect(accepted.status).toBe(202);
  const { jobId } = accepted.body;
  expect(accepted.body).toEqual({ jobId, workflowId: `generation-${jobId}`, status: 'queued', links: { self: `/v1/generations/${jobId}` } });
  expect(accepted.headers.get('location')).toBe(`/v1/generations/${jobId}`);

  const handle = env.client.workflow.getHandle(`generation-${jobId}`);
  const description = await handle.describe();
  expect(description.taskQueue).toBe(env.taskQueue);
  expect(await description.staticSummary()).toContain(customerId);
  expect(description.typedSearchAttributes.get({ name: 'CustomerId', type: 'KEYWORD' } as never)).toBe(customerId);

  const queued = await call('GET', `/v1/generations/${jobId}`);
  expect(queued.status).toBe(200);
  expect(queued.body).toMatchObject({ jobId, status: 'queued', workflowStatus: 'RUNNING' });

  await env.withWorker(() => handle.result());
  const done = await call('GET', `/v1/generations/${jobId}`);
  expect(done.body).toMatchObject({
    jobId,
    status: 'completed',
    step: 'completed',
    percent: 100,
    progressSource: 'database',
    workflowStatus: 'COMPLETED',
    request: { customerId, mood: 'calm', instruments: ['piano'], durationSeconds: 6 },
    result: { provider: 'local', masterKey: `customers/${customerId}/generations/${jobId}/master.wav` },
  });
  expectDocumented(generationViewSchema, done.body);
  // A UUID is the same id in upper case (RFC 9562).
  expect((await call('GET', `/v1/generations/${jobId.toUpperCase()}`)).body).toMatchObject({ jobId, status: 'completed' });
});

it('shows live progress from the workflow while it runs', async () => {
  const { body } = await call('POST', '/v1/generations', request());
  const view = await env.withWorker(async () => {
    const running = await waitFor(() => call('GET', `/v1/generations/${body.jobId}`), (answer) => answer.body.progressSource === 'workflow');
    await env.client.workflow.getHandle(body.workflowId).result();
    return running.body;
  });
  expect(view).toMatchObject({ jobId: body.jobId, progressSource: 'workflow', workflowStatus: 'RUNNING' });
  expect(view.stepsVisited[0]).toBe('queued');
});

it('answers 404 for unknown or malformed job ids', async () => {
  expect((await call('GET', `/v1/generations/${randomUUID()}`)).status).toBe(404);
  expect((await call('GET', '/v1/generations/not-a-uuid')).status).toBe(404);
});

describe('invalid requests start nothing', () => {
  const cases: [string, unknown, number, string, RegExp][] = [
    ['no prompt, mood or reference', { durationSeconds: 6 }, 400, 'prompt', /at least one of prompt, mood or referenceUrl/],
    ['duration below the bound', request({ durationSeconds: 1 }), 400, 'durationSeconds', />=5/],
    ['duration above the bound', request({ durationSeconds: 10_000 }), 400, 'durationSeconds', /<=270/],
    ['a non-http reference URL', request({ referenceUrl: 'ftp://example.com/song.mp3' }), 400, 'referenceUrl', /http\(s\) URL/],
    ['a reference URL on the cloud metadata address', request({ referenceUrl: 'http://169.254.169.254/latest/meta-data/' }), 400, 'referenceUrl', /link-local or metadata/],
    ['a reference URL on loopback, written as a number', request({ referenceUrl: 'http://2130706433/song.mp3' }), 400, 'referenceUrl', /loopback/],
    ['an unknown instrument', request({ instruments: ['kazoo'] }), 400, 'instruments.0', /must be one of/],
    ['an unknown field', request({ colour: 'blue' }), 400, '(input)', /colour/],
    ['a job id chosen by the client', request({ jobId: randomUUID() }), 400, 'jobId', /set by the server/],
    ['a customer named in the body', request({ customerId: 'someone-else' }), 400, 'customerId', /set by the server/],
    ['malformed JSON', `{"durationSeconds":6, "prompt":`, 400, '(body)', /valid JSON/],
  ];
  it.each(cases)('%s', async (_name, body, status, field, rule) => {
    const idempotencyKey = randomUUID();
    const response = await call('POST', '/v1/generations', body, { 'idempotency-key': idempotencyKey });
    expect(response.status).toBe(status);
    expect(response.body.error.type).toBe('InvalidInput');
    expect(response.body.error.problems).toEqual(expect.arrayContaining([{ field, rule: expect.stringMatching(rule) }]));
    expect(await workflowExists(`generation-${jobIdFor(idempotencyKey)}`)).toBe(false);
  });

  it('a body over the limit → 413', async () => {
    const idempotencyKey = randomUUID();
    const response = await call('POST', '/v1/generations', request({ prompt: 'x'.repeat(70 * 1024) }), { 'idempotency-key': idempotencyKey });
    expect(response.status).toBe(413);
    expect(response.body.error.type).toBe('PayloadTooLarge');
    expect(await workflowExists(`generation-${jobIdFor(idempotencyKey)}`)).toBe(false);
  });

  it('a bad Idempotency-Key → 400 naming the header', async () => {
    const response = await call('POST', '/v1/generations', request(), { 'idempotency-key': 'has spaces' });
    expect(response.status).toBe(400);
    expect(response.body.error.problems).toEqual([{ field: 'Idempotency-Key', rule: expect.any(String) }]);
  });
});

it('starts one workflow for a repeated Idempotency-Key, and refuses the key for a different request', async () => {
  const headers = { 'idempotency-key': `order-${randomUUID()}` };
  const first = await call('POST', '/v1/generations', request(), headers);
  const second = await call('POST', '/v1/generations', request(), headers);
  expect(first.status).toBe(202);
  expect(second.status).toBe(200);
  expect(second.body).toMatchObject({ jobId: first.body.jobId, workflowId: first.body.workflowId });
  expect(second.headers.get('location')).toBe(first.body.links.self);

  const different = await call('POST', '/v1/generations', request({ durationSeconds: 7 }), headers);
  expect(different.status).toBe(409);
  expect(different.body.error).toMatchObject({ type: 'IdempotencyKeyReused', jobId: first.body.jobId });

  const runs = await waitFor(
    async () => {
      const found: string[] = [];
      for await (const execution of env.client.workflow.list({ query: `WorkflowId = '${first.body.workflowId}'` })) found.push(execution.runId);
      return found;
    },
    (found) => found.length > 0,
  );
  expect(runs).toHaveLength(1);
  await env.client.workflow.getHandle(first.body.workflowId).terminate('test cleanup');
});

describe('dead letters', () => {
  /** Fails every submit until `healed`; afterwards it is the real local composer. */
  function flakyMusic(): MusicProvider & { healed: boolean } {
    const local = new LocalMusicProvider({ storage: env.storage, tempDir: env.tempAudioDir });
    return {
      name: 'flaky',
      healed: false,
      rendersOnWorker: false,
      async submit(musicRequest) {
        if (!this.healed) throw transientFailure(ErrorType.ProviderUnavailable, 'provider is down for the test');
        return local.submit(musicRequest);
      },
      poll: (taskId) => local.poll(taskId),
      download: (audioUrl, destPath) => local.download(audioUrl, destPath),
    };
  }

  async function parkedJob(): Promise<{ jobId: string; deadLetterId: string }> {
    const { body } = await call('POST', '/v1/generations', request());
    const parked = await waitFor(() => call('GET', `/v1/generations/${body.jobId}`), (answer) => answer.body.status === 'needs_attention');
    expect(parked.body).toMatchObject({ status: 'needs_attention', step: 'needs_attention', error: { step: 'generating', type: 'ProviderUnavailable' } });
    return { jobId: body.jobId, deadLetterId: parked.body.deadLetterId };
  }

  it('lists a parked job and aborts it with a reason; a second decision is a conflict', async () => {
    const music = flakyMusic();
    await env.withWorker(async () => {
      const { jobId, deadLetterId } = await parkedJob();
      const open = await asOperator('GET', '/v1/dead-letters?status=open');
      expect(open.status).toBe(200);
      expectDocumented(deadLetterListSchema, open.body);
      const listed = open.body.deadLetters.find((letter: { id: string }) => letter.id === deadLetterId);
      expect(listed).toMatchObject({
        jobId,
        customerId,
        step: 'generating',
        errorType: 'ProviderUnavailable',
        attempts: fastPolicy.stepAttempts,
        status: 'open',
        links: { job: `/v1/generations/${jobId}`, retry: `/v1/dead-letters/${deadLetterId}/retry`, abort: `/v1/dead-letters/${deadLetterId}/abort` },
      });

      expect((await asOperator('POST', `/v1/dead-letters/${deadLetterId}/abort`, {})).body.error.problems).toEqual([{ field: 'reason', rule: expect.any(String) }]);
      const aborted = await asOperator('POST', `/v1/dead-letters/${deadLetterId}/abort`, { reason: 'customer cancelled the order' });
      expect(aborted.status).toBe(202);
      expect(aborted.body).toMatchObject({ deadLetterId, jobId, decision: 'abort' });
      expectDocumented(decisionAcceptedSchema, aborted.body);

      const failure = await env.client.workflow.getHandle(`generation-${jobId}`).result().catch((error: unknown) => error);
      expect(failure).toBeInstanceOf(WorkflowFailedError);
      expect((failure as WorkflowFailedError).cause).toMatchObject({ type: 'Aborted' });

      const again = await asOperator('POST', `/v1/dead-letters/${deadLetterId}/retry`, { reason: 'changed my mind' });
      expect(again.status).toBe(409);
      expect(again.body.error).toMatchObject({ type: 'DeadLetterNotOpen', status: 'aborted' });
      expectDocumented(errorBodySchema(['DeadLetterNotOpen']), again.body);
      const view = await call('GET', `/v1/generations/${jobId}`);
      expect(view.body).toMatchObject({ status: 'failed', error: { type: 'Aborted' } });
      expectDocumented(generationViewSchema, view.body);
    }, { music });
  });

  it('retries a parked job, which then completes', async () => {
    const music = flakyMusic();
    await env.withWorker(async () => {
      const { jobId, deadLetterId } = await parkedJob();
      music.healed = true;
      const retried = await asOperator('POST', `/v1/dead-letters/${deadLetterId}/retry`, { reason: 'provider is back' });
      expect(retried.status).toBe(202);
      await env.client.workflow.getHandle(`generation-${jobId}`).result();
      const letter = await env.db.deadLetter.findUniqueOrThrow({ where: { id: deadLetterId } });
      expect(letter.status).toBe('retried');
      expect((await call('GET', `/v1/generations/${jobId}`)).body).toMatchObject({ status: 'completed', percent: 100 });
    }, { music });
  });

  it('a decision about a dead letter the job does not wait on is refused by the workflow with 409', async () => {
    const music = flakyMusic();
    await env.withWorker(async () => {
      const { jobId, deadLetterId } = await parkedJob();
      const parkedOn = await env.db.deadLetter.findUniqueOrThrow({ where: { id: deadLetterId } });
      // An open row the job is not parked on, as an earlier park left it when its resolution was lost.
      const stale = await env.db.deadLetter.create({
        data: { ...parkedOn, id: randomUUID(), createdAt: new Date(parkedOn.createdAt.getTime() - 60_000), inputRef: parkedOn.inputRef ?? {} },
      });
      const refused = await asOperator('POST', `/v1/dead-letters/${stale.id}/retry`, { reason: 'an old page' });
      expect(refused.status).toBe(409);
      expect(refused.body.error).toMatchObject({ type: 'DeadLetterNotOpen', status: 'open', message: expect.stringContaining(`waits on dead letter ${deadLetterId}`) });

      music.healed = true;
      const [first, second] = await Promise.all([
        asOperator('POST', `/v1/dead-letters/${deadLetterId}/retry`, { reason: 'provider is back' }),
        asOperator('POST', `/v1/dead-letters/${deadLetterId}/retry`, { reason: 'provider is back (double click)' }),
      ]);
      expect([first.status, second.status].sort()).toEqual([202, 409]);
      await env.client.workflow.getHandle(`generation-${jobId}`).result();
      await env.db.deadLetter.delete({ where: { id: stale.id } });
    }, { music });
  });

  it('answers 404 for an unknown dead letter and 400 for an unknown status filter', async () => {
    expect((await asOperator('POST', `/v1/dead-letters/${randomUUID()}/retry`, { reason: 'x' })).status).toBe(404);
    const badFilter = await asOperator('GET', '/v1/dead-letters?status=lost');
    expect(badFilter.status).toBe(400);
    expect(badFilter.body.error.problems).toEqual([{ field: 'status', rule: expect.stringMatching(/must be one of/) }]);
  });
});

describe('Auto DJ plans', () => {
  const tracks = [
    { id: 'opener', durationSeconds: 200, bpm: 120, key: '8A', energy: 4 },
    { id: 'lift', durationSeconds: 210, bpm: 122, key: '9A', energy: 6 },
    { id: 'peak', durationSeconds: 190, bpm: 124, key: '9B', energy: 8 },
  ];

  it('accepts a plan with 202, plans it and shows the ordered entries', async () => {
    const accepted = await call('POST', '/v1/plans', { pool: { tracks }, targetDurationSeconds: 480, energyMode: 'build' });
    expect(accepted.status).toBe(202);
    const { planId } = accepted.body;
    expect(accepted.body).toEqual({ planId, workflowId: `autodj-${planId}`, status: 'planning', links: { self: `/v1/plans/${planId}` } });

    await env.withWorker(() => env.client.workflow.getHandle(`autodj-${planId}`).result());
    const view = await call('GET', `/v1/plans/${planId}`);
    expect(view.status).toBe(200);
    expect(view.body).toMatchObject({ planId, status: 'completed', workflowStatus: 'COMPLETED', plan: { energyMode: 'build', eventPreset: 'default' } });
    expect(view.body.plan.entries.map((entry: { position: number }) => entry.position)).toEqual([...view.body.plan.entries.keys()]);
    expect(view.body.plan.entries.length).toBeGreaterThan(0);
    expectDocumented(planViewSchema, view.body);
    expect(await env.db.autoDjPlan.findUniqueOrThrow({ where: { id: planId } })).toMatchObject({ customerId });
    const strangerKey = await newApiKey(env, `stranger-${randomUUID().slice(0, 8)}`);
    for (const route of [`/v1/plans/${planId}`, `/v1/plans/${planId}/chart.svg`]) expect((await api.call('GET', route, { key: strangerKey })).status).toBe(404);
    for (const entry of view.body.plan.entries) {
      expect({ bpm: entry.bpm, cue: typeof entry.cueInTrack, mixOut: typeof entry.mixOutInTrack }).toEqual({ bpm: tracks.find((t) => t.id === entry.trackId)!.bpm, cue: 'number', mixOut: 'number' });
    }

    const chart = await fetch(`${api.baseUrl}${view.body.links.chart}`, { headers: { authorization: `Bearer ${customerKey}` } });
    expect(chart.status).toBe(200);
    expect(chart.headers.get('content-type')).toBe('image/svg+xml; charset=utf-8');
    // Opened in a browser from the API's origin, the chart runs nothing, is framed nowhere and is not cached.
    expect({
      csp: chart.headers.get('content-security-policy'),
      nosniff: chart.headers.get('x-content-type-options'),
      cache: chart.headers.get('cache-control'),
    }).toEqual({ csp: "default-src 'none'; frame-ancestors 'none'", nosniff: 'nosniff', cache: 'no-store' });
    const svg = await chart.text();
    expect(svg.startsWith('<svg')).toBe(true);
    expect(svg.match(/<polyline /g)).toHaveLength(2);
    for (const entry of view.body.plan.entries) expect(svg).toContain(`${entry.bpm.toFixed(1)} BPM · ${entry.camelot}`);
  });

  it('answers 409 for the chart of a plan still planning and 404 for an unknown one', async () => {
    const accepted = await call('POST', '/v1/plans', { pool: { tracks }, targetDurationSeconds: 480, energyMode: 'wave' });
    const early = await call('GET', `/v1/plans/${accepted.body.planId}/chart.svg`);
    expect(early.status).toBe(409);
    expect(early.body.error.type).toBe('PlanNotReady');
    expect((await call('GET', `/v1/plans/${randomUUID()}/chart.svg`)).status).toBe(404);
    await env.client.workflow.getHandle(accepted.body.workflowId).terminate('test cleanup');
  });

  it('refuses an invalid plan request naming the field, and answers 404 for an unknown plan', async () => {
    const response = await call('POST', '/v1/plans', { pool: { tracks }, targetDurationSeconds: 480, energyMode: 'frantic' });
    expect(response.status).toBe(400);
    expect(response.body.error.problems).toEqual([{ field: 'energyMode', rule: expect.stringMatching(/must be one of/) }]);
    expect((await call('GET', `/v1/plans/${randomUUID()}`)).status).toBe(404);
  });

  it('starts one plan for a repeated Idempotency-Key', async () => {
    const headers = { 'idempotency-key': `plan-${randomUUID()}` };
    const body = { pool: { tracks }, targetDurationSeconds: 480, energyMode: 'steady' };
    const first = await call('POST', '/v1/plans', body, headers);
    const second = await call('POST', '/v1/plans', body, headers);
    expect([first.status, second.status]).toEqual([202, 200]);
    expect(second.body.planId).toBe(first.body.planId);
    await env.client.workflow.getHandle(first.body.workflowId).terminate('test cleanup');
  });
});
