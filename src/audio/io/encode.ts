import { runTool } from './run-tool';
import { AudioToolError } from './tool-errors';

export interface ToolCommandOptions {
  timeoutMs?: number;
}

export interface PreviewOptions extends ToolCommandOptions {
  /** Preview length; shorter when the input is shorter. */
  seconds?: number;
  bitrateKbps?: number;
  /** Where in the input the preview starts, e.g. the chorus from the composer's summary. */
  startSeconds?: number;
  fadeInSeconds?: number;
  fadeOutSeconds?: number;
}

export interface EncodedAudio {
  durationSeconds: number;
}

const SAMPLE_RATE = 44100;
/** ffmpeg options that keep its version string out of the file: same input, same bytes. */
export const BITEXACT_OUTPUT = ['-map_metadata', '-1', '-fflags', '+bitexact', '-flags:a', '+bitexact'];
/** ffmpeg options of a run that prints only errors and overwrites its output. */
export const QUIET = ['-hide_banner', '-nostdin', '-v', 'error', '-y'];

/** Length of any file ffmpeg can read, from its container (ffprobe). */
export async function probeDuration(path: string, options: ToolCommandOptions = {}): Promise<number> {
  const { stdout } = await runTool('ffprobe', ['-v', 'error', '-show_entries', 'format=duration', '-of', 'default=noprint_wrappers=1:nokey=1', path], options);
  const seconds = Number.parseFloat(stdout.trim());
  if (!Number.isFinite(seconds) || seconds < 0) {
    throw new AudioToolError('ffprobe', 'failed', `no duration for ${path} (got "${stdout.trim()}")`);
  }
  return seconds;
}

/** The preview's span: at most `seconds` from `startSeconds`, faded in and out so it neither clicks in nor stops dead. */
export function previewFilter(lengthSeconds: number, options: Pick<PreviewOptions, 'fadeInSeconds' | 'fadeOutSeconds'> = {}): string {
  const fadeIn = Math.min(options.fadeInSeconds ?? 1, lengthSeconds / 4);
  const fadeOut = Math.min(options.fadeOutSeconds ?? 3, lengthSeconds / 4);
  return `afade=t=in:st=0:d=${fadeIn},afade=t=out:st=${lengthSeconds - fadeOut}:d=${fadeOut}`;
}

/** ffmpeg output options of every MP3 preview: 44.1 kHz stereo at a constant bitrate. */
export function previewMp3Output(bitrateKbps = 128): string[] {
  return ['-ac', '2', '-ar', String(SAMPLE_RATE), '-c:a', 'libmp3lame', '-b:a', `${bitrateKbps}k`, ...BITEXACT_OUTPUT];
}

/**
 * A short MP3 for listening before download: `seconds` from `startSeconds` (30 s, 128 kbps
 * by default), faded in and out.
 */
export async function encodePreview(inputPath: string, outputMp3: string, options: PreviewOptions = {}): Promise<EncodedAudio> {
  const start = options.startSeconds ?? 0;
  const available = (await probeDuration(inputPath, options)) - start;
  if (available <= 0) {
    throw new AudioToolError('ffmpeg', 'failed', `preview start ${start} s is past the end of ${inputPath}`);
  }
  const length = Math.min(options.seconds ?? 30, available);
  await runTool(
    'ffmpeg',
    [...QUIET, '-ss', String(start), '-t', String(length), '-i', inputPath, '-af', previewFilter(length, options), ...previewMp3Output(options.bitrateKbps), outputMp3],
    options,
  );
  return { durationSeconds: length };
}

/**
 * The downloadable master: 44.1 kHz, stereo, 16-bit PCM WAV. 16-bit because every source we
 * have is 16-bit or lossy (fluidsynth renders s16, providers deliver MP3), so 24 bits would add
 * 50% to the file and nothing to the sound; 44.1 kHz/16-bit plays everywhere. Higher-resolution
 * input is reduced with triangular dither rather than truncated.
 */
export async function encodeMasterWav(inputPath: string, outputWav: string, options: ToolCommandOptions = {}): Promise<EncodedAudio> {
  await runTool(
    'ffmpeg',
    [
      ...QUIET,
      '-i', inputPath,
      '-af', `aresample=${SAMPLE_RATE}:dither_method=triangular`,
      '-ac', '2',
      '-c:a', 'pcm_s16le',
      ...BITEXACT_OUTPUT,
      outputWav,
    ],
    options,
  );
  return { durationSeconds: await probeDuration(outputWav, options) };
}
