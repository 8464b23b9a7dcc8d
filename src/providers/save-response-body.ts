import { createWriteStream } from 'node:fs';
import { rename, rm } from 'node:fs/promises';
import { Readable, Transform } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import type { ReadableStream as NodeReadableStream } from 'node:stream/web';
import { ApplicationFailure } from '@temporalio/common';
import { ErrorType, permanentFailure } from '../shared/errors';
import { networkFailure } from './http';

export interface SaveBodyOptions {
  /** Names the source in failure messages, e.g. "Mureka" or "referenceUrl". */
  label: string;
  maxBytes?: number;
}

/**
 * Streams a response body to `destPath` through a `.part` file renamed at the end, so a
 * crash or a cut connection never leaves a half-written file under the final name.
 * Returns the number of bytes written.
 */
export async function saveResponseBody(response: Response, destPath: string, options: SaveBodyOptions): Promise<number> {
  const maxBytes = options.maxBytes ?? Number.POSITIVE_INFINITY;
  if (response.body === null) throw networkFailure(options.label, new Error('empty response body'));
  const partPath = `${destPath}.part`;
  let bytes = 0;
  const limiter = new Transform({
    transform(chunk: Buffer, _encoding, callback) {
      bytes += chunk.length;
      if (bytes > maxBytes) {
        callback(permanentFailure(ErrorType.InvalidInput, `${options.label}: download is larger than ${maxBytes} bytes`));
        return;
      }
      callback(null, chunk);
    },
  });
  try {
    await pipeline(Readable.fromWeb(response.body as NodeReadableStream<Uint8Array>), limiter, createWriteStream(partPath));
  } catch (error) {
    await rm(partPath, { force: true });
    throw error instanceof ApplicationFailure ? error : networkFailure(options.label, error);
  }
  await rename(partPath, destPath);
  return bytes;
}
