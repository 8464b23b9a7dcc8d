import { mulberry32 } from '../../shared/seeded-random';
import type { MusicalKey } from '../../music/keys';

/**
 * Labelled test material: a drum pattern and a chord progression at a known tempo and key,
 * deterministic for a seed. Used by the unit tests and the benchmark corpus, where the labels
 * must be exact; it is not the product's composer.
 */
export interface SyntheticTrackSpec {
  bpm: number;
  key: MusicalKey;
  seconds: number;
  sampleRate: number;
  seed: number;
  /** Peak amplitude of the mix before noise; sets the loudness. */
  gain?: number;
  /** White noise this many dB below the signal's RMS. */
  noiseSnrDb?: number;
  /** Silence before the first beat, seconds. */
  leadInSeconds?: number;
  /**
   * A kick tuned and placed for this seed alone. Without it every track plays the same kick on the same steps, so
   * two tracks at one tempo share their drum part sample for sample, which no two recordings do.
   */
  ownKick?: boolean;
}

interface Kick {
  baseHz: number;
  sweepHz: number;
  decayPerSecond: number;
  /** Which of the bar's eight half-beat steps it plays on. */
  steps: boolean[];
}

function barSteps(plays: (step: number) => boolean): boolean[] {
  return Array.from({ length: 8 }, (_, step) => plays(step));
}

/** The default kick: 50 Hz with a 90 Hz sweep, on beats 1 and 3 (and the "and" of 3 when `extraKick`). */
function sharedKick(extraKick: boolean): Kick {
  return { baseHz: 50, sweepHz: 90, decayPerSecond: 12, steps: barSteps((step) => step === 0 || step === 4 || (extraKick && step === 5)) };
}

/** From its own random stream, so the rest of the track is the one the seed gives without it. */
function ownKick(seed: number): Kick {
  const random = mulberry32(seed ^ 0x2545f491);
  return {
    baseHz: 40 + 40 * random(),
    sweepHz: 60 + 90 * random(),
    decayPerSecond: 8 + 8 * random(),
    steps: barSteps((step) => step === 0 || random() < 0.3),
  };
}

const MAJOR_SCALE = [0, 2, 4, 5, 7, 9, 11];
const MINOR_SCALE = [0, 2, 3, 5, 7, 8, 10];
/** Scale degrees (0-based) of the chord roots: I-V-vi-IV and i-VI-III-VII, the commonest loops. */
const MAJOR_PROGRESSIONS = [[0, 4, 5, 3], [0, 3, 4, 0], [0, 5, 3, 4]];
const MINOR_PROGRESSIONS = [[0, 5, 2, 6], [0, 3, 4, 0], [0, 5, 6, 0]];

const midiToHz = (note: number): number => 440 * 2 ** ((note - 69) / 12);

function addTone(out: Float32Array, sampleRate: number, start: number, seconds: number, hz: number, amplitude: number): void {
  const first = Math.floor(start * sampleRate);
  const count = Math.min(out.length - first, Math.floor(seconds * sampleRate));
  const attack = 0.01 * sampleRate;
  for (let i = 0; i < count; i++) {
    const t = i / sampleRate;
    const envelope = Math.min(1, i / attack) * Math.exp(-2.5 * t / seconds);
    const phase = 2 * Math.PI * hz * t;
    // Three harmonics give the chroma something like an instrument's overtones.
    out[first + i]! += amplitude * envelope * (Math.sin(phase) + 0.4 * Math.sin(2 * phase) + 0.2 * Math.sin(3 * phase));
  }
}

function addKick(out: Float32Array, sampleRate: number, start: number, amplitude: number, kick: Kick): void {
  const first = Math.floor(start * sampleRate);
  const count = Math.min(out.length - first, Math.floor(0.3 * sampleRate));
  let phase = 0;
  for (let i = 0; i < count; i++) {
    const t = i / sampleRate;
    phase += (2 * Math.PI * (kick.baseHz + kick.sweepHz * Math.exp(-t * 30))) / sampleRate;
    out[first + i]! += amplitude * Math.exp(-t * kick.decayPerSecond) * Math.sin(phase);
  }
}

function addNoiseHit(out: Float32Array, sampleRate: number, start: number, seconds: number, amplitude: number, random: () => number, bright: boolean): void {
  const first = Math.floor(start * sampleRate);
  const count = Math.min(out.length - first, Math.floor(seconds * sampleRate));
  let previous = 0;
  for (let i = 0; i < count; i++) {
    const white = random() * 2 - 1;
    // A first difference tilts the noise towards the highs for hats.
    const sample = bright ? white - previous : white;
    previous = white;
    out[first + i]! += amplitude * Math.exp((-5 * i) / count) * sample;
  }
}

export function synthesizeTrack(spec: SyntheticTrackSpec): Float32Array {
  const { bpm, key, seconds, sampleRate } = spec;
  const random = mulberry32(spec.seed);
  const out = new Float32Array(Math.round(seconds * sampleRate));
  const beat = 60 / bpm;
  const leadIn = spec.leadInSeconds ?? 0;
  const scale = key.mode === 'major' ? MAJOR_SCALE : MINOR_SCALE;
  const progressions = key.mode === 'major' ? MAJOR_PROGRESSIONS : MINOR_PROGRESSIONS;
  const progression = progressions[Math.floor(random() * progressions.length)]!;
  const tonicMidi = 48 + key.tonic;
  const degreeToMidi = (degree: number): number => tonicMidi + scale[degree % 7]! + 12 * Math.floor(degree / 7);
  const extraKick = random() < 0.5;
  const kick = spec.ownKick ? ownKick(spec.seed) : sharedKick(extraKick);

  for (let bar = 0; leadIn + bar * 4 * beat < seconds; bar++) {
    const barStart = leadIn + bar * 4 * beat;
    const root = progression[bar % progression.length]!;
    addTone(out, sampleRate, barStart, 4 * beat, midiToHz(degreeToMidi(root) - 12), 0.12);
    for (const third of [0, 2, 4]) addTone(out, sampleRate, barStart, 4 * beat, midiToHz(degreeToMidi(root + third)), 0.06);
    for (let step = 0; step < 8; step++) {
      const time = barStart + (step * beat) / 2;
      if (time >= seconds) break;
      if (kick.steps[step]) addKick(out, sampleRate, time, 0.5, kick);
      if (step === 2 || step === 6) addNoiseHit(out, sampleRate, time, 0.15, 0.2, random, false);
      addNoiseHit(out, sampleRate, time, 0.04, step % 2 === 0 ? 0.06 : 0.04, random, true);
      if (random() < 0.6) {
        const degree = Math.floor(random() * 7) + 7;
        addTone(out, sampleRate, time, beat / 2, midiToHz(degreeToMidi(degree)), 0.05);
      }
    }
  }

  let peak = 0;
  let sumSquares = 0;
  for (const sample of out) {
    peak = Math.max(peak, Math.abs(sample));
    sumSquares += sample * sample;
  }
  const scaleBy = peak > 0 ? (spec.gain ?? 0.8) / peak : 0;
  const noiseRms = spec.noiseSnrDb === undefined ? 0 : Math.sqrt(sumSquares / out.length) * scaleBy * 10 ** (-spec.noiseSnrDb / 20);
  for (let i = 0; i < out.length; i++) {
    // Uniform noise in [-a, a] has RMS a / sqrt(3).
    out[i] = out[i]! * scaleBy + (noiseRms > 0 ? (random() * 2 - 1) * noiseRms * Math.sqrt(3) : 0);
  }
  return out;
}
