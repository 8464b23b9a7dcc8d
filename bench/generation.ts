/**
 * Generation benchmark (issue 5): N concurrent prompt-only musicGenerationWorkflows with the local
 * composer on one worker process, beside the same activities called directly in this process (the
 * baseline, measured in the same run). `npm run bench:generation` prints a table; `-- --json` prints
 * one JSON object; `-- --sizes 10,50 --duration 5` changes the load. Services must be up.
 */
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
import { startWorkerChild } from '../test/support/worker-child';
import { percentile } from './audio-metrics';
import { removeGenerationOutput } from './generation-cleanup';
import { runBounded, runJobDirectly, type BenchJob } from './generation-direct';
import { argValue, numberListArg } from './cli-args';
import { residentMb, sampledPeak } from './process-memory';

const CUSTOMER_ID = 'bench-generation';
const PROMPT = 'light acoustic background for a product demo';
const WARM_UP_JOBS = 2;

interface ModeFigures {
  wallSeconds: number;
  p50Seconds: number;
  p95Seconds: number;
  jobsPerMinute: number;
  peakRssMb: number;
}

interface SizeFigures {
  jobs: number;
  workflow: ModeFigures;
  direct: ModeFigures;
  /** (workflow wall time − direct wall time) / jobs: what Temporal adds per job at this load. */
  overheadPerJobMs: number;
}

function parseArgs(argv: string[]): { json: boolean; sizes: number[]; durationSeconds: number } {
  return {
    json: argv.includes('--json'),
    sizes: numberListArg(argv, '--sizes', '10,50,200').filter(Number.isInteger),
    durationSeconds: Number(argValue(argv, '--duration') ?? 5),
  };
}

function figures(completedMs: number[], wallMs: number, peakRssMb: number): ModeFigures {
  const round = (x: number, digits = 2) => Number(x.toFixed(digits));
  return {
    wallSeconds: round(wallMs / 1000),
    p50Seconds: round(percentile(completedMs, 50) / 1000),
    p95Seconds: round(percentile(completedMs, 95) / 1000),
    jobsPerMinute: round((completedMs.length / wallMs) * 60_000, 1),
    peakRssMb: round(peakRssMb, 0),
  };
}

function benchJobs(count: number, durationSeconds: number): BenchJob[] {
  return Array.from({ length: count }, () => ({ jobId: randomUUID(), customerId: CUSTOMER_ID, prompt: PROMPT, durationSeconds }));
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

  const worker = await startWorkerChild(taskQueue, { MUSIC_PROVIDER: 'local' });
  const workerPid = worker.process.pid!;
  const results: SizeFigures[] = [];
  const benchJobsRun: BenchJob[] = [];
  try {
    // Warm-up, not measured: the worker's first workflow threads and both sides' first renders.
    const warmUp = benchJobs(WARM_UP_JOBS, args.durationSeconds);
    benchJobsRun.push(...warmUp);
    await Promise.all(warmUp.map((job) => runWorkflow(client, taskQueue, job, config.generationPolicy)));
    const warmUpDirect = benchJobs(WARM_UP_JOBS, args.durationSeconds);
    benchJobsRun.push(...warmUpDirect);
    await runBounded(warmUpDirect, slots, (job) => runJobDirectly(activities, job));

    for (const size of args.sizes) {
      log(`${size} jobs of ${args.durationSeconds} s: workflows…`);
      const viaWorkflows = benchJobs(size, args.durationSeconds);
      benchJobsRun.push(...viaWorkflows);
      const workflowStart = performance.now();
      const workflowRun = await sampledPeak(workerPid, () =>
        Promise.all(
          viaWorkflows.map(async (job) => {
            await runWorkflow(client, taskQueue, job, config.generationPolicy);
            return performance.now() - workflowStart;
          }),
        ),
      );
      const workflowWallMs = performance.now() - workflowStart;

      log(`${size} jobs of ${args.durationSeconds} s: direct activity calls…`);
      const direct = benchJobs(size, args.durationSeconds);
      benchJobsRun.push(...direct);
      const directStart = performance.now();
      const directRun = await sampledPeak('self', () => runBounded(direct, slots, (job) => runJobDirectly(activities, job)));
      const directWallMs = performance.now() - directStart;

      results.push({
        jobs: size,
        workflow: figures(workflowRun.value, workflowWallMs, workflowRun.peakMb),
        direct: figures(directRun.value, directWallMs, directRun.peakMb),
        overheadPerJobMs: Math.round((workflowWallMs - directWallMs) / size),
      });
    }
  } finally {
    const workerPeakMb = residentMb(workerPid, 'VmHWM');
    await worker.stop();
    await removeGenerationOutput(benchJobsRun, { db, storage });
    await Promise.allSettled([client.connection.close(), db.$disconnect(), sql.end(), storage.close()]);
    report(args, results, slots, workerPeakMb);
  }
}

async function runWorkflow(client: Client, taskQueue: string, job: BenchJob, policy: GenerationInput['policy']): Promise<void> {
  const input: GenerationInput = { ...job, policy };
  const handle = await client.workflow.start('musicGenerationWorkflow', { taskQueue, workflowId: `generation-${job.jobId}`, args: [input] });
  await handle.result();
}

function report(args: { json: boolean; durationSeconds: number }, results: SizeFigures[], slots: number, workerPeakMb: number): void {
  const summary = {
    date: new Date().toISOString().slice(0, 10),
    machine: { cpus: os.cpus().length, node: process.version },
    durationSeconds: args.durationSeconds,
    activitySlots: slots,
    workerPeakRssMb: Math.round(workerPeakMb),
    results,
  };
  if (args.json) {
    console.log(JSON.stringify(summary));
    return;
  }
  console.log(`\n${summary.date}, ${summary.machine.cpus} CPUs, Node ${summary.machine.node}; ${args.durationSeconds} s prompt-only jobs, local composer, ${slots} activity slots`);
  console.log('| jobs | mode | wall s | p50 s | p95 s | jobs/min | peak RSS MB | overhead/job ms |');
  console.log('|---:|---|---:|---:|---:|---:|---:|---:|');
  for (const r of results) {
    const row = (mode: string, f: ModeFigures, overhead: string) =>
      `| ${r.jobs} | ${mode} | ${f.wallSeconds} | ${f.p50Seconds} | ${f.p95Seconds} | ${f.jobsPerMinute} | ${f.peakRssMb} | ${overhead} |`;
    console.log(row('workflow (worker process)', r.workflow, String(r.overheadPerJobMs)));
    console.log(row('direct calls (baseline)', r.direct, '–'));
  }
  console.log(`worker process peak RSS over the run (VmHWM): ${summary.workerPeakRssMb} MB`);
}

main().catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});
