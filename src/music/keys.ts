/**
 * Musical keys in every notation DJ software writes, reduced to one representation
 * (pitch class of the tonic + mode), and the Camelot wheel code out. Analysis, the composer
 * and the planner all name keys through this module.
 */

export type Mode = 'major' | 'minor';

/** A key as a pitch class and a mode. */
export interface MusicalKey {
  /** Pitch class of the tonic, 0 = C … 11 = B. */
  tonic: number;
  mode: Mode;
}

export interface KnownKey extends MusicalKey {
  kind: 'known';
}

export interface UnknownKey {
  kind: 'unknown';
  input: string;
}

export type ParsedKey = KnownKey | UnknownKey;

export interface Camelot {
  /** 1–12 around the wheel. */
  number: number;
  /** A = minor, B = major. */
  letter: 'A' | 'B';
}

const NATURAL_PITCH: Record<string, number> = { c: 0, d: 2, e: 4, f: 5, g: 7, a: 9, b: 11 };
const MINOR_WORDS = new Set(['m', 'min', 'minor', 'moll', '-']);
const MAJOR_WORDS = new Set(['', 'maj', 'major', 'dur']);

const CAMELOT_PATTERN = /^(1[0-2]|0?[1-9])\s*([ab])$/i;
const OPEN_KEY_PATTERN = /^(1[0-2]|0?[1-9])\s*([dm])$/i;
const NOTE_PATTERN = /^([a-g])\s*([#b]*)\s*(.*)$/i;

/** Never throws: text that is no key comes back as `{ kind: 'unknown' }`. */
export function parseKey(text: string | null | undefined): ParsedKey {
  const input = text ?? '';
  const normalized = input.trim().replace(/♯/g, '#').replace(/♭/g, 'b').replace(/\s+/g, ' ');
  return parseCamelot(normalized) ?? parseOpenKey(normalized) ?? parseNoteName(normalized) ?? { kind: 'unknown', input };
}

function parseCamelot(text: string): KnownKey | undefined {
  const match = CAMELOT_PATTERN.exec(text);
  if (!match) return undefined;
  return fromCamelot({ number: Number(match[1]), letter: match[2]!.toUpperCase() === 'A' ? 'A' : 'B' });
}

/** Open Key (Traktor): 1d = C major = 8B, so the number is the Camelot number shifted by seven. */
function parseOpenKey(text: string): KnownKey | undefined {
  const match = OPEN_KEY_PATTERN.exec(text);
  if (!match) return undefined;
  const number = ((Number(match[1]) + 6) % 12) + 1;
  return fromCamelot({ number, letter: match[2]!.toLowerCase() === 'm' ? 'A' : 'B' });
}

function parseNoteName(text: string): KnownKey | undefined {
  const match = NOTE_PATTERN.exec(text);
  if (!match) return undefined;
  let tonic = NATURAL_PITCH[match[1]!.toLowerCase()]!;
  for (const sign of match[2]!) tonic += sign === '#' ? 1 : -1;
  const modeWord = match[3]!.replace(/\.$/, '');
  // A capital "M" alone means major (CM); any case of "m" otherwise means minor (Cm).
  if (modeWord === 'M' || MAJOR_WORDS.has(modeWord.toLowerCase())) return { kind: 'known', tonic: mod12(tonic), mode: 'major' };
  if (MINOR_WORDS.has(modeWord.toLowerCase())) return { kind: 'known', tonic: mod12(tonic), mode: 'minor' };
  return undefined;
}

export function fromCamelot(code: Camelot): KnownKey {
  // Camelot n B is the major key seven fifths around from C = 8B; its relative minor (n A) sits three semitones below.
  const majorTonic = mod12((code.number - 8) * 7);
  return code.letter === 'B' ? { kind: 'known', tonic: majorTonic, mode: 'major' } : { kind: 'known', tonic: mod12(majorTonic - 3), mode: 'minor' };
}

export function toCamelot(key: ParsedKey): Camelot | undefined {
  if (key.kind === 'unknown') return undefined;
  const majorTonic = key.mode === 'major' ? key.tonic : mod12(key.tonic + 3);
  return { number: mod12(majorTonic * 7 + 7) + 1, letter: key.mode === 'major' ? 'B' : 'A' };
}

export function formatCamelot(code: Camelot | undefined): string {
  return code === undefined ? '?' : `${code.number}${code.letter}`;
}

export function toOpenKey(code: Camelot): string {
  return `${mod12(code.number - 8) + 1}${code.letter === 'A' ? 'm' : 'd'}`;
}

const PITCH_NAMES = ['C', 'C#', 'D', 'Eb', 'E', 'F', 'F#', 'G', 'Ab', 'A', 'Bb', 'B'] as const;

/** "A minor", "Eb major": sharps and flats as DJ software usually spells them. */
export function keyName(key: MusicalKey): string {
  return `${PITCH_NAMES[key.tonic]} ${key.mode}`;
}

/** C major = "8B", A minor = "8A". */
export function camelotCode(key: MusicalKey): string {
  return formatCamelot(toCamelot({ kind: 'known', tonic: key.tonic, mode: key.mode }));
}

/** Any key notation parseKey reads ("A minor", "F#m", "8A"); undefined when it is no key. */
export function parseKeyName(text: string): MusicalKey | undefined {
  const parsed = parseKey(text);
  return parsed.kind === 'known' ? { tonic: parsed.tonic, mode: parsed.mode } : undefined;
}

function mod12(value: number): number {
  return ((value % 12) + 12) % 12;
}
