import { execFile } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { Pool } from 'pg';
import { MockActivityEnvironment } from '@temporalio/testing';
import { createAudioActivities } from '../../src/activities/audio';
import { closeDspWorker } from '../../src/audio/dsp/dsp-pool';
import { probeDuration } from '../../src/audio/io/encode';
import { loadConfig } from '../../src/config';
import { createDatabase, type Database } from '../../src/db/client';
import { createActivityDependencies } from '../../src/dependencies';
import { createStorage, type ObjectStorage } from '../../src/storage';
import { failureOf } from '../fakes/failure-of';

const execFileAsync = promisify(execFile);

/** The audio activities with their real dependencies (PostgreSQL fingerprint index, MinIO, ffmpeg, fluidsynth). */
let db: Database;
let sql: Pool;
let storage: ObjectStorage;
let workDir: string;
let activities: ReturnType<typeof createAudioActivities>;
const activityEnvironment = new MockActivityEnvironment();
const runTag = randomUUID().slice(0, 8);
const prefix = `tmp/tests/audio-activities-${runTag}`;
const artist = `Audio Activity Fixtures ${runTag}`;
const songKey = `${prefix}/song.wav`;
let trackId: string;

/** Runs one activity in the mock activity context (heartbeats, cancellation signal), keeping its types. */
function runActivity<Input, Output>(activity: (input: Input) => Promise<Output>, input: Input): Promise<Output> {
  return activityEnvironment.run(activity, input) as Promise<Output>;
}

beforeAll(async () => {
  const config = loadConfig();
  db = createDatabase(config.databaseUrl);
  sql = new Pool({ connectionString: config.databaseUrl, max: 2 });
  storage = createStorage(config.storage);
  workDir = await mkdtemp(path.join(os.tmpdir(), 'audio-activities-'));
  const liveness = { isRunning: async () => false };
  activities = createAudioActivities({ ...createActivityDependencies(config, { db, sql, storage, workflows: liveness }), tempAudioDir: workDir });
  trackId = (await db.track.create({ data: { title: 'Indexed through storage', artist, durationSeconds: 30 } })).id;
});

afterAll(async () => {
  await db.track.deleteMany({ where: { artist } });
  const keys: string[] = [];
  for await (const object of storage.list(prefix)) keys.push(object.key);
  await storage.deleteMany(keys);
  await rm(workDir, { recursive: true, force: true });
  await Promise.allSettled([db.$disconnect(), sql.end(), storage.close(), closeDspWorker()]);
});

it('composeMusic writes a WAV to storage and encodePreview makes an MP3 of it, both through storage keys', async () => {
  const composed = await runActivity(activities.composeMusic, {
    request: { mood: 'dark', bpm: 100, key: 'F minor', durationSeconds: 30, seed: 90210 },
    outputKey: songKey,
    soundfontPreference: 'small',
  });
  expect(composed).toMatchObject({ outputKey: songKey, durationSeconds: 30, bpm: 100, camelot: '4A', sampleRate: 44100, channels: 2 });
  expect((await storage.head(songKey))!.size).toBeGreaterThan(30 * 44100 * 4);

  const previewKey = `${prefix}/preview.mp3`;
  const preview = await runActivity(activities.encodePreview, { inputKey: songKey, outputKey: previewKey, seconds: 8 });
  expect(preview).toEqual({ outputKey: previewKey, durationSeconds: 8 });
  const localPreview = path.join(workDir, 'preview-check.mp3');
  await storage.downloadToFile(previewKey, localPreview);
  expect(await probeDuration(localPreview)).toBeCloseTo(8, 0);
});

it('analyzeAudio summarises audio in storage without putting the beat grid in the payload', async () => {
  const summary = await runActivity(activities.analyzeAudio, { storageKey: songKey });
  expect(summary.bpm).toBeGreaterThan(98);
  expect(summary.bpm).toBeLessThan(102);
  expect(summary.durationSeconds).toBeCloseTo(30, 1);
  expect(summary.beatCount).toBeGreaterThan(40);
  expect(summary.beatGridStored).toBe(false);
  expect(summary).not.toHaveProperty('beats');
  expect(JSON.stringify(summary).length).toBeLessThan(2000);
});

it('indexTrack then identifyClip finds the track and the clip offset from audio in storage', async () => {
  const indexed = await runActivity(activities.indexTrack, { trackId, storageKey: songKey });
  expect(indexed.landmarks).toBeGreaterThan(100);
  expect((await db.track.findUniqueOrThrow({ where: { id: trackId } })).fingerprintedAt).not.toBeNull();

  // A 10 s excerpt from 12 s in, as 96 kbps MP3: another file, another format, the same music.
  const localSong = path.join(workDir, 'song.wav');
  const localClip = path.join(workDir, 'clip.mp3');
  await storage.downloadToFile(songKey, localSong);
  await execFileAsync('ffmpeg', ['-hide_banner', '-v', 'error', '-y', '-ss', '12', '-t', '10', '-i', localSong, '-c:a', 'libmp3lame', '-b:a', '96k', localClip]);
  const clipKey = `${prefix}/clip.mp3`;
  await storage.putFile(clipKey, localClip, 'audio/mpeg');

  const match = await runActivity(activities.identifyClip, { storageKey: clipKey });
  expect(match).toEqual({ trackId, offsetSeconds: expect.any(Number), confidence: expect.any(Number) });
  expect(match!.offsetSeconds).toBeGreaterThan(11.5);
  expect(match!.offsetSeconds).toBeLessThan(12.5);
  expect(match!.confidence).toBeGreaterThan(0.3);
});

it('identifyClip answers null for audio that is not in the catalog', async () => {
  const strangerKey = `${prefix}/stranger.wav`;
  await runActivity(activities.composeMusic, {
    request: { mood: 'calm', bpm: 72, key: 'E major', durationSeconds: 12, seed: 5 },
    outputKey: strangerKey,
    soundfontPreference: 'small',
  });
  expect(await runActivity(activities.identifyClip, { storageKey: strangerKey })).toBeNull();
});

it('bad keys and bad audio end in typed, non-retryable failures', async () => {
  const missing = await failureOf(runActivity(activities.analyzeAudio, { storageKey: `${prefix}/nothing-here.wav` }));
  expect(missing).toMatchObject({ type: 'InvalidInput', nonRetryable: true });
  expect(missing.message).toMatch(/storageKey: no object at/);

  const escaping = await failureOf(runActivity(activities.encodePreview, { inputKey: songKey, outputKey: '../outside.mp3' }));
  expect(escaping).toMatchObject({ type: 'InvalidInput', nonRetryable: true });
  expect(escaping.message).toMatch(/^outputKey /);

  const textKey = `${prefix}/text.wav`;
  await storage.putBytes(textKey, 'not audio at all', 'audio/wav');
  expect(await failureOf(runActivity(activities.analyzeAudio, { storageKey: textKey }))).toMatchObject({ type: 'InvalidAudio', nonRetryable: true });

  const unknownTrack = await failureOf(runActivity(activities.indexTrack, { trackId: randomUUID(), storageKey: songKey }));
  expect(unknownTrack).toMatchObject({ type: 'InvalidInput', nonRetryable: true });

  const badRequest = await failureOf(
    runActivity(activities.composeMusic, { request: { mood: 'furious', durationSeconds: 10, seed: 1 }, outputKey: `${prefix}/never.wav` }),
  );
  expect(badRequest).toMatchObject({ type: 'InvalidInput', nonRetryable: true });
  expect(badRequest.message).toMatch(/mood/);
});
