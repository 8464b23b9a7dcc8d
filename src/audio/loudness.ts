import { NOT_AUDIO_PATTERNS, spanArgs } from './decode';
import { AudioInputError } from './errors';
import { interleaveF32le, type Pcm } from './pcm';
import { runProcess } from './process';

/**
 * Loudness is measured by ffmpeg's ebur128 filter (EBU R128 / ITU-R BS.1770-4, true peak by
 * 4x oversampling) in a child process: the figures then agree with the reference tool by
 * construction, and the C implementation with its 4x oversampling for true peak is faster than
 * ours would be. It runs as its own process beside the decode, on the other core when there is one.
 */
export const EBUR128_FILTER = 'ebur128=peak=true';

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

/** Measures a span of a file (the same span decodeAudio reads, so the figures describe the analysed audio). */
export function measureFileLoudness(path: string, span: { startSeconds?: number; maxSeconds: number; timeoutMs?: number }): Promise<LoudnessMeasurement> {
  return runMeter(['-nostdin', ...spanArgs(span.startSeconds ?? 0, span.maxSeconds), '-i', path], span.timeoutMs ?? 30_000 + span.maxSeconds * 200);
}

/** Measures PCM that is already in memory by piping it through ffmpeg. */
export function measurePcmLoudness(pcm: Pcm, timeoutMs = 60_000): Promise<LoudnessMeasurement> {
  const input = ['-f', 'f32le', '-ar', String(pcm.sampleRate), '-ac', String(pcm.channels.length), '-i', 'pipe:0'];
  return runMeter(input, timeoutMs, interleaveF32le(pcm.channels));
}
