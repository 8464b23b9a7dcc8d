/**
 * `npm run bench:generation:passes`: one prompt-only job of 30 s and one of 270 s, each twice in the same run:
 * through today's activities (the fast path: docs/generation.md, "Fast path") and through the previous
 * sequence of passes, rebuilt below from the same lower-level functions (fit, measure, limiter pass,
 * measure again, preview with its duration probe, duration probe, one upload after the other). Both sides
 * compose the same piece (same seed) with the same composer. Per-pass times come from running the passes one
 * by one; the end-to-end time of the fast path is the real activities (record, submit, poll, fetch, record,
 * upload, record) called in this process as bench:generation's baseline calls them. CPU time counts this
 * process and the ffmpeg/fluidsynth children it waited for, not MinIO or PostgreSQL.
 * `-- --json` prints one JSON object; `-- --durations 30,270 --repeat 2` changes the load.
 */
import { randomUUID } from 'node:crypto';
import { mkdir, mkdtemp, rm, stat, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { DefaultLogger, Runtime } from '@temporalio/worker';
import { createGenerationQueueActivities } from '../src/activities';
import { composeScore, fadeOutSeconds } from '../src/audio/composer/composer';
import { encodePreview, probeDuration } from '../src/audio/io/encode';
import { measureFileLoudness, type LoudnessMeasurement } from '../src/audio/io/loudness';
import { masterFilter, masterWav, planMaster, refineMaster, MASTER_CEILING_DBTP } from '../src/audio/io/master';
import { renderMidiToWav } from '../src/audio/composer/render';
import { resolveSoundfont } from '../src/audio/composer/soundfont';
import { filterToWav16, fitWavToLength, OUTPUT_SAMPLE_RATE } from '../src/audio/io/wav-fit';
import { loadConfig } from '../src/config';
import { createDatabase, createSqlPool } from '../src/db/client';
import { createActivityDependencies } from '../src/dependencies';
import { seedFromJobId } from '../src/shared/generation-naming';
import { createStorage, type ObjectStorage } from '../src/storage';
import { generationKeys, generationScratchKey } from '../src/storage/keys';
import { runJobDirectly } from './generation-direct';
import { argValue, numberListArg } from './cli-args';
import { processCpuMs } from './process-memory';

const CUSTOMER_ID = 'bench-generation-passes';
const PROMPT = 'light acoustic background for a product demo';
const PREVIEW_SECONDS = 30;
/** The previous master's limit on limiter passes (master.ts keeps the same). */
const MAX_LIMITER_PASSES = 3;

/** Wall and CPU milliseconds of one pass. */
interface PassTime {
  pass: string;
  wallMs: number;
  cpuMs: number;
}

interface PathFigures {
  passes: PassTime[];
  wallMs: number;
  cpuMs: number;
  ffmpegRuns: number;
  realTimeFactor: number;
}

interface JobFigures {
  durationSeconds: number;
  previous: PathFigures;
  fast: PathFigures;
  /** The fast path through the real activities, end to end (seven activity calls, database rows included). */
  fastActivities: { wallMs: number; cpuMs: number; realTimeFactor: number };
  masters: { previous: LoudnessMeasurement; fast: LoudnessMeasurement };
}

const cpuMs = (): number => processCpuMs('self');

class PassClock {
  readonly passes: PassTime[] = [];
  ffmpegRuns = 0;

  async time<T>(pass: string, work: () => Promise<T>, ffmpegRuns = 0): Promise<T> {
    const wallStart = performance.now();
    const cpuStart = cpuMs();
    const result = await work();
    this.passes.push({ pass, wallMs: performance.now() - wallStart, cpuMs: cpuMs() - cpuStart });
    this.ffmpegRuns += ffmpegRuns;
    return result;
  }

  figures(durationSeconds: number): PathFigures {
    const wallMs = this.passes.reduce((sum, pass) => sum + pass.wallMs, 0);
    return { passes: this.passes, wallMs, cpuMs: this.passes.reduce((sum, pass) => sum + pass.cpuMs, 0), ffmpegRuns: this.ffmpegRuns, realTimeFactor: (durationSeconds * 1000) / wallMs };
  }
}

interface Job {
  jobId: string;
  durationSeconds: number;
  dir: string;
  /** The soundfont the product's composer resolves to (SOUNDFONT_PATH, else the best installed), so both paths and the activities render alike. */
  soundfontPath: string;
  /** The composer's seed: a run's previous and fast paths compose the same piece, so their masters compare. */
  seed: number;
}

/** What both paths share: the composer's score, fluidsynth's render and the composer's fit, then the provider's upload. */
async function composeAndStore(clock: PassClock, storage: ObjectStorage, job: Job, composedKey: string): Promise<void> {
  const score = await clock.time('compose (score + MIDI)', async () => composeScore({ mood: 'calm', durationSeconds: job.durationSeconds, seed: job.seed }));
  const midiPath = path.join(job.dir, 'score.mid');
  const renderPath = path.join(job.dir, 'render.wav');
  const composedPath = path.join(job.dir, 'composed.wav');
  await writeFile(midiPath, score.midi);
  await clock.time('render (fluidsynth)', () => renderMidiToWav(midiPath, job.soundfontPath, renderPath, { sampleRate: OUTPUT_SAMPLE_RATE }));
  await clock.time('fit (composer)', () => fitWavToLength(renderPath, composedPath, job.durationSeconds, { fadeOutSeconds: fadeOutSeconds(job.durationSeconds, score.request.bpm) }), 1);
  await clock.time('upload composition', () => storage.putFile(composedKey, composedPath, 'audio/wav'));
}

/** The previous uploadResults: every step its own ffmpeg or ffprobe run, uploads one after the other. */
async function previousPath(storage: ObjectStorage, job: Job): Promise<{ figures: PathFigures; master: LoudnessMeasurement }> {
  const clock = new PassClock();
  const composedKey = generationScratchKey(job.jobId, 'composed.wav');
  const generatedKey = generationScratchKey(job.jobId, 'generated.wav');
  await composeAndStore(clock, storage, job, composedKey);
  const fetchedPath = path.join(job.dir, 'fetched.wav');
  await clock.time('fetch: download + upload', async () => {
    await storage.downloadToFile(composedKey, fetchedPath);
    await storage.putFile(generatedKey, fetchedPath, 'audio/wav');
  });
  const generatedPath = path.join(job.dir, 'generated.wav');
  const fittedPath = path.join(job.dir, 'fitted.wav');
  const masterPath = path.join(job.dir, 'master.wav');
  const previewPath = path.join(job.dir, 'preview.mp3');
  await clock.time('upload: download', () => storage.downloadToFile(generatedKey, generatedPath));
  await clock.time('fit (master)', () => fitWavToLength(generatedPath, fittedPath, job.durationSeconds, { fadeOutSeconds: Math.min(3, job.durationSeconds / 4) }), 1);
  const source = await clock.time('loudness (fitted)', () => measureFileLoudness(fittedPath), 1);
  let plan = planMaster(source);
  let loudness = source;
  for (let pass = 1; ; pass++) {
    const chain = masterFilter(plan);
    await clock.time(`gain/limiter pass ${pass}`, () => filterToWav16(fittedPath, masterPath, chain), 1);
    loudness = await clock.time(`loudness (pass ${pass})`, () => measureFileLoudness(masterPath), 1);
    const refined = pass < MAX_LIMITER_PASSES ? refineMaster(plan, source, loudness) : undefined;
    if (!refined) break;
    plan = refined;
  }
  if (loudness.truePeakDb > MASTER_CEILING_DBTP) {
    const trimmedPath = path.join(job.dir, 'trimmed.wav');
    const trimDb = Math.round((MASTER_CEILING_DBTP - loudness.truePeakDb - 0.01) * 100) / 100;
    await clock.time('trim', () => filterToWav16(masterPath, trimmedPath, `volume=${trimDb}dB`), 1);
    loudness = await clock.time('loudness (trim)', () => measureFileLoudness(trimmedPath), 1);
  }
  await clock.time('encode preview (probe + MP3)', () => encodePreview(masterPath, previewPath, { seconds: PREVIEW_SECONDS, bitrateKbps: 128 }), 2);
  await clock.time('probe master duration', () => probeDuration(masterPath), 1);
  const keys = generationKeys(CUSTOMER_ID, job.jobId);
  await clock.time('upload 3 objects (one by one)', async () => {
    await storage.putFile(keys.master, masterPath, 'audio/wav');
    await storage.putFile(keys.preview, previewPath, 'audio/mpeg');
    await storage.putBytes(keys.metadata, JSON.stringify({ bytes: (await stat(masterPath)).size }), 'application/json');
  });
  return { figures: clock.figures(job.durationSeconds), master: loudness };
}

/** Today's fetchGeneratedAudio and uploadResults, step by step: the same calls the activities make. */
async function fastPath(storage: ObjectStorage, job: Job): Promise<{ figures: PathFigures; master: LoudnessMeasurement }> {
  const clock = new PassClock();
  const composedKey = generationScratchKey(job.jobId, 'composed.wav');
  await composeAndStore(clock, storage, job, composedKey);
  // fetchGeneratedAudio hands the composition's own key on (MusicProvider.storedKey): no copy.
  const generatedPath = path.join(job.dir, 'generated.wav');
  const masterPath = path.join(job.dir, 'master.wav');
  const previewPath = path.join(job.dir, 'preview.mp3');
  await clock.time('upload: download', () => storage.downloadToFile(composedKey, generatedPath));
  const mastered = await clock.time('master: fit+loudness, then gain/limiter+WAV+MP3+loudness', () =>
    masterWav(generatedPath, masterPath, job.durationSeconds, {
      fadeOutSeconds: Math.min(3, job.durationSeconds / 4),
      preview: { path: previewPath, seconds: PREVIEW_SECONDS, bitrateKbps: 128 },
    }),
  );
  const keys = generationKeys(CUSTOMER_ID, job.jobId);
  await clock.time('upload 3 objects (2 parallel, then metadata)', async () => {
    await Promise.all([storage.putFile(keys.master, masterPath, 'audio/wav'), storage.putFile(keys.preview, previewPath, 'audio/mpeg')]);
    await storage.putBytes(keys.metadata, JSON.stringify({ bytes: (await stat(masterPath)).size }), 'application/json');
  });
  // masterWav's usual two runs; a repeated limiter pass or a trim would add one each.
  clock.ffmpegRuns += 2;
  return { figures: clock.figures(job.durationSeconds), master: mastered.loudness };
}

function parseArgs(argv: string[]): { json: boolean; durations: number[]; repeat: number } {
  return {
    json: argv.includes('--json'),
    durations: numberListArg(argv, '--durations', '30,270'),
    repeat: Math.max(1, Number(argValue(argv, '--repeat') ?? 1)),
  };
}

/** The faster of `repeat` runs of each side, alternating, so both see the same machine. */
function best(runs: PathFigures[]): PathFigures {
  return runs.reduce((a, b) => (b.wallMs < a.wallMs ? b : a));
}

async function main(): Promise<void> {
  const args = parseArgs(process.argv.slice(2));
  Runtime.install({ logger: new DefaultLogger('WARN') });
  const config = loadConfig();
  const db = createDatabase(config.databaseUrl);
  const sql = createSqlPool(config.databaseUrl, () => undefined, 2);
  const storage = createStorage(config.storage);
  const workflows = { isRunning: async () => false };
  const activities = createGenerationQueueActivities(createActivityDependencies(config, { db, sql, storage, workflows }));
  const configuredPath = config.providers.music.kind === 'local' ? config.providers.music.soundfontPath : undefined;
  const soundfont = await resolveSoundfont({ overridePath: configuredPath });
  const scratch = await mkdtemp(path.join(os.tmpdir(), 'bench-passes-'));
  const jobIds: string[] = [];
  const results: JobFigures[] = [];
  const newJob = async (durationSeconds: number, seed?: number): Promise<Job> => {
    const jobId = randomUUID();
    jobIds.push(jobId);
    const dir = path.join(scratch, jobId);
    await mkdir(dir);
    return { jobId, durationSeconds, dir, soundfontPath: soundfont.path, seed: seed ?? seedFromJobId(jobId) };
  };
  try {
    // Warm-up, not measured: the first fluidsynth and ffmpeg runs load the soundfont and libraries from disk,
    // the first activity calls connect to PostgreSQL and load the prompt's mood lexicon.
    await previousPath(storage, await newJob(5));
    await fastPath(storage, await newJob(5));
    await runJobDirectly(activities, { jobId: (await newJob(5)).jobId, customerId: CUSTOMER_ID, prompt: PROMPT, durationSeconds: 5 });
    for (const durationSeconds of args.durations) {
      const previousRuns: PathFigures[] = [];
      const fastRuns: PathFigures[] = [];
      const activityRuns: { wallMs: number; cpuMs: number }[] = [];
      let masters = {} as JobFigures['masters'];
      for (let run = 0; run < args.repeat; run++) {
        const previousJob = await newJob(durationSeconds);
        const previous = await previousPath(storage, previousJob);
        const fast = await fastPath(storage, await newJob(durationSeconds, previousJob.seed));
        previousRuns.push(previous.figures);
        fastRuns.push(fast.figures);
        masters = { previous: previous.master, fast: fast.master };
        const job = await newJob(durationSeconds);
        const wallStart = performance.now();
        const cpuStart = cpuMs();
        await runJobDirectly(activities, { jobId: job.jobId, customerId: CUSTOMER_ID, prompt: PROMPT, durationSeconds });
        activityRuns.push({ wallMs: performance.now() - wallStart, cpuMs: cpuMs() - cpuStart });
      }
      const activityBest = activityRuns.reduce((a, b) => (b.wallMs < a.wallMs ? b : a));
      results.push({
        durationSeconds,
        previous: best(previousRuns),
        fast: best(fastRuns),
        fastActivities: { ...activityBest, realTimeFactor: (durationSeconds * 1000) / activityBest.wallMs },
        masters,
      });
    }
  } finally {
    await cleanUp(storage, db, jobIds);
    await rm(scratch, { recursive: true, force: true });
    await Promise.allSettled([storage.close(), db.$disconnect(), sql.end()]);
  }
  report(args.json, results, configuredPath ? `${soundfont.name} (${configuredPath})` : soundfont.name);
}

async function cleanUp(storage: ObjectStorage, db: ReturnType<typeof createDatabase>, jobIds: string[]): Promise<void> {
  const rows = await db.generationJob.findMany({ where: { jobId: { in: jobIds } }, select: { providerTaskId: true } });
  const keys = jobIds.flatMap((jobId) => [
    ...Object.values(generationKeys(CUSTOMER_ID, jobId)),
    generationScratchKey(jobId, 'composed.wav'),
    generationScratchKey(jobId, 'generated.wav'),
  ]);
  keys.push(...rows.map((row) => row.providerTaskId).filter((key): key is string => Boolean(key)));
  await storage.deleteMany(keys);
  await db.generationJob.deleteMany({ where: { jobId: { in: jobIds } } });
}

const ms = (value: number) => `${Math.round(value)}`;

function report(json: boolean, results: JobFigures[], soundfont: string): void {
  if (json) {
    console.log(JSON.stringify({ soundfont, jobs: results }, null, 2));
    return;
  }
  console.log(`\nSoundfont: ${soundfont}`);
  for (const result of results) {
    console.log(`\n${result.durationSeconds} s job (wall ms / CPU ms per pass; CPU = this process + its ffmpeg/fluidsynth children)`);
    for (const [label, figures] of [['previous passes', result.previous], ['fast path', result.fast]] as const) {
      console.log(`  ${label}: ${ms(figures.wallMs)} ms wall, ${ms(figures.cpuMs)} ms CPU, ${figures.ffmpegRuns} ffmpeg/ffprobe runs, ${figures.realTimeFactor.toFixed(1)}× real time`);
      for (const pass of figures.passes) console.log(`    ${pass.pass.padEnd(58)} ${ms(pass.wallMs).padStart(6)} ${ms(pass.cpuMs).padStart(6)}`);
    }
    const activities = result.fastActivities;
    console.log(`  fast path through the real activities (7 calls, database rows): ${ms(activities.wallMs)} ms wall, ${ms(activities.cpuMs)} ms CPU, ${activities.realTimeFactor.toFixed(1)}× real time`);
    const { previous, fast } = result.masters;
    console.log(`  masters of the same piece: previous ${previous.integratedLufs} LUFS / ${previous.truePeakDb} dBTP, fast ${fast.integratedLufs} LUFS / ${fast.truePeakDb} dBTP`);
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});
