import type { ServerResponse } from 'node:http';
import { CallCounter, type FakeRequest, ScriptedQueue, sendJson, startFakeServer } from './fake-http';

/** Error answers from the OpenAI error-code guide (external-apis.md §5). */
export const openAiFailures = {
  badRequest: { status: 400, message: 'Invalid request', type: 'invalid_request_error', code: null },
  unauthorized: { status: 401, message: 'Incorrect API key provided: sk-fake***abcd', type: 'invalid_request_error', code: 'invalid_api_key' },
  region: { status: 403, message: 'Country, region, or territory not supported', type: 'request_forbidden', code: 'unsupported_country_region_territory' },
  modelNotFound: { status: 404, message: 'The model does not exist or you do not have access to it.', type: 'invalid_request_error', code: 'model_not_found' },
  rateLimit: { status: 429, message: 'Rate limit reached for requests', type: 'requests', code: 'rate_limit_exceeded' },
  quota: { status: 429, message: 'You exceeded your current quota, please check your plan and billing details.', type: 'insufficient_quota', code: 'insufficient_quota' },
  serverError: { status: 500, message: 'The server had an error while processing your request.', type: 'server_error', code: null },
  overloaded: { status: 503, message: 'The engine is currently overloaded, please try again later.', type: 'server_error', code: 'slow_down' },
} as const;
export type OpenAiFailure = keyof typeof openAiFailures;

/** One scripted completion: the message content and how it ended. */
export interface ScriptedCompletion {
  content?: string | null;
  refusal?: string | null;
  finishReason?: 'stop' | 'length' | 'content_filter';
}

export interface OpenAiFake {
  /** Base URL including `/v1`, as OpenAI's own base URL is. */
  readonly baseUrl: string;
  readonly apiKey: string;
  calls(): number;
  failNext(failure: OpenAiFailure, times?: number): void;
  /** The next completion answers this instead of the default analysis. */
  replyNext(completion: ScriptedCompletion): void;
  /** The last request body, to check model, messages and response_format. */
  lastRequest(): Record<string, unknown> | undefined;
  close(): Promise<void>;
}

interface Segment {
  start: number;
  end: number;
}

/** A model stand-in: one calm scene spanning the transcript it was sent. */
function defaultAnalysis(body: Record<string, unknown>): string {
  const messages = Array.isArray(body.messages) ? (body.messages as { role: string; content: string }[]) : [];
  const user = messages.filter((message) => message.role === 'user').at(-1);
  const segments = (JSON.parse(user?.content ?? '{"segments":[]}') as { segments: Segment[] }).segments;
  const start = Math.min(...segments.map((segment) => segment.start), 0);
  const end = Math.max(...segments.map((segment) => segment.end), 1);
  return JSON.stringify({
    dominantMood: 'calm',
    averageEnergy: 40,
    sceneCount: 1,
    summary: 'One calm scene.',
    scenes: [{ start, end, mood: 'calm', energy: 40 }],
  });
}

/**
 * A stand-in for an OpenAI-compatible POST /v1/chat/completions with JSON output. Like OpenAI,
 * it refuses json_object mode when no message mentions JSON.
 */
export async function startOpenAiFake(options: { apiKey?: string; retryAfterSeconds?: number } = {}): Promise<OpenAiFake> {
  const apiKey = options.apiKey ?? 'sk-test-openai-key';
  const counter = new CallCounter<'completions'>();
  const failures = new ScriptedQueue<'completions', OpenAiFailure>();
  const replies = new ScriptedQueue<'completions', ScriptedCompletion>();
  let last: Record<string, unknown> | undefined;

  const sendError = (res: ServerResponse, failure: OpenAiFailure): void => {
    const { status, message, type, code } = openAiFailures[failure];
    const headers: Record<string, string> = status === 429 && failure === 'rateLimit' ? { 'retry-after': String(options.retryAfterSeconds ?? 3) } : {};
    sendJson(res, status, { error: { message, type, param: null, code } }, headers);
  };

  const complete = (req: FakeRequest): ScriptedCompletion | OpenAiFailure => {
    const body = JSON.parse(req.body.toString('utf8')) as Record<string, unknown>;
    last = body;
    const format = (body.response_format as { type?: string } | undefined)?.type;
    const mentionsJson = JSON.stringify(body.messages ?? []).toLowerCase().includes('json');
    if (typeof body.model !== 'string' || !Array.isArray(body.messages) || (format === 'json_object' && !mentionsJson)) return 'badRequest';
    if (body.model.startsWith('unknown')) return 'modelNotFound';
    return replies.take('completions') ?? { content: defaultAnalysis(body), finishReason: 'stop' };
  };

  const server = await startFakeServer((req, res) => {
    if (req.method !== 'POST' || req.path !== '/v1/chat/completions') return sendJson(res, 404, { error: { message: 'Not found', type: 'invalid_request_error' } });
    counter.record('completions');
    if (req.headers.authorization !== `Bearer ${apiKey}`) return sendError(res, 'unauthorized');
    const scripted = failures.take('completions');
    if (scripted !== undefined) return sendError(res, scripted);
    const outcome = complete(req);
    if (typeof outcome === 'string') return sendError(res, outcome);
    return sendJson(res, 200, {
      id: `chatcmpl-${counter.count('completions')}`,
      object: 'chat.completion',
      created: Math.floor(Date.now() / 1000),
      model: last?.model,
      choices: [
        {
          index: 0,
          message: { role: 'assistant', content: outcome.content ?? null, refusal: outcome.refusal ?? null },
          finish_reason: outcome.finishReason ?? 'stop',
        },
      ],
      usage: { prompt_tokens: 100, completion_tokens: 50, total_tokens: 150 },
    });
  });

  return {
    baseUrl: `${server.baseUrl}/v1`,
    apiKey,
    calls: () => counter.count('completions'),
    failNext: (failure, times = 1) => failures.push('completions', failure, times),
    replyNext: (completion) => replies.push('completions', completion, 1),
    lastRequest: () => last,
    close: () => server.close(),
  };
}
