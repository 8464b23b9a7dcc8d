import { randomUUID } from 'node:crypto';
import { mkdir, readdir, utimes, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { WorkflowFailedError } from '@temporalio/client';
import type { CleanupResult } from '../../src/contracts/cleanup';
import type { DatabaseMaintenanceResult } from '../../src/contracts/database-maintenance';
import type { UsageReportResult } from '../../src/contracts/usage-report';
import { createTestEnvironment, type TestEnvironment } from '../support/environment';
import { PostgresFingerprintIndex } from '../../src/db/fingerprint-index';
import { indexedLandmarks } from '../support/indexed-landmarks';

let env: TestEnvironment;
const runTag = randomUUID().slice(0, 8);

beforeAll(async () => {
  env = await createTestEnvironment('maintenance');
});
afterAll(async () => {
  await env.close();
});

function execute<T>(workflowType: string, args: unknown[]): Promise<T> {
  return env.client.workflow.execute(workflowType, {
    taskQueue: env.taskQueue,
    workflowId: `${workflowType}-${randomUUID()}`,
    args,
  }) as Promise<T>;
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe('cleanupWorkflow', () => {
  it('deletes aged temp files and tmp/ objects, expired sessions and orphans, keeps the rest, and is idempotent', async () => {
    const hoursAgo = (hours: number) => new Date(Date.now() - hours * 3_600_000);

    // Temp directory: two aged files (one nested); a fresh one follows below.
    await mkdir(path.join(env.tempAudioDir, 'job-1'), { recursive: true });
    const agedFiles = [path.join(env.tempAudioDir, 'old.wav'), path.join(env.tempAudioDir, 'job-1', 'old-clip.mp3')];
    for (const file of agedFiles) {
      await writeFile(file, 'aged audio');
      await utimes(file, hoursAgo(30), hoursAgo(30));
    }

    // Storage: objects cannot be back-dated, so the aged ones are written first and the cut-off lies between.
    const prefix = `tmp/${runTag}`;
    await env.storage.putBytes(`${prefix}/aged-1.wav`, 'a', 'audio/wav');
    await env.storage.putBytes(`${prefix}/aged-2.wav`, 'b', 'audio/wav');
    await sleep(10_000);
    await writeFile(path.join(env.tempAudioDir, 'fresh.wav'), 'fresh audio');
    await env.storage.putBytes(`${prefix}/fresh.wav`, 'c', 'audio/wav');
    await env.storage.putBytes(`customers/${runTag}/generations/keep/master.wav`, 'd', 'audio/wav');

    // Sessions: one expired, one live.
    const customerId = `cust-${runTag}`;
    await env.db.customer.create({ data: { id: customerId, name: 'Cleanup test' } });
    await env.db.session.create({ data: { customerId, tokenHash: `expired-${runTag}`, expiresAt: hoursAgo(1) } });
    await env.db.session.create({ data: { customerId, tokenHash: `live-${runTag}`, expiresAt: hoursAgo(-1) } });

    // Jobs: an old running job whose workflow does not exist (orphan), an old running job whose workflow
    // runs (kept), an old completed job (history, kept).
    const liveWorkflowId = `generation-live-${runTag}`;
    const liveHandle = await env.client.workflow.start('cleanupWorkflow', {
      taskQueue: `no-worker-${runTag}`, // nobody polls it, so it stays RUNNING
      workflowId: liveWorkflowId,
      args: [{ tempMaxAgeHours: 1, orphanAfterDays: 1 }],
    });
    const jobs = [
      { jobId: `orphan-${runTag}`, workflowId: `generation-gone-${runTag}`, status: 'running' as const },
      { jobId: `live-${runTag}`, workflowId: liveWorkflowId, status: 'running' as const },
      { jobId: `done-${runTag}`, workflowId: `generation-done-${runTag}`, status: 'completed' as const },
    ];
    for (const job of jobs) {
      await env.db.generationJob.create({ data: { ...job, customerId, requestedDuration: 30 } });
    }
    await env.sql.query(`UPDATE "GenerationJob" SET "updatedAt" = now() - interval '10 days' WHERE "jobId" = ANY($1)`, [
      jobs.map((job) => job.jobId),
    ]);

    // Tracks: an old one whose object is missing (orphan), an old one whose object exists (kept).
    const presentKey = `tracks/${runTag}/present.wav`;
    await env.storage.putBytes(presentKey, 'e', 'audio/wav');
    const missing = await env.db.track.create({
      data: { title: 'Missing', artist: 'X', durationSeconds: 100, storageKey: `tracks/${runTag}/missing.wav` },
    });
    const present = await env.db.track.create({
      data: { title: 'Present', artist: 'X', durationSeconds: 100, storageKey: presentKey },
    });
    await env.sql.query(`UPDATE "Track" SET "createdAt" = now() - interval '10 days' WHERE id = ANY($1)`, [[missing.id, present.id]]);

    // 8 s: the aged objects are ≥ 10 s old; the fresh ones stay younger than that through both runs.
    const input = { tempMaxAgeHours: 8 / 3600, orphanAfterDays: 7 };
    const first = await env.withWorker(() => execute<CleanupResult>('cleanupWorkflow', [input]));

    expect(first.tempFilesDeleted).toBe(2);
    expect(first.tempFilesKept).toBe(1);
    expect((await readdir(env.tempAudioDir)).sort()).toEqual(['fresh.wav', 'job-1']);
    expect(first.storageObjectsDeleted).toBeGreaterThanOrEqual(2);
    expect(await env.storage.head(`${prefix}/aged-1.wav`)).toBeNull();
    expect(await env.storage.head(`${prefix}/aged-2.wav`)).toBeNull();
    expect(await env.storage.head(`${prefix}/fresh.wav`)).not.toBeNull();
    expect(await env.storage.head(`customers/${runTag}/generations/keep/master.wav`)).not.toBeNull();
    expect(first.expiredSessionsDeleted).toBeGreaterThanOrEqual(1);
    expect(await env.db.session.findMany({ where: { customerId }, select: { tokenHash: true } })).toEqual([{ tokenHash: `live-${runTag}` }]);
    expect(first.orphanedJobsDeleted).toBeGreaterThanOrEqual(1);
    const remainingJobs = await env.db.generationJob.findMany({ where: { customerId }, orderBy: { jobId: 'asc' } });
    expect(remainingJobs.map((job) => job.jobId)).toEqual([`done-${runTag}`, `live-${runTag}`]);
    expect(first.orphanedTracksDeleted).toBeGreaterThanOrEqual(1);
    expect(await env.db.track.findUnique({ where: { id: missing.id } })).toBeNull();
    expect(await env.db.track.findUnique({ where: { id: present.id } })).not.toBeNull();

    const second = await env.withWorker(() => execute<CleanupResult>('cleanupWorkflow', [input]));
    expect(second).toMatchObject({
      tempFilesDeleted: 0,
      tempFilesKept: 1,
      storageObjectsDeleted: 0,
      expiredSessionsDeleted: 0,
      orphanedJobsDeleted: 0,
      orphanedTracksDeleted: 0,
    });

    await liveHandle.terminate('test finished');
  });

  it('rejects invalid input at the workflow boundary with a typed, non-retryable failure naming the field', async () => {
    const failure = await env
      .withWorker(() => execute('cleanupWorkflow', [{ tempMaxAgeHours: -1, orphanAfterDays: 7 }]))
      .catch((error: unknown) => error);
    expect(failure).toBeInstanceOf(WorkflowFailedError);
    const cause = (failure as WorkflowFailedError).cause as { type?: string; nonRetryable?: boolean; message: string };
    expect(cause.type).toBe('InvalidInput');
    expect(cause.nonRetryable).toBe(true);
    expect(cause.message).toContain('tempMaxAgeHours');
  });
});

describe('databaseMaintenanceWorkflow', () => {
  it('vacuums and analyses the hot tables and refreshes the recommendation cache', async () => {
    const tracks = [
      { title: 'A', bpm: 124, key: '8A', energy: 6 },
      { title: 'B', bpm: 125, key: '9A', energy: 7 },
      { title: 'C', bpm: 126, key: 'Am', energy: 6 },
      { title: 'D', bpm: 90, key: '3B', energy: 2 },
    ];
    // Tracks left by earlier runs of this test would compete for the same recommendation slots.
    await env.sql.query(`DELETE FROM "Track" WHERE artist LIKE 'Maint %'`);
    const created = [];
    for (const track of tracks) {
      created.push(await env.db.track.create({ data: { ...track, artist: `Maint ${runTag}`, durationSeconds: 300 } }));
    }
    const before = await env.sql.query(`SELECT now() AS at`);
    // A track indexed since the last pack: its landmarks wait as pending rows.
    const landmarks = [{ hash: 4_000_001, offset: 3 }, { hash: 4_000_002, offset: 9 }];
    await new PostgresFingerprintIndex(env.sql).addTrack(created[0]!.id, landmarks);

    const result = await env.withWorker(() => execute<DatabaseMaintenanceResult>('databaseMaintenanceWorkflow', [{ recommendationsPerTrack: 3 }]));

    expect(result.fingerprintsPacked!.pendingRows).toBeGreaterThanOrEqual(landmarks.length);
    const { rows: pending } = await env.sql.query('SELECT 1 FROM "FingerprintPending" p JOIN "Track" t ON t."fingerprintNumber" = p."trackNumber" WHERE t.id = $1', [created[0]!.id]);
    expect(pending).toHaveLength(0);
    expect((await indexedLandmarks(env.sql, [created[0]!.id])).get(created[0]!.id)).toBe(landmarks.length);

    expect(result.vacuumedTables).toEqual(expect.arrayContaining(['GenerationJob', 'Session', 'DeadLetter', 'Track']));
    const stats = await env.sql.query<{ relname: string; last_vacuum: Date | null; last_analyze: Date | null }>(
      `SELECT relname, last_vacuum, last_analyze FROM pg_stat_user_tables WHERE relname = ANY($1)`,
      [result.vacuumedTables],
    );
    expect(stats.rows).toHaveLength(result.vacuumedTables.length);
    for (const row of stats.rows) {
      expect(row.last_vacuum!.getTime()).toBeGreaterThanOrEqual(before.rows[0].at.getTime() - 1000);
      expect(row.last_analyze!.getTime()).toBeGreaterThanOrEqual(before.rows[0].at.getTime() - 1000);
    }

    expect(result.recommendationsRefreshed).toBeGreaterThanOrEqual(created.length);
    const cacheOfA = await env.db.recommendationCache.findUnique({ where: { trackId: created[0]!.id } });
    const recommendations = cacheOfA!.recommendations as { trackId: string; cost: number }[];
    const recommendedIds = recommendations.map((item) => item.trackId);
    // C is the same key (8A = A minor) at +1.6 % tempo; D is 90 BPM and far away in key and energy.
    expect(recommendedIds).toContain(created[2]!.id);
    expect(recommendedIds).not.toContain(created[3]!.id);
    expect(recommendations.length).toBeLessThanOrEqual(3);
  });
});

describe('usageReportWorkflow', () => {
  it('stores per-customer counts as a UsageReport row and a CSV object', async () => {
    const periodStart = new Date('2031-03-01T00:00:00.000Z');
    const periodEnd = new Date('2031-03-02T00:00:00.000Z');
    const inPeriod = new Date('2031-03-01T12:00:00.000Z');
    const outside = new Date('2031-03-02T12:00:00.000Z');
    const alpha = `alpha-${runTag}`;
    const beta = `beta-${runTag}`;
    const rows = [
      { customerId: alpha, status: 'completed' as const, outputDurationSeconds: 90, createdAt: inPeriod },
      { customerId: alpha, status: 'completed' as const, outputDurationSeconds: 30, createdAt: inPeriod },
      { customerId: alpha, status: 'failed' as const, createdAt: inPeriod },
      { customerId: beta, status: 'needs_attention' as const, createdAt: inPeriod },
      { customerId: beta, status: 'completed' as const, outputDurationSeconds: 60, createdAt: outside },
    ];
    await env.sql.query(`DELETE FROM "GenerationJob" WHERE "createdAt" >= $1 AND "createdAt" < $2`, [periodStart, periodEnd]);
    for (const [index, row] of rows.entries()) {
      const jobId = `usage-${runTag}-${index}`;
      await env.db.generationJob.create({ data: { ...row, jobId, workflowId: `generation-${jobId}`, requestedDuration: 30 } });
    }

    const input = { periodStart: periodStart.toISOString(), periodEnd: periodEnd.toISOString() };
    const result = await env.withWorker(() => execute<UsageReportResult>('usageReportWorkflow', [input]));

    expect(result).toMatchObject({ customers: 2, totalJobs: 4 });
    const report = await env.db.usageReport.findUnique({ where: { periodStart_periodEnd: { periodStart, periodEnd } } });
    expect(report).toMatchObject({ customers: 2, totalJobs: 4, storageKey: result.storageKey });
    const csv = (await env.storage.getBytes(result.storageKey)).toString('utf8');
    expect(csv.trim().split('\n')).toEqual([
      'customerId,jobs,completed,failed,needsAttention,minutesGenerated',
      `${alpha},3,2,1,0,2`,
      `${beta},1,0,0,1,0`,
    ]);

    const again = await env.withWorker(() => execute<UsageReportResult>('usageReportWorkflow', [input]));
    expect(again.reportId).toBe(result.reportId);
    expect(await env.db.usageReport.count({ where: { periodStart, periodEnd } })).toBe(1);
  });

  it('rejects a period that ends before it starts', async () => {
    const failure = await env
      .withWorker(() => execute('usageReportWorkflow', [{ periodStart: '2031-03-02T00:00:00Z', periodEnd: '2031-03-01T00:00:00Z' }]))
      .catch((error: unknown) => error as WorkflowFailedError);
    expect((failure as WorkflowFailedError).cause?.message).toMatch(/periodEnd: must be after periodStart/);
  });
});
