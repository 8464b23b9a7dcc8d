/**
 * Plans from the whole catalog (issue 14, part 3): 100,000 tracks as ingestion leaves them (beat grids included)
 * for one customer, and a plan whose `pool.catalog` filter matches about half of them, asked through the API
 * (the real app on a port of its own) and run by a real worker on the dev server. Prints the filter's resolution
 * time (count and paged read, as the activities run them, plus PostgreSQL's own plan), the plan's wall time and
 * the planning activity's breakdown, the planner's quality figures, the largest history payload; and, as the
 * baseline measured in the same run, the same planner over the whole matched pool read in full (what planning
 * without the pre-selection would cost).
 *
 *   npm run bench:catalog-plan                       # 100,000 tracks, 2-hour set
 *   npm run bench:catalog-plan -- --tracks 20000 --duration 3600 --no-baseline
 *
 * Needs the services (`npm run services:up`) and a migrated database (DATABASE_URL).
 */
import { randomUUID } from 'node:crypto';
import os from 'node:os';
import { DefaultLogger, Runtime, type LogEntry, type Worker } from '@temporalio/worker';
import { temporal } from '@temporalio/proto';
import { loadConfig } from '../src/config';
import { createActivityDependencies } from '../src/dependencies';
import { openServices } from '../src/services';
import { createWorkers, loadWorkflowBundle } from '../src/worker';
import type { Track } from '../src/generated/prisma/client';
import { countCatalogPool, readCatalogPool, type CatalogFilter } from '../src/db/catalog-scope';
import { planSet, type BeatGrid, type PlannerTrack } from '../src/planner';
import { newApiKey, startTestApi } from '../test/support/api-server';
import { catalogTrackRows, insertCatalogTracks } from '../test/support/catalog-tracks';
import { createEveryQueueActivities } from '../test/support/every-queue-activities';
import { largestHistoryPayload } from '../test/support/history-payloads';
import { argValue } from './cli-args';

const argv = process.argv.slice(2);
const TRACKS = Number(argValue(argv, '--tracks') ?? 100_000);
const TARGET_SECONDS = Number(argValue(argv, '--duration') ?? 7200);
const BASELINE = !argv.includes('--no-baseline');
/** The API's port; a free one when absent. */
const API_PORT = Number(argValue(argv, '--port') ?? 0);
/** About half of the spread in test/support/catalog-tracks.ts: house, the slower techno, the faster disco. */
const FILTER = { bpmMin: 116, bpmMax: 132, energyMin: 3 } satisfies CatalogFilter;
const RESOLVE_RUNS = 3;

const activityLines: Record<string, unknown>[] = [];

function loadAverage(): string {
  return os.loadavg().map((value) => value.toFixed(2)).join(' ');
}

function cpuMs(since: NodeJS.CpuUsage): number {
  const used = process.cpuUsage(since);
  return Math.round((used.user + used.system) / 1000);
}

/** Wall time, and CPU time of this process (API, worker and planner run here; PostgreSQL's own CPU is not counted). */
async function timed<T>(work: () => Promise<T>): Promise<{ value: T; wallMs: number; cpuMs: number }> {
  const cpu = process.cpuUsage();
  const started = performance.now();
  const value = await work();
  return { value, wallMs: Math.round(performance.now() - started), cpuMs: cpuMs(cpu) };
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)]!;
}

async function main(): Promise<void> {
  Runtime.install({
    logger: new DefaultLogger('INFO', (entry: LogEntry) => {
      if (entry.message === 'catalog filter planned') activityLines.push(entry.meta ?? {});
      else if (entry.level === 'WARN' || entry.level === 'ERROR') console.error(`[worker ${entry.level}] ${entry.message}`);
    }),
  });
  const config = loadConfig();
  const services = await openServices(config, { onIdleSqlError: () => undefined, sqlPoolSize: 4 });
  const { client, db, sql, storage } = services;
  const taskQueue = `bench-catalog-plan-${randomUUID()}`;
  const customerId = `bench-catalog-${randomUUID().slice(0, 8)}`;
  console.log(`catalog plan bench: ${TRACKS} tracks, ${TARGET_SECONDS / 60} min set, filter ${JSON.stringify(FILTER)}; load average ${loadAverage()}, ${os.cpus().length} cores`);

  const api = await startTestApi({ client, db, storage, taskQueue }, {}, API_PORT);
  const [worker] = await createWorkers({
    connection: services.connection,
    dataConverter: services.dataConverter,
    namespace: config.temporal.namespace,
    taskQueues: [taskQueue],
    activityConcurrency: {},
    defaultActivityConcurrency: 4,
    workflowTaskConcurrency: {},
    defaultWorkflowTaskConcurrency: 10,
    shutdownGraceSeconds: 1,
    workflowBundle: await loadWorkflowBundle(),
    dependencies: createActivityDependencies(config, services),
    activitiesFor: createEveryQueueActivities,
  });
  let stopWorker!: () => void;
  const running = (worker as Worker).runUntil(new Promise<void>((resolve) => (stopWorker = resolve)));
  try {
    const rows = catalogTrackRows(customerId, TRACKS, 2026);
    const inserted = await timed(() => insertCatalogTracks(sql, rows));
    const { rows: sizes } = await sql.query<{ grid: string; total: string }>(
      `SELECT avg(pg_column_size("beatGrid"))::int AS grid, pg_total_relation_size('"Track"') AS total FROM "Track" WHERE "customerId" = $1`,
      [customerId],
    );
    await sql.query('ANALYZE "Track"');
    console.log(`inserted ${TRACKS} tracks in ${(inserted.wallMs / 1000).toFixed(1)} s; beat grid ${sizes[0]!.grid} B per track as stored; Track table ${(Number(sizes[0]!.total) / 2 ** 20).toFixed(0)} MB with indexes`);

    const counts: number[] = [];
    const reads: number[] = [];
    let matched = 0;
    let readCpu = 0;
    for (let run = 0; run < RESOLVE_RUNS; run++) {
      const count = await timed(() => countCatalogPool(db, customerId, FILTER));
      const read = await timed(() => readCatalogPool(db, customerId, FILTER, 5000));
      counts.push(count.wallMs);
      reads.push(read.wallMs);
      matched = read.value.length;
      readCpu = read.cpuMs;
    }
    const { rows: explained } = await sql.query<{ 'QUERY PLAN': string }>(
      `EXPLAIN (ANALYZE, BUFFERS) SELECT id, title, artist, "durationSeconds", bpm, key, camelot, energy, genre, "hasVocals" FROM "Track"
        WHERE "customerId" = $1 AND status = 'ready' AND bpm >= $2 AND bpm <= $3 AND energy >= $4 ORDER BY id LIMIT 5000`,
      [customerId, FILTER.bpmMin, FILTER.bpmMax, FILTER.energyMin],
    );
    console.log(
      `filter matches ${matched} of ${TRACKS}: count ${median(counts)} ms, paged read of the summaries ${median(reads)} ms (median of ${RESOLVE_RUNS}; bench CPU ${readCpu} ms on the last read)`,
    );
    console.log(`  PostgreSQL, first page: ${explained.map((row) => row['QUERY PLAN']).filter((line) => /Index|Seq Scan|Execution Time|Bitmap/.test(line)).map((line) => line.trim()).join(' | ')}`);

    const key = await newApiKey({ db }, customerId);
    const asked = await timed(async () => {
      const accepted = await api.call('POST', '/v1/plans', { key, body: { pool: { catalog: FILTER }, targetDurationSeconds: TARGET_SECONDS, energyMode: 'wave', eventPreset: 'club' } });
      if (accepted.status !== 202) throw new Error(`POST /v1/plans answered ${accepted.status}: ${JSON.stringify(accepted.body)}`);
      for (;;) {
        const view = await api.call('GET', `/v1/plans/${accepted.body.planId}`, { key });
        if (view.body.status === 'completed' || view.body.status === 'failed') return view.body;
        await new Promise((resolve) => setTimeout(resolve, 250));
      }
    });
    const view = asked.value;
    if (view.status !== 'completed') throw new Error(`plan ${view.status}: ${JSON.stringify(view)}`);
    const history = await client.workflow.getHandle(view.workflowId).fetchHistory();
    const largest = largestHistoryPayload(history);
    const activityMs = activityDurations(history);
    const { matched: poolMatched, playable, candidates, resolveMs, fullRowsMs, planMs } = activityLines.at(-1) ?? {};
    const inside = { matched: poolMatched, playable, candidates, resolveMs, fullRowsMs, planMs };
    console.log(`plan through the API: ${(asked.wallMs / 1000).toFixed(2)} s wall from POST to completed (CPU ${asked.cpuMs} ms in the bench process: API, worker, planner); load average ${loadAverage()}`);
    console.log(`  activities: ${Object.entries(activityMs).map(([name, ms]) => `${name} ${ms} ms`).join(', ')}`);
    console.log(`  inside planAutoDjSet: ${JSON.stringify(inside)}`);
    console.log(`  plan: ${view.plan.entries.length} entries, ${view.plan.totalDurationSeconds.toFixed(0)} s (target ${TARGET_SECONDS}), quality ${JSON.stringify(view.plan.quality)}`);
    console.log(`  history: ${history.events?.length} events, largest payload ${largest.bytes} B (event ${largest.eventId}, ${temporal.api.enums.v1.EventType[Number(largest.eventType)]})`);

    if (BASELINE) {
      const full = await timed(async () => {
        const summaries = await readCatalogPool(db, customerId, FILTER, 5000);
        const tracks: PlannerTrack[] = [];
        for (let start = 0; start < summaries.length; start += 1000) {
          const chunk = await db.track.findMany({ where: { id: { in: summaries.slice(start, start + 1000).map((row) => row.id) } } });
          for (const row of chunk) tracks.push(plannerTrack(row));
        }
        return tracks;
      });
      const heap = process.memoryUsage().heapUsed;
      const planned = await timed(async () =>
        planSet({ tracks: full.value, targetDurationSeconds: TARGET_SECONDS, energyMode: 'wave', eventPreset: 'club', seed: view.plan.seed }),
      );
      console.log(`baseline, the whole matched pool read in full (no pre-selection), in the bench process; load average ${loadAverage()}:`);
      console.log(`  full rows of ${full.value.length} tracks: ${(full.wallMs / 1000).toFixed(2)} s wall, CPU ${full.cpuMs} ms; heap ${(heap / 2 ** 20).toFixed(0)} MB after`);
      console.log(`  planSet over all of them: ${planned.wallMs} ms wall, CPU ${planned.cpuMs} ms; quality ${JSON.stringify({ ...planned.value.quality, objective: planned.value.objective })}`);
    }
  } finally {
    stopWorker();
    await running;
    await api.close();
    await db.autoDjPlan.deleteMany({ where: { customerId } });
    await db.apiKey.deleteMany({ where: { customerId } });
    await sql.query('DELETE FROM "Track" WHERE "customerId" = $1', [customerId]);
    await services.close();
  }
}

/** Each activity's scheduled-to-closed time from the history, in ms. */
function activityDurations(history: temporal.api.history.v1.IHistory): Record<string, number> {
  const scheduled = new Map<string, { name: string; at: number }>();
  const durations: Record<string, number> = {};
  const millis = (event: temporal.api.history.v1.IHistoryEvent) => Number(event.eventTime!.seconds) * 1000 + Math.round((event.eventTime!.nanos ?? 0) / 1e6);
  for (const event of history.events ?? []) {
    const started = event.activityTaskScheduledEventAttributes;
    if (started) scheduled.set(String(event.eventId), { name: started.activityType!.name!, at: millis(event) });
    const completed = event.activityTaskCompletedEventAttributes;
    if (completed) {
      const from = scheduled.get(String(completed.scheduledEventId));
      if (from) durations[from.name] = (durations[from.name] ?? 0) + millis(event) - from.at;
    }
  }
  return durations;
}

/** As the planning activity reads a catalog row (src/activities/planning.ts catalogTrack). */
function plannerTrack(row: Track): PlannerTrack {
  const grid = row.beatGrid as unknown as BeatGrid | null;
  return {
    id: row.id,
    artist: row.artist,
    durationSeconds: row.durationSeconds ?? 0,
    bpm: row.bpm ?? 0,
    key: row.key ?? '',
    energy: row.energy ?? 0,
    ...(grid ? { beatGrid: grid, firstDownbeat: grid.downbeats[0] } : {}),
    ...(Array.isArray(row.phraseBoundaries) ? { phraseBoundaries: row.phraseBoundaries as number[] } : {}),
    ...(row.genre !== null ? { genre: row.genre } : {}),
  };
}

main().catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});
