import { mkdtemp } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { WorkflowFailedError } from '@temporalio/client';
import { composeMusic } from '../../src/audio/composer/composer';
import { probeDuration } from '../../src/audio/io/encode';
import { fingerprintFile } from '../../src/audio/dsp/fingerprint-audio';
import { CATALOG_DENSITY } from '../../src/audio/fingerprint/fingerprint';
import { measureFileLoudness } from '../../src/audio/io/loudness';
import { MASTER_CEILING_DBTP, MASTER_TARGET_LUFS } from '../../src/audio/io/master';
import { PostgresFingerprintIndex } from '../../src/db/fingerprint-index';
import type { GenerationInput, GenerationResult } from '../../src/contracts/music-generation';
import { generationProgressQuery } from '../../src/contracts/music-generation';
import { createTestEnvironment, type TestEnvironment } from '../support/environment';
import { decodesCleanly, generationInput, serveFile } from '../support/generation';

let env: TestEnvironment;
let workDir: string;
let reference: { url: string; close(): Promise<void> };
let referenceTrackId: string;

beforeAll(async () => {
  env = await createTestEnvironment('generation');
  workDir = await mkdtemp(path.join(os.tmpdir(), 'generation-test-'));
  // The reference is real music from our composer, indexed in the fingerprint catalog beforehand.
  const referencePath = path.join(workDir, 'reference.wav');
  await composeMusic({ mood: 'energetic', bpm: 124, key: 'A minor', durationSeconds: 40, seed: 7 }, referencePath, { soundfontPreference: 'small' });
  // Earlier runs indexed the same audio; two identical catalog entries would make the match ambiguous.
  await env.db.track.deleteMany({ where: { title: 'Catalog Anthem', artist: 'The Fixtures' } });
  const track = await env.db.track.create({ data: { title: 'Catalog Anthem', artist: 'The Fixtures', durationSeconds: 40, storageKey: null } });
  referenceTrackId = track.id;
  await new PostgresFingerprintIndex(env.sql).addTrack(track.id, await fingerprintFile(referencePath, CATALOG_DENSITY));
  reference = await serveFile(referencePath);
});
afterAll(async () => {
  await reference.close();
  await env.close();
});

function start(input: GenerationInput) {
  return env.client.workflow.start('musicGenerationWorkflow', { taskQueue: env.taskQueue, workflowId: `generation-${input.jobId}`, args: [input] });
}

it('generates from a prompt, a reference clip and a transcript with the local providers, with no API key', async () => {
  const input = generationInput({
    durationSeconds: 30,
    instruments: ['piano', 'strings', 'bass', 'drums'],
    referenceUrl: reference.url,
    isSceneAware: true,
    segments: [
      { start: 0, end: 4, text: 'Welcome back to the kitchen! Today we are making something AMAZING.' },
      { start: 4, end: 9, text: 'First, chop the onions nice and fast, we have no time to lose!' },
      { start: 14, end: 20, text: 'Now let it simmer quietly. Relax, take a breath, enjoy the smell.' },
    ],
  });
  const { result, progress } = await env.withWorker(
    async () => {
      const handle = await start(input);
      return { result: (await handle.result()) as GenerationResult, progress: await handle.query(generationProgressQuery) };
    },
    { allowPrivateReferenceHosts: true },
  );

  expect(progress.stepsVisited).toEqual(['queued', 'analyzing', 'extracting', 'identifying', 'generating', 'uploading', 'completed']);
  expect(progress).toMatchObject({ status: 'completed', step: 'completed', percent: 100 });

  const prefix = `customers/customer-test/generations/${input.jobId}`;
  expect(result).toMatchObject({ masterKey: `${prefix}/master.wav`, previewKey: `${prefix}/preview.mp3`, metadataKey: `${prefix}/metadata.json`, provider: 'local' });
  expect(result.referenceSong).toMatchObject({ source: 'catalog', catalogTrackId: referenceTrackId, title: 'Catalog Anthem', artist: 'The Fixtures' });
  expect(result.referenceSong!.bpm).toBeGreaterThan(120);
  expect(result.referenceSong!.bpm).toBeLessThan(128);
  expect(result.sceneContext!.sceneCount).toBeGreaterThanOrEqual(1);

  const masterPath = path.join(workDir, `${input.jobId}-master.wav`);
  const previewPath = path.join(workDir, `${input.jobId}-preview.mp3`);
  await env.storage.downloadToFile(result.masterKey, masterPath);
  await env.storage.downloadToFile(result.previewKey, previewPath);
  expect(Math.abs((await probeDuration(masterPath)) - 30)).toBeLessThanOrEqual(0.1);
  await decodesCleanly(masterPath);
  await decodesCleanly(previewPath);
  expect(await probeDuration(previewPath)).toBeGreaterThan(25);
  // The master is at the target loudness, or quieter only where the true-peak ceiling held it back.
  const masterLoudness = await measureFileLoudness(masterPath);
  expect(masterLoudness.truePeakDb).toBeLessThanOrEqual(MASTER_CEILING_DBTP + 0.1);
  if (masterLoudness.truePeakDb < MASTER_CEILING_DBTP - 0.2) expect(masterLoudness.integratedLufs).toBeCloseTo(MASTER_TARGET_LUFS, 0);

  const metadata = JSON.parse((await env.storage.getBytes(result.metadataKey)).toString('utf8'));
  expect(metadata).toMatchObject({
    title: result.title,
    durationSeconds: expect.closeTo(30, 1),
    instruments: ['piano', 'strings', 'bass', 'drums'],
    referenceSong: { title: 'Catalog Anthem', artist: 'The Fixtures' },
    sceneContext: { sceneCount: result.sceneContext!.sceneCount },
    files: { master: { integratedLufs: expect.closeTo(masterLoudness.integratedLufs, 0), truePeakDbtp: expect.closeTo(masterLoudness.truePeakDb, 0) } },
  });
  expect(typeof metadata.mood).toBe('string');

  const row = await env.db.generationJob.findUnique({ where: { jobId: input.jobId } });
  expect(row).toMatchObject({
    status: 'completed', step: 'completed', progress: 100, customerId: 'customer-test', provider: 'local',
    referenceTitle: 'Catalog Anthem', referenceArtist: 'The Fixtures', masterKey: result.masterKey, previewKey: result.previewKey,
    metadataKey: result.metadataKey, title: result.title, error: null, errorType: null,
  });
  for (const field of ['providerTaskId', 'referenceBpm', 'referenceKey', 'referenceCamelot', 'referenceMood', 'referenceConfidence', 'sceneContext', 'fileSizeBytes', 'outputDurationSeconds', 'completedAt'] as const) {
    expect({ field, value: row![field] }).toEqual({ field, value: expect.anything() });
  }
  expect(row!.fileSizeBytes).toBeGreaterThan(30 * 44100 * 4 * 0.99);
});

describe('bad input at the workflow boundary fails fast with a typed, non-retryable error naming the field', () => {
  const cases: [string, Partial<GenerationInput> | Record<string, unknown>, RegExp][] = [
    ['no prompt, mood or reference', { prompt: undefined }, /prompt: give at least one of prompt, mood or referenceUrl/],
    ['duration below the bound', { durationSeconds: 1 }, /durationSeconds/],
    ['duration above the bound', { durationSeconds: 3600 }, /durationSeconds/],
    ['unsafe customer id', { customerId: '../other-customer' }, /customerId/],
    ['job id not a UUID', { jobId: 'job 1' }, /jobId: must be a UUID/],
    ['non-http URL', { referenceUrl: 'file:///etc/passwd' }, /referenceUrl: must be an absolute http\(s\) URL/],
    ['10,000 transcript segments', { isSceneAware: true, segments: Array.from({ length: 10_000 }, (_, i) => ({ start: i, end: i + 1, text: 'x' })) }, /segments/],
    ['unknown instrument', { instruments: ['theremin'] }, /instruments\.0: must be one of/],
  ];
  it.each(cases)('%s', async (_name, overrides, message) => {
    const input = { ...generationInput(), ...overrides } as GenerationInput;
    const startedAt = Date.now();
    const failure = await env
      .withWorker(async () => (await start(input)).result())
      .catch((error: unknown) => error as WorkflowFailedError);
    expect(failure).toBeInstanceOf(WorkflowFailedError);
    const cause = (failure as WorkflowFailedError).cause as { type?: string; nonRetryable?: boolean; message: string };
    expect(cause).toMatchObject({ type: 'InvalidInput', nonRetryable: true });
    expect(cause.message).toMatch(message);
    expect(Date.now() - startedAt).toBeLessThan(10_000);
  });

  it('a reference URL on a private address is refused before any work, naming referenceUrl', async () => {
    const input = generationInput({ referenceUrl: 'http://10.1.2.3/song.mp3' });
    const failure = await env.withWorker(async () => (await start(input)).result()).catch((error: unknown) => error as WorkflowFailedError);
    const cause = (failure as WorkflowFailedError).cause as { type?: string; message: string };
    expect(cause.type).toBe('InvalidInput');
    expect(cause.message).toMatch(/referenceUrl/);
    const row = await env.db.generationJob.findUnique({ where: { jobId: input.jobId } });
    expect(row).toMatchObject({ status: 'failed', errorType: 'InvalidInput' });
  });
});

