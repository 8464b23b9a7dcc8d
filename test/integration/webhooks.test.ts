import { randomUUID } from 'node:crypto';
import { MockActivityEnvironment } from '@temporalio/testing';
import type { z } from 'zod';
import type { Database } from '../../src/db/client';
import { createActivityDependencies } from '../../src/dependencies';
import { createWebhookActivities } from '../../src/activities/webhooks';
import { SecretBox } from '../../src/codec/secret-box';
import { loadKeyRing } from '../../src/codec/key-ring';
import { loadConfig } from '../../src/config';
import { webhookDeliveryWorkflowId, webhookEventId, webhookSecretContext, type WebhookDeliveryResult } from '../../src/contracts/webhooks';
import { decideUpdate } from '../../src/contracts/music-generation';
import { webhookCreatedSchema, webhookDeliveryListSchema, webhookListSchema } from '../../src/api/webhook-schemas';
import { newApiKey, startTestApi, type TestApi } from '../support/api-server';
import { createTestEnvironment, type TestEnvironment } from '../support/environment';
import { startWebhookReceiver, type WebhookReceiver } from '../support/webhook-receiver';

let env: TestEnvironment;
/** Registers loopback receivers, as a test or local demo may (ALLOW_LOOPBACK_WEBHOOKS). */
let api: TestApi;
/** As production: loopback refused too. */
let strictApi: TestApi;
const receivers: WebhookReceiver[] = [];
const run = randomUUID().slice(0, 8);

beforeAll(async () => {
  env = await createTestEnvironment('webhooks');
  // Private reference hosts pass the API here, so the worker's reference step is what refuses or retries them.
  api = await startTestApi(env, { allowLoopbackWebhooks: true, allowPrivateSourceHosts: true });
  strictApi = await startTestApi(env);
});
afterAll(async () => {
  await Promise.all(receivers.map((receiver) => receiver.close()));
  await Promise.all([api.close(), strictApi.close()]);
  await env.close();
});

/** A customer of this run with its own key. */
async function customer(name: string): Promise<{ id: string; key: string }> {
  const id = `webhooks-${name}-${run}`;
  return { id, key: await newApiKey(env, id) };
}

async function receiver(secret: string, answer?: Parameters<typeof startWebhookReceiver>[1]): Promise<WebhookReceiver> {
  const started = await startWebhookReceiver(secret, answer);
  receivers.push(started);
  return started;
}

function expectDocumented(schema: z.ZodType, body: unknown): void {
  expect(schema.safeParse(body).error).toBeUndefined();
}

async function register(key: string, url: string, events: string[], secret: string): Promise<string> {
  const answer = await api.call('POST', '/v1/webhooks', { key, body: { url, events, secret } });
  expect(answer.status).toBe(201);
  expectDocumented(webhookCreatedSchema, answer.body);
  expect(answer.body).toMatchObject({ url, events, secret });
  return answer.body.id as string;
}

function deliveryResult(eventId: string): Promise<WebhookDeliveryResult> {
  return env.client.workflow.getHandle(webhookDeliveryWorkflowId(eventId)).result();
}

/** The database as the worker sees it, except that the first `failures` endpoint lookups fail. */
function withFailingEndpointLookups(db: Database, failures: number): Database & { failuresLeft(): number } {
  let left = failures;
  const endpoints = new Proxy(db.webhookEndpoint, {
    get(target, property) {
      if (property === 'findMany' && left > 0) {
        return async () => {
          left--;
          throw new Error('the database is unavailable (test)');
        };
      }
      const value: unknown = Reflect.get(target, property);
      return typeof value === 'function' ? value.bind(target) : value;
    },
  });
  return new Proxy(db, {
    get(target, property) {
      if (property === 'webhookEndpoint') return endpoints;
      if (property === 'failuresLeft') return () => left;
      const value: unknown = Reflect.get(target, property);
      return typeof value === 'function' ? value.bind(target) : value;
    },
  }) as Database & { failuresLeft(): number };
}

async function until(what: string, check: () => boolean | Promise<boolean>, timeoutMs = 60_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

const inlinePlan = {
  pool: {
    tracks: [
      { id: 'opener', durationSeconds: 240, bpm: 122, key: '8A', energy: 5 },
      { id: 'peak', durationSeconds: 300, bpm: 126, key: '9A', energy: 8 },
    ],
  },
  targetDurationSeconds: 480,
  energyMode: 'build',
};

describe('registration', () => {
  it.each([['http://10.0.0.1/'], ['http://[::1]/hook'], ['http://127.0.0.1/hook'], ['http://169.254.169.254/latest'], ['http://localhost:9/']])(
    'refuses %s with 400 naming url (production rules)',
    async (url) => {
      const { key } = await customer('strict');
      const answer = await strictApi.call('POST', '/v1/webhooks', { key, body: { url, events: ['generation.completed'] } });
      expect(answer.status).toBe(400);
      expect(answer.body.error).toMatchObject({ type: 'InvalidInput', problems: [{ field: 'url', rule: expect.stringMatching(/loopback|private|link-local/) }] });
    },
  );

  it('with the loopback allowance still refuses private and metadata addresses', async () => {
    const { key } = await customer('allowance');
    for (const url of ['http://10.0.0.1/', 'http://192.168.1.1/', 'http://169.254.169.254/', 'http://[fd00::1]/']) {
      const answer = await api.call('POST', '/v1/webhooks', { key, body: { url, events: ['plan.completed'] } });
      expect({ url, status: answer.status, field: answer.body.error?.problems?.[0]?.field }).toEqual({ url, status: 400, field: 'url' });
    }
  });

  it('refuses bad events, secrets and non-http URLs naming the field; generates a secret when none is given', async () => {
    const { key } = await customer('fields');
    const bad = [
      [{ url: 'ftp://example.com/', events: ['plan.completed'] }, 'url'],
      [{ url: 'https://user:pw@example.com/', events: ['plan.completed'] }, 'url'],
      [{ url: 'http://127.0.0.1:9/', events: ['plan.started'] }, 'events.0'],
      [{ url: 'http://127.0.0.1:9/', events: [] }, 'events'],
      [{ url: 'http://127.0.0.1:9/', events: ['plan.failed', 'plan.failed'] }, 'events'],
      [{ url: 'http://127.0.0.1:9/', events: ['plan.failed'], secret: 'short' }, 'secret'],
      [{ url: 'http://127.0.0.1:9/', events: ['plan.failed'], customerId: 'someone-else' }, '(input)'],
    ] as const;
    for (const [body, field] of bad) {
      const answer = await api.call('POST', '/v1/webhooks', { key, body });
      expect({ body, status: answer.status, fields: answer.body.error?.problems?.map((problem: { field: string }) => problem.field) }).toEqual({
        body,
        status: 400,
        fields: expect.arrayContaining([field]),
      });
    }
    const made = await api.call('POST', '/v1/webhooks', { key, body: { url: 'http://127.0.0.1:9/', events: ['plan.failed'] } });
    expect(made.status).toBe(201);
    expect(made.body.secret).toMatch(/^whsec_[A-Za-z0-9_-]{43}$/);
    const row = await env.db.webhookEndpoint.findUniqueOrThrow({ where: { id: made.body.id } });
    expect(row.secretCiphertext).not.toContain(made.body.secret);
    const listed = await api.call('GET', '/v1/webhooks', { key });
    expectDocumented(webhookListSchema, listed.body);
    expect(JSON.stringify(listed.body)).not.toContain(made.body.secret);
  });
});

describe('delivery', () => {
  it('a completed generation is announced with a verifiable signature; a dead receiver neither delays the job nor the other endpoint', async () => {
    const owner = await customer('generation');
    const secret = `whsec_${randomUUID()}`;
    const good = await receiver(secret);
    const dead = await receiver(secret, () => 'hang');
    const goodId = await register(owner.key, good.url, ['generation.completed', 'generation.failed'], secret);
    await register(owner.key, dead.url, ['generation.completed'], secret);
    const prompt = 'secret recipe soundtrack with marimba';

    await env.withWorker(
      async () => {
        const started = await api.call('POST', '/v1/generations', { key: owner.key, body: { prompt, durationSeconds: 6 } });
        expect(started.status).toBe(202);
        const jobId = started.body.jobId as string;
        const job = env.client.workflow.getHandle(`generation-${jobId}`);
        await job.result();
        const eventId = webhookEventId('generation.completed', jobId);

        // The job is over while the dead endpoint still holds the first attempt open: it never waited for a receiver.
        await until('the dead receiver to hold a request', () => dead.received.length > 0);
        expect((await job.describe()).status.name).toBe('COMPLETED');
        expect(dead.received[0]!.answered).toBeUndefined();
        const delivery = env.client.workflow.getHandle(webhookDeliveryWorkflowId(eventId));
        expect((await delivery.describe()).status.name).toBe('RUNNING');

        await until('the live receiver to get the event', () => good.received.length > 0);
        expect(good.received).toHaveLength(1);
        const [event] = good.received;
        expect(event).toMatchObject({ verified: true, verifiedByRule: true, answered: 200 });
        expect(event!.headers['infinitymix-event-id']).toBe(eventId);
        expect(event!.headers['infinitymix-event-type']).toBe('generation.completed');
        expect(JSON.parse(event!.rawBody)).toEqual({
          id: eventId,
          type: 'generation.completed',
          createdAt: expect.any(String),
          data: { jobId, status: 'completed', durationSeconds: 6, links: { self: `/v1/generations/${jobId}` } },
        });
        expect(event!.rawBody).not.toContain('marimba');
        await until('the delivery row', async () => (await env.db.webhookDelivery.count({ where: { endpointId: goodId, eventId } })) === 1);
        await delivery.terminate('test over: the dead receiver never answers');
      },
      { allowLoopbackWebhooks: true },
    );
  });

  it('a receiver that fails 5 times then succeeds accepts exactly one delivery; all 6 attempts are listed', async () => {
    const owner = await customer('retries');
    const secret = `whsec_${randomUUID()}`;
    const flaky = await receiver(secret, (n) => (n <= 5 ? 500 : 200));
    const webhookId = await register(owner.key, flaky.url, ['plan.completed'], secret);

    const planId = await env.withWorker(
      async () => {
        const started = await api.call('POST', '/v1/plans', { key: owner.key, body: inlinePlan });
        expect(started.status).toBe(202);
        const id = started.body.planId as string;
        await env.client.workflow.getHandle(`autodj-${id}`).result();
        expect(await deliveryResult(webhookEventId('plan.completed', id))).toEqual({
          eventId: webhookEventId('plan.completed', id),
          endpoints: [{ endpointId: webhookId, outcome: 'delivered', attempt: 6, statusCode: 200 }],
        });
        return id;
      },
      { allowLoopbackWebhooks: true },
    );

    expect(flaky.received.map((entry) => entry.answered)).toEqual([500, 500, 500, 500, 500, 200]);
    expect(flaky.accepted()).toHaveLength(1);
    expect(new Set(flaky.received.map((entry) => entry.headers['infinitymix-event-id']))).toEqual(new Set([`plan.completed:${planId}`]));
    expect(new Set(flaky.received.map((entry) => entry.rawBody)).size).toBe(1);
    expect(flaky.received.every((entry) => entry.verified && entry.verifiedByRule)).toBe(true);
    expect(JSON.parse(flaky.received[0]!.rawBody).data).toEqual({
      planId,
      status: 'completed',
      entries: expect.any(Number),
      totalDurationSeconds: expect.any(Number),
      links: { self: `/v1/plans/${planId}`, chart: `/v1/plans/${planId}/chart.svg` },
    });

    const listed = await api.call('GET', `/v1/webhooks/${webhookId}/deliveries`, { key: owner.key });
    expect(listed.status).toBe(200);
    expectDocumented(webhookDeliveryListSchema, listed.body);
    expect(listed.body.items.map((item: { attempt: number; status: string; statusCode: number }) => [item.attempt, item.status, item.statusCode])).toEqual([
      [6, 'delivered', 200],
      [5, 'failed', 500],
      [4, 'failed', 500],
      [3, 'failed', 500],
      [2, 'failed', 500],
      [1, 'failed', 500],
    ]);
    expect(listed.body.nextCursor).toBeNull();
    const first = await api.call('GET', `/v1/webhooks/${webhookId}/deliveries?limit=4`, { key: owner.key });
    const second = await api.call('GET', `/v1/webhooks/${webhookId}/deliveries?limit=4&cursor=${first.body.nextCursor}`, { key: owner.key });
    expect([...first.body.items, ...second.body.items].map((item: { attempt: number }) => item.attempt)).toEqual([6, 5, 4, 3, 2, 1]);
    expect(second.body.nextCursor).toBeNull();
    expect((await api.call('GET', `/v1/webhooks/${webhookId}/deliveries?cursor=bogus`, { key: owner.key })).body.error.problems).toEqual([
      { field: 'cursor', rule: expect.any(String) },
    ]);
  });

  it('a job whose look for endpoints fails starts the delivery workflow anyway, which delivers once the database answers', async () => {
    const owner = await customer('lookup');
    const secret = `whsec_${randomUUID()}`;
    const hook = await receiver(secret);
    const webhookId = await register(owner.key, hook.url, ['plan.completed'], secret);
    // The job's local activity makes 3 attempts; all fail. The delivery workflow's own look then succeeds.
    const db = withFailingEndpointLookups(env.db, 3);

    await env.withWorker(
      async () => {
        const started = await api.call('POST', '/v1/plans', { key: owner.key, body: inlinePlan });
        const planId = started.body.planId as string;
        const plan = env.client.workflow.getHandle(`autodj-${planId}`);
        await plan.result();
        const history = (await plan.fetchHistory()).events ?? [];
        expect(history.filter((event) => event.startChildWorkflowExecutionInitiatedEventAttributes)).toHaveLength(1);
        expect(await deliveryResult(webhookEventId('plan.completed', planId))).toMatchObject({ endpoints: [{ endpointId: webhookId, outcome: 'delivered' }] });
      },
      { allowLoopbackWebhooks: true, db },
    );
    expect(db.failuresLeft()).toBe(0);
    expect(hook.accepted()).toHaveLength(1);
  });

  it('failed plans and generations are announced with the error type only', async () => {
    const owner = await customer('failures');
    const secret = `whsec_${randomUUID()}`;
    const hook = await receiver(secret);
    await register(owner.key, hook.url, ['plan.failed', 'generation.failed'], secret);

    await env.withWorker(
      async () => {
        const plan = await api.call('POST', '/v1/plans', { key: owner.key, body: { pool: { trackIds: [randomUUID()] }, targetDurationSeconds: 600, energyMode: 'build' } });
        const job = await api.call('POST', '/v1/generations', { key: owner.key, body: { mood: 'calm', durationSeconds: 6, referenceUrl: 'http://10.0.0.1/song.mp3' } });
        // Both fail at once; their events are started before they report it.
        await env.client.workflow.getHandle(`autodj-${plan.body.planId}`).result().catch(() => undefined);
        await env.client.workflow.getHandle(`generation-${job.body.jobId}`).result().catch(() => undefined);
        const planEvent = await deliveryResult(webhookEventId('plan.failed', plan.body.planId));
        const jobEvent = await deliveryResult(webhookEventId('generation.failed', job.body.jobId));
        expect([planEvent.endpoints[0]?.outcome, jobEvent.endpoints[0]?.outcome]).toEqual(['delivered', 'delivered']);
      },
      { allowLoopbackWebhooks: true },
    );
    const bodies = hook.received.map((entry) => JSON.parse(entry.rawBody));
    expect(bodies.map((body) => [body.type, body.data.status, body.data.error.type]).sort()).toEqual([
      ['generation.failed', 'failed', 'InvalidInput'],
      ['plan.failed', 'failed', 'InvalidInput'],
    ]);
    expect(hook.received.map((entry) => entry.rawBody).join()).not.toContain('10.0.0.1');
  });

  it('a job parked in needs_attention is announced with its dead letter, and again as failed when an operator aborts it', async () => {
    const owner = await customer('parked');
    const secret = `whsec_${randomUUID()}`;
    const hook = await receiver(secret);
    await register(owner.key, hook.url, ['generation.needs_attention', 'generation.failed'], secret);
    // A reference host that is down: extraction retries, runs out of attempts and the job parks.
    const down = await receiver(secret, () => 503);

    await env.withWorker(
      async () => {
        const started = await api.call('POST', '/v1/generations', { key: owner.key, body: { mood: 'calm', durationSeconds: 6, referenceUrl: `${down.url}/song.mp3` } });
        const jobId = started.body.jobId as string;
        const job = env.client.workflow.getHandle(`generation-${jobId}`);
        await until('the needs_attention event', () => hook.received.length >= 1);
        const parked = JSON.parse(hook.received[0]!.rawBody);
        const deadLetterId = parked.data.deadLetterId as string;
        expect(parked).toMatchObject({
          id: webhookEventId('generation.needs_attention', jobId, deadLetterId),
          type: 'generation.needs_attention',
          data: { jobId, status: 'needs_attention', deadLetterId: expect.any(String), error: { step: 'extracting', type: 'ProviderUnavailable' } },
        });
        await job.executeUpdate(decideUpdate, { args: [{ deadLetterId, action: 'abort', reason: 'reference host is gone' }] });
        await job.result().catch(() => undefined);
        await deliveryResult(webhookEventId('generation.failed', jobId));
      },
      { allowLoopbackWebhooks: true, allowPrivateReferenceHosts: true },
    );
    expect(hook.received.map((entry) => JSON.parse(entry.rawBody).type)).toEqual(['generation.needs_attention', 'generation.failed']);
    expect(JSON.parse(hook.received[1]!.rawBody).data).toMatchObject({ status: 'failed', error: { step: 'extracting', type: 'Aborted' } });
    expect(hook.received.every((entry) => entry.verified && !entry.rawBody.includes(down.url))).toBe(true);
  });

  it('checks the address again at delivery, pinned: an endpoint that now resolves to loopback is refused without a connection', async () => {
    const owner = await customer('pinned');
    const secret = `whsec_${randomUUID()}`;
    const target = await receiver(secret);
    const id = randomUUID();
    const config = loadConfig();
    const secrets = new SecretBox(loadKeyRing(config.temporal.payloadEncryption));
    // As if DNS changed after registration: the row points at localhost.
    await env.db.webhookEndpoint.create({
      data: { id, customerId: owner.id, url: target.url.replace('127.0.0.1', 'localhost'), events: ['plan.completed'], secretCiphertext: secrets.seal(secret, webhookSecretContext(id)) },
    });
    const activities = createWebhookActivities({ ...createActivityDependencies(config, { db: env.db, sql: env.sql, storage: env.storage, workflows: { isRunning: async () => false } }), allowLoopbackWebhooks: false });
    const event = { id: `plan.completed:${randomUUID()}`, type: 'plan.completed' as const, customerId: owner.id, subjectId: 'p', createdAt: new Date().toISOString(), data: {} };
    const failure = await new MockActivityEnvironment()
      .run(activities.deliverWebhookEvent, { endpointId: id, event, attemptTimeoutSeconds: 2 })
      .catch((error: unknown) => error as Error);
    expect(failure).toMatchObject({ type: 'WebhookNotDelivered', message: expect.stringContaining('loopback address') });
    expect(target.received).toHaveLength(0);
    expect(await env.db.webhookDelivery.findMany({ where: { endpointId: id } })).toMatchObject([
      { attempt: 1, statusCode: null, deliveredAt: null, error: expect.stringMatching(/^refused: host localhost resolves to a loopback address/) },
    ]);
  });
});

describe('ownership', () => {
  it('other customers can neither see, list the deliveries of, nor delete your endpoint (404); deleting stops it', async () => {
    const owner = await customer('owner');
    const other = await customer('other');
    const webhookId = await register(owner.key, 'http://127.0.0.1:9/hook', ['plan.completed'], `whsec_${randomUUID()}`);

    const theirs = await api.call('GET', '/v1/webhooks', { key: other.key });
    expect(theirs.body.items.map((item: { id: string }) => item.id)).not.toContain(webhookId);
    expect((await api.call('GET', `/v1/webhooks/${webhookId}/deliveries`, { key: other.key })).status).toBe(404);
    expect((await api.call('DELETE', `/v1/webhooks/${webhookId}`, { key: other.key })).status).toBe(404);
    expect((await api.call('DELETE', '/v1/webhooks/not-a-uuid', { key: other.key })).status).toBe(404);

    const mine = await api.call('GET', '/v1/webhooks', { key: owner.key });
    expect(mine.body.items).toEqual([expect.objectContaining({ id: webhookId, customerId: owner.id, url: 'http://127.0.0.1:9/hook', events: ['plan.completed'] })]);
    expect((await api.call('DELETE', `/v1/webhooks/${webhookId}`, { key: owner.key })).status).toBe(204);
    expect((await api.call('GET', `/v1/webhooks/${webhookId}/deliveries`, { key: owner.key })).status).toBe(404);
    expect((await api.call('DELETE', `/v1/webhooks/${webhookId}`, { key: owner.key })).status).toBe(404);
    expect((await api.call('GET', '/v1/webhooks', { key: owner.key })).body.items).toEqual([]);
  });
});
