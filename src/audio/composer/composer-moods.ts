import type { Mode } from '../../music/keys';
import { MOODS, type Mood } from '../../music/vocabulary';

export type DrumStyle = 'pop' | 'four-on-the-floor' | 'ballad' | 'brushes' | 'epic' | 'dark' | 'sparse';
export type BassStyle = 'sustain' | 'pulse' | 'pop' | 'drive' | 'walk';
export type CompStyle = 'block' | 'pulse' | 'stabs' | 'arpeggio' | 'ostinato';
export type MelodyDensity = 'sparse' | 'medium' | 'busy';

/** Scale degrees, 1 = tonic. Chord qualities follow the key's scale (see composer-harmony). */
export type Progression = readonly number[];

export interface MoodProfile {
  /** Mode used when the request names no key. */
  defaultMode: Mode;
  /** Tempo range used when the request names no tempo. */
  bpmRange: readonly [number, number];
  /** Four-bar progressions; verse and chorus take different ones. Each starts on the tonic so the key is heard. */
  progressions: Readonly<Record<Mode, readonly Progression[]>>;
  /** In minor keys the dominant becomes major (harmonic minor): a stronger pull home. */
  raisedDominant: boolean;
  sevenths: boolean;
  drums: DrumStyle;
  bass: BassStyle;
  comp: CompStyle;
  melody: MelodyDensity;
  /** 0..1: scales every velocity, so calm music is played softly, energetic music hard. */
  energy: number;
  defaultInstruments: readonly string[];
  titleWords: { readonly adjectives: readonly string[]; readonly nouns: readonly string[] };
}

export const MOOD_PROFILES: Readonly<Record<Mood, MoodProfile>> = {
  happy: {
    defaultMode: 'major',
    bpmRange: [104, 128],
    progressions: { major: [[1, 5, 6, 4], [1, 4, 5, 4], [1, 6, 4, 5]], minor: [[1, 6, 3, 7], [1, 4, 7, 3]] },
    raisedDominant: false,
    sevenths: false,
    drums: 'pop',
    bass: 'pop',
    comp: 'pulse',
    melody: 'busy',
    energy: 0.85,
    defaultInstruments: ['piano', 'guitar', 'bass', 'drums', 'flute'],
    titleWords: { adjectives: ['Golden', 'Bright', 'Sunny', 'Bouncing', 'Lucky'], nouns: ['Morning', 'Parade', 'Skies', 'Steps', 'Holiday'] },
  },
  sad: {
    defaultMode: 'minor',
    bpmRange: [66, 84],
    progressions: { minor: [[1, 6, 3, 7], [1, 4, 6, 5], [1, 7, 6, 7]], major: [[1, 6, 4, 5], [1, 4, 6, 4]] },
    raisedDominant: true,
    sevenths: true,
    drums: 'ballad',
    bass: 'sustain',
    comp: 'arpeggio',
    melody: 'sparse',
    energy: 0.6,
    defaultInstruments: ['piano', 'strings', 'bass', 'drums'],
    titleWords: { adjectives: ['Grey', 'Fading', 'Quiet', 'Distant', 'Empty'], nouns: ['Letters', 'Rain', 'Platform', 'Winter', 'Echoes'] },
  },
  energetic: {
    defaultMode: 'minor',
    bpmRange: [124, 140],
    progressions: { minor: [[1, 6, 3, 7], [1, 7, 6, 7], [1, 4, 6, 7]], major: [[1, 5, 6, 4], [1, 4, 6, 5]] },
    raisedDominant: false,
    sevenths: false,
    drums: 'four-on-the-floor',
    bass: 'drive',
    comp: 'stabs',
    melody: 'busy',
    energy: 1,
    defaultInstruments: ['synth', 'bass', 'drums', 'pad'],
    titleWords: { adjectives: ['Electric', 'Rapid', 'Neon', 'Turbo', 'Wild'], nouns: ['Pulse', 'Circuit', 'Rush', 'Voltage', 'Runner'] },
  },
  calm: {
    defaultMode: 'major',
    bpmRange: [70, 88],
    progressions: { major: [[1, 4, 1, 5], [1, 6, 4, 5], [1, 4, 1, 4]], minor: [[1, 4, 1, 7], [1, 6, 4, 1]] },
    raisedDominant: false,
    sevenths: true,
    drums: 'brushes',
    bass: 'sustain',
    comp: 'arpeggio',
    melody: 'sparse',
    energy: 0.55,
    defaultInstruments: ['pad', 'piano', 'bass', 'drums'],
    titleWords: { adjectives: ['Still', 'Soft', 'Gentle', 'Slow', 'Open'], nouns: ['Water', 'Meadow', 'Breath', 'Harbor', 'Clouds'] },
  },
  epic: {
    defaultMode: 'minor',
    bpmRange: [90, 116],
    progressions: { minor: [[1, 6, 3, 7], [1, 4, 6, 7], [1, 6, 4, 1]], major: [[1, 4, 6, 4], [1, 6, 4, 1]] },
    raisedDominant: true,
    sevenths: false,
    drums: 'epic',
    bass: 'pulse',
    comp: 'ostinato',
    melody: 'medium',
    energy: 0.95,
    defaultInstruments: ['strings', 'brass', 'bass', 'drums', 'choir'],
    titleWords: { adjectives: ['Iron', 'Rising', 'Endless', 'Crimson', 'Ancient'], nouns: ['Kingdom', 'Horizon', 'March', 'Legends', 'Storm'] },
  },
  dark: {
    defaultMode: 'minor',
    bpmRange: [80, 100],
    progressions: { minor: [[1, 6, 4, 5], [1, 4, 1, 5], [1, 2, 6, 5]], major: [[1, 6, 4, 1], [1, 4, 6, 5]] },
    raisedDominant: true,
    sevenths: false,
    drums: 'dark',
    bass: 'pulse',
    comp: 'block',
    melody: 'sparse',
    energy: 0.8,
    defaultInstruments: ['pad', 'synth', 'bass', 'drums'],
    titleWords: { adjectives: ['Hollow', 'Black', 'Silent', 'Broken', 'Cold'], nouns: ['Corridor', 'Signal', 'Depths', 'Shadows', 'Machine'] },
  },
  romantic: {
    defaultMode: 'major',
    bpmRange: [68, 88],
    progressions: { major: [[1, 6, 2, 5], [1, 4, 1, 5], [1, 4, 2, 5]], minor: [[1, 4, 7, 3], [1, 6, 4, 5]] },
    raisedDominant: true,
    sevenths: true,
    drums: 'brushes',
    bass: 'walk',
    comp: 'arpeggio',
    melody: 'medium',
    energy: 0.65,
    defaultInstruments: ['piano', 'strings', 'bass', 'drums'],
    titleWords: { adjectives: ['Velvet', 'Tender', 'Moonlit', 'Secret', 'Warm'], nouns: ['Waltz', 'Promise', 'Evening', 'Roses', 'Letters'] },
  },
  mysterious: {
    defaultMode: 'minor',
    bpmRange: [84, 104],
    progressions: { minor: [[1, 7, 6, 7], [1, 4, 7, 1], [1, 6, 7, 1]], major: [[1, 2, 1, 4], [1, 6, 2, 1]] },
    raisedDominant: false,
    sevenths: true,
    drums: 'sparse',
    bass: 'sustain',
    comp: 'arpeggio',
    melody: 'sparse',
    energy: 0.7,
    defaultInstruments: ['pad', 'harp', 'bass', 'drums', 'celesta'],
    titleWords: { adjectives: ['Hidden', 'Veiled', 'Lost', 'Secret', 'Drifting'], nouns: ['Library', 'Fog', 'Labyrinth', 'Lanterns', 'Keys'] },
  },
};

export function isMood(value: string): value is Mood {
  return (MOODS as readonly string[]).includes(value);
}
