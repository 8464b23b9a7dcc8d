import { voiceChord } from './composer-harmony';
import type { CompStyle } from './composer-moods';
import { BEATS_PER_BAR } from '../../music/meter';
import { shapeVelocity, type BarContext, type NoteEvent } from './composer-score';

/** Chord voicings centre on D4 (harmony) or A3 (pads), below the melody's range. */
const HARMONY_CENTER = 62;
const PAD_CENTER = 57;

/**
 * Chord instruments (piano, guitar, harp, ...) in the mood's comping style. `previous` carries
 * the last voicing so each change moves by the smallest steps.
 */
export function harmonyBar(style: CompStyle, context: BarContext, energy: number, previous?: readonly number[]): { notes: NoteEvent[]; voicing: number[] } {
  const voicing = voiceChord(context.chord.pitchClasses, HARMONY_CENTER, previous);
  const barStart = context.bar * BEATS_PER_BAR;
  const { intensity } = context.section;
  const chordAt = (beat: number, beats: number, base: number): NoteEvent[] =>
    voicing.map((midi) => ({ midi, beat: barStart + beat, beats, velocity: shapeVelocity(base, intensity, energy) }));

  const effective: CompStyle = context.isLastBarOfPiece ? 'block' : style;
  switch (effective) {
    case 'block':
      return { voicing, notes: chordAt(0, BEATS_PER_BAR, 80) };
    case 'pulse':
      return { voicing, notes: [0, 1, 2, 3].flatMap((beat) => chordAt(beat, 0.9, beat % 2 === 0 ? 84 : 72)) };
    case 'stabs':
      return { voicing, notes: [0.5, 1.5, 2.5, 3.5].flatMap((beat) => chordAt(beat, 0.3, 84)) };
    case 'arpeggio': {
      // Up through the chord and its top octave, then back down: eight eighth notes per bar.
      const tones = [...voicing, (voicing[0] ?? HARMONY_CENTER) + 12];
      const order = [0, 1, 2, 3, 4, 3, 2, 1].map((index) => Math.min(index, tones.length - 1));
      const notes = order.map((toneIndex, i) => ({
        midi: tones[toneIndex] ?? HARMONY_CENTER,
        beat: barStart + i * 0.5,
        beats: 0.9,
        velocity: shapeVelocity(i % 2 === 0 ? 80 : 66, intensity, energy),
      }));
      return { voicing, notes };
    }
    case 'ostinato': {
      // Driving eighths on root, octave and one fifth: the string figure of film trailers. The
      // root dominates so the harmony, not the fifth above it, is what the ear locks onto.
      const root = voicing.find((midi) => midi % 12 === context.chord.rootChroma) ?? voicing[0] ?? HARMONY_CENTER;
      const fifthClass = context.chord.pitchClasses[2] ?? context.chord.rootChroma;
      const fifth = voicing.find((midi) => midi % 12 === fifthClass) ?? root + 7;
      const figure = [root, root, root + 12, root, fifth, root, root + 12, root];
      const notes = figure.map((midi, i) => ({
        midi,
        beat: barStart + i * 0.5,
        beats: 0.45,
        velocity: shapeVelocity(i % 2 === 0 ? 88 : 70, intensity, energy),
      }));
      return { voicing, notes };
    }
  }
}

/** Sustained chords under everything: one held voicing per bar. */
export function padBar(context: BarContext, energy: number, previous?: readonly number[]): { notes: NoteEvent[]; voicing: number[] } {
  const voicing = voiceChord(context.chord.pitchClasses, PAD_CENTER, previous);
  const barStart = context.bar * BEATS_PER_BAR;
  const notes = voicing.map((midi) => ({
    midi,
    beat: barStart,
    beats: BEATS_PER_BAR,
    velocity: shapeVelocity(72, context.section.intensity, energy),
  }));
  return { voicing, notes };
}
