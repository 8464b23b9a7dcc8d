/**
 * Generation benchmark (issues 5 and 15): N concurrent prompt-only musicGenerationWorkflows with the local
 * composer on one worker process running this checkout's code, beside (measured in the same run) one worker
 * process running the baseline commit's code (`--baseline <ref>`, DEFAULT_BASELINE_REF by default, bench/baseline-checkout.ts;
 * `--baseline none` skips it) and the same activities called directly in this process (no Temporal).
 * `npm run bench:generation` prints a table; `-- --json` prints one JSON object; `-- --sizes 10,50 --duration 5`
 * changes the load. Services must be up. This checkout's worker loads the workflow bundle that scripts/start.sh
 * prebuilds, as `npm start` runs it; the baseline's worker bundles at start, as `npm start` did before 2026-12-05.
 */
import { execFileSync } from 'node:child_process';
import path from 'node:path';
import { randomUUID } from 'node:crypto';
import os from 'node:os';
import type { Client } from '@temporalio/client';
import { DefaultLogger, Runtime } from '@temporalio/worker';
import { createGenerationQueueActivities } from '../src/activities';
import { loadConfig } from '../src/config';
import { createDatabase, createSqlPool } from '../src/db/client';
import { createActivityDependencies } from '../src/dependencies';
import type { GenerationInput } from '../src/contracts/music-generation';
import { createStorage } from '../src/storage';
import { connectClient, workflowLiveness } from '../src/temporal-connection';
import { startWorkerChild, type WorkerChild } from '../test/support/worker-child';
import { percentile } from './audio-metrics';
import { forgetCompositions, removeGenerationOutput } from './generation-cleanup';
import { runBounded, runJobDirectly, type BenchJob } from './generation-direct';
import { argValue, numberListArg } from './cli-args';
import { jobRoundTrips, meanRoundTrips, type JobRoundTrips } from './generation-history';
import { DEFAULT_BASELINE_REF, checkoutBaseline, type BaselineCheckout } from './baseline-checkout';
import { processCpuMs, residentMb, sampledPeak } from './process-memory';
import { spearmanStartToFinish } from './start-order';
import { resolveSoundfont } from '../src/audio/composer/soundfont';

const CUSTOMER_ID = 'bench-generation';
const PROMPT = 'light acoustic background for a product demo';
const WARM_UP_JOBS = 2;

interface ModeFigures {
  wallSeconds: number;
  p50Seconds: number;
  p95Seconds: number;
  jobsPerMinute: number;
  /** p50 completion / wall time: near 0.5 when jobs finish one after another, near 1 when all finish at the end. */
  p50OverWall: number;
  /** Spearman's ρ between start order and finish order. */
  spearman: number;
  peakRssMb: number;
  /** CPU time of the process that ran the jobs, with its reaped fluidsynth/ffmpeg children (not the server's, MinIO's or PostgreSQL's). */
  cpuSeconds: number;
  /** Per job, from the histories (workflows only). */
  roundTrips?: JobRoundTrips;
}

interface SizeFigures {
  jobs: number;
  /** 1-minute load average when this size finished. */
  loadAverage1m: number;
  baseline?: ModeFigures;
  workflow: ModeFigures;
  direct: ModeFigures;
  /** (workflow wall time − direct wall time) / jobs: what Temporal adds per job at this load. */
  overheadPerJobMs: number;
  baselineOverheadPerJobMs?: number;
}

function parseArgs(argv: string[]): { json: boolean; sizes: number[]; durationSeconds: number; baseline: string } {
  return {
    json: argv.includes('--json'),
    sizes: numberListArg(argv, '--sizes', '10,50,200').filter(Number.isInteger),
    durationSeconds: Number(argValue(argv, '--duration') ?? 5),
    baseline: argValue(argv, '--baseline') ?? DEFAULT_BASELINE_REF,
  };
}

function figures(completedMs: number[], wallMs: number, peakRssMb: number, cpuMs: number): ModeFigures {
  const round = (x: number, digits = 2) => Number(x.toFixed(digits));
  return {
    wallSeconds: round(wallMs / 1000),
    p50Seconds: round(percentile(completedMs, 50) / 1000),
    p95Seconds: round(percentile(completedMs, 95) / 1000),
    jobsPerMinute: round((completedMs.length / wallMs) * 60_000, 1),
    p50OverWall: round(percentile(completedMs, 50) / wallMs),
    spearman: round(spearmanStartToFinish(completedMs)),
    peakRssMb: round(peakRssMb, 0),
    cpuSeconds: round(cpuMs / 1000),
  };
}

/**
 * Each mode runs batch b's i-th job on the same piece (same seed), so the modes compare on the same music; batches
 * differ, so repeated sizes (`--sizes 1,1,1`) measure different pieces (the composer's arrangements vary in weight).
 * The composer keeps a composition under a key derived from its request and does not render an equal request again,
 * so each mode's batch ends with `forgetCompositions`: every mode renders its pieces itself.
 */
function benchJobs(count: number, durationSeconds: number, batch: number): BenchJob[] {
  return Array.from({ length: count }, (_, i) => ({ jobId: randomUUID(), customerId: CUSTOMER_ID, prompt: PROMPT, durationSeconds, seed: 1000 * (batch + 1) + i }));
}

async function main(): Promise<void> {
  const args = parseArgs(process.argv.slice(2));
  Runtime.install({ logger: new DefaultLogger('WARN') });
  const config = loadConfig();
  const client = await connectClient(config.temporal);
  const db = createDatabase(config.databaseUrl);
  const sql = createSqlPool(config.databaseUrl, () => undefined, 2);
  const storage = createStorage(config.storage);
  const activities = createGenerationQueueActivities(createActivityDependencies(config, { db, sql, storage, workflows: workflowLiveness(client) }));
  const slots = config.worker.activityConcurrency.generation;
  const taskQueue = `bench-generation-${randomUUID()}`;
  const log = (line: string) => {
    if (!args.json) console.log(line);
  };

  const checkout: BaselineCheckout | undefined = args.baseline === 'none' ? undefined : checkoutBaseline(args.baseline);
  const baselineQueue = `${taskQueue}-baseline`;
  const worker = await startWorkerChild(taskQueue, { MUSIC_PROVIDER: 'local', WORKFLOW_BUNDLE_PATH: prebuildWorkflowBundle() }, { readyTimeoutMs: 300_000 });
  let baselineWorker: WorkerChild | undefined;
  const workerPid = worker.process.pid!;
  const results: SizeFigures[] = [];
  const benchJobsRun: BenchJob[] = [];
  /** The jobs through one worker process, started at once; completion times from the batch's start. */
  const viaWorker = async (queue: string, pid: number, jobs: BenchJob[]): Promise<ModeFigures> => {
    benchJobsRun.push(...jobs);
    const cpuStart = processCpuMs(pid);
    const startedAt = performance.now();
    // Started one after another (that is their start order), as an API client's burst would be.
    const run = await sampledPeak(pid, async () => {
      const finishing: Promise<number>[] = [];
      for (const job of jobs) {
        const handle = await startWorkflow(client, queue, job, config.generationPolicy);
        finishing.push(handle.result().then(() => performance.now() - startedAt));
      }
      return Promise.all(finishing);
    });
    const measured = figures(run.value, performance.now() - startedAt, run.peakMb, processCpuMs(pid) - cpuStart);
    await forgetCompositions(jobs, { db, storage });
    const histories = await Promise.all(jobs.map((job) => jobRoundTrips(client, `generation-${job.jobId}`)));
    return { ...measured, roundTrips: meanRoundTrips(histories) };
  };
  try {
    baselineWorker = checkout && (await startWorkerChild(baselineQueue, { MUSIC_PROVIDER: 'local' }, { root: checkout.root, readyTimeoutMs: 300_000 }));
    // Warm-up, not measured: the workers' first workflow threads and every side's first renders.
    const warmUp = benchJobs(WARM_UP_JOBS, args.durationSeconds, -1);
    benchJobsRun.push(...warmUp);
    await Promise.all(warmUp.map((job) => runWorkflow(client, taskQueue, job, config.generationPolicy)));
    await forgetCompositions(warmUp, { db, storage });
    if (baselineWorker) {
      const warmUpBaseline = benchJobs(WARM_UP_JOBS, args.durationSeconds, -1);
      benchJobsRun.push(...warmUpBaseline);
      await Promise.all(warmUpBaseline.map((job) => runWorkflow(client, baselineQueue, job, config.generationPolicy)));
      await forgetCompositions(warmUpBaseline, { db, storage });
    }
    const warmUpDirect = benchJobs(WARM_UP_JOBS, args.durationSeconds, -1);
    benchJobsRun.push(...warmUpDirect);
    await runBounded(warmUpDirect, slots, (job) => runJobDirectly(activities, job));
    await forgetCompositions(warmUpDirect, { db, storage });

    for (const [batch, size] of args.sizes.entries()) {
      let baseline: ModeFigures | undefined;
      if (baselineWorker) {
        log(`${size} jobs of ${args.durationSeconds} s: workflows on ${checkout!.ref} (${checkout!.commit})…`);
        baseline = await viaWorker(baselineQueue, baselineWorker.process.pid!, benchJobs(size, args.durationSeconds, batch));
      }
      log(`${size} jobs of ${args.durationSeconds} s: workflows on this checkout…`);
      const workflow = await viaWorker(taskQueue, workerPid, benchJobs(size, args.durationSeconds, batch));

      log(`${size} jobs of ${args.durationSeconds} s: direct activity calls…`);
      const direct = benchJobs(size, args.durationSeconds, batch);
      benchJobsRun.push(...direct);
      const cpuStart = processCpuMs('self');
      const directStart = performance.now();
      const directRun = await sampledPeak('self', () => runBounded(direct, slots, (job) => runJobDirectly(activities, job)));
      const directWallMs = performance.now() - directStart;
      const directFigures = figures(directRun.value, directWallMs, directRun.peakMb, processCpuMs('self') - cpuStart);
      await forgetCompositions(direct, { db, storage });
      const overheadMs = (mode: ModeFigures) => Math.round(((mode.wallSeconds - directFigures.wallSeconds) * 1000) / size);

      results.push({
        jobs: size,
        loadAverage1m: Number(os.loadavg()[0]!.toFixed(1)),
        baseline,
        workflow,
        direct: directFigures,
        overheadPerJobMs: overheadMs(workflow),
        baselineOverheadPerJobMs: baseline && overheadMs(baseline),
      });
    }
  } finally {
    const workerPeakMb = residentMb(workerPid, 'VmHWM');
    await Promise.allSettled([worker.stop(), baselineWorker?.stop()]);
    checkout?.remove();
    await removeGenerationOutput(benchJobsRun, { db, storage });
    await Promise.allSettled([client.connection.close(), db.$disconnect(), sql.end(), storage.close()]);
    report(args, results, slots, config.worker.generationAudioLanes, (await resolveSoundfont({ overridePath: config.providers.music.kind === 'local' ? config.providers.music.soundfontPath : undefined })).name, workerPeakMb, checkout);
  }
}

/** What `npm start` runs before its worker (scripts/start.sh): the workflow bundle, written by a process of its own. */
function prebuildWorkflowBundle(): string {
  const root = path.resolve(__dirname, '..');
  execFileSync(process.execPath, ['--import', 'tsx', 'scripts/bundle-workflows.ts'], { cwd: root, stdio: ['ignore', 'ignore', 'inherit'] });
  return path.join(root, 'dist', 'workflow-bundle.js');
}

function startWorkflow(client: Client, taskQueue: string, job: BenchJob, policy: GenerationInput['policy']) {
  const input: GenerationInput = { ...job, policy };
  return client.workflow.start('musicGenerationWorkflow', { taskQueue, workflowId: `generation-${job.jobId}`, args: [input] });
}

async function runWorkflow(client: Client, taskQueue: string, job: BenchJob, policy: GenerationInput['policy']): Promise<void> {
  await (await startWorkflow(client, taskQueue, job, policy)).result();
}

function report(args: ReturnType<typeof parseArgs>, results: SizeFigures[], slots: number, lanes: number, soundfont: string, workerPeakMb: number, checkout: BaselineCheckout | undefined): void {
  const summary = {
    soundfont,
    audioLanes: lanes,
    date: new Date().toISOString().slice(0, 10),
    machine: { cpus: os.cpus().length, node: process.version },
    durationSeconds: args.durationSeconds,
    activitySlots: slots,
    baseline: checkout && { ref: checkout.ref, commit: checkout.commit },
    workerPeakRssMb: Math.round(workerPeakMb),
    results,
  };
  if (args.json) {
    console.log(JSON.stringify(summary));
    return;
  }
  console.log(
    `\n${summary.date}, ${summary.machine.cpus} CPUs, Node ${summary.machine.node}; ${args.durationSeconds} s prompt-only jobs, local composer (${soundfont}), ${slots} activity slots, ${lanes} audio lane(s) on this checkout`,
  );
  console.log('| jobs | mode | wall s | p50 s | p95 s | p50 / wall | ρ start→finish | jobs/min | CPU s | peak RSS MB | overhead/job ms | load avg |');
  console.log('|---:|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|');
  for (const r of results) {
    const row = (mode: string, f: ModeFigures, overhead: string) =>
      `| ${r.jobs} | ${mode} | ${f.wallSeconds} | ${f.p50Seconds} | ${f.p95Seconds} | ${f.p50OverWall} | ${f.spearman} | ${f.jobsPerMinute} | ${f.cpuSeconds} | ${f.peakRssMb} | ${overhead} | ${r.loadAverage1m} |`;
    if (r.baseline) console.log(row(`workflow, baseline ${checkout!.ref} (${checkout!.commit})`, r.baseline, String(r.baselineOverheadPerJobMs)));
    console.log(row('workflow, this checkout', r.workflow, String(r.overheadPerJobMs)));
    console.log(row('direct calls (no Temporal)', r.direct, '–'));
  }
  console.log('\nPer job, from the workflow histories (means):');
  console.log('| jobs | mode | workflow tasks | activity tasks | local activities | ms outside activity tasks |');
  console.log('|---:|---|---:|---:|---:|---:|');
  for (const r of results) {
    const row = (mode: string, t: JobRoundTrips | undefined) =>
      t && `| ${r.jobs} | ${mode} | ${t.workflowTasks} | ${t.activityTasks} | ${t.localActivities} | ${t.outsideActivityTasksMs} |`;
    if (r.baseline?.roundTrips) console.log(row(`baseline ${checkout!.ref}`, r.baseline.roundTrips));
    if (r.workflow.roundTrips) console.log(row('this checkout', r.workflow.roundTrips));
  }
  console.log(`worker process (this checkout) peak RSS over the run (VmHWM): ${summary.workerPeakRssMb} MB`);
}
main().catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});
