import { BITEXACT_OUTPUT } from './encode';
import { runTool } from './run-tool';

export const OUTPUT_SAMPLE_RATE = 44100;

export interface FitOptions {
  fadeOutSeconds: number;
  timeoutMs?: number;
  ffmpegCommand?: string;
}

/** round(seconds × 44100): the sample count of a fitted render or master. */
export function samplesOf(seconds: number): number {
  return Math.round(seconds * OUTPUT_SAMPLE_RATE);
}

/**
 * The ffmpeg filter that fits any audio to exactly `samplesOf(seconds)` samples at 44.1 kHz: silence
 * is padded if it is short, the rest cut, and the last `fadeOutSeconds` faded. Sample counts rather
 * than times keep the length exact.
 */
export function fitFilter(seconds: number, fadeOutSeconds: number): string {
  const totalSamples = samplesOf(seconds);
  const fadeSamples = Math.min(totalSamples, Math.round(fadeOutSeconds * OUTPUT_SAMPLE_RATE));
  return [
    `aresample=${OUTPUT_SAMPLE_RATE}`,
    `apad=whole_len=${totalSamples}`,
    `atrim=end_sample=${totalSamples}`,
    // A render the composer has faded already needs no second fade.
    ...(fadeSamples > 0 ? [`afade=t=out:ss=${totalSamples - fadeSamples}:ns=${fadeSamples}`] : []),
  ].join(',');
}

/** Writes `outputWav` as 44.1 kHz stereo 16-bit PCM fitted by `fitFilter`; returns its sample count. */
export async function fitWavToLength(inputWav: string, outputWav: string, seconds: number, options: FitOptions): Promise<number> {
  await filterToWav16(inputWav, outputWav, fitFilter(seconds, options.fadeOutSeconds), options);
  return samplesOf(seconds);
}

/**
 * Runs an ffmpeg audio filter over any input ffmpeg reads and writes stereo 16-bit PCM WAV (at
 * the input's rate unless the filter resamples); `-bitexact` keeps ffmpeg's version string out of
 * the header, so the same input always gives the same bytes.
 */
export async function filterToWav16(inputWav: string, outputWav: string, filter: string, options: { timeoutMs?: number; ffmpegCommand?: string } = {}): Promise<void> {
  await runTool(
    options.ffmpegCommand ?? 'ffmpeg',
    ['-hide_banner', '-nostdin', '-v', 'error', '-y', '-i', inputWav, '-af', filter, '-ac', '2', '-c:a', 'pcm_s16le', ...BITEXACT_OUTPUT, outputWav],
    { timeoutMs: options.timeoutMs },
  );
}
