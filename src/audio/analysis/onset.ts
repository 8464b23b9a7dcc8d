import { forEachMagnitudeFrame, spectrogramFrameCount } from './spectrogram';

/** Onset strength over time, the input of tempo estimation and beat tracking. */
export interface OnsetEnvelope {
  /** Frames per second. */
  frameRate: number;
  /** Time of frame 0, seconds. */
  startSeconds: number;
  /** Whole-band log spectral flux, locally centred and scaled to unit deviation. */
  strength: Float32Array;
  /** The same below LOW_BAND_HZ: kick drums and bass notes, which mark downbeats. */
  lowStrength: Float32Array;
  /** The same below BEAT_BAND_HZ: kick, snare body, bass and chords, without hi-hats that tick at twice the beat. */
  beatBandStrength: Float32Array;
  /** Frame RMS-like level (mean magnitude), for energy and phrase novelty. */
  level: Float32Array;
  /** Magnitude-weighted mean frequency per frame, Hz. */
  centroidHz: Float32Array;
}

export const ONSET_FFT_SIZE = 512;
export const ONSET_HOP = 128;
const LOW_BAND_HZ = 180;
const BEAT_BAND_HZ = 1500;
const COMPRESSION = 1000;
const LOCAL_MEAN_SECONDS = 0.4;

/** Subtracts a moving average (removes slow loudness changes), keeps the positive part, scales to unit deviation. */
function centreAndScale(values: Float32Array, radius: number): Float32Array {
  const out = new Float32Array(values.length);
  const prefix = new Float64Array(values.length + 1);
  for (let i = 0; i < values.length; i++) prefix[i + 1] = prefix[i]! + values[i]!;
  let sumSquares = 0;
  for (let i = 0; i < values.length; i++) {
    const lo = Math.max(0, i - radius);
    const hi = Math.min(values.length, i + radius + 1);
    const value = Math.max(0, values[i]! - (prefix[hi]! - prefix[lo]!) / (hi - lo));
    out[i] = value;
    sumSquares += value * value;
  }
  const deviation = Math.sqrt(sumSquares / Math.max(1, values.length)) || 1;
  for (let i = 0; i < out.length; i++) out[i]! /= deviation;
  return out;
}

/** Half-wave rectified spectral flux of log-compressed magnitudes. */
export function onsetEnvelope(signal: Float32Array, sampleRate: number): OnsetEnvelope {
  const frameCount = spectrogramFrameCount(signal.length, ONSET_FFT_SIZE, ONSET_HOP);
  const binCount = ONSET_FFT_SIZE / 2 + 1;
  const lowBins = Math.max(2, Math.round((LOW_BAND_HZ * ONSET_FFT_SIZE) / sampleRate));
  const flux = new Float32Array(frameCount);
  const lowFlux = new Float32Array(frameCount);
  const beatBandFlux = new Float32Array(frameCount);
  const beatBandBins = Math.round((BEAT_BAND_HZ * ONSET_FFT_SIZE) / sampleRate);
  const level = new Float32Array(frameCount);
  const centroidHz = new Float32Array(frameCount);
  const binHz = sampleRate / ONSET_FFT_SIZE;
  let previous = new Float32Array(binCount);
  let current = new Float32Array(binCount);
  forEachMagnitudeFrame(signal, ONSET_FFT_SIZE, ONSET_HOP, (frame, magnitudes) => {
    let total = 0;
    let low = 0;
    let beatBand = 0;
    let magnitudeSum = 0;
    let weighted = 0;
    for (let bin = 1; bin < binCount; bin++) {
      const magnitude = magnitudes[bin]!;
      const compressed = Math.log1p(COMPRESSION * magnitude);
      current[bin] = compressed;
      const rise = frame > 0 ? compressed - previous[bin]! : 0;
      if (rise > 0) {
        total += rise;
        if (bin < lowBins) low += rise;
        if (bin < beatBandBins) beatBand += rise;
      }
      magnitudeSum += magnitude;
      weighted += magnitude * bin * binHz;
    }
    flux[frame] = total;
    lowFlux[frame] = low;
    beatBandFlux[frame] = beatBand;
    level[frame] = magnitudeSum / binCount;
    centroidHz[frame] = magnitudeSum > 0 ? weighted / magnitudeSum : 0;
    [previous, current] = [current, previous];
  });
  const frameRate = sampleRate / ONSET_HOP;
  const radius = Math.round(LOCAL_MEAN_SECONDS * frameRate);
  return {
    frameRate,
    startSeconds: ONSET_FFT_SIZE / 2 / sampleRate,
    strength: centreAndScale(flux, radius),
    lowStrength: centreAndScale(lowFlux, radius),
    beatBandStrength: centreAndScale(beatBandFlux, radius),
    level,
    centroidHz,
  };
}
