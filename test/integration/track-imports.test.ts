import { randomUUID } from 'node:crypto';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { synthesizeTrack } from '../../src/audio/analysis/synthetic-track';
import { encodeWav16 } from '../../src/audio/io/wav-writer';
import { ApiClient } from '../../src/cli/api-client';
import { importTracks } from '../../src/cli/track-import';
import { trackImportWorkflowId, type TrackImportResult } from '../../src/contracts/track-import';
import { trackIngestionWorkflowId, type TrackIngestionResult } from '../../src/contracts/track-ingestion';
import { trackImportViewSchema } from '../../src/api/response-schemas';
import { newApiKey, startTestApi, type TestApi } from '../support/api-server';
import { createTestEnvironment, type TestEnvironment } from '../support/environment';
import { startWorkerChild, type WorkerChild } from '../support/worker-child';
import { releasedWorkflowsPath, writeWorkflowBundle } from '../support/workflow-bundles';
import { indexedLandmarks } from '../support/indexed-landmarks';

/**
 * A bulk import on the real stack: a folder of short tracks (and two bad files) imported with the CLI's
 * `tracks import`, ingested by bulkTrackIngestionWorkflow on a worker process that is SIGKILLed mid-import and
 * replaced. Every good track must be ready and indexed by exactly one ingestion, the bad ones listed as failures.
 */
const GOOD_TRACKS = 12;
const KILL_AFTER = 4;
const SAMPLE_RATE = 22_050;

let env: TestEnvironment;
let api: TestApi;
let workDir: string;
let workerEnv: NodeJS.ProcessEnv;
const workers: WorkerChild[] = [];
const customer = `import-${randomUUID().slice(0, 8)}`;
const other = `import-other-${randomUUID().slice(0, 8)}`;
const keys = { customer: '', other: '' };

beforeAll(async () => {
  env = await createTestEnvironment('track-imports');
  api = await startTestApi(env);
  keys.customer = await newApiKey(env, customer);
  keys.other = await newApiKey(env, other);
  workDir = await mkdtemp(path.join(os.tmpdir(), 'track-imports-'));
  const folder = path.join(workDir, 'folder');
  await mkdir(folder);
  for (let index = 0; index < GOOD_TRACKS; index++) {
    const signal = synthesizeTrack({ bpm: 90 + 5 * index, key: { tonic: index % 12, mode: index % 2 ? 'minor' : 'major' }, seconds: 10.5, sampleRate: SAMPLE_RATE, seed: 40 + index });
    await writeFile(path.join(folder, `good-${String(index).padStart(2, '0')}.wav`), encodeWav16([signal], SAMPLE_RATE));
  }
  await writeFile(path.join(folder, 'bad-not-audio.mp3'), Buffer.from('this is a text file, not a song\n'.repeat(200)));
  const short = synthesizeTrack({ bpm: 120, key: { tonic: 0, mode: 'major' }, seconds: 4, sampleRate: SAMPLE_RATE, seed: 7 });
  await writeFile(path.join(folder, 'bad-too-short.wav'), encodeWav16([short], SAMPLE_RATE));
  workerEnv = { WORKFLOW_BUNDLE_PATH: await writeWorkflowBundle(releasedWorkflowsPath, path.join(workDir, 'workflows.js')), LOG_LEVEL: 'warn' };
  workers.push(await startWorkerChild(env.taskQueue, workerEnv, { readyTimeoutMs: 180_000 }));
}, 420_000);

afterAll(async () => {
  await Promise.all(workers.map((worker) => worker.stop()));
  await api?.close();
  await env?.close();
  if (workDir) await rm(workDir, { recursive: true, force: true });
}, 60_000);

const view = async (importId: string, key = keys.customer) => api.call('GET', `/v1/track-imports/${importId}`, { key });

test('a folder import survives a killed worker: each good track ingested and indexed once, bad files listed', async () => {
  const lines: string[] = [];
  const cli = new ApiClient({ baseUrl: api.baseUrl, apiKey: keys.customer });
  await expect(importTracks(cli, { source: path.join(workDir, 'folder'), artist: 'Import Test', wait: false }, (line) => lines.push(line))).resolves.toBe(0);
  const importId = /^import ([0-9a-f-]{36}):/.exec(lines[0]!)![1]!;
  expect(lines).toContain(`uploaded ${GOOD_TRACKS + 2} files`);

  // Another customer cannot see it.
  expect((await view(importId, keys.other)).status).toBe(404);

  let done = 0;
  while (done < KILL_AFTER) {
    await new Promise((resolve) => setTimeout(resolve, 500));
    const { counts } = (await view(importId)).body as { counts: { ingested: number; failed: number } };
    done = counts.ingested + counts.failed;
  }
  expect(done).toBeLessThan(GOOD_TRACKS + 2);
  await workers[0]!.kill();
  workers.push(await startWorkerChild(env.taskQueue, workerEnv, { readyTimeoutMs: 180_000 }));

  const result = await env.client.workflow.getHandle<() => Promise<TrackImportResult>>(trackImportWorkflowId(importId)).result();
  expect(result).toEqual({ importId, total: GOOD_TRACKS + 2, ingested: GOOD_TRACKS, failed: 2 });

  const shown = await view(importId);
  expect(shown.status).toBe(200);
  const body = trackImportViewSchema.parse(shown.body);
  expect(body).toMatchObject({ status: 'finished', total: GOOD_TRACKS + 2, counts: { ingested: GOOD_TRACKS, failed: 2, pending: 0 } });
  expect(body.failures.map((failure) => [failure.title, failure.errorType]).sort()).toEqual([
    ['bad-not-audio', 'InvalidAudio'],
    ['bad-too-short', 'InvalidAudio'],
  ]);

  // Exactly once: one ingestion execution per track, and each good track's index rows are those of one indexing.
  const tracks = await env.db.track.findMany({ where: { importId }, select: { id: true, status: true } });
  expect(tracks).toHaveLength(GOOD_TRACKS + 2);
  const executions = new Map<string, number>();
  for await (const execution of env.client.workflow.list({ query: `TaskQueue = '${env.taskQueue}' AND WorkflowType = 'trackIngestionWorkflow'` })) {
    executions.set(execution.workflowId, (executions.get(execution.workflowId) ?? 0) + 1);
  }
  expect(tracks.map((track) => executions.get(trackIngestionWorkflowId(track.id)))).toEqual(tracks.map(() => 1));
  const ready = tracks.filter((row) => row.status === 'ready');
  const indexed = await indexedLandmarks(env.sql, ready.map((track) => track.id));
  for (const track of ready) {
    const outcome = await env.client.workflow.getHandle<() => Promise<TrackIngestionResult>>(trackIngestionWorkflowId(track.id)).result();
    expect(indexed.get(track.id)).toBe(outcome.landmarks);
  }

  // Starting it again changes nothing.
  expect((await api.call('POST', `/v1/track-imports/${importId}/start`, { key: keys.customer })).status).toBe(202);
  expect((await env.client.workflow.getHandle(trackImportWorkflowId(importId)).describe()).status.name).toBe('COMPLETED');
}, 600_000);

test('a manifest is validated field by field', async () => {
  const answer = await api.call('POST', '/v1/track-imports', { key: keys.customer, body: { tracks: [{ title: 'Ok', artist: 'A' }, { title: '', artist: 'B', sourceUrl: 'ftp://x' }] } });
  expect(answer.status).toBe(400);
  const fields = (answer.body.error.problems as { field: string }[]).map((problem) => problem.field).sort();
  expect(fields).toEqual(['tracks.1.sourceUrl', 'tracks.1.title']);
  expect((await api.call('POST', '/v1/track-imports', { key: keys.customer, body: { tracks: [] } })).status).toBe(400);
});

test('an entry whose sourceUrl points inside the network is refused with a 400 naming it, and nothing is created', async () => {
  const before = await env.db.trackImport.count({ where: { customerId: customer } });
  const refused = await api.call('POST', '/v1/track-imports', {
    key: keys.customer,
    body: { tracks: [{ title: 'Uploaded', artist: 'A' }, { title: 'Sneaky', artist: 'B', sourceUrl: 'http://169.254.169.254/latest/meta-data' }] },
  });
  expect(refused.status).toBe(400);
  expect(refused.body.error.problems).toEqual([{ field: 'tracks.1.sourceUrl', rule: expect.stringMatching(/link-local or metadata address/) }]);
  expect(await env.db.trackImport.count({ where: { customerId: customer } })).toBe(before);
});
