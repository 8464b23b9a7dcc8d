import { stat } from 'node:fs/promises';
import { AudioInputError } from './errors';
import { deinterleaveF32le, type Pcm } from './pcm';
import { runProcess } from './process';
import { assertCompleteWav } from './wav-header';

export interface DecodeOptions {
  /** Output sample rate; ffmpeg resamples. */
  sampleRate: number;
  channels?: 1 | 2;
  /** Only this much audio is decoded, which bounds memory for arbitrarily long files. */
  maxSeconds?: number;
  startSeconds?: number;
  /** Shorter audio fails with TOO_SHORT. */
  minSeconds?: number;
  timeoutMs?: number;
}

export interface DecodedAudio extends Pcm {
  /** Length of the whole source as ffmpeg reports it; the decoded span may be shorter. */
  sourceDurationSeconds: number;
  /** True when the source is longer than the decoded span (maxSeconds). */
  limited: boolean;
}

export const DEFAULT_MAX_DECODE_SECONDS = 15 * 60;

export const NOT_AUDIO_PATTERNS = [
  /Invalid data found when processing input/,
  /matches no streams/,
  /does not contain any stream/,
  /could not find codec parameters/i,
  /Invalid argument/,
  /moov atom not found/,
  /End of file/,
];

function parseSourceDuration(stderr: string): number | undefined {
  const match = /Duration: (\d+):(\d\d):(\d\d(?:\.\d+)?)/.exec(stderr);
  if (!match) return undefined;
  return Number(match[1]) * 3600 + Number(match[2]) * 60 + Number(match[3]);
}

function lastLine(text: string): string {
  return text.trim().split('\n').pop() ?? '';
}

export async function assertReadableFile(path: string): Promise<number> {
  try {
    const info = await stat(path);
    if (!info.isFile()) throw new AudioInputError('NOT_AUDIO', `${path} is not a regular file`);
    if (info.size === 0) throw new AudioInputError('EMPTY_FILE', `${path} is empty`);
    return info.size;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') throw new AudioInputError('FILE_NOT_FOUND', `${path} does not exist`);
    throw error;
  }
}

/** Input options that select the span to read: `-ss`/`-t` before `-i` stop ffmpeg reading early. */
export function spanArgs(startSeconds: number, maxSeconds: number): string[] {
  return [...(startSeconds > 0 ? ['-ss', String(startSeconds)] : []), '-t', String(maxSeconds)];
}

type ResolvedDecodeOptions = Required<Omit<DecodeOptions, 'timeoutMs' | 'minSeconds'>>;

/**
 * ffmpeg arguments that write the decoded span to stdout as float PCM. With a meter (a filter chain
 * from `[meter]` to `[metered]`, loudness.ts), the same decoded stream is split and also measured, so
 * one decode serves both.
 */
function ffmpegArgs(path: string, options: ResolvedDecodeOptions, meter?: string): string[] {
  const layout = options.channels === 1 ? 'mono' : 'stereo';
  const conversion = `aresample=${options.sampleRate},aformat=sample_fmts=flt:channel_layouts=${layout}`;
  const graph = meter
    ? ['-filter_complex', `[0:a:0]asplit=2[meter][pcm];[meter]${meter}[metered];[pcm]${conversion}[out]`, '-map', '[metered]', '-f', 'null', '-', '-map', '[out]']
    : ['-map', '0:a:0', '-af', conversion];
  return [
    '-nostdin', '-hide_banner', '-nostats', '-v', 'info',
    ...spanArgs(options.startSeconds, options.maxSeconds),
    '-i', path,
    ...graph,
    '-f', 'f32le', '-c:a', 'pcm_f32le', 'pipe:1',
  ];
}

/**
 * Decodes any format ffmpeg reads (WAV, MP3, OGG, FLAC, M4A, ...) into float PCM at the
 * requested rate, at most `maxSeconds` of it. Bad input ends in an AudioInputError.
 */
export async function decodeAudio(path: string, options: DecodeOptions): Promise<DecodedAudio> {
  return (await runDecoder(path, options)).decoded;
}

/**
 * Decodes like decodeAudio while `meter` measures the same decoded stream in the same
 * process; returns ffmpeg's log, where the meter writes its summary.
 */
export async function runDecoder(path: string, options: DecodeOptions, meter?: string): Promise<{ decoded: DecodedAudio; stderr: string }> {
  const fileSize = await assertReadableFile(path);
  await assertCompleteWav(path, fileSize);

  const resolved: ResolvedDecodeOptions = {
    sampleRate: options.sampleRate,
    channels: options.channels ?? 1,
    maxSeconds: options.maxSeconds ?? DEFAULT_MAX_DECODE_SECONDS,
    startSeconds: options.startSeconds ?? 0,
  };
  const bytesPerSecond = resolved.sampleRate * resolved.channels * 4;
  const result = await runProcess('ffmpeg', ffmpegArgs(path, resolved, meter), {
    timeoutMs: options.timeoutMs ?? 30_000 + resolved.maxSeconds * 100,
    maxStdoutBytes: Math.ceil((resolved.maxSeconds + 1) * bytesPerSecond),
  });

  if (result.exitCode !== 0) {
    const code = NOT_AUDIO_PATTERNS.some((pattern) => pattern.test(result.stderr)) ? 'NOT_AUDIO' : 'DECODE_FAILED';
    throw new AudioInputError(code, `ffmpeg could not decode ${path}: ${lastLine(result.stderr)}`);
  }
  const channels = deinterleaveF32le(result.stdout, resolved.channels);
  const decodedSeconds = (channels[0]?.length ?? 0) / resolved.sampleRate;
  if (decodedSeconds === 0) throw new AudioInputError('NOT_AUDIO', `${path} holds no audio samples`);
  const minSeconds = options.minSeconds ?? 0;
  if (decodedSeconds < minSeconds) {
    throw new AudioInputError('TOO_SHORT', `${path} holds ${decodedSeconds.toFixed(2)} s of audio; at least ${minSeconds} s are needed`);
  }

  const sourceDurationSeconds = Math.max(parseSourceDuration(result.stderr) ?? decodedSeconds, decodedSeconds);
  const decoded: DecodedAudio = {
    sampleRate: resolved.sampleRate,
    channels,
    sourceDurationSeconds,
    limited: resolved.startSeconds + decodedSeconds < sourceDurationSeconds - 0.5,
  };
  return { decoded, stderr: result.stderr };
}
