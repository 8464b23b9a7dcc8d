/**
 * The words generation and planning inputs are checked against, shared by the contracts (src/contracts) and
 * the code that acts on them (the composer, the scene analyzers, the planner). Plain data: no Temporal, no I/O.
 */

/** Moods the local composer can write and the scene analyzers report. */
export const MOODS = ['happy', 'sad', 'energetic', 'calm', 'epic', 'dark', 'romantic', 'mysterious'] as const;
export type Mood = (typeof MOODS)[number];

/** Instrument names a request may give, after normalizeInstrumentName; the composer maps each to a General MIDI program. */
export const INSTRUMENT_NAMES = [
  'piano',
  'acoustic piano',
  'grand piano',
  'bright piano',
  'electric piano',
  'rhodes',
  'harpsichord',
  'celesta',
  'glockenspiel',
  'music box',
  'vibraphone',
  'marimba',
  'organ',
  'church organ',
  'accordion',
  'harmonica',
  'guitar',
  'acoustic guitar',
  'nylon guitar',
  'electric guitar',
  'distortion guitar',
  'bass',
  'acoustic bass',
  'electric bass',
  'synth bass',
  'violin',
  'viola',
  'cello',
  'contrabass',
  'pizzicato strings',
  'harp',
  'strings',
  'string ensemble',
  'synth strings',
  'choir',
  'trumpet',
  'trombone',
  'french horn',
  'brass',
  'brass section',
  'sax',
  'saxophone',
  'tenor sax',
  'oboe',
  'clarinet',
  'piccolo',
  'flute',
  'pan flute',
  'whistle',
  'ocarina',
  'synth lead',
  'synth',
  'lead',
  'synth pad',
  'pad',
  'warm pad',
  'sitar',
  'kalimba',
  'drums',
  'drum kit',
  'percussion',
] as const;
export type InstrumentName = (typeof INSTRUMENT_NAMES)[number];

/** 'Electric_Guitar ' and 'electric-guitar' both mean 'electric guitar'. */
export function normalizeInstrumentName(name: string): string {
  return name.trim().toLowerCase().replace(/[\s_-]+/g, ' ');
}

/** Shapes of the energy curve an Auto DJ set follows. */
export const ENERGY_MODES = ['steady', 'build', 'wave', 'peak', 'chill'] as const;
export type EnergyMode = (typeof ENERGY_MODES)[number];

/** Events whose energy levels an Auto DJ set is planned for. */
export const EVENT_PRESETS = ['default', 'club', 'wedding', 'birthday', 'sweet16', 'dinner', 'warmup'] as const;
export type EventPreset = (typeof EVENT_PRESETS)[number];

/**
 * Which key moves an Auto DJ set plays as harmonic: `strict` the classic Camelot rule (same key, ±1 with the
 * same letter, relative major/minor), `moderate` adds the diagonal move and the +2/+7 energy boost,
 * `relaxed` allows any key at a cost.
 */
export const HARMONIC_STRICTNESS_LEVELS = ['strict', 'moderate', 'relaxed'] as const;
export type HarmonicStrictness = (typeof HARMONIC_STRICTNESS_LEVELS)[number];
/** How DJ tools rate one key move: a `strict` move, a `moderate` one (diagonal, energy boost), a `clash`, or `unknown` keys. */
export type HarmonicClass = 'strict' | 'moderate' | 'clash' | 'unknown';
