import { ANALYSIS_SAMPLE_RATE, type AudioAnalysis } from '../analysis/analysis';
import { DEFAULT_MAX_DECODE_SECONDS } from '../io/decode';
import { analyzeInWorker } from './dsp-pool';
import { AudioInputError } from '../io/errors';
import { decodeWithLoudness, measurePcmLoudness, type LoudnessMeasurement } from '../io/loudness';
import { mixToMono, pcmDurationSeconds, type Pcm } from '../io/pcm';

/** Tempo and key need a few bars; anything shorter is rejected rather than guessed. */
export const MIN_ANALYSIS_SECONDS = 2;
/** Below this true peak the input is digital silence: there is nothing to analyse. */
const SILENCE_PEAK_DB = -90;

export interface AnalyzeOptions {
  /** Analyse at most this much from the start (bounds time and memory for long files); default 15 minutes. */
  maxSeconds?: number;
}

function assertNotSilent(loudness: LoudnessMeasurement): void {
  if (!(loudness.truePeakDb > SILENCE_PEAK_DB)) throw new AudioInputError('SILENT', 'the audio is silent');
}

/**
 * Tempo, beat grid, key, loudness, energy and phrases of an audio file or of PCM in memory.
 * One ffmpeg process decodes and measures loudness; the DSP runs in a worker thread.
 */
export async function analyzeAudio(input: string | Pcm, options: AnalyzeOptions = {}): Promise<AudioAnalysis> {
  const maxSeconds = options.maxSeconds ?? DEFAULT_MAX_DECODE_SECONDS;
  if (typeof input === 'string') {
    const { decoded, loudness } = await decodeWithLoudness(input, {
      sampleRate: ANALYSIS_SAMPLE_RATE,
      channels: 1,
      maxSeconds,
      minSeconds: MIN_ANALYSIS_SECONDS,
    });
    assertNotSilent(loudness);
    return analyzeInWorker(decoded.channels[0]!, decoded.sampleRate, loudness, decoded.sourceDurationSeconds);
  }

  const durationSeconds = pcmDurationSeconds(input);
  if (durationSeconds < MIN_ANALYSIS_SECONDS) {
    throw new AudioInputError('TOO_SHORT', `${durationSeconds.toFixed(2)} s of audio; at least ${MIN_ANALYSIS_SECONDS} s are needed`);
  }
  const span: Pcm = {
    sampleRate: input.sampleRate,
    channels: input.channels.map((channel) => channel.subarray(0, Math.round(maxSeconds * input.sampleRate))),
  };
  const loudness = await measurePcmLoudness(span);
  assertNotSilent(loudness);
  const mono = mixToMono(span);
  // PCM at another rate is analysed as it is: every stage derives its constants from the rate.
  return analyzeInWorker(mono, span.sampleRate, loudness, durationSeconds);
}
