import Meyda from 'meyda';
import { forEachMagnitudeFrame } from './spectrogram';

/** Pitch-class energy over time: 12 values per frame, C first. */
export interface Chromagram {
  frameRate: number;
  /** Time of frame 0's centre, seconds. */
  startSeconds: number;
  frameCount: number;
  /** frameCount x 12, not normalised, so loud frames weigh more when summed. */
  values: Float32Array;
}

export const CHROMA_FFT_SIZE = 4096;
export const CHROMA_HOP = 2048;

/**
 * Meyda's chroma filter bank (librosa's design: Gaussian pitch-class bumps, octave weighting
 * centred on C5). Meyda builds it on the first chroma extraction; its per-frame extractor
 * normalises each frame and allocates per call, so the bank is applied here to our spectra.
 */
function chromaFilterBank(sampleRate: number, fftSize: number): Float32Array[] {
  Meyda.sampleRate = sampleRate;
  Meyda.bufferSize = fftSize;
  Meyda.extract('chroma', new Float32Array(fftSize));
  const bank = (Meyda as unknown as { chromaFilterBank: number[][] }).chromaFilterBank;
  return bank.map((row) => Float32Array.from(row));
}

const banks = new Map<string, Float32Array[]>();

export function chromagram(signal: Float32Array, sampleRate: number): Chromagram {
  const bankKey = `${sampleRate}/${CHROMA_FFT_SIZE}`;
  let bank = banks.get(bankKey);
  if (!bank) {
    bank = chromaFilterBank(sampleRate, CHROMA_FFT_SIZE);
    banks.set(bankKey, bank);
  }
  const frames: number[] = [];
  forEachMagnitudeFrame(signal, CHROMA_FFT_SIZE, CHROMA_HOP, (_frame, magnitudes) => {
    for (const row of bank) {
      let sum = 0;
      for (let bin = 0; bin < row.length; bin++) sum += row[bin]! * magnitudes[bin]!;
      frames.push(sum);
    }
  });
  return {
    frameRate: sampleRate / CHROMA_HOP,
    startSeconds: CHROMA_FFT_SIZE / 2 / sampleRate,
    frameCount: frames.length / 12,
    values: Float32Array.from(frames),
  };
}

/** Sum of the frames whose centres lie in [fromSeconds, toSeconds). */
export function chromaBetween(chroma: Chromagram, fromSeconds: number, toSeconds: number): Float64Array {
  const sum = new Float64Array(12);
  const first = Math.max(0, Math.ceil((fromSeconds - chroma.startSeconds) * chroma.frameRate));
  const last = Math.min(chroma.frameCount, Math.ceil((toSeconds - chroma.startSeconds) * chroma.frameRate));
  for (let frame = first; frame < last; frame++) for (let pc = 0; pc < 12; pc++) sum[pc]! += chroma.values[frame * 12 + pc]!;
  return sum;
}

/** 1 - cosine similarity; 0 for identical pitch content, 1 for disjoint. */
export function chromaDistance(a: Float64Array, b: Float64Array): number {
  let dot = 0;
  let normA = 0;
  let normB = 0;
  for (let pc = 0; pc < 12; pc++) {
    dot += a[pc]! * b[pc]!;
    normA += a[pc]! ** 2;
    normB += b[pc]! ** 2;
  }
  return normA > 0 && normB > 0 ? 1 - dot / Math.sqrt(normA * normB) : 0;
}
