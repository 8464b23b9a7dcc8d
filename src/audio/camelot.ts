import { formatCamelot, parseKey, toCamelot, type Mode } from '../planner/keys';

/** A key as the analysis finds it; parsing and the Camelot wheel are the planner's (src/planner/keys.ts). */
export interface MusicalKey {
  /** Pitch class of the tonic, 0 = C. */
  tonic: number;
  mode: Mode;
}

const PITCH_NAMES = ['C', 'C#', 'D', 'Eb', 'E', 'F', 'F#', 'G', 'Ab', 'A', 'Bb', 'B'] as const;

/** "A minor", "Eb major": sharps and flats as DJ software usually spells them. */
export function keyName(key: MusicalKey): string {
  return `${PITCH_NAMES[key.tonic]} ${key.mode}`;
}

/** C major = "8B", A minor = "8A". */
export function camelotCode(key: MusicalKey): string {
  return formatCamelot(toCamelot({ kind: 'known', ...key }));
}

/** Any key notation the planner reads ("A minor", "F#m", "8A"); undefined when it is no key. */
export function parseKeyName(text: string): MusicalKey | undefined {
  const parsed = parseKey(text);
  return parsed.kind === 'known' ? { tonic: parsed.tonic, mode: parsed.mode } : undefined;
}
