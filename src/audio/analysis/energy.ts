/**
 * A 1-10 energy score for the planner: how driving a track feels, from what is cheap and robust
 * to measure. Weights were set by ear on the corpus, not fitted; it orders tracks, it is not a
 * perceptual model.
 */
export interface EnergyInputs {
  loudnessLufs: number;
  /** Onsets per second. */
  onsetRate: number;
  /** Mean spectral centroid, Hz (energy-weighted). */
  centroidHz: number;
  bpm: number;
}

const clamp01 = (value: number): number => Math.min(1, Math.max(0, value));

export function energyScore(inputs: EnergyInputs): number {
  const loud = clamp01((inputs.loudnessLufs + 30) / 24);
  const dense = clamp01(inputs.onsetRate / 8);
  const bright = clamp01((inputs.centroidHz - 500) / 2500);
  const fast = clamp01((inputs.bpm - 60) / 120);
  const score = 1 + 9 * (0.4 * loud + 0.25 * dense + 0.2 * bright + 0.15 * fast);
  return Math.round(score * 10) / 10;
}

/** Local maxima of the onset strength above one deviation, at least 50 ms apart. */
export function onsetRate(strength: Float32Array, frameRate: number): number {
  const radius = Math.max(1, Math.round(0.05 * frameRate));
  let count = 0;
  for (let i = 0; i < strength.length; i++) {
    const value = strength[i]!;
    if (value < 1) continue;
    let isPeak = true;
    for (let j = Math.max(0, i - radius); j <= Math.min(strength.length - 1, i + radius) && isPeak; j++) {
      if (strength[j]! > value || (strength[j] === value && j < i)) isPeak = false;
    }
    if (isPeak) count++;
  }
  return strength.length > 0 ? (count * frameRate) / strength.length : 0;
}

/** Level-weighted mean of the per-frame spectral centroid. */
export function meanCentroid(centroidHz: Float32Array, level: Float32Array): number {
  let weighted = 0;
  let total = 0;
  for (let i = 0; i < centroidHz.length; i++) {
    weighted += centroidHz[i]! * level[i]!;
    total += level[i]!;
  }
  return total > 0 ? weighted / total : 0;
}
