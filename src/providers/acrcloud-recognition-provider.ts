import { readFile } from 'node:fs/promises';
import { basename } from 'node:path';
import { z } from 'zod';
import { ErrorType, permanentFailure, transientFailure } from '../shared/errors';
import { mapAcrCloudStatus } from './acrcloud-errors';
import { signAcrCloudRequest } from './acrcloud-signature';
import { fetchOrFail, type FetchFn, mapHttpStatus, parseRetryAfterMs, readJsonBody } from './http';
import type { RecognitionProvider, RecognizedSong } from './recognition-provider';

export interface AcrCloudRecognitionProviderOptions {
  /** The project's identify host, e.g. `https://identify-eu-west-1.acrcloud.com`. */
  baseUrl: string;
  accessKey: string;
  accessSecret: string;
  fetch?: FetchFn;
  requestTimeoutMs?: number;
  /** Unix seconds; injectable so that signatures are reproducible in tests. */
  nowSeconds?: () => number;
}

const PROVIDER = 'ACRCloud';
const URI = '/v1/identify';
/** `sample_bytes` must be under 5 MB; a 15 s mono WAV is about 1.3 MB. */
export const ACRCLOUD_MAX_SAMPLE_BYTES = 5 * 1024 * 1024 - 1;

const musicSchema = z.object({
  title: z.string(),
  artists: z.array(z.object({ name: z.string() })).nullish(),
  album: z.object({ name: z.string() }).nullish(),
  score: z.number().nullish(),
});
const answerSchema = z.object({
  status: z.object({ code: z.coerce.number(), msg: z.string().nullish() }),
  metadata: z.object({ music: z.array(musicSchema).nullish() }).nullish(),
});

/** ACRCloud identification: a signed multipart POST of the audio sample. */
export class AcrCloudRecognitionProvider implements RecognitionProvider {
  readonly name = 'acrcloud';
  private readonly options: Required<Omit<AcrCloudRecognitionProviderOptions, 'fetch'>> & { fetch: FetchFn };

  constructor(options: AcrCloudRecognitionProviderOptions) {
    if (options.accessKey.length === 0 || options.accessSecret.length === 0) {
      throw permanentFailure(ErrorType.InvalidApiKey, 'ACRCloud: access key or secret not configured');
    }
    this.options = {
      ...options,
      baseUrl: options.baseUrl.replace(/\/+$/, ''),
      fetch: options.fetch ?? fetch,
      requestTimeoutMs: options.requestTimeoutMs ?? 30_000,
      nowSeconds: options.nowSeconds ?? (() => Math.floor(Date.now() / 1000)),
    };
  }

  async identify(clipPath: string): Promise<RecognizedSong | null> {
    const sample = await readFile(clipPath);
    if (sample.length > ACRCLOUD_MAX_SAMPLE_BYTES) throw permanentFailure(ErrorType.InvalidInput, 'ACRCloud: clip must be under 5 MB');
    const timestamp = String(this.options.nowSeconds());
    const signed = { method: 'POST', uri: URI, accessKey: this.options.accessKey, dataType: 'audio' as const, signatureVersion: '1', timestamp };
    const form = new FormData();
    form.append('sample', new Blob([sample]), basename(clipPath));
    form.append('sample_bytes', String(sample.length));
    form.append('access_key', this.options.accessKey);
    form.append('data_type', signed.dataType);
    form.append('signature_version', signed.signatureVersion);
    form.append('signature', signAcrCloudRequest(signed, this.options.accessSecret));
    form.append('timestamp', timestamp);
    const response = await fetchOrFail(PROVIDER, this.options.fetch, `${this.options.baseUrl}${URI}`, { method: 'POST', body: form }, this.options.requestTimeoutMs);
    const answer = answerSchema.safeParse(await readJsonBody(response).catch(() => undefined));
    if (!answer.success) {
      if (!response.ok) throw mapHttpStatus(PROVIDER, response.status, parseRetryAfterMs(response.headers.get('retry-after')));
      throw transientFailure(ErrorType.ProviderResponseInvalid, 'ACRCloud: unreadable answer');
    }
    const outcome = mapAcrCloudStatus(answer.data.status.code, answer.data.status.msg ?? '');
    if (outcome.kind === 'failure') throw outcome.failure;
    if (outcome.kind === 'no-match') return null;
    return bestMatch(answer.data.metadata?.music ?? []);
  }
}

function bestMatch(music: readonly z.infer<typeof musicSchema>[]): RecognizedSong | null {
  const best = [...music].sort((a, b) => (b.score ?? 0) - (a.score ?? 0))[0];
  if (best === undefined) return null;
  const song: RecognizedSong = { title: best.title, artist: (best.artists ?? []).map((artist) => artist.name).join(', ') };
  if (best.album?.name) song.album = best.album.name;
  if (typeof best.score === 'number') song.confidence = Math.min(1, Math.max(0, best.score / 100));
  return song;
}
