/**
 * Bulk ingestion: N short tracks of real audio (the labelled synthesizer, varied tempo, key, length and seed,
 * 11–16 s each: the decode check needs 10 s) uploaded to storage and imported as one bulk import through
 * bulkTrackIngestionWorkflow, served by one worker process that is SIGKILLed once about half the tracks are done
 * and replaced by a fresh one. Reports tracks per minute, worker CPU per track and the exactly-once checks.
 *
 *   npm run bench:ingestion [-- --tracks 1000 --kill-at 500]
 *
 * Needs the services (scripts/services.sh) and a migrated DATABASE_URL. Everything it made is deleted at the end.
 */
import { randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { DefaultLogger, Runtime } from '@temporalio/worker';
import { synthesizeTrack } from '../src/audio/analysis/synthetic-track';
import { writeWav16 } from '../src/audio/io/wav-writer';
import { createImportRecords, startImport } from '../src/api/track-import-records';
import { InfinityMixClient } from '../src/client';
import { loadConfig } from '../src/config';
import { trackImportWorkflowId, type TrackImportResult } from '../src/contracts/track-import';
import { trackIngestionWorkflowId, type TrackIngestionResult } from '../src/contracts/track-ingestion';
import { openServices } from '../src/services';
import { seededRandom } from '../src/planner/random';
import { startWorkerChild, type WorkerChild } from '../test/support/worker-child';
import { releasedWorkflowsPath, writeWorkflowBundle } from '../test/support/workflow-bundles';
import { forEachBounded } from '../src/workflows/bounded-parallel';
import { argValue } from './cli-args';
import { indexedLandmarks } from '../test/support/indexed-landmarks';

const CUSTOMER = 'bench-ingestion';
const SAMPLE_RATE = 22_050;
const UPLOADS_IN_FLIGHT = 8;
const POLL_MS = 2_000;

/**
 * CPU seconds of a live process and of its finished children (the ffmpeg and ffprobe runs of its activities):
 * utime + stime + cutime + cstime, /proc/<pid>/stat fields 14–17.
 */
function cpuSeconds(pid: number): number {
  const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]!.split(' ');
  return (Number(fields[11]) + Number(fields[12]) + Number(fields[13]) + Number(fields[14])) / 100;
}

const loadAverage = () => os.loadavg().map((load) => load.toFixed(2)).join(' ');

async function main(argv: string[]): Promise<void> {
  const trackCount = Number(argValue(argv, '--tracks') ?? 1000);
  const killAt = Number(argValue(argv, '--kill-at') ?? Math.round(trackCount / 2));
  Runtime.install({ logger: new DefaultLogger('WARN') });
  const config = loadConfig();
  const services = await openServices(config, { onIdleSqlError: () => undefined, sqlPoolSize: 2 });
  const { db, sql, storage } = services;
  const taskQueue = `bench-ingestion-${randomUUID()}`;
  const temporal = new InfinityMixClient(services.client, { taskQueue });
  const workDir = await mkdtemp(path.join(os.tmpdir(), 'bench-ingestion-'));
  const workers: WorkerChild[] = [];
  let importId: string | undefined;
  try {
    console.log(`bench:ingestion ${trackCount} tracks, kill at ${killAt}; load average ${loadAverage()} on ${os.cpus().length} cores`);
    const random = seededRandom(20261204);
    const specs = Array.from({ length: trackCount }, (_, index) => ({
      index,
      bpm: 80 + Math.round(80 * random()),
      key: { tonic: Math.floor(12 * random()), mode: random() < 0.5 ? ('major' as const) : ('minor' as const) },
      seconds: 11 + Math.round(50 * random()) / 10,
      seed: 1000 + index,
    }));
    const created = await createImportRecords(
      db,
      CUSTOMER,
      specs.map((spec) => ({ title: `Bench ${spec.index}`, artist: `Bench artist ${spec.index % 37}`, genre: spec.bpm >= 120 ? 'house' : 'downtempo' })),
    );
    importId = created.importId;
    const uploadStart = Date.now();
    await forEachBounded(created.tracks, UPLOADS_IN_FLIGHT, async ({ storageKey }) => {
      const spec = specs[created.tracks.findIndex((track) => track.storageKey === storageKey)]!;
      const file = path.join(workDir, `${spec.index}.wav`);
      await writeWav16(file, [synthesizeTrack({ ...spec, sampleRate: SAMPLE_RATE, noiseSnrDb: 30 })], SAMPLE_RATE);
      await storage.putFile(storageKey, file, 'audio/wav');
      await rm(file);
    });
    const audioSeconds = specs.reduce((sum, spec) => sum + spec.seconds, 0);
    console.log(`synthesized and uploaded ${trackCount} tracks (${(audioSeconds / 60).toFixed(1)} min of audio) in ${((Date.now() - uploadStart) / 1000).toFixed(0)} s`);

    const workerEnv = { WORKFLOW_BUNDLE_PATH: await writeWorkflowBundle(releasedWorkflowsPath, path.join(workDir, 'workflows.js')), LOG_LEVEL: 'warn' };
    workers.push(await startWorkerChild(taskQueue, workerEnv, { readyTimeoutMs: 180_000 }));
    const started = Date.now();
    const policy = { retryInitialIntervalSeconds: 1, retryMaximumIntervalSeconds: 10, stepAttempts: 5 };
    await startImport(db, temporal, policy, { id: importId, customerId: CUSTOMER, total: trackCount });

    const doneCount = async () => db.track.count({ where: { importId, status: { in: ['ready', 'failed'] } } });
    // A line every half minute, so a run stopped early still tells its rate.
    const reporter = setInterval(() => {
      void doneCount().then((done) => {
        const seconds = (Date.now() - started) / 1000;
        const cpu = workers.filter((worker) => worker.process.exitCode === null && worker.process.signalCode === null).map((worker) => cpuSeconds(worker.process.pid!));
        console.log(`${seconds.toFixed(0)} s: ${done}/${trackCount} done, ${((done / seconds) * 60).toFixed(1)} tracks/min, live worker CPU ${cpu.map((value) => value.toFixed(0)).join('+')} s, load ${loadAverage()}`);
      });
    }, 30_000);
    let killed: { atDone: number; afterSeconds: number; cpuSeconds: number } | undefined;
    const first = workers[0]!;
    while (killed === undefined) {
      const done = await doneCount();
      if (done >= killAt) {
        const cpu = cpuSeconds(first.process.pid!);
        await first.kill();
        killed = { atDone: done, afterSeconds: (Date.now() - started) / 1000, cpuSeconds: cpu };
        console.log(`killed worker 1 (SIGKILL) at ${done} tracks done, ${killed.afterSeconds.toFixed(0)} s in, after ${cpu.toFixed(1)} CPU s; load average ${loadAverage()}`);
        workers.push(await startWorkerChild(taskQueue, workerEnv, { readyTimeoutMs: 180_000 }));
      } else {
        await new Promise((resolve) => setTimeout(resolve, POLL_MS));
      }
    }
    const second = workers[1]!;
    const result = await services.client.workflow.getHandle<() => Promise<TrackImportResult>>(trackImportWorkflowId(importId)).result();
    clearInterval(reporter);
    const wallSeconds = (Date.now() - started) / 1000;
    const secondCpu = cpuSeconds(second.process.pid!);
    const loadAtEnd = loadAverage();

    // Exactly once: one ingestion execution per track, every track ready, and its index rows those of one indexing.
    const rows = await db.track.findMany({ where: { importId }, select: { id: true, status: true } });
    const executions = new Map<string, number>();
    for await (const execution of services.client.workflow.list({ query: `TaskQueue = '${taskQueue}' AND WorkflowType = 'trackIngestionWorkflow'` })) {
      executions.set(execution.workflowId, (executions.get(execution.workflowId) ?? 0) + 1);
    }
    const indexRows = await indexedLandmarks(sql, rows.map((row) => row.id));
    let landmarkMismatches = 0;
    await forEachBounded(rows, 16, async ({ id }) => {
      const outcome = await services.client.workflow.getHandle<() => Promise<TrackIngestionResult>>(trackIngestionWorkflowId(id)).result();
      if (indexRows.get(id) !== outcome.landmarks) landmarkMismatches += 1;
    });
    const checks = {
      tracksReady: rows.filter((row) => row.status === 'ready').length,
      tracksWithOneExecution: rows.filter((row) => executions.get(trackIngestionWorkflowId(row.id)) === 1).length,
      ingestionExecutions: [...executions.values()].reduce((sum, count) => sum + count, 0),
      tracksIndexed: indexRows.size,
      indexRowsNotOneIndexing: landmarkMismatches,
    };
    const totalCpu = killed.cpuSeconds + secondCpu;
    const figures = {
      tracks: trackCount,
      audioMinutes: Number((audioSeconds / 60).toFixed(1)),
      workflowResult: result,
      wallSeconds: Number(wallSeconds.toFixed(0)),
      tracksPerMinute: Number(((trackCount / wallSeconds) * 60).toFixed(1)),
      workerCpuSeconds: { beforeKill: killed.cpuSeconds, replacement: secondCpu, total: Number(totalCpu.toFixed(1)) },
      cpuSecondsPerTrack: Number((totalCpu / trackCount).toFixed(2)),
      killedAt: killed,
      loadAverageAtEnd: loadAtEnd,
      checks,
    };
    console.log(JSON.stringify(figures, null, 2));
    const exactlyOnce =
      checks.tracksReady === trackCount && checks.tracksWithOneExecution === trackCount && checks.ingestionExecutions === trackCount && checks.tracksIndexed === trackCount && landmarkMismatches === 0;
    console.log(exactlyOnce ? 'exactly once: every track ingested and indexed once' : 'EXACTLY-ONCE CHECK FAILED');
    if (!exactlyOnce) process.exitCode = 1;
  } finally {
    await Promise.all(workers.map((worker) => worker.stop()));
    if (importId !== undefined) {
      const tracks = await db.track.findMany({ where: { importId }, select: { storageKey: true } });
      await storage.deleteMany(tracks.flatMap(({ storageKey }) => (storageKey === null ? [] : [storageKey])));
      await db.track.deleteMany({ where: { importId } });
      await db.trackImport.delete({ where: { id: importId } });
    }
    await rm(workDir, { recursive: true, force: true });
    await services.close();
  }
}

main(process.argv.slice(2)).catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
