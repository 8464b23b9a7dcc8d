import { randomUUID } from 'node:crypto';
import { errorBodySchema, planViewSchema, trackViewSchema } from '../../src/api/response-schemas';
import { newApiKey, startTestApi, type ApiAnswer, type TestApi } from '../support/api-server';
import { catalogTrackRows, insertCatalogTracks } from '../support/catalog-tracks';
import { largestHistoryPayload } from '../support/history-payloads';
import { createTestEnvironment, type TestEnvironment } from '../support/environment';

/**
 * A plan drawn from a catalog filter (genre, tempo, energy, tags) on the real stack: a few hundred tracks
 * inserted as ingestion leaves them, the plan asked for through the API, resolved inside the activities; the
 * workflow's history carries the filter and the plan, never the pool.
 */
let env: TestEnvironment;
let api: TestApi;
let stopWorker: () => void;
let worker: Promise<void>;
const customer = { id: `catalog-plan-${randomUUID().slice(0, 8)}`, key: '' };
const TRACKS = 400;
/** Far below Temporal's 2 MB payload limit; the pool's descriptors (beat grids) would be megabytes. */
const PAYLOAD_BOUND_BYTES = 64 * 1024;

beforeAll(async () => {
  env = await createTestEnvironment('catalog-plan');
  api = await startTestApi(env);
  customer.key = await newApiKey(env, customer.id);
  await insertCatalogTracks(env.sql, catalogTrackRows(customer.id, TRACKS, 14));
  const stopped = new Promise<void>((resolve) => (stopWorker = resolve));
  worker = env.withWorker(() => stopped);
});

afterAll(async () => {
  stopWorker();
  await worker;
  await api.close();
  await env.db.autoDjPlan.deleteMany({ where: { customerId: customer.id } });
  await env.db.track.deleteMany({ where: { customerId: customer.id } });
  await env.close();
});

const call = (method: string, route: string, body?: unknown) => api.call(method, route, { key: customer.key, body });

async function waitForPlan(planId: string, timeoutMs = 60_000): Promise<ApiAnswer> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const answer = await call('GET', `/v1/plans/${planId}`);
    if (['completed', 'failed'].includes(answer.body.status) || Date.now() > deadline) return answer;
    await new Promise((resolve) => setTimeout(resolve, 300));
  }
}

const filter = { genre: 'House', bpmMin: 110, bpmMax: 135, energyMin: 3, energyMax: 9, tags: ['Vinyl'] };

it('plans a set from a catalog filter with energy and tags, the history carrying no pool', async () => {
  const matching = await env.db.track.findMany({
    where: { customerId: customer.id, genre: 'house', bpm: { gte: 110, lte: 135 }, energy: { gte: 3, lte: 9 }, tags: { has: 'vinyl' } },
    select: { id: true },
  });
  expect(matching.length).toBeGreaterThan(10);
  const accepted = await call('POST', '/v1/plans', { pool: { catalog: filter }, targetDurationSeconds: 1800, energyMode: 'build' });
  expect(accepted.status).toBe(202);
  const done = await waitForPlan(accepted.body.planId);
  expect(planViewSchema.safeParse(done.body).error).toBeUndefined();
  expect(done.body.status).toBe('completed');
  const { plan } = done.body;
  const quality = plan.quality;
  console.log(`catalog filter plan: pool ${matching.length} of ${TRACKS}, ${plan.entries.length} entries, ${plan.totalDurationSeconds} s, quality ${JSON.stringify(quality)}`);
  const allowed = new Set(matching.map((track) => track.id));
  expect(plan.entries.length).toBeGreaterThan(3);
  for (const entry of plan.entries) expect(allowed.has(entry.trackId)).toBe(true);
  expect(Math.abs(plan.totalDurationSeconds - 1800)).toBeLessThanOrEqual(30);
  expect(quality.harmonicCompatibleShare).toBeGreaterThan(0.5);

  const history = await env.client.workflow.getHandle(done.body.workflowId).fetchHistory();
  const largest = largestHistoryPayload(history);
  console.log(`largest history payload: ${largest.bytes} bytes (event ${largest.eventId}, ${largest.eventType})`);
  expect(largest.bytes).toBeGreaterThan(0);
  expect(largest.bytes).toBeLessThan(PAYLOAD_BOUND_BYTES);
  // The pool's size reached the workflow as a count only.
  const loaded = history.events!.find((event) => event.activityTaskScheduledEventAttributes?.activityType?.name === 'loadPlanningPool');
  expect(loaded).toBeDefined();
});

it.each([
  [{ energyMin: 9, energyMax: 4 }, 'pool.catalog.energyMax'],
  [{ energyMin: 0 }, 'pool.catalog.energyMin'],
  [{ tags: ['vinyl', 'VINYL'] }, 'pool.catalog.tags'],
  [{ tags: ['nobody-uses-this'] }, 'pool.catalog'],
])('answers the filter %j with 400 naming %s', async (catalog, field) => {
  const refused = await call('POST', '/v1/plans', { pool: { catalog }, targetDurationSeconds: 600, energyMode: 'build' });
  expect(refused.status).toBe(400);
  expect(errorBodySchema(['InvalidInput']).safeParse(refused.body).error).toBeUndefined();
  expect(refused.body.error.problems.map((problem: { field: string }) => problem.field)).toContain(field);
});

it('takes tags on POST /v1/tracks (lower case) and refuses bad ones naming the field', async () => {
  const created = await call('POST', '/v1/tracks', { title: 'Tagged', artist: 'Tester', tags: ['Vinyl', 'warm-up'] });
  expect(created.status).toBe(201);
  const shown = await call('GET', `/v1/tracks/${created.body.trackId}`);
  expect(trackViewSchema.safeParse(shown.body).error).toBeUndefined();
  expect(shown.body.tags).toEqual(['vinyl', 'warm-up']);
  for (const tags of [['a', 'A'], 'vinyl', [''], Array.from({ length: 21 }, (_, index) => `tag-${index}`)]) {
    const refused = await call('POST', '/v1/tracks', { title: 'Tagged', artist: 'Tester', tags });
    expect(refused.status).toBe(400);
    expect(refused.body.error.problems[0].field).toMatch(/^tags/);
  }
});
