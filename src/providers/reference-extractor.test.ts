import { execFile } from 'node:child_process';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { type RunningServer, startFakeServer } from '../../test/fakes/fake-http';
import { failureOf } from '../../test/fakes/failure-of';
import { writeSineAudio } from '../../test/fakes/sine-audio';
import { extractReferenceClip } from './reference-extractor';
import { allowAnyAddress } from './url-safety';

const run = promisify(execFile);

async function probe(path: string): Promise<{ duration: number; channels: number; sampleRate: number }> {
  const { stdout } = await run('ffprobe', ['-v', 'error', '-show_entries', 'format=duration:stream=channels,sample_rate', '-of', 'json', path]);
  const info = JSON.parse(stdout) as { format: { duration: string }; streams: { channels: number; sample_rate: string }[] };
  const stream = info.streams[0] as { channels: number; sample_rate: string };
  return { duration: Number(info.format.duration), channels: stream.channels, sampleRate: Number(stream.sample_rate) };
}

describe('extractReferenceClip against a local HTTP server', () => {
  let server: RunningServer;
  /** Stands for an internal host: the tests' address rule forbids 127.0.0.2. */
  let internal: RunningServer;
  let internalRequests = 0;
  let assets: string;
  let work: string;
  let song: Buffer;
  let shortSong: Buffer;

  beforeAll(async () => {
    assets = await mkdtemp(join(tmpdir(), 'reference-assets-'));
    await writeSineAudio(join(assets, 'song.wav'), { seconds: 40 });
    await writeSineAudio(join(assets, 'short.wav'), { seconds: 8 });
    song = await readFile(join(assets, 'song.wav'));
    shortSong = await readFile(join(assets, 'short.wav'));
    server = await startFakeServer((req, res) => {
      const wav = (data: Buffer, type = 'audio/wav'): void => {
        res.writeHead(200, { 'content-type': type, 'content-length': data.length });
        res.end(data);
      };
      const html = (body: string): void => {
        res.writeHead(200, { 'content-type': 'text/html' });
        res.end(`<html><head><title>Reference</title></head><body>${body}</body></html>`);
      };
      if (req.path === '/song.wav') return wav(song);
      if (req.path === '/short.wav') return wav(shortSong);
      if (req.path === '/stream') return wav(song);
      if (req.path === '/garbage.mp3') return wav(Buffer.from('this is not audio at all'), 'audio/mpeg');
      if (req.path === '/moved') {
        res.writeHead(302, { location: '/song.wav' });
        return res.end();
      }
      if (req.path === '/to-ftp') {
        res.writeHead(302, { location: 'ftp://127.0.0.1/song.wav' });
        return res.end();
      }
      if (req.path === '/page') return html('<audio src="/song.wav" controls></audio>');
      if (req.path === '/page-internal-media') return html(`<audio src="${internal.baseUrl}/song.wav" controls></audio>`);
      if (req.path === '/page-redirecting-media') return html('<audio src="/media-redirect.wav" controls></audio>');
      if (req.path === '/media-redirect.wav') {
        res.writeHead(302, { location: `${internal.baseUrl}/song.wav` });
        return res.end();
      }
      if (req.path === '/empty-page') return html('<p>No media here</p>');
      res.writeHead(404, { 'content-type': 'text/plain' });
      res.end('not found');
    });
    internal = await startFakeServer((_req, res) => {
      internalRequests += 1;
      res.writeHead(200, { 'content-type': 'audio/wav', 'content-length': song.length });
      res.end(song);
    }, '127.0.0.2');
  }, 30_000);

  afterAll(async () => {
    await internal.close();
    await server.close();
    await rm(assets, { recursive: true, force: true });
  });
  beforeEach(async () => {
    work = await mkdtemp(join(tmpdir(), 'reference-work-'));
  });
  afterEach(async () => {
    await rm(work, { recursive: true, force: true });
  });

  const extract = (path: string, extra: { startSeconds?: number; maxDownloadBytes?: number } = {}) =>
    extractReferenceClip(`${server.baseUrl}${path}`, { tempDir: work, addressRule: allowAnyAddress, ...extra });

  it('downloads a plain WAV URL and cuts a mono 44.1 kHz clip of 15 s', async () => {
    const clip = await extract('/song.wav', { startSeconds: 10 });
    expect(clip).toEqual({ clipPath: join(work, 'reference-clip.wav'), source: 'direct' });
    const info = await probe(clip.clipPath);
    expect(info.duration).toBeCloseTo(15, 1);
    expect(info).toMatchObject({ channels: 1, sampleRate: 44100 });
  });

  it('recognises audio by content type when the path has no extension', async () => {
    expect((await extract('/stream')).source).toBe('direct');
  });

  it('takes the whole source when it is shorter than the clip', async () => {
    const clip = await extract('/short.wav', { startSeconds: 30 });
    expect((await probe(clip.clipPath)).duration).toBeCloseTo(8, 1);
  });

  it('follows a redirect after checking its target', async () => {
    expect((await extract('/moved')).source).toBe('direct');
  });

  it('refuses a redirect to a non-http scheme', async () => {
    const failure = await failureOf(extract('/to-ftp'));
    expect(failure.type).toBe('InvalidInput');
    expect(failure.message).toContain('referenceUrl: only http and https');
  });

  it('refuses the local server when private hosts are not explicitly allowed', async () => {
    const failure = await failureOf(extractReferenceClip(`${server.baseUrl}/song.wav`, { tempDir: work }));
    expect(failure.type).toBe('InvalidInput');
    expect(failure.message).toContain('loopback address');
  });

  it('reports a missing audio file as ReferenceUnavailable', async () => {
    const failure = await failureOf(extract('/missing.wav'));
    expect(failure.type).toBe('ReferenceUnavailable');
    expect(failure.nonRetryable).toBe(true);
  });

  it('reports an undecodable file as InvalidAudio', async () => {
    expect((await failureOf(extract('/garbage.mp3'))).type).toBe('InvalidAudio');
  });

  it('refuses a download over the size limit', async () => {
    const failure = await failureOf(extract('/song.wav', { maxDownloadBytes: 1000 }));
    expect(failure.type).toBe('InvalidInput');
    expect(failure.message).toBe('referenceUrl: download is larger than 1000 bytes');
  });

  it('extracts the section from a page through yt-dlp', async () => {
    const clip = await extract('/page', { startSeconds: 5 });
    expect(clip.source).toBe('yt-dlp');
    const info = await probe(clip.clipPath);
    expect(info.duration).toBeCloseTo(15, 1);
    expect(info.channels).toBe(1);
  }, 60_000);

  describe('downloads reach only addresses that were checked', () => {
    const forbidInternal = (address: string): string | undefined => (address === '127.0.0.2' ? 'test-only internal address' : undefined);
    const extractGuarded = (path: string) =>
      extractReferenceClip(`${server.baseUrl}${path}`, { tempDir: work, addressRule: forbidInternal, startSeconds: 5 });

    it.each([
      ['media on an internal host that the page points to', '/page-internal-media'],
      ['a redirect of the media to an internal host', '/page-redirecting-media'],
    ])('refuses %s, naming the field and the rule, without contacting it', async (_case, path) => {
      const before = internalRequests;
      const failure = await failureOf(extractGuarded(path));
      expect(failure.type).toBe('InvalidInput');
      expect(failure.message).toBe('referenceUrl: the page led to host 127.0.0.2, which is a test-only internal address; not allowed');
      expect(internalRequests).toBe(before);
    }, 60_000);

    it('refuses a direct download whose host is rebound to an internal address after the check', async () => {
      let lookups = 0;
      const resolve = async () => [{ address: lookups++ === 0 ? '127.0.0.1' : '127.0.0.2', family: 4 }];
      const url = `http://media.example:${new URL(server.baseUrl).port}/song.wav`;
      const before = internalRequests;
      const failure = await failureOf(extractReferenceClip(url, { tempDir: work, addressRule: forbidInternal, resolve }));
      expect(failure.type).toBe('InvalidInput');
      expect(failure.message).toBe('referenceUrl: the URL led to host media.example (127.0.0.2), which is a test-only internal address; not allowed');
      expect(internalRequests).toBe(before);
    });

    it('still extracts from a page whose hosts are all allowed', async () => {
      const clip = await extractGuarded('/page');
      expect(clip.source).toBe('yt-dlp');
      expect((await probe(clip.clipPath)).duration).toBeCloseTo(15, 1);
    }, 60_000);
  });

  it('classifies a page without media from yt-dlp stderr', async () => {
    const failure = await failureOf(extract('/empty-page'));
    expect(failure.type).toBe('ReferenceUnavailable');
    expect(failure.message).toContain('unsupported URL');
  }, 60_000);

  it('retries when a tool is missing', async () => {
    const failure = await failureOf(
      extractReferenceClip(`${server.baseUrl}/song.wav`, { tempDir: work, addressRule: allowAnyAddress, ffprobePath: '/nonexistent/ffprobe' }),
    );
    expect(failure.type).toBe('ProviderUnavailable');
    expect(failure.nonRetryable).toBe(false);
  });
});
