import { camelotCode, keyName } from '../../music/keys';
import { chromaBetween, chromaDistance, chromagram } from './chroma';
import { beatPeriodSeconds, downbeatPhase, trackBeats } from './beats';
import { energyScore, meanCentroid, onsetRate } from './energy';
import { estimateKey } from './key-estimate';
import type { LoudnessMeasurement } from '../io/loudness';
import { onsetEnvelope } from './onset';
import { phraseBoundaries, type PhraseBoundary } from './phrase-boundaries';
import { estimateTempo } from './tempo-estimate';

export type { PhraseBoundary } from './phrase-boundaries';

/** Everything the planner needs to know about a track; times in seconds from the start of the analysed audio. */
export interface AudioAnalysis {
  /** Length of the whole source. */
  durationSeconds: number;
  /** Length actually analysed (long files are analysed up to a bound). */
  analysedSeconds: number;
  bpm: number;
  bpmConfidence: number;
  beats: number[];
  downbeats: number[];
  firstDownbeat: number;
  /** e.g. "A minor" */
  key: string;
  /** e.g. "8A" */
  camelot: string;
  keyConfidence: number;
  loudnessLufs: number;
  truePeakDb: number;
  loudnessRangeLu: number;
  /** 1 (ambient) to 10 (peak time). */
  energy: number;
  phraseBoundaries: PhraseBoundary[];
}

/** Sample rate the analysis runs at: enough for onsets and pitch up to 5.5 kHz, and 4x cheaper than 44.1 kHz. */
export const ANALYSIS_SAMPLE_RATE = 11025;

const round3 = (value: number): number => Math.round(value * 1000) / 1000;

/** The whole analysis of a mono signal; synchronous and CPU bound, so callers run it in a worker (analyze.ts). */
export function analyzeSignal(
  signal: Float32Array,
  sampleRate: number,
  loudness: LoudnessMeasurement,
  durationSeconds = signal.length / sampleRate,
): AudioAnalysis {
  const onset = onsetEnvelope(signal, sampleRate);
  const tempo = estimateTempo(onset.strength, onset.beatBandStrength, onset.frameRate);
  const beatFrames = trackBeats(onset.strength, (60 * onset.frameRate) / tempo.bpm);
  const beats = beatFrames.map((frame) => onset.startSeconds + frame / onset.frameRate);

  const period = beatPeriodSeconds(beats);
  const trackedBpm = period ? 60 / period : tempo.bpm;
  const bpm = Math.abs(trackedBpm / tempo.bpm - 1) < 0.05 ? trackedBpm : tempo.bpm;

  const chroma = chromagram(signal, sampleRate);
  const keyEstimate = estimateKey(chromaBetween(chroma, 0, Number.POSITIVE_INFINITY), chroma.harmonicSummed);

  const beatChroma = beats.map((time, i) => chromaBetween(chroma, time, beats[i + 1] ?? time + 60 / bpm));
  const harmonicChange = beatChroma.map((c, i) => (i === 0 ? 0 : chromaDistance(beatChroma[i - 1]!, c)));
  const phase = beats.length >= 4 ? downbeatPhase(beatFrames, onset.lowStrength, harmonicChange) : 0;
  const downbeats = beats.filter((_, i) => i >= phase && (i - phase) % 4 === 0);

  const levelAt = (from: number, to: number): number => {
    const first = Math.max(0, Math.floor((from - onset.startSeconds) * onset.frameRate));
    const last = Math.min(onset.level.length, Math.ceil((to - onset.startSeconds) * onset.frameRate));
    let sum = 0;
    for (let i = first; i < last; i++) sum += onset.level[i]!;
    return last > first ? sum / (last - first) : 0;
  };

  return {
    durationSeconds: round3(durationSeconds),
    analysedSeconds: round3(signal.length / sampleRate),
    bpm: Math.round(bpm * 100) / 100,
    bpmConfidence: round3(tempo.confidence),
    beats: beats.map(round3),
    downbeats: downbeats.map(round3),
    firstDownbeat: round3(downbeats[0] ?? 0),
    key: keyName(keyEstimate),
    camelot: camelotCode(keyEstimate),
    keyConfidence: keyEstimate.confidence,
    loudnessLufs: loudness.integratedLufs,
    truePeakDb: loudness.truePeakDb,
    loudnessRangeLu: loudness.loudnessRangeLu,
    energy: energyScore({
      loudnessLufs: loudness.integratedLufs,
      onsetRate: onsetRate(onset.strength, onset.frameRate),
      centroidHz: meanCentroid(onset.centroidHz, onset.level),
      bpm,
    }),
    phraseBoundaries: phraseBoundaries(downbeats, chroma, levelAt).map((b) => ({ ...b, timeSeconds: round3(b.timeSeconds) })),
  };
}
