import { z } from 'zod';
import { ErrorType, permanentFailure, transientFailure } from '../shared/errors';
import { fetchOrFail, type FetchFn, parseRetryAfterMs, readJsonBody, sanitizeProviderMessage } from './http';
import type { AudioFormat, MusicRequest, MusicTaskStatus } from '../contracts/music-generation';
import type { MusicProvider, SubmittedMusicTask } from './music-provider';
import { mapMurekaError, parseMurekaErrorBody } from './mureka-errors';
import { buildMusicPrompt } from './prompt';
import { saveResponseBody } from './save-response-body';

export interface MurekaMusicProviderOptions {
  apiKey: string;
  /** `https://api.mureka.ai` by default; `https://api.mureka.cn` in China; a fake in tests. */
  baseUrl?: string;
  /** `auto` lets Mureka pick; the model list differs between .ai and .cn (external-apis.md §1). */
  model?: string;
  fetch?: FetchFn;
  /** Per API call. Submit is generous: a timed-out submit that did reach Mureka cannot be told apart. */
  requestTimeoutMs?: number;
  downloadTimeoutMs?: number;
}

const PROVIDER = 'Mureka';
const FINAL_FAILURE_STATUSES = new Set(['failed', 'timeouted', 'cancelled']);

const optionalUrl = z.string().min(1).nullish();
const choiceSchema = z.object({
  index: z.number().nullish(),
  url: optionalUrl,
  flac_url: optionalUrl,
  wav_url: optionalUrl,
  duration: z.number().nullish(),
});
/** Only the fields we use; unknown fields are ignored, unknown statuses are read as "still running". */
const taskSchema = z.object({
  id: z.union([z.string().min(1), z.number()]).transform(String),
  status: z.string(),
  failed_reason: z.string().nullish(),
  choices: z.array(choiceSchema).nullish(),
});
type MurekaTask = z.infer<typeof taskSchema>;
type MurekaChoice = z.infer<typeof choiceSchema>;

/** Mureka instrumental generation: one POST per job, then GET polls until a final status. */
export class MurekaMusicProvider implements MusicProvider {
  readonly name = 'mureka';
  readonly rendersOnWorker = false;
  private readonly apiKey: string;
  private readonly baseUrl: string;
  private readonly model: string;
  private readonly fetchFn: FetchFn;
  private readonly requestTimeoutMs: number;
  private readonly downloadTimeoutMs: number;

  constructor(options: MurekaMusicProviderOptions) {
    if (options.apiKey.length === 0) throw permanentFailure(ErrorType.InvalidApiKey, 'Mureka: no API key configured');
    this.apiKey = options.apiKey;
    this.baseUrl = (options.baseUrl ?? 'https://api.mureka.ai').replace(/\/+$/, '');
    this.model = options.model ?? 'auto';
    this.fetchFn = options.fetch ?? fetch;
    this.requestTimeoutMs = options.requestTimeoutMs ?? 60_000;
    this.downloadTimeoutMs = options.downloadTimeoutMs ?? 300_000;
  }

  async submit(request: MusicRequest): Promise<SubmittedMusicTask> {
    // n=1: Mureka defaults to 2 and bills per track.
    const body = { model: this.model, prompt: buildMusicPrompt(request), n: 1 };
    const json = await this.call('POST', '/v1/instrumental/generate', body);
    const task = taskSchema.safeParse(json);
    // A 2xx without a task id may still have created (and billed) a task: retrying could pay twice.
    if (!task.success) throw permanentFailure(ErrorType.ProviderResponseInvalid, 'Mureka: generate answered without a task id');
    return { taskId: task.data.id };
  }

  async poll(taskId: string): Promise<MusicTaskStatus> {
    const json = await this.call('GET', `/v1/instrumental/query/${encodeURIComponent(taskId)}`);
    const task = taskSchema.safeParse(json);
    if (!task.success) throw transientFailure(ErrorType.ProviderResponseInvalid, 'Mureka: query answered with an unreadable task');
    return toTaskStatus(task.data);
  }

  /** The result links are public CDN URLs: the API key is not sent there. */
  async download(audioUrl: string, destPath: string): Promise<void> {
    const response = await fetchOrFail(PROVIDER, this.fetchFn, audioUrl, { method: 'GET' }, this.downloadTimeoutMs);
    if (!response.ok) {
      await response.body?.cancel();
      const message = `Mureka: result download answered HTTP ${response.status}`;
      if (response.status === 429 || response.status >= 500) {
        throw transientFailure(ErrorType.ProviderUnavailable, message, parseRetryAfterMs(response.headers.get('retry-after')));
      }
      // The links last 30 days; a 4xx means the result is gone and only a new task can replace it.
      throw permanentFailure(ErrorType.ProviderTaskFailed, message);
    }
    await saveResponseBody(response, destPath, { label: PROVIDER });
  }

  private async call(method: 'GET' | 'POST', path: string, body?: unknown): Promise<unknown> {
    const headers: Record<string, string> = { authorization: `Bearer ${this.apiKey}`, accept: 'application/json' };
    if (body !== undefined) headers['content-type'] = 'application/json';
    const init: RequestInit = { method, headers, body: body === undefined ? undefined : JSON.stringify(body) };
    const response = await fetchOrFail(PROVIDER, this.fetchFn, `${this.baseUrl}${path}`, init, this.requestTimeoutMs);
    const json = await readJsonBody(response).catch(() => undefined);
    if (response.ok) return json;
    const error = parseMurekaErrorBody(json);
    const retryAfterMs = parseRetryAfterMs(response.headers.get('retry-after'));
    throw mapMurekaError(response.status, { ...error, message: sanitizeProviderMessage(error.message, [this.apiKey]) }, retryAfterMs);
  }
}

function toTaskStatus(task: MurekaTask): MusicTaskStatus {
  if (task.status === 'succeeded') {
    const result = chooseResult(task.choices ?? []);
    if (result === undefined) {
      return { status: 'failed', failure: { type: ErrorType.ProviderTaskFailed, message: `Mureka: task ${task.id} succeeded without audio` } };
    }
    return { status: 'succeeded', ...result };
  }
  if (FINAL_FAILURE_STATUSES.has(task.status)) {
    const reason = task.failed_reason ? `: ${sanitizeProviderMessage(task.failed_reason)}` : '';
    return { status: 'failed', failure: { type: ErrorType.ProviderTaskFailed, message: `Mureka: task ${task.id} ${task.status}${reason}` } };
  }
  return { status: 'pending', providerStatus: task.status };
}

/** First choice by index; lossless formats first, since we re-encode the master ourselves. */
function chooseResult(choices: readonly MurekaChoice[]): { audioUrl: string; audioFormat: AudioFormat; durationMs?: number } | undefined {
  const ordered = [...choices].sort((a, b) => (a.index ?? 0) - (b.index ?? 0));
  for (const choice of ordered) {
    const link = pickLink(choice);
    if (link === undefined) continue;
    return typeof choice.duration === 'number' ? { ...link, durationMs: choice.duration } : link;
  }
  return undefined;
}

function pickLink(choice: MurekaChoice): { audioUrl: string; audioFormat: AudioFormat } | undefined {
  if (choice.wav_url) return { audioUrl: choice.wav_url, audioFormat: 'wav' };
  if (choice.flac_url) return { audioUrl: choice.flac_url, audioFormat: 'flac' };
  // The schema does not state the format of `url`; mp3 is what clients observe (⚠ external-apis.md §1).
  if (choice.url) return { audioUrl: choice.url, audioFormat: 'mp3' };
  return undefined;
}
