import { execFile } from 'node:child_process';
import { createHash, randomUUID } from 'node:crypto';
import path from 'node:path';
import { Writable } from 'node:stream';
import { promisify } from 'node:util';
import winston from 'winston';
import { createApiKey, revokeApiKey } from '../../src/api/api-key-store';
import { newApiKey, startTestApi, type ApiAnswer, type TestApi } from '../support/api-server';
import { createTestEnvironment, type TestEnvironment } from '../support/environment';

const run = promisify(execFile);
const PROJECT_DIR = path.resolve(__dirname, '..', '..');

let env: TestEnvironment;
let api: TestApi;
/** Two customers per run and an operator, so nothing meets another run's rows. */
const run8 = randomUUID().slice(0, 8);
const alice = `alice-${run8}`;
const bob = `bob-${run8}`;
let aliceKey: string;
let bobKey: string;
let operatorKey: string;
const startedWorkflows: string[] = [];

const tracks = [
  { id: 'opener', durationSeconds: 200, bpm: 120, key: '8A', energy: 4 },
  { id: 'peak', durationSeconds: 190, bpm: 124, key: '9B', energy: 8 },
];
const generation = { prompt: 'calm piano for a product demo', durationSeconds: 6 };
const plan = { pool: { tracks }, targetDurationSeconds: 300, energyMode: 'build' };

beforeAll(async () => {
  env = await createTestEnvironment('api-auth');
  // Nothing serves the task queue here, so progress queries give up soon and views come from the rows.
  api = await startTestApi(env, { queryTimeoutMs: 500 });
  [aliceKey, bobKey, operatorKey] = await Promise.all([newApiKey(env, alice), newApiKey(env, bob), newApiKey(env, `ops-${run8}`, 'operator')]);
});
afterAll(async () => {
  // Nothing serves the test's task queue, so the started workflows would wait forever.
  await Promise.all(startedWorkflows.map((id) => env.client.workflow.getHandle(id).terminate('test cleanup').catch(() => undefined)));
  await api.close();
  await env.close();
});

async function submit(key: string, route: '/v1/generations' | '/v1/plans', body: unknown, idempotencyKey?: string, on: TestApi = api): Promise<ApiAnswer> {
  const answer = await on.call('POST', route, { key, body, headers: idempotencyKey ? { 'idempotency-key': idempotencyKey } : {} });
  if (answer.body.workflowId && answer.status === 202) startedWorkflows.push(answer.body.workflowId);
  return answer;
}

/** The job id the API used to derive before ids were keyed by a server secret (UUID v5 of a namespace in the source). */
function formerUuidV5JobId(customerId: string, idempotencyKey: string): string {
  const namespace = Buffer.from('3c1f0e2a6a4b4f579d0e8b7f2c5a9e14', 'hex');
  const hash = createHash('sha1').update(namespace).update(`${customerId}\n${idempotencyKey}`, 'utf8').digest().subarray(0, 16);
  hash[6] = (hash[6]! & 0x0f) | 0x50;
  hash[8] = (hash[8]! & 0x3f) | 0x80;
  const hex = hash.toString('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}

describe('API keys', () => {
  const unauthorized = { error: { type: 'Unauthorized', message: expect.stringContaining('Authorization: Bearer') } };

  it('answers 401 with WWW-Authenticate and one body for no key, a malformed, an unknown and a revoked key', async () => {
    const revoked = await createApiKey(env.db, { customerId: alice, label: 'to revoke' });
    expect((await api.call('GET', '/v1/dead-letters', { key: revoked.token })).status).toBe(200);
    await revokeApiKey(env.db, revoked.key.id);
    const unknown = `${revoked.key.prefix.replace(/.$/, (last) => (last === '0' ? '1' : '0'))}_${'A'.repeat(43)}`;
    const wrongSecret = `${revoked.key.prefix}_${'B'.repeat(43)}`;

    const answers = await Promise.all(
      [undefined, 'not-a-key', `${aliceKey}x`, unknown, wrongSecret, revoked.token].map((key) => api.call('GET', '/v1/dead-letters', { key })),
    );
    for (const answer of answers) {
      expect(answer.status).toBe(401);
      expect(answer.headers.get('www-authenticate')).toMatch(/^Bearer/);
      expect([answer.headers.get('x-content-type-options'), answer.headers.get('cache-control')]).toEqual(['nosniff', 'no-store']);
      expect(answer.body).toEqual(unauthorized);
    }
    expect(new Set(answers.map((answer) => JSON.stringify(answer.body))).size).toBe(1);
    const basic = await api.call('GET', '/v1/dead-letters', { headers: { authorization: `Basic ${Buffer.from('a:b').toString('base64')}` } });
    expect(basic.status).toBe(401);
  });

  it('needs no key for /healthz, and a key everywhere else', async () => {
    expect((await api.call('GET', '/healthz')).status).toBe(200);
    const jobId = randomUUID();
    for (const [method, route] of [
      ['POST', '/v1/generations'],
      ['GET', `/v1/generations/${jobId}`],
      ['POST', '/v1/plans'],
      ['GET', `/v1/plans/${jobId}`],
      ['GET', `/v1/plans/${jobId}/chart.svg`],
      ['GET', '/v1/dead-letters'],
      ['GET', `/v1/dead-letters/${jobId}`],
      ['POST', `/v1/dead-letters/${jobId}/retry`],
      ['POST', `/v1/dead-letters/${jobId}/abort`],
    ]) {
      const answer = await api.call(method!, route!, { body: method === 'POST' ? { reason: 'x' } : undefined });
      expect({ route, status: answer.status }).toEqual({ route, status: 401 });
    }
  });

  it('answers 403 to a customer key on operator routes, whatever the dead letter', async () => {
    for (const decision of ['retry', 'abort']) {
      const answer = await api.call('POST', `/v1/dead-letters/${randomUUID()}/${decision}`, { key: aliceKey, body: { reason: 'mine now' } });
      expect(answer.status).toBe(403);
      expect(answer.body.error).toMatchObject({ type: 'Forbidden', message: expect.stringMatching(/operator key/) });
    }
  });

  it('records when a key was last used', async () => {
    const { token, key } = await createApiKey(env.db, { customerId: alice });
    expect(key.lastUsedAt).toBeNull();
    await api.call('GET', '/v1/dead-letters', { key: token });
    const used = await env.db.apiKey.findUniqueOrThrow({ where: { id: key.id } });
    expect(used.lastUsedAt).toBeInstanceOf(Date);
  });

  it('are made, listed and revoked with `npm run keys`, which shows the key once', async () => {
    const cli = async (...args: string[]) =>
      (await run('npx', ['tsx', 'src/api/keys-cli.ts', ...args], { cwd: PROJECT_DIR, env: process.env, timeout: 60_000 })).stdout;
    const customer = `cli-${run8}`;
    const created = await cli('create', '--customer', customer, '--label', 'from the CLI test');
    const token = /imx_live_[0-9a-f]{12}_[A-Za-z0-9_-]{43}/.exec(created)?.[0];
    expect(token).toBeDefined();
    expect((await api.call('GET', '/v1/dead-letters', { key: token })).status).toBe(200);

    const listed = await cli('list', '--customer', customer);
    const prefix = token!.slice(0, 'imx_live_'.length + 12);
    expect(listed).toContain(prefix);
    expect(listed).not.toContain(token);
    const row = await env.db.apiKey.findUniqueOrThrow({ where: { prefix } });
    expect(JSON.stringify(row)).not.toContain(token!.slice(prefix.length + 1));

    expect(await cli('revoke', prefix)).toContain(`revoked key ${row.id}`);
    expect((await api.call('GET', '/v1/dead-letters', { key: token })).status).toBe(401);
  });
});

describe('isolation between customers', () => {
  it('shows a customer its own job and answers 404 for another customer\'s, exactly as for a missing one', async () => {
    const accepted = await submit(bobKey, '/v1/generations', generation);
    expect(accepted.status).toBe(202);
    const { jobId } = accepted.body;
    expect((await api.call('GET', `/v1/generations/${jobId}`, { key: bobKey })).body).toMatchObject({ jobId, request: { customerId: bob } });

    const foreign = await api.call('GET', `/v1/generations/${jobId}`, { key: aliceKey });
    const missingId = randomUUID();
    const missing = await api.call('GET', `/v1/generations/${missingId}`, { key: aliceKey });
    expect(foreign.status).toBe(404);
    expect(foreign.body).toEqual({ error: { type: 'NotFound', message: `No generation job ${jobId}` } });
    expect(missing.body).toEqual({ error: { type: 'NotFound', message: `No generation job ${missingId}` } });

    expect((await api.call('GET', `/v1/generations/${jobId}`, { key: operatorKey })).body).toMatchObject({ jobId, request: { customerId: bob } });
  });

  it('refuses a customerId in the body rather than acting for that customer', async () => {
    const answer = await submit(aliceKey, '/v1/generations', { ...generation, customerId: bob });
    expect(answer.status).toBe(400);
    expect(answer.body.error.problems).toEqual([{ field: 'customerId', rule: 'is set by the server' }]);
    const plan400 = await submit(aliceKey, '/v1/plans', { ...plan, customerId: bob });
    expect(plan400.body.error.problems).toEqual([{ field: 'customerId', rule: 'is set by the server' }]);
  });

  it('answers 404 for another customer\'s plan and its chart; the operator sees it', async () => {
    const accepted = await submit(bobKey, '/v1/plans', plan);
    expect(accepted.status).toBe(202);
    const { planId } = accepted.body;
    expect((await api.call('GET', `/v1/plans/${planId}`, { key: bobKey })).status).toBe(200);
    for (const route of [`/v1/plans/${planId}`, `/v1/plans/${planId}/chart.svg`]) {
      const foreign = await api.call('GET', route, { key: aliceKey });
      expect(foreign.status).toBe(404);
      expect(foreign.body).toEqual({ error: { type: 'NotFound', message: `No Auto DJ plan ${planId}` } });
    }
    expect((await api.call('GET', `/v1/plans/${planId}`, { key: operatorKey })).body).toMatchObject({ planId, status: 'planning' });
    const description = await env.client.workflow.getHandle(accepted.body.workflowId).describe();
    expect(description.memo).toMatchObject({ customerId: bob });
  });

  it('lists and shows a customer only its own dead letters; the operator sees and acts on every customer\'s', async () => {
    const bobsLetter = await env.db.deadLetter.create({
      data: {
        jobId: randomUUID(),
        workflowId: `generation-${randomUUID()}`,
        customerId: bob,
        step: 'generating',
        errorType: 'ProviderUnavailable',
        errorMessage: 'provider is down for the test',
        attempts: 3,
        inputRef: {},
      },
    });
    const ids = (answer: ApiAnswer) => answer.body.deadLetters.map((letter: { id: string }) => letter.id);
    expect(ids(await api.call('GET', '/v1/dead-letters', { key: bobKey }))).toContain(bobsLetter.id);
    expect(ids(await api.call('GET', '/v1/dead-letters', { key: aliceKey }))).not.toContain(bobsLetter.id);
    expect(ids(await api.call('GET', '/v1/dead-letters?limit=500', { key: operatorKey }))).toContain(bobsLetter.id);

    expect((await api.call('GET', `/v1/dead-letters/${bobsLetter.id}`, { key: bobKey })).body).toMatchObject({ id: bobsLetter.id, customerId: bob });
    const foreign = await api.call('GET', `/v1/dead-letters/${bobsLetter.id}`, { key: aliceKey });
    expect(foreign.status).toBe(404);
    expect(foreign.body).toEqual({ error: { type: 'NotFound', message: `No dead letter ${bobsLetter.id}` } });
    expect((await api.call('GET', `/v1/dead-letters/${bobsLetter.id}`, { key: operatorKey })).status).toBe(200);

    // The operator gets past scoping to the decision itself: this letter's job never ran, so no workflow takes the decision.
    const decision = await api.call('POST', `/v1/dead-letters/${bobsLetter.id}/abort`, { key: operatorKey, body: { reason: 'test' } });
    expect(decision.status).toBe(404);
    expect(decision.body.error).toMatchObject({ type: 'NotFound', message: `The job behind dead letter ${bobsLetter.id} no longer runs` });
  });

  it('derives ids no other customer can compute: one Idempotency-Key under two customers gives unrelated ids', async () => {
    const idempotencyKey = `order-${randomUUID()}`;
    // Bob tries to take Alice's next job by using the key she will use.
    const squat = await submit(bobKey, '/v1/generations', generation, idempotencyKey);
    const real = await submit(aliceKey, '/v1/generations', { ...generation, durationSeconds: 7 }, idempotencyKey);
    expect([squat.status, real.status]).toEqual([202, 202]);
    expect(real.body.jobId).not.toBe(squat.body.jobId);
    expect(real.body.jobId).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-8[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    expect(real.body.jobId).not.toBe(formerUuidV5JobId(alice, idempotencyKey));

    const again = await submit(aliceKey, '/v1/generations', { ...generation, durationSeconds: 7 }, idempotencyKey);
    expect(again.status).toBe(200);
    expect(again.body.jobId).toBe(real.body.jobId);

    // Another API with another ID_SECRET maps the same customer and key elsewhere: the id depends on the secret.
    const otherApi = await startTestApi(env);
    try {
      const elsewhere = await submit(aliceKey, '/v1/plans', plan, idempotencyKey, otherApi);
      const here = await submit(aliceKey, '/v1/plans', plan, idempotencyKey);
      expect(elsewhere.body.planId).not.toBe(here.body.planId);
    } finally {
      await otherApi.close();
    }
  });
});

describe('fair use', () => {
  it('answers 429 with Retry-After over the per-customer request rate, and only for that customer', async () => {
    const limited = await startTestApi(env, { limits: { requestsPerMinutePerCustomer: 2, maxRunningGenerationsPerCustomer: 1_000 } });
    try {
      const statuses = [];
      for (let index = 0; index < 3; index++) statuses.push((await limited.call('GET', '/v1/dead-letters', { key: aliceKey })).status);
      expect(statuses).toEqual([200, 200, 429]);
      const refused = await limited.call('GET', '/v1/dead-letters', { key: aliceKey });
      expect(refused.status).toBe(429);
      expect(Number(refused.headers.get('retry-after'))).toBeGreaterThanOrEqual(1);
      expect(refused.body.error).toMatchObject({ type: 'RateLimited', limit: 'RATE_LIMIT_PER_MINUTE', requestsPerMinute: 2, retryAfterSeconds: Number(refused.headers.get('retry-after')) });
      expect((await limited.call('GET', '/v1/dead-letters', { key: bobKey })).status).toBe(200);
    } finally {
      await limited.close();
    }
  });

  it('answers 429 naming the limit and the count when a customer has too many unfinished generations', async () => {
    const capped = await startTestApi(env, { limits: { requestsPerMinutePerCustomer: 10_000, maxRunningGenerationsPerCustomer: 2 } });
    const customerKey = await newApiKey(env, `capped-${run8}`);
    try {
      const first = await submit(customerKey, '/v1/generations', generation, `cap-1-${run8}`, capped);
      const second = await submit(customerKey, '/v1/generations', generation, undefined, capped);
      expect([first.status, second.status]).toEqual([202, 202]);
      const third = await submit(customerKey, '/v1/generations', generation, undefined, capped);
      expect(third.status).toBe(429);
      expect(third.body.error).toMatchObject({
        type: 'TooManyRunningGenerations',
        limit: 'MAX_RUNNING_GENERATIONS_PER_CUSTOMER',
        maxRunningGenerations: 2,
        runningGenerations: 2,
      });
      // A retried submit of a job already counted is not a new one.
      expect((await submit(customerKey, '/v1/generations', generation, `cap-1-${run8}`, capped)).status).toBe(200);
      // Other customers keep their own places.
      expect((await submit(aliceKey, '/v1/generations', generation, undefined, capped)).status).toBe(202);
    } finally {
      await capped.close();
    }
  });
});

describe('bad input', () => {
  it('refuses NUL and control characters naming the field', async () => {
    const inPrompt = await submit(aliceKey, '/v1/generations', { ...generation, prompt: 'calm\u0000piano' });
    expect(inPrompt.status).toBe(400);
    expect(inPrompt.body.error.problems).toEqual([{ field: 'prompt', rule: 'must not contain control characters' }]);

    const segments = [{ start: 0, end: 3, text: 'a line\nand another' }, { start: 3, end: 6, text: 'null \u0000 byte' }];
    const inSegment = await submit(aliceKey, '/v1/generations', { mood: 'calm', durationSeconds: 6, isSceneAware: true, segments });
    expect(inSegment.status).toBe(400);
    expect(inSegment.body.error.problems).toEqual([{ field: 'segments.1.text', rule: 'must not contain control characters' }]);

    const inTrack = await submit(aliceKey, '/v1/plans', { ...plan, pool: { tracks: [{ ...tracks[0], title: 'esc \u001b[2J' }, tracks[1]] } });
    expect(inTrack.body.error.problems).toEqual([{ field: 'pool.tracks.0.title', rule: 'must not contain control characters' }]);
  });

  it('refuses a reference URL with user:password@ naming referenceUrl, and neither answers nor logs the credentials', async () => {
    const lines: string[] = [];
    const logger = winston.createLogger({
      format: winston.format.json(),
      transports: [new winston.transports.Stream({ stream: new Writable({ write: (chunk, _encoding, done) => (lines.push(String(chunk)), done()) }) })],
    });
    const logged = await startTestApi(env, { logger });
    try {
      const url = 'https://alice:hunter2@example.com/song.mp3';
      const response = await fetch(`${logged.baseUrl}/v1/generations`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: `Bearer ${aliceKey}` },
        body: JSON.stringify({ durationSeconds: 6, referenceUrl: url }),
      });
      const text = await response.text();
      expect(response.status).toBe(400);
      expect(JSON.parse(text).error.problems).toEqual([{ field: 'referenceUrl', rule: expect.stringMatching(/user name or password/) }]);
      expect(text).not.toMatch(/hunter2|alice:/);
      expect(lines.length).toBeGreaterThan(0);
      expect(lines.join('\n')).not.toMatch(/hunter2|alice:/);
    } finally {
      await logged.close();
    }
  });
});
