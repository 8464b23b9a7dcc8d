import { NOT_AUDIO_PATTERNS, runDecoder, type DecodedAudio, type DecodeOptions } from './decode';
import { AudioInputError } from './errors';
import { interleaveF32le, type Pcm } from './pcm';
import { runProcess } from './process';

/**
 * Loudness is measured by ffmpeg's ebur128 filter (EBU R128 / ITU-R BS.1770-4, true peak by
 * 4x oversampling) in a child process: the figures then agree with the reference tool by
 * construction, and the C implementation with its 4x oversampling for true peak is faster than
 * ours would be. For a file it runs inside the decoding process, on the stream that process has
 * decoded anyway: decoding twice cost a quarter of the analysis time.
 */
// framelog=verbose keeps the per-100 ms lines out of the log at -v info: only the summary is read.
export const EBUR128_FILTER = 'ebur128=peak=true:framelog=verbose';

export interface LoudnessMeasurement {
  /** Integrated loudness, LUFS; ffmpeg reports -70 for silence. */
  integratedLufs: number;
  /** Maximum true peak over all channels, dBTP. */
  truePeakDb: number;
  loudnessRangeLu: number;
}

function summaryNumber(summary: string, label: string): number | undefined {
  const match = new RegExp(`${label}:\\s*(-?(?:\\d+(?:\\.\\d+)?|inf))`).exec(summary);
  if (!match?.[1]) return undefined;
  return match[1] === '-inf' ? Number.NEGATIVE_INFINITY : Number(match[1]);
}

/** Reads the "Summary:" block that the ebur128 filter logs when the stream ends. */
export function parseEbur128Summary(stderr: string): LoudnessMeasurement | undefined {
  const start = stderr.lastIndexOf('Summary:');
  if (start < 0) return undefined;
  const summary = stderr.slice(start);
  const integratedLufs = summaryNumber(summary, 'I');
  const truePeakDb = summaryNumber(summary, 'Peak');
  const loudnessRangeLu = summaryNumber(summary, 'LRA');
  if (integratedLufs === undefined || truePeakDb === undefined || loudnessRangeLu === undefined) return undefined;
  return { integratedLufs, truePeakDb, loudnessRangeLu };
}

const METER_ARGS = ['-map', '0:a:0', '-af', EBUR128_FILTER, '-f', 'null', '-'];

async function runMeter(args: string[], timeoutMs: number, stdin?: Buffer): Promise<LoudnessMeasurement> {
  const result = await runProcess('ffmpeg', ['-hide_banner', '-nostats', '-v', 'info', ...args, ...METER_ARGS], {
    timeoutMs,
    maxStdoutBytes: 1024,
    ...(stdin ? { stdin } : {}),
  });
  const measurement = parseEbur128Summary(result.stderr);
  if (result.exitCode === 0 && measurement) return measurement;
  const reason = result.stderr.trim().split('\n').pop() ?? '';
  const code = NOT_AUDIO_PATTERNS.some((pattern) => pattern.test(result.stderr)) ? 'NOT_AUDIO' : 'DECODE_FAILED';
  throw new AudioInputError(code, `ffmpeg ebur128 failed: ${reason}`);
}

/**
 * Decodes a span of a file for analysis and measures the loudness of that same span, in one
 * ffmpeg process: the figures describe exactly the analysed audio.
 */
export async function decodeWithLoudness(path: string, options: DecodeOptions): Promise<{ decoded: DecodedAudio; loudness: LoudnessMeasurement }> {
  const { decoded, stderr } = await runDecoder(path, options, EBUR128_FILTER);
  const loudness = parseEbur128Summary(stderr);
  if (!loudness) throw new AudioInputError('DECODE_FAILED', `ffmpeg ebur128 wrote no summary for ${path}`);
  return { decoded, loudness };
}

/** Measures a whole file (a finished master), without decoding it for analysis. */
export function measureFileLoudness(path: string, timeoutMs = 120_000): Promise<LoudnessMeasurement> {
  return runMeter(['-nostdin', '-i', path], timeoutMs);
}

/** Measures PCM that is already in memory by piping it through ffmpeg. */
export function measurePcmLoudness(pcm: Pcm, timeoutMs = 60_000): Promise<LoudnessMeasurement> {
  const input = ['-f', 'f32le', '-ar', String(pcm.sampleRate), '-ac', String(pcm.channels.length), '-i', 'pipe:0'];
  return runMeter(input, timeoutMs, interleaveF32le(pcm.channels));
}
