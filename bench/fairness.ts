/**
 * Scheduling benchmark (issues 10 and 15): the same generation workflows, started through the product's
 * client, on two private Temporal dev servers started by scripts/services.sh, each with one worker process
 * like `npm run worker`'s generation worker: this checkout's code (127.0.0.1:7260, `--slots N` generation
 * activity slots, the product's default otherwise) and the baseline's (127.0.0.1:7261): the code of
 * `--baseline <ref>` (default DEFAULT_BASELINE_REF, bench/baseline-checkout.ts) with task-queue priority and fairness on and
 * its own default slots, or `--baseline fifo`: this checkout's code on a server with them off, as the server
 * ships (TEMPORAL_FAIRNESS=off). Prints, side by side:
 *   (a) customer A starts 40 jobs, then customer B one: how many of A's jobs finish before B's;
 *   (b) bursts of one customer's jobs: jobs per minute, p50/p95 completion, p50 / wall time and the
 *       Spearman rank correlation between start order and finish order.
 * `npm run bench:fairness [-- --sizes 10,50,200 --duration 5 --burst-a 40 --baseline main --slots 2 --json]`; `--burst-a 0` skips (a), `--sizes 0` skips (b).
 * PostgreSQL and MinIO must be up (the shared Temporal server on 7233 is not used).
 */
import { execFile } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import type { Client } from '@temporalio/client';
import { DefaultLogger, Runtime } from '@temporalio/worker';
import { InfinityMixClient } from '../src/client';
import { loadConfig, type AppConfig } from '../src/config';
import { createDatabase } from '../src/db/client';
import { createStorage } from '../src/storage';
import { connectClient } from '../src/temporal-connection';
import { startWorkerChild, type WorkerChild } from '../test/support/worker-child';
import { percentile } from './audio-metrics';
import { removeGenerationOutput } from './generation-cleanup';
import type { BenchJob } from './generation-direct';
import { DEFAULT_BASELINE_REF, checkoutBaseline, type BaselineCheckout } from './baseline-checkout';
import { argValue, numberListArg } from './cli-args';
import { spearmanStartToFinish } from './start-order';

const run = promisify(execFile);
const SERVICES_SCRIPT = path.resolve(__dirname, '..', 'scripts', 'services.sh');
const PROMPT = 'light acoustic background for a product demo';
const WARM_UP_JOBS = 2;
/** A worker on a loaded machine takes minutes to compile and bundle its workflow code. */
const WORKER_READY_TIMEOUT_MS = 300_000;

interface SchedulingMode {
  name: string;
  label: string;
  port: number;
  uiPort: number;
  fairness: 'on' | 'off';
  /** The checkout whose worker code runs; this one when absent. */
  checkout?: BaselineCheckout;
  /** GENERATION_ACTIVITY_CONCURRENCY for its worker; the code's default when absent. */
  slots?: number;
}

function schedulingModes(args: ReturnType<typeof parseArgs>, checkout: BaselineCheckout | undefined): SchedulingMode[] {
  const slots = args.slots === undefined ? 'default slots' : `${args.slots} slots`;
  const baseline: SchedulingMode = checkout
    ? { name: 'baseline', label: `${checkout.ref} (${checkout.commit}), default slots`, port: 7261, uiPort: 8261, fairness: 'on', checkout }
    : { name: 'baseline', label: 'FIFO, no fairness (this checkout)', port: 7261, uiPort: 8261, fairness: 'off', slots: args.slots };
  return [baseline, { name: 'new', label: `this checkout, ${slots}`, port: 7260, uiPort: 8260, fairness: 'on', slots: args.slots }];
}

interface RunningMode {
  mode: SchedulingMode;
  dataDir: string;
  client: Client;
  generations: InfinityMixClient;
  worker: WorkerChild;
}

interface FairnessFigures {
  mode: string;
  /** How many of A's jobs finished before B's single job. */
  aJobsBeforeB: number;
  bDoneSeconds: number;
  aTenthDoneSeconds: number;
  aLastDoneSeconds: number;
}

interface BurstFigures {
  mode: string;
  jobs: number;
  wallSeconds: number;
  jobsPerMinute: number;
  p50Seconds: number;
  p95Seconds: number;
  p50OverWall: number;
  spearman: number;
}

function parseArgs(argv: string[]): { json: boolean; sizes: number[]; durationSeconds: number; burstA: number; baseline: string; slots: number | undefined } {
  return {
    json: argv.includes('--json'),
    sizes: numberListArg(argv, '--sizes', '10,50,200').filter(Number.isInteger),
    durationSeconds: Number(argValue(argv, '--duration') ?? 5),
    burstA: Number(argValue(argv, '--burst-a') ?? 40),
    baseline: argValue(argv, '--baseline') ?? DEFAULT_BASELINE_REF,
    slots: argValue(argv, '--slots') === undefined ? undefined : Number(argValue(argv, '--slots')),
  };
}

function serviceEnv(mode: SchedulingMode, dataDir: string): NodeJS.ProcessEnv {
  return {
    ...process.env,
    TEMPORAL_PORT: String(mode.port),
    TEMPORAL_UI_PORT: String(mode.uiPort),
    TEMPORAL_FAIRNESS: mode.fairness,
    INFINITYMIX_DATA_DIR: dataDir,
  };
}

async function startMode(mode: SchedulingMode, config: AppConfig): Promise<RunningMode> {
  const dataDir = mkdtempSync(path.join(os.tmpdir(), `bench-fairness-${mode.name}-`));
  await run('bash', [SERVICES_SCRIPT, 'up', 'temporal'], { env: serviceEnv(mode, dataDir), timeout: 180_000 });
  const address = `127.0.0.1:${mode.port}`;
  const client = await connectClient({ ...config.temporal, address });
  const taskQueue = `bench-fairness-${randomUUID()}`;
  const slots = mode.slots === undefined ? {} : { GENERATION_ACTIVITY_CONCURRENCY: String(mode.slots) };
  try {
    const worker = await startWorkerChild(taskQueue, { MUSIC_PROVIDER: 'local', TEMPORAL_ADDRESS: address, ...slots }, { root: mode.checkout?.root, readyTimeoutMs: WORKER_READY_TIMEOUT_MS });
    return { mode, dataDir, client, generations: new InfinityMixClient(client, { taskQueue }), worker };
  } catch (error) {
    await client.connection.close();
    await run('bash', [SERVICES_SCRIPT, 'down', 'temporal'], { env: serviceEnv(mode, dataDir), timeout: 60_000 });
    rmSync(dataDir, { recursive: true, force: true });
    throw error;
  }
}

/** `interrupted`: jobs may still be waited on, and closing the connection under them would throw. */
async function stopMode(running: RunningMode, interrupted = false): Promise<void> {
  await running.worker.stop();
  if (!interrupted) await running.client.connection.close();
  await run('bash', [SERVICES_SCRIPT, 'down', 'temporal'], { env: serviceEnv(running.mode, running.dataDir), timeout: 60_000 });
  rmSync(running.dataDir, { recursive: true, force: true });
}

function benchJobs(count: number, customerId: string, durationSeconds: number): BenchJob[] {
  return Array.from({ length: count }, () => ({ jobId: randomUUID(), customerId, prompt: PROMPT, durationSeconds }));
}

/**
 * Starts the jobs one after another (that is their start order) and waits for all; resolves with each
 * job's completion time in ms from the first start, and the batch's wall time.
 */
async function runBatch(running: RunningMode, jobs: readonly BenchJob[], policy: AppConfig['generationPolicy']): Promise<{ completedMs: number[]; wallMs: number }> {
  const startedAt = performance.now();
  const results: Promise<number>[] = [];
  for (const job of jobs) {
    const { workflowId } = await running.generations.startGeneration({ ...job, policy });
    results.push(running.client.workflow.getHandle(workflowId).result().then(() => performance.now() - startedAt));
  }
  const completedMs = await Promise.all(results);
  return { completedMs, wallMs: performance.now() - startedAt };
}

async function measureFairness(running: RunningMode, aJobs: number, durationSeconds: number, policy: AppConfig['generationPolicy'], spent: BenchJob[]): Promise<FairnessFigures> {
  const jobs = [...benchJobs(aJobs, 'bench-customer-a', durationSeconds), ...benchJobs(1, 'bench-customer-b', durationSeconds)];
  spent.push(...jobs);
  const { completedMs } = await runBatch(running, jobs, policy);
  const bDoneMs = completedMs.at(-1)!;
  const aDoneMs = completedMs.slice(0, -1).sort((a, b) => a - b);
  const seconds = (ms: number) => Number((ms / 1000).toFixed(1));
  return {
    mode: running.mode.name,
    aJobsBeforeB: aDoneMs.filter((ms) => ms < bDoneMs).length,
    bDoneSeconds: seconds(bDoneMs),
    aTenthDoneSeconds: seconds(aDoneMs[Math.min(9, aDoneMs.length - 1)]!),
    aLastDoneSeconds: seconds(aDoneMs.at(-1)!),
  };
}

async function measureBurst(running: RunningMode, size: number, durationSeconds: number, policy: AppConfig['generationPolicy'], spent: BenchJob[]): Promise<BurstFigures> {
  const jobs = benchJobs(size, 'bench-customer-burst', durationSeconds);
  spent.push(...jobs);
  const { completedMs, wallMs } = await runBatch(running, jobs, policy);
  const p50 = percentile(completedMs, 50);
  return {
    mode: running.mode.name,
    jobs: size,
    wallSeconds: Number((wallMs / 1000).toFixed(1)),
    jobsPerMinute: Number(((size / wallMs) * 60_000).toFixed(1)),
    p50Seconds: Number((p50 / 1000).toFixed(1)),
    p95Seconds: Number((percentile(completedMs, 95) / 1000).toFixed(1)),
    p50OverWall: Number((p50 / wallMs).toFixed(2)),
    spearman: Number(spearmanStartToFinish(completedMs).toFixed(2)),
  };
}

async function main(): Promise<void> {
  const args = parseArgs(process.argv.slice(2));
  Runtime.install({ logger: new DefaultLogger('WARN') });
  const config = loadConfig();
  const checkout = args.baseline === 'fifo' ? undefined : checkoutBaseline(args.baseline);
  const modes = schedulingModes(args, checkout);
  const db = createDatabase(config.databaseUrl);
  const storage = createStorage(config.storage);
  const log = (line: string) => {
    if (!args.json) console.log(line);
  };
  const spent: BenchJob[] = [];
  const running: RunningMode[] = [];
  const fairness: FairnessFigures[] = [];
  const bursts: BurstFigures[] = [];
  const cleanUp = async (interrupted: boolean) => {
    await Promise.allSettled(running.splice(0).map((mode) => stopMode(mode, interrupted)));
    await removeGenerationOutput(spent.splice(0), { db, storage });
    await Promise.allSettled([db.$disconnect(), storage.close()]);
    checkout?.remove();
  };
  // Ctrl-C or a kill stops the private servers and workers and removes the jobs' output before exiting.
  for (const signal of ['SIGINT', 'SIGTERM'] as const) {
    process.once(signal, () => {
      log(`${signal}: stopping the private servers…`);
      void cleanUp(true).finally(() => process.exit(130));
    });
  }
  try {
    for (const mode of modes) {
      log(`starting the ${mode.name} server on 127.0.0.1:${mode.port} and its worker…`);
      const started = await startMode(mode, config);
      running.push(started);
      // Warm-up, not measured: the worker's first workflow threads and renders.
      const warmUp = benchJobs(WARM_UP_JOBS, 'bench-customer-warm-up', args.durationSeconds);
      spent.push(...warmUp);
      await runBatch(started, warmUp, config.generationPolicy);
    }
    // Modes alternate inside each scenario, so a change in the machine's load hits both alike.
    for (const mode of args.burstA > 0 ? running : []) {
      log(`(a) ${mode.mode.name}: customer A starts ${args.burstA} jobs, then customer B one…`);
      fairness.push(await measureFairness(mode, args.burstA, args.durationSeconds, config.generationPolicy, spent));
      log(`  ${JSON.stringify(fairness.at(-1))} (load ${os.loadavg()[0]!.toFixed(1)})`);
    }
    for (const size of args.sizes) {
      for (const mode of running) {
        log(`(b) ${mode.mode.name}: burst of ${size} jobs…`);
        bursts.push(await measureBurst(mode, size, args.durationSeconds, config.generationPolicy, spent));
        log(`  ${JSON.stringify(bursts.at(-1))} (load ${os.loadavg()[0]!.toFixed(1)})`);
      }
    }
  } finally {
    await cleanUp(false);
  }
  report(args, config, modes, fairness, bursts);
}

function report(args: ReturnType<typeof parseArgs>, config: AppConfig, modes: SchedulingMode[], fairness: FairnessFigures[], bursts: BurstFigures[]): void {
  const summary = {
    date: new Date().toISOString().slice(0, 10),
    machine: { cpus: os.cpus().length, loadAverage1m: Number(os.loadavg()[0]!.toFixed(1)), node: process.version },
    durationSeconds: args.durationSeconds,
    activitySlots: args.slots ?? config.worker.activityConcurrency.generation,
    modes: modes.map(({ name, label }) => ({ name, label })),
    workflowTaskSlots: config.worker.workflowTaskConcurrency.generation,
    fairness,
    bursts,
  };
  if (args.json) {
    console.log(JSON.stringify(summary));
    return;
  }
  const label = (name: string) => modes.find((mode) => mode.name === name)!.label;
  console.log(
    `\n${summary.date}, ${summary.machine.cpus} CPUs (load ${summary.machine.loadAverage1m} at the end), Node ${summary.machine.node}; ` +
      `${args.durationSeconds} s prompt-only jobs, local composer, one worker per server`,
  );
  if (fairness.length > 0) {
    console.log(`\n(a) customer A starts ${args.burstA} jobs, then customer B one`);
    console.log("| scheduling | A's jobs done before B's | B done s | A's 10th done s | A's last done s |");
    console.log('|---|---:|---:|---:|---:|');
    for (const f of fairness) console.log(`| ${label(f.mode)} | ${f.aJobsBeforeB} | ${f.bDoneSeconds} | ${f.aTenthDoneSeconds} | ${f.aLastDoneSeconds} |`);
  }
  if (bursts.length === 0) return;
  console.log('\n(b) bursts of one customer\'s jobs');
  console.log('| jobs | scheduling | wall s | jobs/min | p50 s | p95 s | p50 / wall | Spearman ρ start→finish |');
  console.log('|---:|---|---:|---:|---:|---:|---:|---:|');
  for (const b of bursts) {
    console.log(`| ${b.jobs} | ${label(b.mode)} | ${b.wallSeconds} | ${b.jobsPerMinute} | ${b.p50Seconds} | ${b.p95Seconds} | ${b.p50OverWall} | ${b.spearman} |`);
  }
}

if (require.main === module) {
  main().catch((error: unknown) => {
    console.error(error);
    process.exitCode = 1;
  });
}
