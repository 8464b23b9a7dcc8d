import { readFile, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { ServerResponse } from 'node:http';
import { CallCounter, type FakeRequest, ScriptedQueue, sendJson, startFakeServer } from './fake-http';
import { writeSineAudio } from './sine-audio';

/** Error answers from Mureka's error table (external-apis.md §1); the English texts are ⚠ unconfirmed. */
export const murekaFailures = {
  badRequest: { status: 400, message: 'Invalid request parameters' },
  unauthorized: { status: 401, message: 'Invalid Authentication' },
  region: { status: 403, message: 'Request comes from an unsupported region' },
  rateLimit: { status: 429, message: 'Rate limit reached for requests' },
  quota: { status: 429, message: 'You exceeded your current quota, please check your plan and billing details' },
  contentReview: { status: 451, message: 'Input failed the content review' },
  serverError: { status: 500, message: 'Server error' },
  unavailable: { status: 503, message: 'The engine is currently overloaded, please try again later' },
} as const;
export type MurekaFailure = keyof typeof murekaFailures;

export type MurekaEndpoint = 'generate' | 'query' | 'download';
export type MurekaFinalStatus = 'succeeded' | 'failed' | 'timeouted' | 'cancelled';
export type MurekaResultFormat = 'wav' | 'flac' | 'mp3';

export interface MurekaFakeOptions {
  apiKey?: string;
  /** Statuses a task walks through before its final one, one per query by default. */
  progression?: readonly string[];
  queriesPerStatus?: number;
  /** Length of the served result audio. */
  resultSeconds?: number;
  retryAfterSeconds?: number;
}

interface FakeTask {
  id: string;
  createdAt: number;
  model: string;
  prompt: string;
  queries: number;
  finalStatus: MurekaFinalStatus;
  failedReason?: string;
  formats: readonly MurekaResultFormat[];
}

export interface MurekaFake {
  readonly baseUrl: string;
  readonly apiKey: string;
  calls(endpoint: MurekaEndpoint): number;
  /** The next `times` calls to the endpoint answer with this documented error. */
  failNext(endpoint: Exclude<MurekaEndpoint, 'download'>, failure: MurekaFailure, times?: number): void;
  /** Tasks created from now on end in this status. */
  setOutcome(status: MurekaFinalStatus, failedReason?: string): void;
  /** Which result links tasks created from now on carry. */
  setResultFormats(formats: readonly MurekaResultFormat[]): void;
  /** Prompts received, in order, for assertions on what was sent. */
  prompts(): string[];
  close(): Promise<void>;
}

const DEFAULT_PROGRESSION = ['preparing', 'queued', 'running'];

/**
 * A stand-in for api.mureka.ai: POST /v1/instrumental/generate, GET /v1/instrumental/query/{id},
 * and the result files themselves. Tasks live in the fake, not in the client, so a client that
 * is restarted mid-poll keeps polling the same task, and each query moves the task one status on.
 */
export async function startMurekaFake(options: MurekaFakeOptions = {}): Promise<MurekaFake> {
  const apiKey = options.apiKey ?? 'test-mureka-key';
  const progression = options.progression ?? DEFAULT_PROGRESSION;
  const queriesPerStatus = options.queriesPerStatus ?? 1;
  const retryAfter = String(options.retryAfterSeconds ?? 2);
  const dir = await mkdtemp(join(tmpdir(), 'mureka-fake-'));
  const seconds = options.resultSeconds ?? 5;
  await Promise.all(['wav', 'flac', 'mp3'].map((ext) => writeSineAudio(join(dir, `result.${ext}`), { seconds })));

  const tasks = new Map<string, FakeTask>();
  const counter = new CallCounter<MurekaEndpoint>();
  const failures = new ScriptedQueue<MurekaEndpoint, MurekaFailure>();
  let outcome: { status: MurekaFinalStatus; failedReason?: string } = { status: 'succeeded' };
  let resultFormats: readonly MurekaResultFormat[] = ['wav', 'flac', 'mp3'];
  let baseUrl = '';

  const sendError = (res: ServerResponse, failure: MurekaFailure): void => {
    const { status, message } = murekaFailures[failure];
    sendJson(res, status, { error: { message }, trace_id: `trace-${failure}` }, status === 429 || status === 503 ? { 'retry-after': retryAfter } : {});
  };

  const taskBody = (task: FakeTask): Record<string, unknown> => {
    const step = Math.floor(task.queries / queriesPerStatus);
    const status = step < progression.length ? (progression[step] as string) : task.finalStatus;
    const body: Record<string, unknown> = { id: task.id, created_at: task.createdAt, model: task.model, status, watermarked: false, trace_id: `trace-${task.id}` };
    if (status === task.finalStatus && status !== 'succeeded') body.failed_reason = task.failedReason ?? 'generation failed';
    if (status !== 'succeeded') return body;
    const link = (format: MurekaResultFormat): string | undefined =>
      task.formats.includes(format) ? `${baseUrl}/files/${task.id}.${format}` : undefined;
    body.finished_at = task.createdAt + 45;
    body.choices = [{ index: 0, id: `${task.id}-0`, url: link('mp3'), flac_url: link('flac'), wav_url: link('wav'), duration: seconds * 1000 }];
    return body;
  };

  const generate = (req: FakeRequest, res: ServerResponse): void => {
    let input: Record<string, unknown>;
    try {
      input = JSON.parse(req.body.toString('utf8')) as Record<string, unknown>;
    } catch {
      return sendError(res, 'badRequest');
    }
    const validPrompt = typeof input.prompt === 'string' && input.prompt.length > 0 && input.prompt.length <= 1024;
    const validN = input.n === undefined || (Number.isInteger(input.n) && (input.n as number) >= 1 && (input.n as number) <= 3);
    if (typeof input.model !== 'string' || !validPrompt || !validN || input.instrumental_id !== undefined) return sendError(res, 'badRequest');
    const task: FakeTask = {
      id: `task-${tasks.size + 1}`,
      createdAt: Math.floor(Date.now() / 1000),
      model: input.model,
      prompt: input.prompt as string,
      queries: 0,
      finalStatus: outcome.status,
      failedReason: outcome.failedReason,
      formats: resultFormats,
    };
    tasks.set(task.id, task);
    sendJson(res, 200, taskBody(task));
  };

  const query = (id: string, res: ServerResponse): void => {
    const task = tasks.get(id);
    if (task === undefined) return sendJson(res, 404, { error: { message: 'Task not found' }, trace_id: 'trace-404' });
    task.queries += 1;
    sendJson(res, 200, taskBody(task));
  };

  const serveFile = async (name: string, res: ServerResponse): Promise<void> => {
    const match = /^(task-\d+)\.(wav|flac|mp3)$/.exec(name);
    if (match === null || !tasks.has(match[1] as string)) return sendJson(res, 404, { error: { message: 'Not found' } });
    const data = await readFile(join(dir, `result.${match[2]}`));
    res.writeHead(200, { 'content-type': `audio/${match[2] === 'mp3' ? 'mpeg' : match[2]}`, 'content-length': data.length });
    res.end(data);
  };

  const server = await startFakeServer(async (req, res) => {
    if (req.method === 'GET' && req.path.startsWith('/files/')) {
      counter.record('download');
      return serveFile(req.path.slice('/files/'.length), res);
    }
    const endpoint: MurekaEndpoint | undefined =
      req.method === 'POST' && req.path === '/v1/instrumental/generate'
        ? 'generate'
        : req.method === 'GET' && req.path.startsWith('/v1/instrumental/query/')
          ? 'query'
          : undefined;
    if (endpoint === undefined) return sendJson(res, 404, { error: { message: 'Not found' } });
    counter.record(endpoint);
    if (req.headers.authorization !== `Bearer ${apiKey}`) return sendError(res, 'unauthorized');
    const failure = failures.take(endpoint);
    if (failure !== undefined) return sendError(res, failure);
    if (endpoint === 'generate') return generate(req, res);
    return query(decodeURIComponent(req.path.slice('/v1/instrumental/query/'.length)), res);
  });
  baseUrl = server.baseUrl;

  return {
    baseUrl,
    apiKey,
    calls: (endpoint) => counter.count(endpoint),
    failNext: (endpoint, failure, times = 1) => failures.push(endpoint, failure, times),
    setOutcome: (status, failedReason) => {
      outcome = { status, failedReason };
    },
    setResultFormats: (formats) => {
      resultFormats = formats;
    },
    prompts: () => [...tasks.values()].map((task) => task.prompt),
    close: async () => {
      await server.close();
      await rm(dir, { recursive: true, force: true });
    },
  };
}
