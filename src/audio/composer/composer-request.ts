import { ComposerInputError } from './composer-errors';
import { INSTRUMENT_NAMES, MOODS, normalizeInstrumentName, type Mood } from '../../music/vocabulary';
import { lookupInstrument, type InstrumentRole } from './composer-instruments';
import { keyFromTonic, parseSpelledKey, type SpelledKey } from './composer-key';
import { isMood, MOOD_PROFILES } from './composer-moods';
import { createRandom } from './composer-random';

export interface ComposeRequest {
  /** One of MOODS. */
  mood: string;
  /** Beats per minute; when absent the mood picks one from its range with the seed. */
  bpm?: number;
  /** 'A minor', 'F# major', 'Bb', 'C#m'; when absent the mood picks one with the seed. */
  key?: string;
  /** General MIDI names (see INSTRUMENT_NAMES); when absent or empty the mood's ensemble. */
  instruments?: readonly string[];
  durationSeconds: number;
  /** Unsigned 32-bit integer: same request and seed, same music. */
  seed: number;
}

export const COMPOSE_LIMITS = {
  minBpm: 60,
  maxBpm: 200,
  minDurationSeconds: 5,
  maxDurationSeconds: 600,
  maxInstruments: 6,
} as const;

export interface ResolvedInstrument {
  name: string;
  program: number;
  role: InstrumentRole;
}

/** A request after validation, with every default filled in. */
export interface ResolvedComposeRequest {
  mood: Mood;
  bpm: number;
  key: SpelledKey;
  instruments: readonly ResolvedInstrument[];
  durationSeconds: number;
  seed: number;
}

/** Tonics a mood may pick when none is asked for: the common, comfortable ones. */
const DEFAULT_TONICS = { major: ['C', 'D', 'Eb', 'F', 'G', 'A', 'Bb'], minor: ['A', 'B', 'C', 'D', 'E', 'F#', 'G'] } as const;

function requireFiniteNumber(field: string, value: unknown): number {
  if (typeof value !== 'number' || !Number.isFinite(value)) throw new ComposerInputError(field, `must be a finite number, got ${String(value)}`);
  return value;
}

function resolveInstruments(names: readonly string[]): ResolvedInstrument[] {
  const seen = new Set<string>();
  const resolved: ResolvedInstrument[] = [];
  for (const raw of names) {
    const name = normalizeInstrumentName(raw);
    const instrument = lookupInstrument(name);
    if (!instrument) {
      throw new ComposerInputError('instruments', `unknown instrument "${raw}"; known: ${INSTRUMENT_NAMES.join(', ')}`);
    }
    if (seen.has(name)) continue;
    seen.add(name);
    resolved.push({ name, ...instrument });
  }
  if (resolved.length > COMPOSE_LIMITS.maxInstruments) {
    throw new ComposerInputError('instruments', `at most ${COMPOSE_LIMITS.maxInstruments} instruments, got ${resolved.length}`);
  }
  if (!resolved.some((instrument) => instrument.role !== 'drums')) {
    throw new ComposerInputError('instruments', 'needs at least one pitched instrument besides drums');
  }
  return resolved;
}

export function resolveComposeRequest(request: ComposeRequest): ResolvedComposeRequest {
  if (typeof request.mood !== 'string' || !isMood(request.mood.trim().toLowerCase())) {
    throw new ComposerInputError('mood', `unknown mood "${String(request.mood)}"; known: ${MOODS.join(', ')}`);
  }
  const mood = request.mood.trim().toLowerCase() as Mood;
  const profile = MOOD_PROFILES[mood];

  const seed = requireFiniteNumber('seed', request.seed);
  if (!Number.isInteger(seed) || seed < 0 || seed > 0xffffffff) {
    throw new ComposerInputError('seed', `must be an integer from 0 to 4294967295, got ${seed}`);
  }

  const durationSeconds = requireFiniteNumber('durationSeconds', request.durationSeconds);
  if (durationSeconds < COMPOSE_LIMITS.minDurationSeconds || durationSeconds > COMPOSE_LIMITS.maxDurationSeconds) {
    throw new ComposerInputError(
      'durationSeconds',
      `must be between ${COMPOSE_LIMITS.minDurationSeconds} and ${COMPOSE_LIMITS.maxDurationSeconds} s, got ${durationSeconds}`,
    );
  }

  const choices = createRandom(seed, 'request-defaults');
  const bpm =
    request.bpm === undefined ? choices.int(profile.bpmRange[0], profile.bpmRange[1]) : requireFiniteNumber('bpm', request.bpm);
  if (bpm < COMPOSE_LIMITS.minBpm || bpm > COMPOSE_LIMITS.maxBpm) {
    throw new ComposerInputError('bpm', `must be between ${COMPOSE_LIMITS.minBpm} and ${COMPOSE_LIMITS.maxBpm}, got ${bpm}`);
  }

  const key =
    request.key === undefined
      ? keyFromTonic(choices.pick(DEFAULT_TONICS[profile.defaultMode]), profile.defaultMode)
      : parseSpelledKey(request.key);
  if (!key) throw new ComposerInputError('key', `cannot read key "${String(request.key)}"; use e.g. "A minor", "F# major", "Bb", "C#m"`);

  const names = request.instruments && request.instruments.length > 0 ? request.instruments : profile.defaultInstruments;
  return { mood, bpm, key, instruments: resolveInstruments(names), durationSeconds, seed };
}
