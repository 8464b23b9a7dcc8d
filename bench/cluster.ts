/**
 * Clustered-server benchmark (issue 12): a batch of concurrent prompt-only generations (local composer),
 * served by one worker process and by two, on the Temporal server on PostgreSQL
 * (scripts/temporal-cluster.sh) and on the dev server (SQLite), side by side in one run. Per run: wall
 * time, jobs per minute, p50/p95 completion counted from the batch's start, the server process's RSS
 * before the batch and its peak during it, and the worker processes' peak RSS.
 *
 *   npm run bench:cluster                                   # 200 jobs of 5 s; 1 and 2 workers; both servers
 *   npm run bench:cluster -- --jobs 40 --duration 5 --workers 1,2 --servers cluster,dev --json
 *
 * Both servers must be up: the dev server (`npm run services:up`) and the cluster (`npm run cluster:up`).
 * Jobs start through the product's client (fairness key, priorities) as the API starts them.
 */
import { randomUUID } from 'node:crypto';
import os from 'node:os';
import type { Client } from '@temporalio/client';
import { DefaultLogger, Runtime } from '@temporalio/worker';
import { InfinityMixClient } from '../src/client';
import { loadConfig, type AppConfig } from '../src/config';
import { createDatabase } from '../src/db/client';
import { createStorage } from '../src/storage';
import { connectClient } from '../src/temporal-connection';
import { startWorkerChild, type WorkerChild } from '../test/support/worker-child';
import { percentile } from './audio-metrics';
import { argValue, numberListArg } from './cli-args';
import { removeGenerationOutput } from './generation-cleanup';
import type { BenchJob } from './generation-direct';
import { listeningPid, residentMb, sampledPeak } from './process-memory';

const CUSTOMER_ID = 'bench-cluster';
const PROMPT = 'light acoustic background for a product demo';
const WARM_UP_JOBS_PER_WORKER = 2;

type ServerName = 'cluster' | 'dev';

interface Server {
  name: ServerName;
  label: string;
  address: string;
}

interface RunFigures {
  server: ServerName;
  workers: number;
  jobs: number;
  wallSeconds: number;
  jobsPerMinute: number;
  p50Seconds: number;
  p95Seconds: number;
  serverIdleRssMb: number;
  serverPeakRssMb: number;
  workerPeakRssMb: number[];
}

interface Args {
  json: boolean;
  jobs: number;
  durationSeconds: number;
  workerCounts: number[];
  servers: ServerName[];
}

function parseArgs(argv: string[]): Args {
  const servers = (argValue(argv, '--servers') ?? 'cluster,dev').split(',').map((name) => name.trim());
  const unknown = servers.filter((name) => name !== 'cluster' && name !== 'dev');
  if (unknown.length > 0) throw new Error(`--servers: unknown server ${unknown.join(', ')} (cluster, dev)`);
  return {
    json: argv.includes('--json'),
    jobs: Number(argValue(argv, '--jobs') ?? 200),
    durationSeconds: Number(argValue(argv, '--duration') ?? 5),
    workerCounts: numberListArg(argv, '--workers', '1,2').filter(Number.isInteger),
    servers: servers as ServerName[],
  };
}

function knownServers(config: AppConfig): Record<ServerName, Server> {
  return {
    cluster: { name: 'cluster', label: 'cluster (PostgreSQL)', address: `127.0.0.1:${process.env.TEMPORAL_CLUSTER_PORT ?? '7433'}` },
    dev: { name: 'dev', label: 'dev server (SQLite)', address: config.temporal.address },
  };
}

function benchJobs(count: number, durationSeconds: number): BenchJob[] {
  return Array.from({ length: count }, () => ({ jobId: randomUUID(), customerId: CUSTOMER_ID, prompt: PROMPT, durationSeconds }));
}

/** Starts every job, then waits for all; completion times in ms from the first start. */
async function runBatch(client: Client, generations: InfinityMixClient, jobs: readonly BenchJob[], policy: AppConfig['generationPolicy']): Promise<number[]> {
  const startedAt = performance.now();
  const started = await Promise.all(jobs.map((job) => generations.startGeneration({ ...job, policy })));
  return Promise.all(started.map(({ workflowId }) => client.workflow.getHandle(workflowId).result().then(() => performance.now() - startedAt)));
}

async function measure(server: Server, client: Client, workerCount: number, args: Args, config: AppConfig, spent: BenchJob[]): Promise<RunFigures> {
  const taskQueue = `bench-cluster-${server.name}-${randomUUID()}`;
  const generations = new InfinityMixClient(client, { taskQueue });
  const port = Number(server.address.split(':').at(-1));
  const serverPid = listeningPid(port);
  if (!serverPid) throw new Error(`no process listens on ${server.address}: is the ${server.label} up?`);
  const workers: WorkerChild[] = await Promise.all(
    Array.from({ length: workerCount }, () => startWorkerChild(taskQueue, { MUSIC_PROVIDER: 'local', TEMPORAL_ADDRESS: server.address })),
  );
  try {
    const warmUp = benchJobs(WARM_UP_JOBS_PER_WORKER * workerCount, args.durationSeconds);
    spent.push(...warmUp);
    await runBatch(client, generations, warmUp, config.generationPolicy);

    const jobs = benchJobs(args.jobs, args.durationSeconds);
    spent.push(...jobs);
    const serverIdleRssMb = residentMb(serverPid);
    const startedAt = performance.now();
    const { value: completedMs, peakMb } = await sampledPeak(serverPid, () => runBatch(client, generations, jobs, config.generationPolicy));
    const wallMs = performance.now() - startedAt;
    const round = (x: number, digits = 1) => Number(x.toFixed(digits));
    return {
      server: server.name,
      workers: workerCount,
      jobs: args.jobs,
      wallSeconds: round(wallMs / 1000),
      jobsPerMinute: round((jobs.length / wallMs) * 60_000),
      p50Seconds: round(percentile(completedMs, 50) / 1000),
      p95Seconds: round(percentile(completedMs, 95) / 1000),
      serverIdleRssMb: Math.round(serverIdleRssMb),
      serverPeakRssMb: Math.round(peakMb),
      workerPeakRssMb: workers.map((worker) => Math.round(residentMb(worker.process.pid!, 'VmHWM'))),
    };
  } finally {
    await Promise.all(workers.map((worker) => worker.stop()));
  }
}

async function main(): Promise<void> {
  const args = parseArgs(process.argv.slice(2));
  Runtime.install({ logger: new DefaultLogger('WARN') });
  const config = loadConfig();
  const servers = knownServers(config);
  const clients = new Map<ServerName, Client>();
  for (const name of args.servers) clients.set(name, await connectClient({ ...config.temporal, address: servers[name].address }));
  const db = createDatabase(config.databaseUrl);
  const storage = createStorage(config.storage);
  const spent: BenchJob[] = [];
  const results: RunFigures[] = [];
  try {
    // Servers alternate within each worker count, so a change in the machine's load hits both alike.
    for (const workerCount of args.workerCounts) {
      for (const name of args.servers) {
        if (!args.json) console.log(`${servers[name].label}, ${workerCount} worker process(es): ${args.jobs} jobs of ${args.durationSeconds} s…`);
        results.push(await measure(servers[name], clients.get(name)!, workerCount, args, config, spent));
      }
    }
  } finally {
    await removeGenerationOutput(spent, { db, storage });
    await Promise.allSettled([...[...clients.values()].map((client) => client.connection.close()), db.$disconnect(), storage.close()]);
  }
  report(args, results, config, servers);
}

function report(args: Args, results: RunFigures[], config: AppConfig, servers: Record<ServerName, Server>): void {
  const summary = {
    date: new Date().toISOString().slice(0, 10),
    machine: { cpus: os.cpus().length, node: process.version },
    jobs: args.jobs,
    durationSeconds: args.durationSeconds,
    activitySlotsPerWorker: config.worker.activityConcurrency.generation,
    results,
  };
  if (args.json) {
    console.log(JSON.stringify(summary));
    return;
  }
  console.log(
    `\n${summary.date}, ${summary.machine.cpus} CPUs, Node ${summary.machine.node}; ${args.jobs} concurrent ${args.durationSeconds} s prompt-only jobs, local composer, ${summary.activitySlotsPerWorker} activity slots per worker`,
  );
  console.log('| server | workers | wall s | jobs/min | p50 s | p95 s | server RSS idle → peak MB | worker peak RSS MB |');
  console.log('|---|---:|---:|---:|---:|---:|---:|---:|');
  for (const r of results) {
    console.log(
      `| ${servers[r.server].label} | ${r.workers} | ${r.wallSeconds} | ${r.jobsPerMinute} | ${r.p50Seconds} | ${r.p95Seconds} | ${r.serverIdleRssMb} → ${r.serverPeakRssMb} | ${r.workerPeakRssMb.join(' + ')} |`,
    );
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});
