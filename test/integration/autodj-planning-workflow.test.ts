import { randomUUID } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { WorkflowFailedError } from '@temporalio/client';
import { composeMusic } from '../../src/audio/composer/composer';
import type { AutoDjPlan, AutoDjPlanInput } from '../../src/contracts/autodj-planning';
import { autoDjProgressQuery } from '../../src/contracts/autodj-planning';
import { createTestEnvironment, type TestEnvironment } from '../support/environment';

let env: TestEnvironment;
let workDir: string;
const runTag = randomUUID().slice(0, 8);
const artist = `AutoDJ Fixtures ${runTag}`;
const audioKey = `tmp/tests/autodj-${runTag}/unanalysed.wav`;
const notAudioKey = `tmp/tests/autodj-${runTag}/not-audio.wav`;
const featured: string[] = [];
let unanalysedId: string;
let notAudioId: string;
let noAudioId: string;

/** A steady 4/4 grid, as an earlier analysis would have stored it. */
function beatGrid(bpm: number, durationSeconds: number) {
  const beats = Array.from({ length: Math.floor((durationSeconds * bpm) / 60) }, (_, i) => Math.round(((i * 60) / bpm) * 1000) / 1000);
  return { beats, downbeats: beats.filter((_, i) => i % 4 === 0) };
}

beforeAll(async () => {
  env = await createTestEnvironment('autodj');
  workDir = await mkdtemp(path.join(os.tmpdir(), 'autodj-test-'));
  const audioPath = path.join(workDir, 'unanalysed.wav');
  await composeMusic({ mood: 'happy', bpm: 122, key: 'D major', durationSeconds: 40, seed: 4242 }, audioPath, { soundfontPreference: 'small' });
  await env.storage.putFile(audioKey, audioPath, 'audio/wav');
  await env.storage.putBytes(notAudioKey, 'this is a text file, not audio', 'audio/wav');

  const catalog = [
    { bpm: 122, key: 'A minor', camelot: '8A', energy: 5, durationSeconds: 240 },
    { bpm: 123, key: 'E minor', camelot: '9A', energy: 6, durationSeconds: 270 },
    { bpm: 124, key: 'C major', camelot: '8B', energy: 6, durationSeconds: 225 },
    { bpm: 124, key: 'G major', camelot: '9B', energy: 7, durationSeconds: 255 },
    { bpm: 125, key: 'D major', camelot: '10B', energy: 8, durationSeconds: 240 },
    { bpm: 126, key: 'B minor', camelot: '10A', energy: 7, durationSeconds: 260 },
  ];
  for (const [index, track] of catalog.entries()) {
    const row = await env.db.track.create({
      data: { title: `Featured ${index + 1}`, artist, ...track, loudnessLufs: -9, beatGrid: beatGrid(track.bpm, track.durationSeconds) },
    });
    featured.push(row.id);
  }
  unanalysedId = (await env.db.track.create({ data: { title: 'Needs analysis', artist, durationSeconds: 1, storageKey: audioKey } })).id;
  notAudioId = (await env.db.track.create({ data: { title: 'Broken upload', artist, durationSeconds: 200, storageKey: notAudioKey } })).id;
  noAudioId = (await env.db.track.create({ data: { title: 'Metadata only', artist, durationSeconds: 200 } })).id;
});

afterAll(async () => {
  await env.db.track.deleteMany({ where: { artist } });
  await env.storage.deleteMany([audioKey, notAudioKey]);
  await rm(workDir, { recursive: true, force: true });
  await env.close();
});

function planInput(overrides: Partial<AutoDjPlanInput> = {}): AutoDjPlanInput {
  return {
    planId: randomUUID(),
    pool: { trackIds: [...featured, unanalysedId, notAudioId, noAudioId] },
    targetDurationSeconds: 900,
    energyMode: 'build',
    eventPreset: 'club',
    seed: 11,
    ...overrides,
  };
}

function start(input: AutoDjPlanInput) {
  return env.client.workflow.start('autoDjPlanningWorkflow', { taskQueue: env.taskQueue, workflowId: `autodj-${input.planId}`, args: [input] });
}

async function failureOf(input: AutoDjPlanInput): Promise<{ type?: string; nonRetryable?: boolean; message: string }> {
  const error = await env.withWorker(async () => (await start(input)).result()).then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(WorkflowFailedError);
  return (error as WorkflowFailedError).cause as { type?: string; nonRetryable?: boolean; message: string };
}

it('analyses the catalog tracks that lack features, plans a set, saves it, and reports skipped tracks', async () => {
  const input = planInput();
  const { plan, progress } = await env.withWorker(async () => {
    const handle = await start(input);
    return { plan: (await handle.result()) as AutoDjPlan, progress: await handle.query(autoDjProgressQuery) };
  });

  // The analysis activity stored the composed track's features on its row.
  const analysed = await env.db.track.findUniqueOrThrow({ where: { id: unanalysedId } });
  expect(analysed.bpm).toBeGreaterThan(122 * 0.98);
  expect(analysed.bpm).toBeLessThan(122 * 1.02);
  expect(analysed.key).toEqual(expect.any(String));
  expect(analysed.energy).toBeGreaterThanOrEqual(1);
  expect(analysed.durationSeconds).toBeCloseTo(40, 0);
  expect((analysed.beatGrid as { beats: number[] }).beats.length).toBeGreaterThan(50);
  expect(plan.analyzedTrackIds).toEqual([unanalysedId]);
  expect(plan.analysisFailures).toEqual([{ trackId: notAudioId, reason: expect.stringMatching(/^InvalidAudio: /) }]);

  // Skipped: the broken upload (analysis failed) and the track with no audio, each with its reason.
  const skipped = new Map(plan.skipped.map((track) => [track.trackId, track.reason]));
  expect([...skipped.keys()].sort()).toEqual([notAudioId, noAudioId].sort());
  expect(skipped.get(notAudioId)).toMatch(/missing tempo; analysis failed: InvalidAudio/);
  expect(skipped.get(noAudioId)).toMatch(/missing tempo; the track has no audio in storage to analyse/);

  // The set: ordered, timed, within the duration window, from usable tracks only.
  expect(plan.entries.length).toBeGreaterThanOrEqual(3);
  expect(Math.abs(plan.totalDurationSeconds - input.targetDurationSeconds)).toBeLessThanOrEqual(30);
  expect(plan.entries[0]).toMatchObject({ startTime: 0, overlap: 0, transition: { style: 'start' } });
  for (const [index, entry] of plan.entries.entries()) {
    expect([notAudioId, noAudioId]).not.toContain(entry.trackId);
    expect(entry.mixInTime).toBeGreaterThanOrEqual(entry.startTime);
    expect(entry.mixOutTime).toBeGreaterThan(entry.mixInTime);
    if (index > 0) {
      const previous = plan.entries[index - 1]!;
      expect(entry.startTime).toBeCloseTo(previous.mixOutTime, 3);
      // Only a cut plays the two tracks back to back; every other style overlaps them.
      if (entry.transition.style === 'cut') expect(entry.overlap).toBe(0);
      else expect(entry.overlap).toBeGreaterThan(0);
      expect(entry.transition.reasons.length).toBeGreaterThan(0);
    }
  }

  // The rows say the same.
  const row = await env.db.autoDjPlan.findUniqueOrThrow({ where: { id: input.planId }, include: { entries: { orderBy: { position: 'asc' } } } });
  expect(row).toMatchObject({ workflowId: `autodj-${input.planId}`, status: 'completed', energyMode: 'build', eventPreset: 'club', seed: 11, error: null });
  expect(row.totalDurationSeconds).toBeCloseTo(plan.totalDurationSeconds, 6);
  expect(row.skipped).toEqual(plan.skipped);
  expect(row.entries.map((entry) => entry.trackId)).toEqual(plan.entries.map((entry) => entry.trackId));
  expect(row.entries.map((entry) => entry.position)).toEqual(plan.entries.map((_, index) => index));
  expect(row.entries[1]).toMatchObject({
    startTime: plan.entries[1]!.startTime,
    mixInTime: plan.entries[1]!.mixInTime,
    mixOutTime: plan.entries[1]!.mixOutTime,
    overlap: plan.entries[1]!.overlap,
    tempoRatio: plan.entries[1]!.tempoRatio,
    camelot: plan.entries[1]!.camelot,
    bpm: plan.entries[1]!.bpm,
    cueInTrack: plan.entries[1]!.cueInTrack,
    mixOutInTrack: plan.entries[1]!.mixOutInTrack,
    transition: plan.entries[1]!.transition,
  });

  expect(progress).toMatchObject({
    planId: input.planId,
    step: 'completed',
    percent: 100,
    counts: { pool: 9, toAnalyze: 2, analyzed: 1, analysisFailed: 1, skipped: 2, planned: plan.entries.length },
  });

  // Planning the same plan id again replaces the entries instead of adding to them.
  const again = (await env.withWorker(async () => (await start(input)).result())) as AutoDjPlan;
  expect(again.entries.map((entry) => entry.trackId)).toEqual(plan.entries.map((entry) => entry.trackId));
  expect(await env.db.autoDjPlanEntry.count({ where: { planId: input.planId } })).toBe(plan.entries.length);
  await env.db.autoDjPlan.delete({ where: { id: input.planId } });
});

it('plans from inline track descriptors without touching the catalog', async () => {
  const tracks = [
    { id: 'inline-a', durationSeconds: 240, bpm: 124, key: '8A', energy: 4 },
    { id: 'inline-b', durationSeconds: 240, bpm: 125, key: '9A', energy: 6 },
    { id: 'inline-c', durationSeconds: 240, bpm: 126, key: '9B', energy: 8 },
    { id: 'inline-d', durationSeconds: 240, key: '10A' },
  ];
  const input = planInput({ pool: { tracks }, targetDurationSeconds: 600, firstTrackId: 'inline-a' });
  const plan = (await env.withWorker(async () => (await start(input)).result())) as AutoDjPlan;
  expect(plan.entries[0]!.trackId).toBe('inline-a');
  expect(plan.skipped).toEqual([{ trackId: 'inline-d', reason: 'missing tempo' }]);
  expect(plan.analyzedTrackIds).toEqual([]);
  expect(await env.db.autoDjPlanEntry.count({ where: { planId: input.planId } })).toBe(plan.entries.length);
  await env.db.autoDjPlan.delete({ where: { id: input.planId } });
});

describe('bad input fails fast with a typed, non-retryable InvalidInput naming the field', () => {
  it('unknown track ids are named, and the plan row records the failure', async () => {
    const missing = randomUUID();
    const input = planInput({ pool: { trackIds: [featured[0]!, missing] } });
    const cause = await failureOf(input);
    expect(cause).toMatchObject({ type: 'InvalidInput', nonRetryable: true });
    expect(cause.message).toContain(`pool.trackIds: unknown track ids: ${missing}`);
    expect(await env.db.autoDjPlan.findUniqueOrThrow({ where: { id: input.planId } })).toMatchObject({ status: 'failed', error: expect.stringContaining(missing) });
    await env.db.autoDjPlan.delete({ where: { id: input.planId } });
  });

  it.each([
    ['an empty pool', { pool: { trackIds: [] } }, /pool\.trackIds: must name at least one track/],
    ['a pool given both ways', { pool: { trackIds: [randomUUID()], tracks: [{ id: 'x', durationSeconds: 200 }] } }, /pool: give exactly one of/],
    ['a zero duration', { targetDurationSeconds: 0 }, /targetDurationSeconds: /],
    ['an unknown preset', { eventPreset: 'rave' as 'club' }, /eventPreset: must be one of: default, club/],
    ['an unknown energy mode', { energyMode: 'loud' as 'build' }, /energyMode: must be one of/],
    ['a plan id that is not a UUID', { planId: 'plan-1' }, /planId: must be a UUID/],
  ])('%s', async (_name, overrides, message) => {
    const input = { ...planInput(), ...overrides } as AutoDjPlanInput;
    const cause = await failureOf({ ...input, planId: input.planId });
    expect(cause).toMatchObject({ type: 'InvalidInput', nonRetryable: true });
    expect(cause.message).toMatch(message);
  });

  it('a duration the pool cannot fill is refused by the planner, without retries', async () => {
    const input = planInput({ pool: { trackIds: featured }, targetDurationSeconds: 4 * 3600 });
    const startedAt = Date.now();
    const cause = await failureOf(input);
    expect(cause).toMatchObject({ type: 'InvalidInput', nonRetryable: true });
    expect(cause.message).toMatch(/planning: targetDurationSeconds: the whole pool plays for at most \d+ s, less than the target/);
    expect(Date.now() - startedAt).toBeLessThan(20_000);
    await env.db.autoDjPlan.delete({ where: { id: input.planId } });
  });
});
