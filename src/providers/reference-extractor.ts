import { rm, stat } from 'node:fs/promises';
import { extname, join } from 'node:path';
import { type ChildProcessResult, runChildProcess } from '../shared/child-process';
import { ErrorType, permanentFailure, transientFailure } from '../shared/errors';
import type { FetchFn } from './http';
import { saveResponseBody } from './save-response-body';
import { startEgressGuard } from './egress-guard';
import { downloadStatusFailure, fetchUserUrl, refusalFailure, safeFetcher } from './safe-download';
import type { AddressRule, LookupAll } from './url-safety';
import { classifyYtDlpError } from './ytdlp-errors';

export interface ReferenceClipOptions {
  /** A directory the caller owns and cleans; the clip and intermediate files go there. */
  tempDir: string;
  startSeconds?: number;
  clipSeconds?: number;
  /** forbiddenAddressRule unless set (tests reach their local server with allowAnyAddress). */
  addressRule?: AddressRule;
  resolve?: LookupAll;
  maxDownloadBytes?: number;
  /** Per download and per tool run. */
  timeoutMs?: number;
  signal?: AbortSignal;
  ytDlpPath?: string;
  ffmpegPath?: string;
  ffprobePath?: string;
}

export interface ReferenceClip {
  /** Mono 44.1 kHz 16-bit WAV, `clipSeconds` long (shorter only when the source is). */
  clipPath: string;
  source: 'direct' | 'yt-dlp';
}

const AUDIO_EXTENSIONS = new Set(['.mp3', '.wav', '.flac', '.m4a', '.aac', '.ogg', '.oga', '.opus', '.wma', '.aif', '.aiff']);
const FIELD = 'referenceUrl';

interface Settings {
  tempDir: string;
  startSeconds: number;
  clipSeconds: number;
  addressRule?: AddressRule;
  resolve?: LookupAll;
  /** Checks and pins every host the direct download connects to (pinnedFetch). */
  fetchFn: FetchFn;
  maxDownloadBytes: number;
  timeoutMs: number;
  signal?: AbortSignal;
  ytDlp: string;
  ffmpeg: string;
  /** Passed to yt-dlp only when configured: it wants a path, not a command name. */
  ffmpegLocation?: string;
  ffprobe: string;
}

/**
 * Cuts a reference clip from a URL. Plain audio files (by extension or content type) are
 * downloaded directly; any other page goes through yt-dlp, which fetches only the section.
 * The URL is checked first and again at every redirect we follow ourselves, and the direct
 * download connects only to addresses it checked (pinnedFetch); yt-dlp (and the ffmpeg it runs)
 * reach the network only through the egress guard, which does the same for every host they
 * connect to, their own redirects and media hosts included.
 */
export async function extractReferenceClip(url: string, options: ReferenceClipOptions): Promise<ReferenceClip> {
  const fetcher = safeFetcher({ field: FIELD, resolve: options.resolve, addressRule: options.addressRule, timeoutMs: options.timeoutMs ?? 180_000 });
  const settings: Settings = {
    tempDir: options.tempDir,
    startSeconds: options.startSeconds ?? 0,
    clipSeconds: options.clipSeconds ?? 15,
    addressRule: options.addressRule,
    resolve: options.resolve,
    fetchFn: fetcher.fetchFn,
    maxDownloadBytes: options.maxDownloadBytes ?? 100 * 1024 * 1024,
    timeoutMs: options.timeoutMs ?? 180_000,
    signal: options.signal,
    ytDlp: options.ytDlpPath ?? 'yt-dlp',
    ffmpeg: options.ffmpegPath ?? 'ffmpeg',
    ffmpegLocation: options.ffmpegPath,
    ffprobe: options.ffprobePath ?? 'ffprobe',
  };
  const clipPath = join(settings.tempDir, 'reference-clip.wav');
  const { response, finalUrl } = await fetchUserUrl(url, { ...fetcher, field: FIELD, addressRule: settings.addressRule, resolve: settings.resolve, timeoutMs: settings.timeoutMs });
  const audioByName = AUDIO_EXTENSIONS.has(extname(finalUrl.pathname).toLowerCase());
  const audioByType = (response.headers.get('content-type') ?? '').toLowerCase().startsWith('audio/');
  if (!audioByName && !audioByType) {
    await response.body?.cancel();
    const downloaded = await downloadWithYtDlp(finalUrl.href, settings);
    await cutClip(downloaded, clipPath, 0, settings);
    return { clipPath, source: 'yt-dlp' };
  }
  if (!response.ok) {
    await response.body?.cancel();
    throw downloadStatusFailure(FIELD, response);
  }
  const sourcePath = join(settings.tempDir, `reference-source${audioByName ? extname(finalUrl.pathname).toLowerCase() : ''}`);
  await saveResponseBody(response, sourcePath, { label: FIELD, maxBytes: settings.maxDownloadBytes });
  const duration = await probeDuration(sourcePath, settings);
  // A source shorter than start + clip still gives a clip: its last `clipSeconds`, or all of it.
  const start = Math.max(0, Math.min(settings.startSeconds, duration - settings.clipSeconds));
  await cutClip(sourcePath, clipPath, start, settings);
  await rm(sourcePath, { force: true });
  return { clipPath, source: 'direct' };
}

async function downloadWithYtDlp(url: string, settings: Settings): Promise<string> {
  const guard = await startEgressGuard({ resolve: settings.resolve, addressRule: settings.addressRule });
  try {
    const args = [
      '--no-playlist',
      '--no-progress',
      '--no-cache-dir',
      '--proxy', guard.proxyUrl,
      '--socket-timeout', '30',
      '--retries', '3',
      '--match-filters', '!is_live',
      '-f', 'bestaudio/best',
      '--download-sections', `*${settings.startSeconds}-${settings.startSeconds + settings.clipSeconds}`,
      '-x', '--audio-format', 'wav',
      ...(settings.ffmpegLocation === undefined ? [] : ['--ffmpeg-location', settings.ffmpegLocation]),
      '-o', join(settings.tempDir, 'reference-download.%(ext)s'),
      '--print', 'after_move:filepath',
      '--', url,
    ];
    const result = await runTool(settings.ytDlp, args, settings);
    const refused = guard.refusals[0];
    if (refused !== undefined) throw refusalFailure(FIELD, refused, 'the page');
    if (result.exitCode !== 0) throw classifyYtDlpError(result.stderr);
    const printed = result.stdout.toString('utf8').split(/\r?\n/).map((line) => line.trim()).filter((line) => line.length > 0).at(-1);
    // Exit 0 without a file: the entry was filtered out (a live stream) or had nothing to extract.
    if (printed === undefined || !(await isNonEmptyFile(printed))) {
      throw permanentFailure(ErrorType.ReferenceUnavailable, `${FIELD}: no audio could be extracted (live stream or no media)`, { reason: 'no media' });
    }
    return printed;
  } finally {
    await guard.close();
  }
}

async function probeDuration(path: string, settings: Settings): Promise<number> {
  const result = await runTool(settings.ffprobe, ['-v', 'error', '-show_entries', 'format=duration', '-of', 'csv=p=0', path], settings);
  const duration = Number.parseFloat(result.stdout.toString('utf8').trim());
  if (result.exitCode !== 0 || !Number.isFinite(duration)) {
    throw permanentFailure(ErrorType.InvalidAudio, `${FIELD}: the downloaded file is not readable audio`);
  }
  return duration;
}

async function cutClip(sourcePath: string, clipPath: string, startSeconds: number, settings: Settings): Promise<void> {
  const args = ['-nostdin', '-loglevel', 'error', '-y', '-ss', String(startSeconds), '-i', sourcePath, '-t', String(settings.clipSeconds), '-vn', '-ac', '1', '-ar', '44100', '-c:a', 'pcm_s16le', clipPath];
  const result = await runTool(settings.ffmpeg, args, settings);
  if (result.exitCode !== 0 || !(await isNonEmptyFile(clipPath, WAV_HEADER_BYTES))) {
    throw permanentFailure(ErrorType.InvalidAudio, `${FIELD}: could not cut a clip from the reference audio`);
  }
}

const WAV_HEADER_BYTES = 44;

async function isNonEmptyFile(path: string, minBytes = 0): Promise<boolean> {
  const info = await stat(path).catch(() => undefined);
  return info !== undefined && info.isFile() && info.size > minBytes;
}

/** yt-dlp prints one path, ffprobe one number, ffmpeg nothing: more is a fault, and the child is killed. */
const MAX_TOOL_STDOUT_BYTES = 1024 * 1024;

async function runTool(command: string, args: readonly string[], settings: Settings): Promise<ChildProcessResult> {
  // A missing tool is a deployment fault: retried, then dead-lettered for an operator.
  const result = await runChildProcess(command, args, { timeoutMs: settings.timeoutMs, signal: settings.signal, maxStdoutBytes: MAX_TOOL_STDOUT_BYTES }).catch((error: unknown) => {
    throw transientFailure(ErrorType.ProviderUnavailable, `${FIELD}: ${command} could not be started (${(error as NodeJS.ErrnoException).code ?? 'error'})`);
  });
  if (result.timedOut) throw transientFailure(ErrorType.ProviderUnavailable, `${FIELD}: ${command} did not finish within ${settings.timeoutMs} ms`);
  return result;
}
