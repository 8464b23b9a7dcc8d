import { CallCounter, readForm, ScriptedQueue, sendJson, startFakeServer } from './fake-http';

export interface AuddSong {
  artist: string;
  title: string;
  album?: string;
}

/** An error inside HTTP 200 (AudD's way), or a bare HTTP status as a gateway would send. */
export type AuddFailure = { errorCode: number; message?: string } | { httpStatus: number };

export interface AuddFake {
  readonly baseUrl: string;
  readonly apiToken: string;
  calls(): number;
  failNext(failure: AuddFailure, times?: number): void;
  /** What the next recognitions answer; `null` is AudD's "no match". */
  setResult(song: AuddSong | null): void;
  /** Form fields of the last request, without the file, to check what the client sent. */
  lastFields(): Record<string, string>;
  close(): Promise<void>;
}

const DEFAULT_SONG: AuddSong = { artist: 'Fake Artist', title: 'Fake Song', album: 'Fake Album' };
/** Magic numbers of the containers we send: WAV, MP3 (ID3 or frame sync), FLAC. */
const AUDIO_MAGIC = [Buffer.from('RIFF'), Buffer.from('ID3'), Buffer.from([0xff, 0xfb]), Buffer.from('fLaC')];

/**
 * A stand-in for api.audd.io: POST / with multipart `api_token` and `file` (or `url`), answering
 * the documented success and error shapes, errors inside HTTP 200 included.
 */
export async function startAuddFake(options: { apiToken?: string } = {}): Promise<AuddFake> {
  const apiToken = options.apiToken ?? 'test-audd-token';
  const counter = new CallCounter<'recognize'>();
  const failures = new ScriptedQueue<'recognize', AuddFailure>();
  let song: AuddSong | null = DEFAULT_SONG;
  let fields: Record<string, string> = {};

  const server = await startFakeServer(async (req, res) => {
    if (req.method !== 'POST' || req.path !== '/') return sendJson(res, 404, { status: 'error' });
    counter.record('recognize');
    const form = await readForm(req);
    fields = {};
    form.forEach((value, key) => {
      if (typeof value === 'string') fields[key] = value;
    });
    const requestParams = { ...fields, api_token: undefined };
    const error = (code: number, message: string) =>
      sendJson(res, 200, { status: 'error', error: { error_code: code, error_message: message }, request_params: requestParams });
    const failure = failures.take('recognize');
    if (failure !== undefined && 'httpStatus' in failure) {
      res.writeHead(failure.httpStatus, { 'content-type': 'text/html' });
      return res.end(`<html><body>${failure.httpStatus}</body></html>`);
    }
    if (failure !== undefined) return error(failure.errorCode, failure.message ?? `Scripted error ${failure.errorCode}`);
    const token = form.get('api_token');
    if (token === null) return error(901, 'Recognition failed: no api_token passed and the limit was reached.');
    if (token !== apiToken) return error(900, 'Recognition failed: authorization failed: wrong API token.');
    const file = form.get('file');
    if (!(file instanceof Blob) && form.get('url') === null) return error(700, 'In order to recognize something, you need to send a file or a URL.');
    if (file instanceof Blob) {
      const head = Buffer.from(await file.slice(0, 4).arrayBuffer());
      if (!AUDIO_MAGIC.some((magic) => head.subarray(0, magic.length).equals(magic))) return error(300, 'Recognition failed: could not decode the audio file.');
    }
    const result = song === null ? null : { ...song, release_date: '2020-01-01', label: 'Fake Label', timecode: '00:42', song_link: 'https://lis.tn/fake' };
    return sendJson(res, 200, { status: 'success', result });
  });

  return {
    baseUrl: `${server.baseUrl}/`,
    apiToken,
    calls: () => counter.count('recognize'),
    failNext: (failure, times = 1) => failures.push('recognize', failure, times),
    setResult: (next) => {
      song = next;
    },
    lastFields: () => ({ ...fields }),
    close: () => server.close(),
  };
}
