/**
 * Target energy over the set: the mode gives the shape (0–1 over the set), the event preset
 * the energy range it spans and how gently the set opens.
 */
import type { EnergyMode, EventPreset } from './types';

interface PresetRange {
  low: number;
  high: number;
  /** Share of the set at the start that eases in from `low` (guests still arriving). */
  openingShare: number;
}

const PRESET_RANGES: Record<EventPreset, PresetRange> = {
  default: { low: 3.5, high: 8, openingShare: 0 },
  club: { low: 5, high: 9.5, openingShare: 0.08 },
  wedding: { low: 3, high: 9, openingShare: 0.2 },
  birthday: { low: 4, high: 8.5, openingShare: 0.1 },
  sweet16: { low: 5, high: 9.5, openingShare: 0.05 },
  dinner: { low: 2, high: 5, openingShare: 0 },
  warmup: { low: 3, high: 6.5, openingShare: 0 },
};

/** One wave (calm → lift → calm) lasts 20 minutes, and a set has at least two. */
const WAVE_PERIOD_SECONDS = 1200;

function smoothstep(x: number): number {
  const c = Math.min(1, Math.max(0, x));
  return c * c * (3 - 2 * c);
}

function modeShape(mode: EnergyMode, progress: number, elapsedSeconds: number, durationSeconds: number): number {
  switch (mode) {
    case 'steady':
      return 0.6;
    case 'build':
      return 0.05 + 0.95 * progress;
    case 'wave': {
      const period = Math.min(WAVE_PERIOD_SECONDS, durationSeconds / 2);
      return 0.55 - 0.35 * Math.cos((2 * Math.PI * elapsedSeconds) / period);
    }
    case 'peak':
      return progress < 0.7 ? 0.2 + 0.8 * smoothstep(progress / 0.7) : 1 - 0.45 * smoothstep((progress - 0.7) / 0.3);
    case 'chill':
      return 0.35 - 0.2 * progress;
  }
}

export function targetEnergyAt(mode: EnergyMode, preset: EventPreset, elapsedSeconds: number, durationSeconds: number): number {
  const range = PRESET_RANGES[preset];
  const progress = Math.min(1, Math.max(0, elapsedSeconds / durationSeconds));
  let shape = modeShape(mode, progress, Math.min(elapsedSeconds, durationSeconds), durationSeconds);
  if (range.openingShare > 0 && progress < range.openingShare) {
    shape *= 0.5 + 0.5 * smoothstep(progress / range.openingShare);
  }
  return Math.min(10, Math.max(1, range.low + shape * (range.high - range.low)));
}

/**
 * The target sampled once per second with running sums, so the squared deviation of a track's
 * energy over any stretch of the set costs O(1): ∫(e − T)² = e²·L − 2e·∫T + ∫T².
 */
export class EnergyCurve {
  private readonly sum: number[];
  private readonly sumSquares: number[];
  private readonly samples: number[];
  private readonly squares: number[];

  constructor(
    readonly mode: EnergyMode,
    readonly preset: EventPreset,
    readonly durationSeconds: number,
  ) {
    // Sets may overshoot the target a little; beyond the end the curve holds its last value.
    const length = Math.ceil(durationSeconds * 1.5) + 1200;
    this.samples = new Array<number>(length).fill(0);
    this.squares = new Array<number>(length).fill(0);
    this.sum = new Array<number>(length + 1).fill(0);
    this.sumSquares = new Array<number>(length + 1).fill(0);
    for (let second = 0; second < length; second++) {
      const value = targetEnergyAt(mode, preset, second + 0.5, durationSeconds);
      this.samples[second] = value;
      this.squares[second] = value * value;
      this.sum[second + 1] = this.sum[second]! + value;
      this.sumSquares[second + 1] = this.sumSquares[second]! + value * value;
    }
  }

  at(seconds: number): number {
    return this.samples[this.clampIndex(floor(seconds))]!;
  }

  /** Mean target over [from, to). */
  mean(from: number, to: number): number {
    return to > from ? (integral(this.sum, this.samples, to) - integral(this.sum, this.samples, from)) / (to - from) : this.at(from);
  }

  /** ∫ (energy − target(t))² dt over [from, from + length). */
  squaredDeviation(energy: number, from: number, length: number): number {
    const to = from + length;
    const linear = integral(this.sum, this.samples, to) - integral(this.sum, this.samples, from);
    const squares = integral(this.sumSquares, this.squares, to) - integral(this.sumSquares, this.squares, from);
    const deviation = energy * energy * length - 2 * energy * linear + squares;
    return deviation > 0 ? deviation : 0;
  }

  private clampIndex(index: number): number {
    return Math.min(this.samples.length - 1, Math.max(0, index));
  }
}

/** Read once: inside jest's VM context every lookup of the global `Math` costs about 100 times more. */
const floor = Math.floor;

/** ∫₀ˣ of a once-per-second step function given its running sums. */
function integral(prefix: number[], values: number[], seconds: number): number {
  const last = values.length;
  if (seconds <= 0) return 0;
  if (seconds >= last) return prefix[last]! + (seconds - last) * values[last - 1]!;
  const whole = floor(seconds);
  return prefix[whole]! + (seconds - whole) * values[whole]!;
}
