import { randomUUID } from 'node:crypto';
import type { Client } from '@temporalio/client';
import { loadConfig } from '../../src/config';
import { createStorage } from '../../src/storage';
import { createDatabase, type Database } from '../../src/db/client';
import { createApiMetrics } from '../../src/metrics/api-metrics';
import { startMetricsServer, type MetricsEndpoint } from '../../src/metrics/metrics-server';
import { connectClient } from '../../src/temporal-connection';
import { newApiKey, startTestApi, type TestApi } from '../support/api-server';
import { startWorkerChild, type WorkerChild } from '../support/worker-child';

/**
 * Prometheus metrics as an operator scrapes them: a real worker process (test/support/worker-process.ts, which
 * serves /metrics as src/worker.ts does, with the Temporal SDK's runtime metrics appended) and the API's own
 * endpoint, scraped before and after a real generation, a generation that fails, and an Auto DJ plan.
 * Ports from this suite's block: 7351 worker, 7352 the SDK's exporter, 7353 the API's metrics.
 */

const WORKER_METRICS_PORT = 7351;
const TEMPORAL_METRICS_PORT = 7352;
const API_METRICS_PORT = 7353;

const taskQueue = `test-metrics-${randomUUID()}`;
const customerId = `metrics-${randomUUID().slice(0, 8)}`;
let client: Client;
let db: Database;
let worker: WorkerChild;
let api: TestApi;
let apiMetrics: MetricsEndpoint;
let key: string;
const workerMetricsUrl = `http://127.0.0.1:${WORKER_METRICS_PORT}/metrics`;

beforeAll(async () => {
  const config = loadConfig();
  client = await connectClient(config.temporal);
  db = createDatabase(config.databaseUrl);
  const metrics = createApiMetrics(db);
  api = await startTestApi({ client, db, storage: createStorage(config.storage), taskQueue }, { metrics, allowPrivateSourceHosts: true });
  apiMetrics = await startMetricsServer({ host: '127.0.0.1', port: API_METRICS_PORT, registry: metrics.registry });
  key = await newApiKey({ db }, customerId);
  worker = await startWorkerChild(taskQueue, { METRICS_PORT: String(WORKER_METRICS_PORT), TEMPORAL_METRICS_PORT: String(TEMPORAL_METRICS_PORT) });
});
afterAll(async () => {
  await worker?.stop();
  await apiMetrics?.close();
  await api?.close();
  await db?.$disconnect();
  await client?.connection.close();
});

async function scrape(url: string): Promise<string> {
  const answer = await fetch(url);
  expect(answer.status).toBe(200);
  expect(answer.headers.get('content-type')).toMatch(/^text\/plain; version=0\.0\.4/);
  return answer.text();
}

/** The sum of every series of `name` whose labels include `labels` (0 when there is none). */
function valueOf(text: string, name: string, labels: Record<string, string> = {}): number {
  let sum = 0;
  for (const line of text.split('\n')) {
    const match = /^([a-zA-Z_:][\w:]*)(?:\{(.*)\})? (\S+)/.exec(line);
    if (!match || match[1] !== name) continue;
    const series = Object.fromEntries([...(match[2] ?? '').matchAll(/(\w+)="((?:[^"\\]|\\.)*)"/g)].map(([, label, value]) => [label, value]));
    if (Object.entries(labels).every(([label, value]) => series[label] === value)) sum += Number(match[3]);
  }
  return sum;
}

async function waitFor<T>(read: () => Promise<T>, done: (value: T) => boolean, timeoutMs = 90_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await read();
    if (done(value) || Date.now() > deadline) return value;
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
}

const call = (method: string, path: string, body?: unknown) => api.call(method, path, { key, body });

it('counts generations by status and step, step durations, failures by type, plans, and API requests; the SDK metrics come with ours', async () => {
  const workerBefore = await scrape(workerMetricsUrl);
  const apiBefore = await scrape(apiMetrics.url);
  const completedBefore = valueOf(workerBefore, 'infinitymix_generation_job_transitions_total', { status: 'completed', step: 'completed' });

  const generation = await call('POST', '/v1/generations', { prompt: 'calm piano for a metrics check', durationSeconds: 6 });
  expect(generation.status).toBe(202);
  // A reference on a private address passes this API (allowPrivateSourceHosts) and is refused by the worker's
  // reference step (ALLOW_PRIVATE_REFERENCE_HOSTS is off there).
  const refused = await call('POST', '/v1/generations', { mood: 'calm', durationSeconds: 6, referenceUrl: 'http://10.255.255.1/song.mp3' });
  expect(refused.status).toBe(202);
  const plan = await call('POST', '/v1/plans', {
    pool: {
      tracks: [
        { id: 'opener', durationSeconds: 200, bpm: 120, key: '8A', energy: 4 },
        { id: 'lift', durationSeconds: 210, bpm: 122, key: '9A', energy: 6 },
        { id: 'peak', durationSeconds: 190, bpm: 124, key: '9B', energy: 8 },
      ],
    },
    targetDurationSeconds: 480,
    energyMode: 'build',
  });
  expect(plan.status).toBe(202);

  const done = await waitFor(() => call('GET', `/v1/generations/${generation.body.jobId}`), (answer) => answer.body.status === 'completed');
  expect(done.body.status).toBe('completed');
  const ended = await waitFor(() => call('GET', `/v1/generations/${refused.body.jobId}`), (answer) => ['failed', 'needs_attention'].includes(answer.body.status));
  expect(['failed', 'needs_attention']).toContain(ended.body.status);
  const planned = await waitFor(() => call('GET', `/v1/plans/${plan.body.planId}`), (answer) => answer.body.status === 'completed');
  expect({ status: planned.body.status, error: planned.body.plan?.error }).toEqual({ status: 'completed', error: null });
  await client.workflow.getHandle(refused.body.workflowId as string).terminate('metrics test done').catch(() => undefined);

  const workerAfter = await scrape(workerMetricsUrl);
  expect(valueOf(workerAfter, 'infinitymix_generation_job_transitions_total', { status: 'completed', step: 'completed' })).toBe(completedBefore + 1);
  expect(valueOf(workerAfter, 'infinitymix_generation_job_transitions_total', { status: ended.body.status as string })).toBeGreaterThan(
    valueOf(workerBefore, 'infinitymix_generation_job_transitions_total', { status: ended.body.status as string }),
  );
  expect(valueOf(workerAfter, 'infinitymix_generation_step_duration_seconds_count')).toBeGreaterThan(valueOf(workerBefore, 'infinitymix_generation_step_duration_seconds_count'));
  expect(valueOf(workerAfter, 'infinitymix_activity_failures_total', { task_queue: taskQueue })).toBeGreaterThan(0);
  expect(valueOf(workerAfter, 'infinitymix_plan_duration_seconds_count', { status: 'completed' })).toBe(valueOf(workerBefore, 'infinitymix_plan_duration_seconds_count', { status: 'completed' }) + 1);
  // The Temporal SDK's own, on the same endpoint, for this test's task queue.
  expect(valueOf(workerAfter, 'temporal_workflow_completed_total', { task_queue: taskQueue })).toBeGreaterThanOrEqual(2);
  expect(valueOf(workerAfter, 'temporal_activity_schedule_to_start_latency_seconds_count', { task_queue: taskQueue })).toBeGreaterThan(0);
  expect(valueOf(workerAfter, 'temporal_workflow_task_schedule_to_start_latency_seconds_count', { task_queue: taskQueue })).toBeGreaterThan(0);

  const apiAfter = await scrape(apiMetrics.url);
  const requests = (labels: Record<string, string>) => valueOf(apiAfter, 'infinitymix_api_requests_total', labels) - valueOf(apiBefore, 'infinitymix_api_requests_total', labels);
  expect(requests({ method: 'POST', route: '/v1/generations', status: '202' })).toBe(2);
  expect(requests({ method: 'POST', route: '/v1/plans', status: '202' })).toBe(1);
  expect(requests({ method: 'GET', route: '/v1/generations/:jobId', status: '200' })).toBeGreaterThan(0);
  expect(valueOf(apiAfter, 'infinitymix_api_request_duration_seconds_count', { route: '/v1/plans/:planId' })).toBeGreaterThan(0);
  expect(valueOf(apiAfter, 'infinitymix_generation_jobs', { status: 'completed' })).toBeGreaterThan(0);
});

it('answers only GET /metrics', async () => {
  expect((await fetch(workerMetricsUrl.replace('/metrics', '/'))).status).toBe(404);
  expect((await fetch(apiMetrics.url, { method: 'POST' })).status).toBe(404);
});
