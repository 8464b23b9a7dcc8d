import { readdir, readFile, stat } from 'node:fs/promises';
import path from 'node:path';
import { Presets, SingleBar } from 'cli-progress';
import { forEachBounded } from '../workflows/bounded-parallel';
import { type ApiClient, UsageError } from './api-client';
import { uploadFile } from './files';
import { waitWithProgress } from './progress';

/** What a folder import takes as audio, by extension. */
const AUDIO_EXTENSIONS = new Set(['.wav', '.mp3', '.flac', '.ogg', '.opus', '.m4a', '.aac', '.aif', '.aiff']);
const UPLOADS_IN_FLIGHT = 4;

export interface ImportOptions {
  /** A folder of audio files, or a manifest JSON file. */
  source: string;
  /** For a folder: the artist of every track (default: the folder's name). */
  artist?: string;
  genre?: string;
  wait: boolean;
}

interface ManifestEntry {
  title: string;
  artist: string;
  genre?: string;
  sourceUrl?: string;
  /** A local file to upload, relative to the manifest; absent for sourceUrl entries. */
  file?: string;
}

interface ImportView {
  importId: string;
  status: string;
  total: number;
  counts: { ingested: number; failed: number; pending: number };
  failures: { trackId: string; title: string; errorType: string | null; error: string | null }[];
}

/** A folder: one entry per audio file, titled by its file name. A manifest: a JSON array (or `{tracks: [...]}`). */
async function entriesOf(options: ImportOptions): Promise<ManifestEntry[]> {
  const source = path.resolve(options.source);
  const info = await stat(source).catch(() => {
    throw new UsageError(`${options.source} does not exist`);
  });
  if (info.isDirectory()) {
    const names = (await readdir(source)).filter((name) => AUDIO_EXTENSIONS.has(path.extname(name).toLowerCase())).sort();
    if (names.length === 0) throw new UsageError(`${options.source} has no audio files (${[...AUDIO_EXTENSIONS].join(' ')})`);
    const artist = options.artist ?? path.basename(source);
    return names.map((name) => ({ title: path.basename(name, path.extname(name)), artist, genre: options.genre, file: path.join(source, name) }));
  }
  let parsed: unknown;
  try {
    parsed = JSON.parse(await readFile(source, 'utf8'));
  } catch (error) {
    throw new UsageError(`${options.source} is not a JSON manifest: ${(error as Error).message}`);
  }
  const list = Array.isArray(parsed) ? parsed : (parsed as { tracks?: unknown }).tracks;
  if (!Array.isArray(list)) throw new UsageError(`${options.source} must hold an array of tracks, or {"tracks": [...]}`);
  return (list as ManifestEntry[]).map((entry) => (entry.file === undefined ? entry : { ...entry, file: path.resolve(path.dirname(source), entry.file) }));
}

/** A bar on a terminal, nothing otherwise (the lines before and after say what happened). */
function uploadBar(total: number): { tick(): void; stop(): void } {
  const stream = process.stderr;
  if (!stream.isTTY) return { tick: () => undefined, stop: () => undefined };
  const bar = new SingleBar({ format: 'uploading {bar} {value}/{total} | {duration_formatted}', hideCursor: true, stream }, Presets.shades_classic);
  bar.start(total, 0);
  return { tick: () => bar.increment(), stop: () => bar.stop() };
}

/**
 * `tracks import <folder|manifest.json>`: one bulk import for all the tracks. Files are uploaded to their presigned
 * links a few at a time, then the import starts; with --wait a bar follows it to the end and the failures are listed.
 */
export async function importTracks(api: ApiClient, options: ImportOptions, print: (line: string) => void): Promise<number> {
  const entries = await entriesOf(options);
  const created = await api.call('POST', '/v1/track-imports', { tracks: entries.map(({ file: _file, ...fields }) => fields) });
  const importId: string = created.importId;
  print(`import ${importId}: ${created.total} tracks`);
  const uploads = (created.tracks as { trackId: string; upload?: { url: string } }[]).flatMap((track, index) =>
    track.upload === undefined ? [] : [{ url: track.upload.url, file: entries[index]!.file }],
  );
  if (uploads.some((upload) => upload.file === undefined)) throw new UsageError('every manifest entry without a sourceUrl needs a file');
  const bar = uploadBar(uploads.length);
  try {
    await forEachBounded(uploads, UPLOADS_IN_FLIGHT, async ({ url, file }) => {
      await uploadFile(url, file!);
      bar.tick();
    });
  } finally {
    bar.stop();
  }
  if (uploads.length > 0) {
    print(`uploaded ${uploads.length} files`);
    await api.call('POST', `/v1/track-imports/${importId}/start`);
  }
  print(`import ${importId} ingesting`);
  if (!options.wait) return 0;
  const outcome = await waitWithProgress('importing', async () => {
    const view = (await api.call('GET', `/v1/track-imports/${importId}`)) as ImportView;
    const { ingested, failed } = view.counts;
    const done = view.status === 'finished';
    return { done, percent: Math.floor(((ingested + failed) / view.total) * 100), step: `${ingested} ingested, ${failed} failed of ${view.total}`, view };
  });
  if (outcome.kind === 'interrupted') {
    print(`stopped waiting; import ${importId} goes on (see it with: npm run cli -- tracks import-status ${importId})`);
    return 130;
  }
  return printImport(outcome.view as ImportView, print);
}

/** `tracks import-status IMPORT_ID`: the counts and the failures. Exit 1 when some tracks failed. */
export async function showImport(api: ApiClient, importId: string, print: (line: string) => void): Promise<number> {
  return printImport((await api.call('GET', `/v1/track-imports/${encodeURIComponent(importId)}`)) as ImportView, print);
}

function printImport(view: ImportView, print: (line: string) => void): number {
  const { ingested, failed, pending } = view.counts;
  print(`import ${view.importId} ${view.status}: ${ingested} ingested, ${failed} failed, ${pending} pending of ${view.total}`);
  for (const failure of view.failures) print(`  failed ${failure.trackId} "${failure.title}": ${failure.errorType ?? 'Error'}: ${failure.error ?? ''}`);
  return failed > 0 ? 1 : 0;
}
