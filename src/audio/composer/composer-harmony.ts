import { Chord, Note } from 'tonal';
import type { SpelledKey } from './composer-key';

export interface ChordSpec {
  /** Scale degree, 1 = tonic. */
  degree: number;
  rootChroma: number;
  /** Root, third, fifth and, for seventh chords, the seventh, as pitch classes. */
  pitchClasses: readonly number[];
  /** Chord symbol for summaries and logs, e.g. 'Am7'. */
  symbol: string;
}

export interface HarmonyOptions {
  sevenths: boolean;
  /** Minor keys only: make the dominant (degree 5) major with the raised leading tone. */
  raisedDominant: boolean;
}

/**
 * The diatonic chord on a scale degree, built by stacking the key's own thirds. The tonic stays
 * a plain triad even in seventh-chord moods: Cmaj7 holds an E minor triad, and a tonic that
 * sounds like another key blurs the key for listeners and for key detection alike.
 */
export function chordOnDegree(key: SpelledKey, degree: number, options: HarmonyOptions): ChordSpec {
  const tones = options.sevenths && degree !== 1 ? [0, 2, 4, 6] : [0, 2, 4];
  const noteNames = tones.map((step) => key.scaleNoteNames[(degree - 1 + step) % 7] ?? 'C');
  if (key.mode === 'minor' && degree === 5 && options.raisedDominant) {
    noteNames[1] = Note.transpose(noteNames[1] ?? 'C', '1A');
  }
  const [detected] = Chord.detect(noteNames, { assumePerfectFifth: true });
  const pitchClasses = noteNames.map((name) => Note.chroma(name) ?? 0);
  return {
    degree,
    rootChroma: pitchClasses[0] ?? 0,
    pitchClasses,
    // tonal names a plain major triad 'CM'; lead sheets write 'C'.
    symbol: detected ? detected.replace(/M$/, '') : noteNames.join('-'),
  };
}

/** Lowest MIDI note at or above `floor` with the given pitch class. */
export function noteAtOrAbove(pitchClass: number, floor: number): number {
  return floor + ((((pitchClass - floor) % 12) + 12) % 12);
}

/**
 * Close-position voicing near `center`, picking the inversion that moves least from the previous
 * voicing: smooth voice leading is what makes block chords sound played rather than stamped.
 */
export function voiceChord(pitchClasses: readonly number[], center: number, previous?: readonly number[]): number[] {
  let best: number[] = [];
  let bestScore = Number.POSITIVE_INFINITY;
  for (let inversion = 0; inversion < pitchClasses.length; inversion += 1) {
    const rotated = [...pitchClasses.slice(inversion), ...pitchClasses.slice(0, inversion)];
    for (const floor of [center - 9, center - 3]) {
      const voicing: number[] = [];
      for (const pc of rotated) {
        const lowest = voicing.length === 0 ? floor : (voicing[voicing.length - 1] ?? floor) + 1;
        voicing.push(noteAtOrAbove(pc, lowest));
      }
      const mean = voicing.reduce((sum, note) => sum + note, 0) / voicing.length;
      const movement = previous ? voicing.reduce((sum, note, i) => sum + Math.abs(note - (previous[i] ?? note)), 0) : 0;
      const score = Math.abs(mean - center) * 2 + movement;
      if (score < bestScore) {
        bestScore = score;
        best = voicing;
      }
    }
  }
  return best;
}
