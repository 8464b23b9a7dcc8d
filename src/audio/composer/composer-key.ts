import { Note, Scale } from 'tonal';
import type { Mode } from '../../music/keys';

/** A key as the composer writes it: the tonic spelled as requested and its scale (src/music/keys.ts names keys by pitch class). */
export interface SpelledKey {
  /** Tonic as spelled by the caller, e.g. 'F#' or 'Eb'. */
  tonic: string;
  mode: Mode;
  /** Pitch class of the tonic, 0 = C. */
  tonicChroma: number;
  /** Pitch classes of the seven scale degrees (natural minor for minor keys). */
  scale: readonly number[];
  /** The same degrees spelled in the key, e.g. ['F#', 'G#', 'A#', ...]. */
  scaleNoteNames: readonly string[];
  /** Display name, e.g. 'A minor'. */
  name: string;
}

const KEY_PATTERN = /^([A-Ga-g])([#b♯♭]?)\s*(major|minor|maj|min|m|M)?$/;

/**
 * Parses 'A minor', 'F# major', 'Bb', 'C#m', 'Eb min'. Returns null for anything else, so the
 * caller decides how to report it.
 */
export function parseSpelledKey(text: string): SpelledKey | null {
  const match = KEY_PATTERN.exec(text.trim().replace(/\s+/g, ' '));
  if (!match) return null;
  const letter = (match[1] ?? '').toUpperCase();
  const accidental = (match[2] ?? '').replace('♯', '#').replace('♭', 'b');
  const modeWord = match[3];
  const mode: Mode = modeWord === 'minor' || modeWord === 'min' || modeWord === 'm' ? 'minor' : 'major';
  return keyFromTonic(letter + accidental, mode);
}

export function keyFromTonic(tonic: string, mode: Mode): SpelledKey | null {
  const chroma = Note.chroma(tonic);
  const scaleNotes = Scale.get(`${tonic} ${mode}`).notes;
  if (chroma === undefined || Number.isNaN(chroma) || scaleNotes.length !== 7) return null;
  return {
    tonic,
    mode,
    tonicChroma: chroma,
    scale: scaleNotes.map((note) => Note.chroma(note) ?? 0),
    scaleNoteNames: scaleNotes,
    name: `${tonic} ${mode}`,
  };
}
