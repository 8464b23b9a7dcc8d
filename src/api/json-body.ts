import type { IncomingHttpHeaders } from 'node:http';
import { HttpError, invalidInput } from './http-error';

export const DEFAULT_BODY_LIMIT_BYTES = 1024 * 1024;

function tooLarge(limitBytes: number): HttpError {
  // The rest of an oversized upload is not read, so the connection cannot be reused for another request.
  return new HttpError(413, 'PayloadTooLarge', `request body is larger than ${limitBytes} bytes`, {}, { connection: 'close' });
}

function isJsonMediaType(contentType: string): boolean {
  const mediaType = contentType.split(';')[0]!.trim().toLowerCase();
  return mediaType === 'application/json' || /^application\/[a-z0-9.+-]+\+json$/.test(mediaType);
}

/**
 * Reads a request body as JSON, refusing more than `limitBytes` (413) before buffering it, a declared
 * non-JSON content type (415) and text that does not parse (400). An empty body reads as undefined.
 */
export async function readJsonBody(body: AsyncIterable<Buffer | string>, headers: IncomingHttpHeaders, limitBytes: number): Promise<unknown> {
  const contentType = headers['content-type'];
  if (contentType !== undefined && !isJsonMediaType(contentType)) {
    throw new HttpError(415, 'UnsupportedMediaType', `content-type must be application/json, not ${contentType}`);
  }
  const declared = Number(headers['content-length']);
  if (Number.isFinite(declared) && declared > limitBytes) throw tooLarge(limitBytes);

  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of body) {
    const bytes = typeof chunk === 'string' ? Buffer.from(chunk) : chunk;
    size += bytes.length;
    if (size > limitBytes) throw tooLarge(limitBytes);
    chunks.push(bytes);
  }
  const text = Buffer.concat(chunks).toString('utf8');
  if (text.trim() === '') return undefined;
  try {
    return JSON.parse(text) as unknown;
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    throw invalidInput(`request body is not valid JSON: ${reason}`, [{ field: '(body)', rule: 'must be valid JSON' }]);
  }
}

export function isJsonObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
