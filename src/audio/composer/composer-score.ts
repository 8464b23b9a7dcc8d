import type { SectionPlan } from './composer-form';
import type { ChordSpec } from './composer-harmony';

/** One note, placed in beats from the start of the piece (quarter note = 1 beat, 4/4 time). */
export interface NoteEvent {
  midi: number;
  beat: number;
  beats: number;
  /** MIDI velocity, 1..127. */
  velocity: number;
}

/** What every part needs to know about the bar it is writing. */
export interface BarContext {
  /** Bar index from the start of the piece. */
  bar: number;
  section: SectionPlan;
  barInSection: number;
  chord: ChordSpec;
  nextChord: ChordSpec | undefined;
  nextSection: SectionPlan | undefined;
  isLastBarOfSection: boolean;
  isLastBarOfPiece: boolean;
}

/**
 * Velocity after mood energy and section intensity: a calm verse is played softer than an
 * energetic chorus, which is most of what makes sections audible in background music.
 */
export function shapeVelocity(base: number, intensity: number, energy: number, jitter = 0): number {
  const shaped = base * (0.55 + 0.45 * intensity) * (0.6 + 0.4 * energy) + jitter;
  return Math.max(1, Math.min(127, Math.round(shaped)));
}
