import { type ApiClient, UsageError } from './api-client';
import { uploadFile } from './files';

export interface TrackOptions {
  title: string;
  artist: string;
  genre?: string;
  file?: string;
  url?: string;
}

/**
 * `tracks add`: with --url the service fetches the audio itself; with --file the CLI uploads it to the presigned
 * link the API hands out, then asks for ingestion.
 */
export async function addTrack(api: ApiClient, options: TrackOptions, print: (line: string) => void): Promise<number> {
  if ((options.file === undefined) === (options.url === undefined)) throw new UsageError('tracks add needs exactly one of --file or --url');
  const fields = { title: options.title, artist: options.artist, genre: options.genre };
  if (options.url !== undefined) {
    const accepted = await api.call('POST', '/v1/tracks', { ...fields, sourceUrl: options.url });
    print(`track ${accepted.trackId} ${accepted.status}`);
    return 0;
  }
  const created = await api.call('POST', '/v1/tracks', fields);
  const bytes = await uploadFile(created.upload.url, options.file!);
  print(`track ${created.trackId}: uploaded ${bytes} bytes`);
  const ingesting = await api.call('POST', `/v1/tracks/${encodeURIComponent(created.trackId)}/ingest`);
  print(`track ${created.trackId} ${ingesting.status ?? 'ingesting'}`);
  return 0;
}
