import { NOT_AUDIO_PATTERNS, runDecoder, type DecodedAudio, type DecodeOptions } from './decode';
import { AudioInputError } from './errors';
import { interleaveF32le, type Pcm } from './pcm';
import { runProcess } from './process';

/**
 * Loudness is measured by ffmpeg's ebur128 filter (EBU R128 / ITU-R BS.1770-4) in a child process:
 * the figures then agree with the reference tool by construction, and the C implementation is
 * faster than ours would be. For a file it runs inside the decoding process, on the stream that
 * process has decoded anyway: decoding twice cost a quarter of the analysis time.
 */
/**
 * The delivered master's meter: ebur128 with its own true peak, the reading other R128 tools reproduce.
 * framelog=verbose keeps the per-100 ms lines out of the log at -v info: only the summary is read.
 */
export const EBUR128_FILTER = 'ebur128=peak=true:framelog=verbose';

/**
 * The analysis meter, a filter chain from `[meter]` to `[metered]`: ebur128 for loudness and LRA, and the
 * true peak as BS.1770-4 Annex 2 defines it, the peak of the signal oversampled to 192 kHz by an
 * interpolation filter of 12 taps per phase (in float, so peaks over full scale stay). ebur128's own
 * true peak resamples with 32 taps per phase and took almost half of the analysis decode's CPU; this
 * one reads the same on music and on crests between samples (within 0.05 dB, tested) and, measured,
 * up to 0.7 dB lower on clipped broadband noise (Annex 2 allows a 4x meter to under-read by up to
 * 0.69 dB). The analysis uses the true peak to reject silence and reports it; masters are held to
 * their ceiling by EBUR128_FILTER.
 */
export const ANALYSIS_METER = [
  'asplit[loudness][oversampled]',
  '[oversampled]aresample=192000:filter_size=12,aformat=sample_fmts=fltp,astats=measure_perchannel=none:measure_overall=Peak_level,anullsink',
  '[loudness]ebur128=framelog=verbose',
].join(';');

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

/**
 * Reads a meter's figures from ffmpeg's log: the "Summary:" block ebur128 writes when the stream ends, and the true
 * peak from that block (EBUR128_FILTER) or from astats' overall peak of the oversampled signal (ANALYSIS_METER).
 */
export function parseLoudnessLog(stderr: string): LoudnessMeasurement | undefined {
  const start = stderr.lastIndexOf('Summary:');
  if (start < 0) return undefined;
  const summary = stderr.slice(start);
  const integratedLufs = summaryNumber(summary, 'I');
  const truePeakDb = summaryNumber(summary, 'Peak') ?? summaryNumber(stderr, 'Peak level dB');
  const loudnessRangeLu = summaryNumber(summary, 'LRA');
  if (integratedLufs === undefined || truePeakDb === undefined || loudnessRangeLu === undefined) return undefined;
  return { integratedLufs, truePeakDb, loudnessRangeLu };
}

async function runMeter(args: string[], meter: string, timeoutMs: number, stdin?: Buffer): Promise<LoudnessMeasurement> {
  const graph = ['-filter_complex', `[0:a:0]${meter}[metered]`, '-map', '[metered]', '-f', 'null', '-'];
  const result = await runProcess('ffmpeg', ['-hide_banner', '-nostats', '-v', 'info', ...args, ...graph], {
    timeoutMs,
    maxStdoutBytes: 1024,
    ...(stdin ? { stdin } : {}),
  });
  const measurement = parseLoudnessLog(result.stderr);
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
  const { decoded, stderr } = await runDecoder(path, options, ANALYSIS_METER);
  const loudness = parseLoudnessLog(stderr);
  if (!loudness) throw new AudioInputError('DECODE_FAILED', `ffmpeg ebur128 wrote no summary for ${path}`);
  return { decoded, loudness };
}

/** Measures a whole file (a finished master), without decoding it for analysis. */
export function measureFileLoudness(path: string, timeoutMs = 120_000): Promise<LoudnessMeasurement> {
  return runMeter(['-nostdin', '-i', path], EBUR128_FILTER, timeoutMs);
}

/** Measures PCM that is already in memory, for analysis, by piping it through ffmpeg. */
export function measurePcmLoudness(pcm: Pcm, timeoutMs = 60_000): Promise<LoudnessMeasurement> {
  const input = ['-f', 'f32le', '-ar', String(pcm.sampleRate), '-ac', String(pcm.channels.length), '-i', 'pipe:0'];
  return runMeter(input, ANALYSIS_METER, timeoutMs, interleaveF32le(pcm.channels));
}
