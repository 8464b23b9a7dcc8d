/**
 * Beat tracking by dynamic programming (Ellis, "Beat Tracking by Dynamic Programming", 2007):
 * the beat sequence that maximises onset strength at the beats minus a penalty for
 * intervals that stray from the tempo period. Written here because no permissive JavaScript
 * library offers it; meyda stops at frame features.
 */
const TIGHTNESS = 100;

export function trackBeats(onset: Float32Array, period: number): number[] {
  const n = onset.length;
  const score = new Float64Array(n);
  const backlink = new Int32Array(n).fill(-1);
  const earliest = Math.round(2 * period);
  const latest = Math.max(1, Math.round(period / 2));
  for (let t = 0; t < n; t++) {
    let bestPrevious = -1;
    let bestValue = 0;
    for (let p = Math.max(0, t - earliest); p <= t - latest; p++) {
      const deviation = Math.log((t - p) / period);
      const value = score[p]! - TIGHTNESS * deviation * deviation;
      if (bestPrevious < 0 || value > bestValue) {
        bestValue = value;
        bestPrevious = p;
      }
    }
    score[t] = onset[t]! + (bestPrevious >= 0 ? Math.max(0, bestValue) : 0);
    backlink[t] = bestPrevious >= 0 && bestValue > 0 ? bestPrevious : -1;
  }
  let last = Math.max(0, n - Math.round(period));
  for (let t = last; t < n; t++) if (score[t]! > score[last]!) last = t;
  const frames: number[] = [];
  for (let t = last; t >= 0; t = backlink[t]!) frames.push(t);
  return frames.reverse();
}

/** Least-squares beat period (seconds) over the beat times, steadier than any single interval. */
export function beatPeriodSeconds(beats: readonly number[]): number | undefined {
  const n = beats.length;
  if (n < 4) return undefined;
  const meanIndex = (n - 1) / 2;
  const meanTime = beats.reduce((a, b) => a + b, 0) / n;
  let numerator = 0;
  let denominator = 0;
  beats.forEach((time, i) => {
    numerator += (i - meanIndex) * (time - meanTime);
    denominator += (i - meanIndex) ** 2;
  });
  return numerator / denominator;
}

/**
 * Index (0-3) of the first downbeat among the beats, assuming 4/4: the phase whose beats
 * carry the most low-band onset (kick, bass) plus harmonic change (chords move on bar lines).
 */
export function downbeatPhase(beatFrames: readonly number[], lowOnset: Float32Array, harmonicChange: readonly number[]): number {
  const totals = [0, 0, 0, 0];
  beatFrames.forEach((frame, i) => {
    let low = 0;
    for (let f = Math.max(0, frame - 2); f <= Math.min(lowOnset.length - 1, frame + 2); f++) low = Math.max(low, lowOnset[f]!);
    totals[i % 4]! += low + 2 * (harmonicChange[i] ?? 0);
  });
  return totals.indexOf(Math.max(...totals));
}
