import { randomUUID } from 'node:crypto';
import { generationListSchema, generationViewSchema, planListSchema } from '../../src/api/response-schemas';
import type { GenerationStatus, PlanStatus } from '../../src/generated/prisma/enums';
import { downloadLinksFor, newApiKey, startTestApi, type TestApi } from '../support/api-server';
import { createTestEnvironment, type TestEnvironment } from '../support/environment';

/**
 * GET /v1/generations and GET /v1/plans on the real API, database, Temporal and MinIO, and the download links
 * of a completed job. The 250-job pagination case writes GenerationJob rows directly (starting 250 workflows
 * would take minutes on this machine); the status, downloads and plan cases run real workflows through the API.
 */

let env: TestEnvironment;
let api: TestApi;
const customerId = `lists-${randomUUID().slice(0, 8)}`;
const strangerId = `lists-other-${randomUUID().slice(0, 8)}`;
let key: string;
let strangerKey: string;

/** Presigned links in this file live 2 s, so their expiry can be watched. */
const LINK_TTL_SECONDS = 2;

beforeAll(async () => {
  env = await createTestEnvironment('api-lists');
  // The signer asks for at least 60 s in production (config); the test sets 2 s directly to watch links expire.
  api = await startTestApi(env, { downloadLinks: downloadLinksFor(LINK_TTL_SECONDS) });
  key = await newApiKey(env, customerId);
  strangerKey = await newApiKey(env, strangerId);
});
afterAll(async () => {
  await env.db.generationJob.deleteMany({ where: { customerId: { in: [customerId, strangerId] } } });
  await env.db.autoDjPlan.deleteMany({ where: { customerId: { in: [customerId, strangerId] } } });
  await api.close();
  await env.close();
});

const get = (path: string, as = key) => api.call('GET', path, { key: as });

const STATUSES: GenerationStatus[] = ['queued', 'running', 'completed', 'failed', 'needs_attention'];
const BASE = Date.parse('2026-01-01T00:00:00Z');

/** A GenerationJob row as the workflow writes it; `second` orders rows, several rows share one instant. */
function jobRow(owner: string, second: number, index: number) {
  const jobId = randomUUID();
  const status = STATUSES[index % STATUSES.length]!;
  const done = status === 'completed';
  const base = `customers/${owner}/generations/${jobId}`;
  return {
    jobId,
    workflowId: `generation-${jobId}`,
    customerId: owner,
    status,
    step: status === 'running' ? 'generating' : status,
    progress: done ? 100 : 60,
    requestedDuration: 30,
    instruments: [],
    createdAt: new Date(BASE + second * 1000),
    ...(done ? { masterKey: `${base}/master.wav`, previewKey: `${base}/preview.mp3`, metadataKey: `${base}/metadata.json` } : {}),
  };
}

async function readAllPages(path: string, limit: number, between: () => Promise<void> = async () => undefined, as = key): Promise<{ ids: string[]; pages: number }> {
  const ids: string[] = [];
  let cursor: string | null = null;
  let pages = 0;
  do {
    const separator = path.includes('?') ? '&' : '?';
    const answer = await get(`${path}${separator}limit=${limit}${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`, as);
    expect(answer.status).toBe(200);
    expect((path.startsWith('/v1/plans') ? planListSchema : generationListSchema).safeParse(answer.body).error).toBeUndefined();
    expect(answer.body.items.length).toBeLessThanOrEqual(limit);
    ids.push(...answer.body.items.map((item: { id: string }) => item.id));
    cursor = answer.body.nextCursor;
    pages += 1;
    await between();
  } while (cursor);
  return { ids, pages };
}

describe('GET /v1/generations', () => {
  const expectedOrder: string[] = [];
  const secondById = new Map<string, number>();

  beforeAll(async () => {
    // 250 rows over 100 distinct instants: ties on createdAt are broken by id, which the keyset must honour.
    const rows = Array.from({ length: 250 }, (_, index) => jobRow(customerId, Math.floor(index / 2.5), index));
    const strangers = Array.from({ length: 40 }, (_, index) => jobRow(strangerId, index, index));
    await env.db.generationJob.createMany({ data: [...rows, ...strangers] });
    for (const row of rows) secondById.set(row.jobId, (row.createdAt.getTime() - BASE) / 1000);
    rows.sort((a, b) => b.createdAt.getTime() - a.createdAt.getTime() || (a.jobId < b.jobId ? 1 : -1));
    expectedOrder.push(...rows.map((row) => row.jobId));
  });

  it('pages through 250 jobs newest first with no item missing or repeated while new jobs arrive', async () => {
    let arrivals = 0;
    const now = Math.round((Date.now() - BASE) / 1000);
    const { ids, pages } = await readAllPages('/v1/generations', 37, async () => {
      // New jobs land between every two pages, created now as real ones would be, for this customer and another.
      arrivals += 1;
      await env.db.generationJob.createMany({ data: [jobRow(customerId, now + arrivals, arrivals), jobRow(strangerId, 50, arrivals)] });
    });
    expect(pages).toBe(Math.ceil(250 / 37));
    expect(new Set(ids).size).toBe(ids.length);
    expect(ids).toEqual(expectedOrder);
    // Without the window the arrivals are there too, newest first, and still nothing twice.
    const everything = await readAllPages('/v1/generations', 100);
    expect(everything.ids).toHaveLength(250 + arrivals);
    expect(new Set(everything.ids).size).toBe(everything.ids.length);
    expect(everything.ids.slice(arrivals)).toEqual(expectedOrder);
  });

  it('defaults to 20 items and filters by status and creation time', async () => {
    const first = await get('/v1/generations?createdBefore=2026-06-01T00:00:00Z');
    expect(first.body.items).toHaveLength(20);
    expect(first.body.items.map((item: { id: string }) => item.id)).toEqual(expectedOrder.slice(0, 20));
    expect(first.body.items[0]).toEqual({
      id: expectedOrder[0],
      status: expect.any(String),
      step: expect.any(String),
      progress: expect.any(Number),
      createdAt: expect.any(String),
      updatedAt: expect.any(String),
      links: { self: `/v1/generations/${expectedOrder[0]}` },
    });

    const failed = await readAllPages('/v1/generations?status=failed&createdBefore=2026-06-01T00:00:00Z', 15);
    expect(failed.ids).toHaveLength(50);
    const failedRows = await env.db.generationJob.findMany({ where: { jobId: { in: failed.ids } } });
    expect(failedRows.every((row) => row.status === 'failed' && row.customerId === customerId)).toBe(true);

    // Seconds 10 to 19 inclusive of neither end: createdAfter and createdBefore are exclusive.
    const window = await readAllPages('/v1/generations?createdAfter=2026-01-01T00:00:10Z&createdBefore=2026-01-01T00:00:20%2B00:00', 100);
    expect(window.ids).toEqual(expectedOrder.filter((id) => secondById.get(id)! > 10 && secondById.get(id)! < 20));
    expect(window.ids).toHaveLength(22); // rows 28–49 fall in seconds 11–19
  });

  it("never lists another customer's jobs", async () => {
    const mine = await readAllPages('/v1/generations', 100);
    const rows = await env.db.generationJob.findMany({ where: { jobId: { in: mine.ids } } });
    expect(rows.every((row) => row.customerId === customerId)).toBe(true);
    const theirs = await readAllPages('/v1/generations', 100, async () => undefined, strangerKey);
    expect(theirs.ids.length).toBeGreaterThanOrEqual(40);
    expect(theirs.ids.filter((id) => secondById.has(id))).toEqual([]);
  });

  it.each([
    ['limit=0', 'limit'],
    ['limit=101', 'limit'],
    ['limit=abc', 'limit'],
    ['limit=2.5', 'limit'],
    ['status=done', 'status'],
    ['createdAfter=yesterday', 'createdAfter'],
    ['createdBefore=2026-01-01', 'createdBefore'],
    ['cursor=not-a-cursor', 'cursor'],
    ['colour=blue', '(input)'],
  ])('answers 400 naming the field for %s', async (query, field) => {
    const answer = await get(`/v1/generations?${query}`);
    expect(answer.status).toBe(400);
    expect(answer.body.error.type).toBe('InvalidInput');
    expect(answer.body.error.problems.map((problem: { field: string }) => problem.field)).toContain(field);
  });

  it("refuses a cursor that was changed, or one from another list, with 400 naming cursor", async () => {
    const page = await get('/v1/generations?limit=5');
    const cursor: string = page.body.nextCursor;
    const [payload, signature] = cursor.split('.') as [string, string];
    const changed = `${payload.slice(0, -2)}${payload.endsWith('A') ? 'B' : 'A'}${payload.slice(-1)}.${signature}`;
    for (const bad of [changed, `${payload}.${signature.split('').reverse().join('')}`]) {
      const answer = await get(`/v1/generations?cursor=${encodeURIComponent(bad)}`);
      expect(answer.status).toBe(400);
      expect(answer.body.error.problems).toEqual([{ field: 'cursor', rule: expect.stringContaining('nextCursor') }]);
    }
    const acrossLists = await get(`/v1/plans?cursor=${encodeURIComponent(cursor)}`);
    expect(acrossLists.status).toBe(400);
    expect((await get(`/v1/generations?cursor=${encodeURIComponent(cursor)}&limit=5`)).status).toBe(200);
  });
});

describe('GET /v1/plans', () => {
  const tracks = [
    { id: 'opener', durationSeconds: 200, bpm: 120, key: '8A', energy: 4 },
    { id: 'lift', durationSeconds: 210, bpm: 122, key: '9A', energy: 6 },
    { id: 'peak', durationSeconds: 190, bpm: 124, key: '9B', energy: 8 },
  ];
  const PLAN_STATUSES: PlanStatus[] = ['planning', 'completed', 'failed'];

  it('lists the caller’s plans newest first, real and recorded, with filters and isolation', async () => {
    const planRow = (owner: string, index: number) => ({
      id: randomUUID(),
      workflowId: `autodj-${randomUUID()}`,
      customerId: owner,
      status: PLAN_STATUSES[index % 3]!,
      targetDurationSeconds: 480,
      energyMode: 'build',
      eventPreset: 'default',
      seed: index,
      createdAt: new Date(BASE + Math.floor(index / 2) * 1000),
    });
    const rows = Array.from({ length: 45 }, (_, index) => planRow(customerId, index));
    await env.db.autoDjPlan.createMany({ data: [...rows, ...Array.from({ length: 10 }, (_, index) => planRow(strangerId, index))] });

    const accepted = await api.call('POST', '/v1/plans', { key, body: { pool: { tracks }, targetDurationSeconds: 480, energyMode: 'build' } });
    expect(accepted.status).toBe(202);
    await env.withWorker(() => env.client.workflow.getHandle(accepted.body.workflowId).result());

    const { ids, pages } = await readAllPages('/v1/plans', 7);
    expect(pages).toBe(Math.ceil(46 / 7));
    expect(ids[0]).toBe(accepted.body.planId);
    rows.sort((a, b) => b.createdAt.getTime() - a.createdAt.getTime() || (a.id < b.id ? 1 : -1));
    expect(ids.slice(1)).toEqual(rows.map((row) => row.id));

    const real = (await get('/v1/plans?limit=1')).body.items[0];
    expect(real).toEqual({ id: accepted.body.planId, status: 'completed', step: 'completed', progress: 100, createdAt: expect.any(String), updatedAt: expect.any(String), links: { self: `/v1/plans/${accepted.body.planId}` } });
    const planning = await readAllPages('/v1/plans?status=planning', 100);
    expect(planning.ids).toHaveLength(15);
    expect((await get(`/v1/plans?status=planning&limit=1`)).body.items[0]).toMatchObject({ status: 'planning', step: null, progress: null });
    const early = await readAllPages('/v1/plans?createdBefore=2026-01-01T00:00:05Z', 100);
    expect(early.ids).toHaveLength(10);

    const strangers = (await get('/v1/plans?limit=100', strangerKey)).body.items.map((item: { id: string }) => item.id);
    expect(strangers).toHaveLength(10);
    expect(strangers.filter((id: string) => ids.includes(id))).toEqual([]);
    expect((await get('/v1/plans?limit=101')).body.error.problems[0].field).toBe('limit');
  });
});

describe('downloads on a completed job', () => {
  it('never shows completed without downloads, and the links return the stored bytes until they expire', async () => {
    const accepted = await api.call('POST', '/v1/generations', { key, body: { prompt: 'calm piano for a product demo', durationSeconds: 6 } });
    expect(accepted.status).toBe(202);
    const { jobId, workflowId } = accepted.body;

    // Poll as fast as the API answers while the job runs: every answer that says completed must carry the result
    // and the links (the moment the workflow enters `completed` before its row is written is the one to catch).
    const seen: { status: string; step: string; percent: number; hasDownloads: boolean }[] = [];
    const done = await env.withWorker(async () => {
      const finished = env.client.workflow.getHandle(workflowId).result();
      let closed = false;
      void finished.then(() => (closed = true));
      for (;;) {
        // The last view returned is one asked for after the workflow closed.
        const closedBefore = closed;
        const view = await get(`/v1/generations/${jobId}`);
        expect(generationViewSchema.safeParse(view.body).error).toBeUndefined();
        seen.push({ status: view.body.status, step: view.body.step, percent: view.body.percent, hasDownloads: view.body.downloads !== undefined });
        if (view.body.status === 'completed') {
          expect(view.body.result).toBeDefined();
          expect(view.body.downloads).toBeDefined();
        } else {
          expect(view.body.downloads).toBeUndefined();
        }
        if (closedBefore) return view.body;
      }
    });
    expect(seen.length).toBeGreaterThan(3);
    expect(seen.filter((view) => view.status === 'completed').every((view) => view.hasDownloads && view.percent === 100)).toBe(true);
    expect(done.status).toBe('completed');

    const fresh = (await get(`/v1/generations/${jobId}`)).body;
    const issued = Date.now();
    for (const name of ['master', 'preview', 'metadata'] as const) {
      const link = fresh.downloads[name];
      const expiresAt = Date.parse(link.expiresAt);
      expect(expiresAt - issued).toBeLessThanOrEqual(LINK_TTL_SECONDS * 1000);
      expect(expiresAt - issued).toBeGreaterThan(0);
      const stored = await env.storage.getBytes(fresh.result[`${name}Key`]);
      const response = await fetch(link.url);
      expect(response.status).toBe(200);
      expect(Buffer.from(await response.arrayBuffer()).equals(stored)).toBe(true);
      expect(stored.length).toBeGreaterThan(0);
    }
    expect(fresh.downloads.master.url).toContain(`/customers/${customerId}/generations/${jobId}/master.wav?`);

    await new Promise((resolve) => setTimeout(resolve, LINK_TTL_SECONDS * 1000 + 1500));
    for (const name of ['master', 'preview', 'metadata'] as const) {
      const response = await fetch(fresh.downloads[name].url);
      expect(response.status).toBe(403);
      expect(await response.text()).toContain('expired');
    }
    // A new GET signs new links.
    const again = (await get(`/v1/generations/${jobId}`)).body;
    expect((await fetch(again.downloads.master.url)).status).toBe(200);

    // The job is listed too, completed with the real row.
    const listed = (await get('/v1/generations?status=completed&createdAfter=2026-06-01T00:00:00Z')).body.items;
    expect(listed.map((item: { id: string }) => item.id)).toContain(jobId);
    // Another customer cannot see it, nor its links.
    expect((await get(`/v1/generations/${jobId}`, strangerKey)).status).toBe(404);
  });
});
