import path from 'node:path';
import { ErrorType, permanentFailure } from '../shared/errors';
import type { ObjectStorage } from '../storage';

const MAX_KEY_LENGTH = 1024;

/** Keys come from callers: refuse ones that could climb out of a local storage root or are plainly malformed. */
export function assertStorageKey(field: string, key: string): void {
  const segments = key.split('/');
  const malformed =
    key.length === 0 || key.length > MAX_KEY_LENGTH || key.startsWith('/') || key.includes('\\') || segments.some((segment) => segment === '..' || segment === '.');
  if (malformed) {
    const rule = `must be a relative storage key of at most ${MAX_KEY_LENGTH} characters without "." or ".." segments`;
    throw permanentFailure(ErrorType.InvalidInput, `${field} ${rule}`, { problems: [{ field, rule }] });
  }
}

/**
 * Copies the object at `key` into `dir` and returns the local path. The extension is kept because ffmpeg
 * uses it as a hint; a missing object is bad input, not an outage, so it fails without retries.
 */
export async function downloadAudio(storage: ObjectStorage, field: string, key: string, dir: string): Promise<string> {
  assertStorageKey(field, key);
  if ((await storage.head(key)) === null) {
    throw permanentFailure(ErrorType.InvalidInput, `${field}: no object at ${key}`, { problems: [{ field, rule: 'must name an existing object' }] });
  }
  const extension = path.extname(key).replace(/[^A-Za-z0-9.]/g, '').slice(0, 8);
  const localPath = path.join(dir, `input${extension}`);
  await storage.downloadToFile(key, localPath);
  return localPath;
}
