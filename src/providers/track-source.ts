import { join } from 'node:path';
import { ErrorType, permanentFailure } from '../shared/errors';
import { saveResponseBody } from './save-response-body';
import { downloadStatusFailure, fetchUserUrl, safeFetcher } from './safe-download';
import type { AddressRule, LookupAll } from './url-safety';

const FIELD = 'sourceUrl';

export interface TrackSourceOptions {
  /** A directory the caller owns and cleans. */
  tempDir: string;
  maxBytes: number;
  /** forbiddenAddressRule unless set (tests reach their local server with allowAnyAddress). */
  addressRule?: AddressRule;
  resolve?: LookupAll;
  timeoutMs?: number;
}

/**
 * Downloads a catalog track's audio from a direct link, under the same address rules as a reference URL
 * (checked at every redirect, connections pinned to checked addresses) and a size bound. Pages are refused
 * rather than handed to yt-dlp as references are: a catalog track is the whole recording the customer
 * owns, not a 15 s clip of someone's video. Whether the bytes are audio is the decode check's call.
 */
export async function downloadTrackSource(url: string, options: TrackSourceOptions): Promise<{ path: string; bytes: number }> {
  const settings = { field: FIELD, addressRule: options.addressRule, resolve: options.resolve, timeoutMs: options.timeoutMs ?? 10 * 60_000 };
  const { response } = await fetchUserUrl(url, { ...settings, ...safeFetcher(settings) });
  if (!response.ok) {
    await response.body?.cancel();
    throw downloadStatusFailure(FIELD, response);
  }
  const contentType = (response.headers.get('content-type') ?? '').toLowerCase();
  if (contentType.startsWith('text/') || contentType.includes('html')) {
    await response.body?.cancel();
    const type = contentType.split(';')[0]!.trim();
    throw permanentFailure(ErrorType.InvalidAudio, `${FIELD}: the URL answered a ${type} page, not an audio file; give a direct link to the audio`, {
      problems: [{ field: FIELD, rule: 'must link to an audio file' }],
    });
  }
  const declared = Number(response.headers.get('content-length') ?? Number.NaN);
  if (Number.isFinite(declared) && declared > options.maxBytes) {
    await response.body?.cancel();
    throw permanentFailure(ErrorType.InvalidAudio, `${FIELD}: the file is ${declared} bytes; at most ${options.maxBytes} are accepted`);
  }
  const path = join(options.tempDir, 'source');
  const bytes = await saveResponseBody(response, path, { label: FIELD, maxBytes: options.maxBytes });
  return { path, bytes };
}
