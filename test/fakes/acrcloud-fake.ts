import { signAcrCloudRequest } from '../../src/providers/acrcloud-signature';
import { CallCounter, readForm, ScriptedQueue, sendJson, startFakeServer } from './fake-http';

export interface AcrCloudSong {
  title: string;
  artists: string[];
  album?: string;
  score?: number;
}

/** A `status.code` answered with HTTP 200 (ACRCloud's way), or a bare HTTP status from a gateway. */
export type AcrCloudFailure = { statusCode: number; msg?: string } | { httpStatus: number };

export interface AcrCloudFake {
  readonly baseUrl: string;
  readonly accessKey: string;
  readonly accessSecret: string;
  calls(): number;
  failNext(failure: AcrCloudFailure, times?: number): void;
  /** Candidates the next identifications return; an empty list answers 1001 "No result". */
  setMatches(songs: readonly AcrCloudSong[]): void;
  close(): Promise<void>;
}

const MAX_SAMPLE_BYTES = 5 * 1024 * 1024;

/**
 * A stand-in for identify-<region>.acrcloud.com: POST /v1/identify with a signed multipart form.
 * It checks the access key and recomputes the signature, as the real service does.
 */
export async function startAcrCloudFake(options: { accessKey?: string; accessSecret?: string } = {}): Promise<AcrCloudFake> {
  const accessKey = options.accessKey ?? 'test-acr-key';
  const accessSecret = options.accessSecret ?? 'test-acr-secret';
  const counter = new CallCounter<'identify'>();
  const failures = new ScriptedQueue<'identify', AcrCloudFailure>();
  let matches: readonly AcrCloudSong[] = [{ title: 'Fake Song', artists: ['Fake Artist'], album: 'Fake Album', score: 100 }];

  const server = await startFakeServer(async (req, res) => {
    if (req.method !== 'POST' || req.path !== '/v1/identify') return sendJson(res, 404, { status: { code: 3006, msg: 'Not found', version: '1.0' } });
    counter.record('identify');
    const status = (code: number, msg: string) => sendJson(res, 200, { status: { code, msg, version: '1.0' }, cost_time: 0.01 });
    const failure = failures.take('identify');
    if (failure !== undefined && 'httpStatus' in failure) {
      res.writeHead(failure.httpStatus, { 'content-type': 'text/html' });
      return res.end(`<html><body>${failure.httpStatus}</body></html>`);
    }
    if (failure !== undefined) return status(failure.statusCode, failure.msg ?? `Scripted status ${failure.statusCode}`);
    const form = await readForm(req);
    const field = (name: string): string => {
      const value = form.get(name);
      return typeof value === 'string' ? value : '';
    };
    if (field('access_key') !== accessKey) return status(3001, 'Missing/Invalid Access Key');
    const dataType = field('data_type');
    if (dataType !== 'audio' && dataType !== 'fingerprint') return status(3006, 'Invalid parameters');
    const expected = signAcrCloudRequest(
      { method: 'POST', uri: '/v1/identify', accessKey, dataType, signatureVersion: field('signature_version'), timestamp: field('timestamp') },
      accessSecret,
    );
    if (field('signature') !== expected) return status(3014, 'Invalid signature');
    const sample = form.get('sample');
    if (!(sample instanceof Blob)) return status(3006, 'Invalid parameters');
    if (sample.size >= MAX_SAMPLE_BYTES || Number(field('sample_bytes')) >= MAX_SAMPLE_BYTES) return status(3016, 'File is too large');
    if (Buffer.from(await sample.slice(0, 4).arrayBuffer()).toString('latin1') !== 'RIFF') return status(2004, "Can't generate fingerprint");
    if (matches.length === 0) return status(1001, 'No result');
    const music = matches.map((song, index) => ({
      acrid: `acr-${index}`,
      title: song.title,
      artists: song.artists.map((name) => ({ name })),
      album: song.album === undefined ? undefined : { name: song.album },
      score: song.score ?? 100,
      duration_ms: 200_000,
      play_offset_ms: 42_000,
      external_ids: {},
      external_metadata: {},
    }));
    return sendJson(res, 200, { status: { code: 0, msg: 'Success', version: '1.0' }, metadata: { timestamp_utc: '2026-01-01 00:00:00', music }, result_type: 0, cost_time: 0.2 });
  });

  return {
    baseUrl: server.baseUrl,
    accessKey,
    accessSecret,
    calls: () => counter.count('identify'),
    failNext: (failure, times = 1) => failures.push('identify', failure, times),
    setMatches: (songs) => {
      matches = songs;
    },
    close: () => server.close(),
  };
}
