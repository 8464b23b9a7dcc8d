import { randomUUID } from 'node:crypto';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import type { z } from 'zod';
import type { GenerationResult } from '../../src/contracts/music-generation';
import { synthesizeTrack } from '../../src/audio/analysis/synthetic-track';
import { encodeWav16 } from '../../src/audio/io/wav-writer';
import { errorBodySchema, generationViewSchema, planViewSchema, trackAwaitingUploadSchema, trackListSchema, trackViewSchema } from '../../src/api/response-schemas';
import { newApiKey, startTestApi, type ApiAnswer, type TestApi } from '../support/api-server';
import { createTestEnvironment, type TestEnvironment } from '../support/environment';
import { indexedLandmarks } from '../support/indexed-landmarks';

/**
 * The customer catalog on the real stack: tracks uploaded by presigned PUT to MinIO or fetched from a loopback
 * server, ingested by trackIngestionWorkflow (decode check, analysis, fingerprints), listed and shown per
 * customer, identified from a 10 s clip through a generation's reference URL, and planned from by `pool.catalog`.
 */
let env: TestEnvironment;
/** Allows loopback source URLs (ALLOW_PRIVATE_REFERENCE_HOSTS, as tests and local dev run); `strictApi` does not. */
let api: TestApi;
let strictApi: TestApi;
let files: { baseUrl: string; server: Server };
let workDir: string;
let stopWorker: () => void;
let worker: Promise<void>;
const runTag = randomUUID().slice(0, 8);
const owner = { id: `catalog-a-${runTag}`, key: '' };
const other = { id: `catalog-b-${runTag}`, key: '' };
const SAMPLE_RATE = 44_100;

/** A labelled synthetic track (src/audio/analysis/synthetic-track.ts): known tempo and key. */
function wavOf(bpm: number, tonic: number, mode: 'major' | 'minor', seconds: number, seed: number, from = 0): Buffer {
  const signal = synthesizeTrack({ bpm, key: { tonic, mode }, seconds, sampleRate: SAMPLE_RATE, seed });
  return encodeWav16([signal.subarray(Math.round(from * SAMPLE_RATE))], SAMPLE_RATE);
}

const uploaded = wavOf(124, 9, 'minor', 45, 124); // A minor, 8A
const linked = wavOf(116, 4, 'minor', 40, 116); // E minor, 9A
/** 10 s from the middle of the uploaded track, as a customer would reference it. */
const clip = wavOf(124, 9, 'minor', 30, 124, 20);

const served: Record<string, { body: Buffer; type: string }> = {
  '/linked.wav': { body: linked, type: 'audio/wav' },
  '/clip.wav': { body: clip, type: 'audio/wav' },
  '/page.html': { body: Buffer.from('<html><body>not a song</body></html>'), type: 'text/html; charset=utf-8' },
};

beforeAll(async () => {
  env = await createTestEnvironment('catalog');
  api = await startTestApi(env, { allowPrivateSourceHosts: true });
  strictApi = await startTestApi(env);
  owner.key = await newApiKey(env, owner.id);
  other.key = await newApiKey(env, other.id);
  workDir = await mkdtemp(path.join(os.tmpdir(), 'catalog-test-'));
  const server = createServer((request, response) => {
    const file = served[request.url ?? ''];
    if (!file) return void response.writeHead(404).end();
    response.writeHead(200, { 'content-type': file.type, 'content-length': file.body.length }).end(file.body);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  files = { server, baseUrl: `http://127.0.0.1:${(server.address() as AddressInfo).port}` };
  // One worker for the whole file, allowed to fetch from the loopback file server.
  const stopped = new Promise<void>((resolve) => (stopWorker = resolve));
  worker = env.withWorker(() => stopped, { allowPrivateReferenceHosts: true });
});

afterAll(async () => {
  stopWorker();
  await worker;
  await new Promise<void>((resolve) => files.server.close(() => resolve()));
  await api.close();
  await strictApi.close();
  await env.db.track.deleteMany({ where: { customerId: { in: [owner.id, other.id] } } });
  await rm(workDir, { recursive: true, force: true });
  await env.close();
});

const as = (who: { key: string }) => (method: string, route: string, body?: unknown) => api.call(method, route, { key: who.key, body });
const asOwner = as(owner);
const asOther = as(other);

function expectDocumented(schema: z.ZodType, body: unknown): void {
  expect(schema.safeParse(body).error).toBeUndefined();
}

async function waitFor(read: () => Promise<ApiAnswer>, done: (answer: ApiAnswer) => boolean, timeoutMs = 180_000): Promise<ApiAnswer> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const answer = await read();
    if (done(answer) || Date.now() > deadline) return answer;
    await new Promise((resolve) => setTimeout(resolve, 500));
  }
}

const settled = (answer: ApiAnswer) => answer.body.status === 'ready' || answer.body.status === 'failed';

/** POST /v1/tracks, PUT the bytes to the presigned URL (straight to MinIO), POST …/ingest. */
async function uploadTrack(who: { key: string }, fields: Record<string, unknown>, bytes: Buffer): Promise<string> {
  const created = await as(who)('POST', '/v1/tracks', fields);
  expect(created.status).toBe(201);
  expectDocumented(trackAwaitingUploadSchema, created.body);
  const put = await fetch(created.body.upload.url, { method: 'PUT', body: bytes });
  expect(put.status).toBe(200);
  const ingest = await as(who)('POST', `/v1/tracks/${created.body.trackId}/ingest`);
  expect(ingest.status).toBe(202);
  expect(ingest.body).toEqual({ trackId: created.body.trackId, status: 'ingesting', links: { self: `/v1/tracks/${created.body.trackId}` } });
  return created.body.trackId;
}

let uploadedId: string;
let linkedId: string;

describe('ingestion', () => {
  it('analyses and indexes a track uploaded by presigned PUT', async () => {
    const started = Date.now();
    uploadedId = await uploadTrack(owner, { title: 'Night Drive', artist: 'The Fixtures', genre: 'House' }, uploaded);
    const ready = await waitFor(() => asOwner('GET', `/v1/tracks/${uploadedId}`), settled);
    console.log(`presigned upload → ready in ${((Date.now() - started) / 1000).toFixed(1)} s: ${JSON.stringify({ bpm: ready.body.bpm, key: ready.body.key, energy: ready.body.energy, loudnessLufs: ready.body.loudnessLufs, beats: ready.body.beatCount, phrases: ready.body.phraseStarts?.length })}`);
    expectDocumented(trackViewSchema, ready.body);
    expect(ready.body).toMatchObject({ status: 'ready', title: 'Night Drive', genre: 'House', key: 'A minor', camelot: '8A', fingerprinted: true, error: null });
    expect(Math.abs(ready.body.bpm / 124 - 1)).toBeLessThan(0.02);
    expect(ready.body.durationSeconds).toBeCloseTo(45, 0);
    expect(ready.body.beatCount).toBeGreaterThan(80);
    expect(ready.body.phraseStarts.length).toBeGreaterThanOrEqual(1);
    expect(ready.body.source).toEqual({ kind: 'upload', url: null, format: 'wav/pcm_s16le', bytes: uploaded.length });
    expect((await indexedLandmarks(env.sql, [uploadedId])).get(uploadedId)).toBeGreaterThan(100);
  });

  it('fetches, analyses and indexes a track from a URL (loopback allowed for tests)', async () => {
    const accepted = await asOwner('POST', '/v1/tracks', { title: 'Linked', artist: 'The Fixtures', genre: 'techno', sourceUrl: `${files.baseUrl}/linked.wav` });
    expect(accepted.status).toBe(202);
    linkedId = accepted.body.trackId;
    expect(accepted.body).toEqual({ trackId: linkedId, status: 'ingesting', links: { self: `/v1/tracks/${linkedId}` } });
    const ready = await waitFor(() => asOwner('GET', `/v1/tracks/${linkedId}`), settled);
    expect(ready.body).toMatchObject({ status: 'ready', key: 'E minor', camelot: '9A', source: { kind: 'url', url: `${files.baseUrl}/linked.wav` } });
    expect(Math.abs(ready.body.bpm / 116 - 1)).toBeLessThan(0.02);
  });

  it.each([
    ['a private address', 'http://10.1.2.3/song.wav', /host 10\.1\.2\.3 resolves to a private address/],
    ['the metadata address', 'http://169.254.169.254/latest/meta-data', /link-local or metadata address/],
    ['loopback', 'http://127.0.0.1:9/song.wav', /loopback address/],
  ])('refuses a sourceUrl on %s with 400 naming sourceUrl, and makes no track', async (_name, sourceUrl, rule) => {
    const before = await env.db.track.count({ where: { customerId: owner.id } });
    const refused = await strictApi.call('POST', '/v1/tracks', { key: owner.key, body: { title: 'Sneaky', artist: 'X', sourceUrl } });
    expect(refused.status).toBe(400);
    expectDocumented(errorBodySchema(['InvalidInput']), refused.body);
    expect(refused.body.error.problems).toEqual([{ field: 'sourceUrl', rule: expect.stringMatching(rule) }]);
    expect(await env.db.track.count({ where: { customerId: owner.id } })).toBe(before);
  });

  it('marks a non-audio upload failed with InvalidAudio, and a page link failed with the reason', async () => {
    const textId = await uploadTrack(owner, { title: 'Not a song', artist: 'Text File' }, Buffer.from('this is a text file, not audio\n'.repeat(200)));
    const failed = await waitFor(() => asOwner('GET', `/v1/tracks/${textId}`), settled);
    expectDocumented(trackViewSchema, failed.body);
    expect(failed.body).toMatchObject({ status: 'failed', fingerprinted: false, bpm: null, error: { type: 'InvalidAudio', message: expect.stringMatching(/^checking: .*not audio/) } });
    expect(failed.body.error.message).not.toContain('/tmp');

    const page = await asOwner('POST', '/v1/tracks', { title: 'A page', artist: 'Web', sourceUrl: `${files.baseUrl}/page.html` });
    const pageFailed = await waitFor(() => asOwner('GET', `/v1/tracks/${page.body.trackId}`), settled);
    expect(pageFailed.body).toMatchObject({ status: 'failed', error: { type: 'InvalidAudio', message: expect.stringContaining('sourceUrl: the URL answered a text/html page') } });
  });

  it('answers ingest before the upload with 409 UploadMissing, and after the end with 409 TrackAlreadyIngested', async () => {
    const created = await asOwner('POST', '/v1/tracks', { title: 'Later', artist: 'Someone' });
    const early = await asOwner('POST', `/v1/tracks/${created.body.trackId}/ingest`);
    expect(early.status).toBe(409);
    expect(early.body.error.type).toBe('UploadMissing');
    const again = await asOwner('POST', `/v1/tracks/${uploadedId}/ingest`);
    expect(again.status).toBe(409);
    expect(again.body.error).toMatchObject({ type: 'TrackAlreadyIngested', status: 'ready' });
  });
});

describe('listing and scoping', () => {
  it('pages through the caller’s tracks newest first with an opaque cursor, and filters them', async () => {
    const all = await asOwner('GET', '/v1/tracks?limit=100');
    expectDocumented(trackListSchema, all.body);
    const ids: string[] = all.body.items.map((item: { trackId: string }) => item.trackId);
    expect(ids.length).toBeGreaterThanOrEqual(5);
    const times = all.body.items.map((item: { createdAt: string }) => item.createdAt);
    expect([...times].sort().reverse()).toEqual(times);

    const paged: string[] = [];
    let cursor: string | null = null;
    do {
      const page: ApiAnswer = await asOwner('GET', `/v1/tracks?limit=2${cursor ? `&cursor=${cursor}` : ''}`);
      expect(page.body.items.length).toBeLessThanOrEqual(2);
      paged.push(...page.body.items.map((item: { trackId: string }) => item.trackId));
      cursor = page.body.nextCursor;
    } while (cursor);
    expect(paged).toEqual(ids);

    const ready = await asOwner('GET', '/v1/tracks?status=ready');
    expect(ready.body.items.map((item: { trackId: string }) => item.trackId).sort()).toEqual([uploadedId, linkedId].sort());
    const house = await asOwner('GET', '/v1/tracks?genre=house');
    expect(house.body.items.map((item: { trackId: string }) => item.trackId)).toEqual([uploadedId]);
    const slow = await asOwner('GET', '/v1/tracks?bpmMin=100&bpmMax=120');
    expect(slow.body.items.map((item: { trackId: string }) => item.trackId)).toEqual([linkedId]);
  });

  it.each([
    ['limit=0', 'limit'],
    ['limit=101', 'limit'],
    ['cursor=bm90LWEtY3Vyc29y', 'cursor'],
    ['status=done', 'status'],
    ['bpmMin=130&bpmMax=120', 'bpmMax'],
  ])('answers ?%s with 400 naming %s', async (query, field) => {
    const refused = await asOwner('GET', `/v1/tracks?${query}`);
    expect(refused.status).toBe(400);
    expect(refused.body.error.problems.map((problem: { field: string }) => problem.field)).toEqual([field]);
  });

  it('hides one customer’s tracks from another', async () => {
    const list = await asOther('GET', '/v1/tracks');
    expect(list.body).toEqual({ items: [], nextCursor: null });
    for (const [method, route] of [['GET', `/v1/tracks/${uploadedId}`], ['POST', `/v1/tracks/${uploadedId}/ingest`]] as const) {
      const hidden = await asOther(method, route);
      expect(hidden.status).toBe(404);
      expect(hidden.body.error.type).toBe('NotFound');
    }
  });
});

describe('identification and planning from the catalog', () => {
  /** A generation whose reference is a 10 s clip of the uploaded track, served from loopback. */
  async function referenceSongFor(who: { key: string }) {
    const accepted = await as(who)('POST', '/v1/generations', { mood: 'energetic', durationSeconds: 5, referenceUrl: `${files.baseUrl}/clip.wav` });
    expect(accepted.status).toBe(202);
    const done = await waitFor(
      () => as(who)('GET', `/v1/generations/${accepted.body.jobId}`),
      (answer) => ['completed', 'failed', 'needs_attention'].includes(answer.body.status),
    );
    expectDocumented(generationViewSchema, done.body);
    expect(done.body.status).toBe('completed');
    // The view shows the name from the job row; which catalog track matched is in the workflow's result.
    const result = (await env.client.workflow.getHandle(`generation-${accepted.body.jobId}`).result()) as GenerationResult;
    return { shown: done.body.referenceSong, identified: result.referenceSong! };
  }

  it('identifies the uploaded track from a 10 s clip for its owner only', async () => {
    const [mine, theirs] = await Promise.all([referenceSongFor(owner), referenceSongFor(other)]);
    console.log(`identification of a 10 s clip: owner ${JSON.stringify(mine)}; other customer ${JSON.stringify(theirs)}`);
    expect(mine.identified).toMatchObject({ source: 'catalog', catalogTrackId: uploadedId, title: 'Night Drive', artist: 'The Fixtures' });
    expect(mine.identified.confidence).toBeGreaterThanOrEqual(0.3);
    expect(mine.shown).toMatchObject({ title: 'Night Drive', artist: 'The Fixtures' });
    expect(theirs.identified.source).toBe('analysis-only');
    expect(theirs.identified.catalogTrackId).toBeUndefined();
    expect(theirs.shown.title).toBeUndefined();
  });

  it('plans a set drawn from the caller’s catalog by filter', async () => {
    const accepted = await asOwner('POST', '/v1/plans', { pool: { catalog: { bpmMin: 110, bpmMax: 130 } }, targetDurationSeconds: 60, energyMode: 'build' });
    expect(accepted.status).toBe(202);
    const done = await waitFor(
      () => asOwner('GET', `/v1/plans/${accepted.body.planId}`),
      (answer) => answer.body.status !== 'planning',
    );
    expectDocumented(planViewSchema, done.body);
    expect(done.body.status).toBe('completed');
    const planned = done.body.plan.entries.map((entry: { trackId: string }) => entry.trackId);
    console.log(`catalog plan: ${planned.length} entries ${JSON.stringify(planned)}, ${done.body.plan.totalDurationSeconds} s`);
    expect(planned.length).toBeGreaterThanOrEqual(1);
    for (const trackId of planned) expect([uploadedId, linkedId]).toContain(trackId);
  });

  it.each([
    [{ genre: 'polka' }, 'pool.catalog', /matches none of your ready tracks \(genre "polka"\)/],
    [{ bpmMin: 150 }, 'pool.catalog', /matches none of your ready tracks \(tempo 150–any BPM\)/],
  ])('answers a catalog filter %j that matches nothing with 400 naming %s', async (catalog, field, rule) => {
    const refused = await asOwner('POST', '/v1/plans', { pool: { catalog }, targetDurationSeconds: 60, energyMode: 'build' });
    expect(refused.status).toBe(400);
    expect(refused.body.error.problems).toEqual([{ field, rule: expect.stringMatching(rule) }]);
  });

  it('refuses another customer’s track in pool.catalog.trackIds, naming the field', async () => {
    const refused = await asOther('POST', '/v1/plans', { pool: { catalog: { trackIds: [uploadedId] } }, targetDurationSeconds: 60, energyMode: 'build' });
    expect(refused.status).toBe(400);
    expect(refused.body.error.problems).toEqual([{ field: 'pool.catalog.trackIds', rule: `must name ready tracks of yours; not: ${uploadedId}` }]);
    const byIds = await asOther('POST', '/v1/plans', { pool: { trackIds: [uploadedId] }, targetDurationSeconds: 60, energyMode: 'build' });
    const failed = await waitFor(() => asOther('GET', `/v1/plans/${byIds.body.planId}`), (answer) => answer.body.status !== 'planning');
    expect(failed.body.status).toBe('failed');
    expect(failed.body.plan.error).toContain(`pool.trackIds: unknown track ids: ${uploadedId}`);
  });
});

// Keep the WAV helpers honest: the served clip is real audio of the stated length.
it('serves a 10 s clip', async () => {
  const clipPath = path.join(workDir, 'clip.wav');
  await writeFile(clipPath, clip);
  expect((await readFile(clipPath)).length).toBe(44 + 10 * SAMPLE_RATE * 2);
});
