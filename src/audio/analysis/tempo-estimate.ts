/**
 * Global tempo from the autocorrelation of the onset envelope. Each candidate tempo is scored
 * by the autocorrelation at its beat period and the first multiples of it (a comb), which
 * makes the estimate sharp to a fraction of a frame, and weighted by a log-normal prior on
 * tempo that settles octave ambiguity towards the tempi people tap.
 */
export const MIN_BPM = 50;
export const MAX_BPM = 200;
const PRIOR_CENTRE_BPM = 115;
const PRIOR_OCTAVES = 0.9;
const COMB_WEIGHTS = [1, 0.5, 0.33, 0.25];
const BPM_STEP = 0.05;
const FASTER_LEVEL_SHARE = 0.85;
/** Doubling stops here: beyond it a fast reading is more often hi-hats than the beat. */
const FASTEST_LEVEL_BPM = 185;

export interface TempoEstimate {
  bpm: number;
  /** Share of the winning score over the best candidate an octave away or elsewhere, in [0, 1]. */
  confidence: number;
}

/** Autocorrelation of the mean-removed envelope, so unrelated lags sit near zero. */
function autocorrelation(values: Float32Array, maxLag: number): Float64Array {
  const acf = new Float64Array(maxLag + 1);
  const n = values.length;
  let mean = 0;
  for (let i = 0; i < n; i++) mean += values[i]! / n;
  const centred = Float64Array.from(values, (v) => v - mean);
  for (let lag = 0; lag <= maxLag && lag < n; lag++) {
    let sum = 0;
    for (let i = lag; i < n; i++) sum += centred[i]! * centred[i - lag]!;
    acf[lag] = sum / (n - lag);
  }
  return acf;
}

function interpolate(values: Float64Array, position: number): number {
  const i = Math.floor(position);
  if (i + 1 >= values.length) return 0;
  const fraction = position - i;
  return values[i]! * (1 - fraction) + values[i + 1]! * fraction;
}

function prior(bpm: number): number {
  const octaves = Math.log2(bpm / PRIOR_CENTRE_BPM);
  return Math.exp(-0.5 * (octaves / PRIOR_OCTAVES) ** 2);
}

/** Highest autocorrelation within 3% of a lag: the peak of that periodicity. */
function peakNear(acf: Float64Array, lag: number): number {
  let best = Number.NEGATIVE_INFINITY;
  for (let l = Math.floor(lag * 0.97); l <= Math.ceil(lag * 1.03); l++) best = Math.max(best, interpolate(acf, l));
  return best;
}

/**
 * The comb and the prior still confuse metrical levels (a backbeat repeats every two beats, so
 * half tempo scores well). Among the related levels (x1/2, x2/3, x1, x3/2, x2) the fastest one
 * whose own periodicity is nearly as strong as the strongest is the beat.
 */
function preferFasterLevel(acf: Float64Array, frameRate: number, bpm: number): number {
  const levels = [0.5, 2 / 3, 1, 1.5, 2].map((ratio) => bpm * ratio).filter((b) => b >= MIN_BPM && b <= FASTEST_LEVEL_BPM);
  const strengths = levels.map((b) => peakNear(acf, (60 * frameRate) / b));
  const strongest = Math.max(...strengths);
  let chosen = bpm;
  levels.forEach((b, i) => {
    if (strengths[i]! >= FASTER_LEVEL_SHARE * strongest && b > chosen) chosen = b;
  });
  return chosen;
}

export function estimateTempo(onset: Float32Array, beatBandOnset: Float32Array, frameRate: number): TempoEstimate {
  const longestPeriod = (60 * frameRate) / MIN_BPM;
  const acf = autocorrelation(onset, Math.ceil(longestPeriod * COMB_WEIGHTS.length) + 2);
  let best = { bpm: 120, score: 0 };
  const scores: { bpm: number; score: number }[] = [];
  for (let bpm = MIN_BPM; bpm <= MAX_BPM; bpm += BPM_STEP) {
    const period = (60 * frameRate) / bpm;
    let comb = 0;
    COMB_WEIGHTS.forEach((weight, k) => {
      comb += weight * interpolate(acf, period * (k + 1));
    });
    const score = Math.max(0, comb) * prior(bpm);
    scores.push({ bpm, score });
    if (score > best.score) best = { bpm, score };
  }
  // The runner-up is the best candidate more than 4% away from the winner.
  const rival = scores.reduce((max, c) => (Math.abs(c.bpm / best.bpm - 1) > 0.04 && c.score > max ? c.score : max), 0);
  const confidence = best.score > 0 ? Math.min(1, Math.max(0, 1 - rival / best.score)) : 0;
  const beatBandAcf = autocorrelation(beatBandOnset, Math.ceil(longestPeriod * 1.05) + 2);
  return { bpm: preferFasterLevel(beatBandAcf, frameRate, best.bpm), confidence };
}
