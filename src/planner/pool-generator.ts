/**
 * Seeded generator of realistic track pools for the benchmark, the tests and `npm run plan -- --generate`: tempo
 * clusters around 90–130 and 170–175 BPM, all 24 keys in mixed notations, energy 1–10,
 * 2.5–7 minute tracks, and an analysed beat grid for part of the pool.
 */
import { formatCamelot, toCamelot, toOpenKey, type KnownKey } from '../music/keys';
import { seededRandom, type Random } from './random';
import type { PlannerTrack } from './types';

interface Style {
  genre: string;
  share: number;
  bpm: (random: Random) => number;
  energy: number;
}

const STYLES: Style[] = [
  { genre: 'house', share: 0.45, bpm: (r) => normal(r, 124, 3), energy: 6.5 },
  { genre: 'hiphop', share: 0.25, bpm: (r) => normal(r, 94, 4), energy: 5 },
  { genre: 'pop', share: 0.15, bpm: (r) => 100 + 18 * r(), energy: 5.5 },
  { genre: 'dnb', share: 0.15, bpm: (r) => normal(r, 173.5, 1.2), energy: 7.5 },
];

const NOTE_NAMES = ['C', 'C#', 'D', 'Eb', 'E', 'F', 'F♯', 'G', 'Ab', 'A', 'Bb', 'B'];

export interface PoolOptions {
  /** Share of tracks that carry an analysed beat grid; the rest have BPM and first downbeat only. */
  beatGridShare?: number;
}

export function generatePool(size: number, seed: number, options: PoolOptions = {}): PlannerTrack[] {
  const random = seededRandom(seed);
  const beatGridShare = options.beatGridShare ?? 0.6;
  return Array.from({ length: size }, (_, index) => {
    const style = pickStyle(random);
    const bpm = round(clamp(style.bpm(random), 70, 180), 2);
    const key: KnownKey = { kind: 'known', tonic: Math.floor(random() * 12), mode: random() < 0.5 ? 'minor' : 'major' };
    const durationSeconds = round(clamp(normal(random, 250, 55), 150, 420), 1);
    const firstDownbeat = round(random() * 0.6, 3);
    const track: PlannerTrack = {
      id: `t${seed}-${index}`,
      title: `Track ${index}`,
      artist: `Artist ${Math.floor(random() * size * 0.3)}`,
      durationSeconds,
      bpm,
      key: writeKey(key, random),
      energy: round(clamp(normal(random, style.energy, 1.8), 1, 10), 1),
      firstDownbeat,
      genre: style.genre,
      hasVocals: random() < 0.5,
    };
    if (random() < beatGridShare) track.beatGrid = beatGrid(bpm, firstDownbeat, durationSeconds, random);
    return track;
  });
}

/** A constant-tempo grid with a few milliseconds of analysis jitter, as a beat tracker returns it. */
function beatGrid(bpm: number, firstDownbeat: number, durationSeconds: number, random: Random): { beats: number[]; downbeats: number[] } {
  const beatSeconds = 60 / bpm;
  const beats: number[] = [];
  const downbeats: number[] = [];
  for (let beat = 0; firstDownbeat + beat * beatSeconds < durationSeconds; beat++) {
    const time = round(firstDownbeat + beat * beatSeconds + (random() - 0.5) * 0.006, 4);
    beats.push(time);
    if (beat % 4 === 0) downbeats.push(time);
  }
  return { beats, downbeats };
}

/** Real libraries mix notations: the planner must read them all. */
function writeKey(key: KnownKey, random: Random): string {
  const camelot = toCamelot(key)!;
  const roll = random();
  if (roll < 0.3) return formatCamelot(camelot);
  if (roll < 0.45) return toOpenKey(camelot);
  const note = NOTE_NAMES[key.tonic]!;
  if (roll < 0.8) return key.mode === 'minor' ? `${note}m` : note;
  return `${note} ${key.mode}`;
}

function pickStyle(random: Random): Style {
  let roll = random();
  for (const style of STYLES) {
    roll -= style.share;
    if (roll < 0) return style;
  }
  return STYLES[STYLES.length - 1]!;
}

function normal(random: Random, mean: number, deviation: number): number {
  const u = Math.max(1e-12, random());
  return mean + deviation * Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * random());
}

function clamp(value: number, low: number, high: number): number {
  return Math.min(high, Math.max(low, value));
}

function round(value: number, digits: number): number {
  const factor = 10 ** digits;
  return Math.round(value * factor) / factor;
}

