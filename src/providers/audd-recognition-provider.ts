import { readFile } from 'node:fs/promises';
import { basename } from 'node:path';
import { z } from 'zod';
import { ErrorType, permanentFailure, transientFailure } from '../shared/errors';
import { fetchOrFail, type FetchFn, mapHttpStatus, parseRetryAfterMs, readJsonBody, sanitizeProviderMessage } from './http';
import { mapAuddError } from './audd-errors';
import type { RecognitionProvider, RecognizedSong } from './recognition-provider';

export interface AuddRecognitionProviderOptions {
  apiToken: string;
  /** `https://api.audd.io/` by default; a fake in tests. */
  baseUrl?: string;
  fetch?: FetchFn;
  requestTimeoutMs?: number;
}

const PROVIDER = 'AudD';
/** AudD's OpenAPI limit; its docs also mention 12 s ⚠, our 15 s clips are well under the size. */
export const AUDD_MAX_CLIP_BYTES = 10 * 1024 * 1024;

const answerSchema = z.discriminatedUnion('status', [
  z.object({
    status: z.literal('success'),
    result: z.object({ title: z.string(), artist: z.string(), album: z.string().nullish() }).nullable(),
  }),
  z.object({
    status: z.literal('error'),
    error: z.object({ error_code: z.coerce.number(), error_message: z.string().nullish() }),
  }),
]);

/** AudD: one multipart POST; the token travels as a form field, never as a header or in the URL. */
export class AuddRecognitionProvider implements RecognitionProvider {
  readonly name = 'audd';
  private readonly apiToken: string;
  private readonly baseUrl: string;
  private readonly fetchFn: FetchFn;
  private readonly requestTimeoutMs: number;

  constructor(options: AuddRecognitionProviderOptions) {
    if (options.apiToken.length === 0) throw permanentFailure(ErrorType.InvalidApiKey, 'AudD: no API token configured');
    this.apiToken = options.apiToken;
    this.baseUrl = options.baseUrl ?? 'https://api.audd.io/';
    this.fetchFn = options.fetch ?? fetch;
    this.requestTimeoutMs = options.requestTimeoutMs ?? 30_000;
  }

  async identify(clipPath: string): Promise<RecognizedSong | null> {
    const clip = await readFile(clipPath);
    if (clip.length > AUDD_MAX_CLIP_BYTES) throw permanentFailure(ErrorType.InvalidInput, `AudD: clip is larger than ${AUDD_MAX_CLIP_BYTES} bytes`);
    const form = new FormData();
    form.append('api_token', this.apiToken);
    form.append('file', new Blob([clip]), basename(clipPath));
    const response = await fetchOrFail(PROVIDER, this.fetchFn, this.baseUrl, { method: 'POST', body: form }, this.requestTimeoutMs);
    const json = await readJsonBody(response).catch(() => undefined);
    const answer = answerSchema.safeParse(json);
    if (!response.ok && !answer.success) throw mapHttpStatus(PROVIDER, response.status, parseRetryAfterMs(response.headers.get('retry-after')));
    if (!answer.success) throw transientFailure(ErrorType.ProviderResponseInvalid, 'AudD: unreadable answer');
    if (answer.data.status === 'error') {
      const { error_code: code, error_message: text } = answer.data.error;
      throw mapAuddError(code, sanitizeProviderMessage(text ?? '', [this.apiToken]));
    }
    const result = answer.data.result;
    if (result === null) return null;
    return result.album ? { title: result.title, artist: result.artist, album: result.album } : { title: result.title, artist: result.artist };
  }
}
