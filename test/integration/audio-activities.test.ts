import { randomUUID } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { Pool } from 'pg';
import { MockActivityEnvironment } from '@temporalio/testing';
import { createTrackAnalysisActivities } from '../../src/activities/track-analysis';
import { composeMusic } from '../../src/audio/composer/composer';
import { closeDspWorker } from '../../src/audio/dsp/dsp-pool';
import { loadConfig } from '../../src/config';
import { createDatabase, type Database } from '../../src/db/client';
import { createActivityDependencies } from '../../src/dependencies';
import { createStorage, type ObjectStorage } from '../../src/storage';
import { failureOf } from '../fakes/failure-of';

/** The track analysis activity with its real dependencies (PostgreSQL, MinIO, ffmpeg), on audio the composer rendered. */
let db: Database;
let sql: Pool;
let storage: ObjectStorage;
let workDir: string;
let activities: ReturnType<typeof createTrackAnalysisActivities>;
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
  activities = createTrackAnalysisActivities({ ...createActivityDependencies(config, { db, sql, storage, workflows: liveness }), tempAudioDir: workDir });
  trackId = (await db.track.create({ data: { title: 'Analysed through storage', artist, durationSeconds: 1 } })).id;
  const songPath = path.join(workDir, 'song.wav');
  await composeMusic({ mood: 'dark', bpm: 100, key: 'F minor', durationSeconds: 30, seed: 90210 }, songPath, { soundfontPreference: 'small' });
  await storage.putFile(songKey, songPath, 'audio/wav');
});

afterAll(async () => {
  await db.track.deleteMany({ where: { artist } });
  const keys: string[] = [];
  for await (const object of storage.list(prefix)) keys.push(object.key);
  await storage.deleteMany(keys);
  await rm(workDir, { recursive: true, force: true });
  await Promise.allSettled([db.$disconnect(), sql.end(), storage.close(), closeDspWorker()]);
});

it('analyzeAudio measures audio in storage, stores the features on the Track row and keeps the beat grid out of the payload', async () => {
  const summary = await runActivity(activities.analyzeAudio, { trackId, storageKey: songKey });
  expect(summary.bpm).toBeGreaterThan(98);
  expect(summary.bpm).toBeLessThan(102);
  expect(summary.durationSeconds).toBeCloseTo(30, 1);
  expect(summary.beatCount).toBeGreaterThan(40);
  expect(summary).not.toHaveProperty('beats');
  expect(JSON.stringify(summary).length).toBeLessThan(2000);
  const row = await db.track.findUniqueOrThrow({ where: { id: trackId } });
  expect(row).toMatchObject({ bpm: summary.bpm, key: summary.key, camelot: summary.camelot, energy: summary.energy });
  expect((row.beatGrid as { beats: number[] }).beats).toHaveLength(summary.beatCount);
});

it('bad keys, unknown tracks and bad audio end in typed, non-retryable failures', async () => {
  const missing = await failureOf(runActivity(activities.analyzeAudio, { trackId, storageKey: `${prefix}/nothing-here.wav` }));
  expect(missing).toMatchObject({ type: 'InvalidInput', nonRetryable: true });
  expect(missing.message).toMatch(/storageKey: no object at/);

  const escaping = await failureOf(runActivity(activities.analyzeAudio, { trackId, storageKey: '../outside.wav' }));
  expect(escaping).toMatchObject({ type: 'InvalidInput', nonRetryable: true });
  expect(escaping.message).toMatch(/^storageKey /);

  const textKey = `${prefix}/text.wav`;
  await storage.putBytes(textKey, 'not audio at all', 'audio/wav');
  expect(await failureOf(runActivity(activities.analyzeAudio, { trackId, storageKey: textKey }))).toMatchObject({ type: 'InvalidAudio', nonRetryable: true });

  const unknownTrack = await failureOf(runActivity(activities.analyzeAudio, { trackId: randomUUID(), storageKey: songKey }));
  expect(unknownTrack).toMatchObject({ type: 'InvalidInput', nonRetryable: true });
  expect(unknownTrack.message).toMatch(/^trackId: no catalog track/);
});
