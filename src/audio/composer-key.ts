import { Note, Scale } from 'tonal';

export type Mode = 'major' | 'minor';

export interface MusicalKey {
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
export function parseKey(text: string): MusicalKey | null {
  const match = KEY_PATTERN.exec(text.trim().replace(/\s+/g, ' '));
  if (!match) return null;
  const letter = (match[1] ?? '').toUpperCase();
  const accidental = (match[2] ?? '').replace('♯', '#').replace('♭', 'b');
  const modeWord = match[3];
  const mode: Mode = modeWord === 'minor' || modeWord === 'min' || modeWord === 'm' ? 'minor' : 'major';
  return keyFromTonic(letter + accidental, mode);
}

export function keyFromTonic(tonic: string, mode: Mode): MusicalKey | null {
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

/**
 * Camelot wheel code (DJ notation): 8B = C major, 8A = A minor; one step round the wheel is a fifth.
 * Multiplying a pitch class by 7 (mod 12) walks the circle of fifths.
 */
export function camelotCode(key: Pick<MusicalKey, 'tonicChroma' | 'mode'>): string {
  const majorChroma = key.mode === 'major' ? key.tonicChroma : (key.tonicChroma + 3) % 12;
  const wheelNumber = ((((7 * majorChroma) % 12) + 7) % 12) + 1;
  return `${wheelNumber}${key.mode === 'major' ? 'B' : 'A'}`;
}
