import { createWriteStream } from 'node:fs';
import { mkdir, readFile, stat } from 'node:fs/promises';
import path from 'node:path';
import { Readable } from 'node:stream';
import type { ReadableStream } from 'node:stream/web';
import { pipeline } from 'node:stream/promises';
import { ApiError } from './api-client';

interface DownloadLink {
  url: string;
  expiresAt: string;
}

const FILE_NAMES = { master: 'master.wav', preview: 'preview.mp3', metadata: 'metadata.json' } as const;

/** Fetches a completed job's three files from their presigned links (no API key: the link is the permission). */
export async function downloadResults(downloads: Record<keyof typeof FILE_NAMES, DownloadLink>, directory: string): Promise<{ file: string; bytes: number }[]> {
  await mkdir(directory, { recursive: true });
  const saved = [];
  for (const [name, fileName] of Object.entries(FILE_NAMES) as [keyof typeof FILE_NAMES, string][]) {
    const response = await fetch(downloads[name].url);
    if (!response.ok || !response.body) throw new ApiError(response.status, 'DownloadFailed', `${name}: storage answered ${response.status} (links expire at ${downloads[name].expiresAt}; run the command again for fresh ones)`);
    const file = path.join(directory, fileName);
    await pipeline(Readable.fromWeb(response.body as ReadableStream), createWriteStream(file));
    saved.push({ file, bytes: (await stat(file)).size });
  }
  return saved;
}

/** PUTs a local file to a presigned upload link, as `tracks add --file` does before asking for ingestion. */
export async function uploadFile(url: string, filePath: string): Promise<number> {
  const bytes = await readFile(filePath);
  const response = await fetch(url, { method: 'PUT', body: bytes });
  if (!response.ok) throw new ApiError(response.status, 'UploadFailed', `storage answered ${response.status} to the upload of ${filePath}`);
  return bytes.length;
}
