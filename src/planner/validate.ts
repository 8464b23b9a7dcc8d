/**
 * Checks planner input before any work. Broken requests throw PlannerInputError (field + rule);
 * tracks that merely lack analysis data are set aside as skipped with the reason.
 */
import { PlannerInputError } from './errors';
import type { Locks } from './exact-search';
import type { PreparedTrack } from './prepare';
import { DEFAULT_HARMONIC_STRICTNESS, DEFAULT_TEMPO_TOLERANCE } from './transition-cost';
import {
  ENERGY_MODES,
  EVENT_PRESETS,
  HARMONIC_STRICTNESS_LEVELS,
  type HarmonicStrictness,
  type PlanInput,
  type PlannerTrack,
  type SkippedTrack,
} from './types';

export const DEFAULT_DURATION_WINDOW_SECONDS = 30;
export const DEFAULT_TIME_BUDGET_MS = 5000;
export const DEFAULT_SEED = 1;
export const DEFAULT_MIN_ARTIST_SPACING = 3;
export const MAX_ARTIST_SPACING = 50;

export interface ValidatedInput {
  usable: PlannerTrack[];
  skipped: SkippedTrack[];
  tempoTolerance: number;
  harmonicStrictness: HarmonicStrictness;
  minArtistSpacing: number;
  windowSeconds: number;
  timeBudgetMs: number;
  seed: number;
}

export function validatePlanInput(input: PlanInput): ValidatedInput {
  if (!(ENERGY_MODES as readonly string[]).includes(input.energyMode)) {
    fail('energyMode', 'unknown-value', `energy mode must be one of ${ENERGY_MODES.join(', ')}`);
  }
  if (!(EVENT_PRESETS as readonly string[]).includes(input.eventPreset)) {
    fail('eventPreset', 'unknown-value', `event preset must be one of ${EVENT_PRESETS.join(', ')}`);
  }
  if (!Array.isArray(input.tracks) || input.tracks.length === 0) fail('tracks', 'empty-pool', 'the track pool is empty');
  if (!isPositive(input.targetDurationSeconds)) fail('targetDurationSeconds', 'not-positive', 'target duration must be a positive number of seconds');
  const tempoTolerance = input.tempoTolerance ?? DEFAULT_TEMPO_TOLERANCE;
  if (!(tempoTolerance > 0 && tempoTolerance <= 0.5)) fail('tempoTolerance', 'out-of-range', 'tempo tolerance must lie in (0, 0.5]');
  const harmonicStrictness = input.harmonicStrictness ?? DEFAULT_HARMONIC_STRICTNESS;
  if (!(HARMONIC_STRICTNESS_LEVELS as readonly string[]).includes(harmonicStrictness)) {
    fail('harmonicStrictness', 'unknown-value', `harmonic strictness must be one of ${HARMONIC_STRICTNESS_LEVELS.join(', ')}`);
  }
  const minArtistSpacing = input.minArtistSpacing ?? DEFAULT_MIN_ARTIST_SPACING;
  if (!(Number.isInteger(minArtistSpacing) && minArtistSpacing >= 0 && minArtistSpacing <= MAX_ARTIST_SPACING)) {
    fail('minArtistSpacing', 'out-of-range', `artist spacing must be a whole number of tracks from 0 to ${MAX_ARTIST_SPACING}`);
  }
  const windowSeconds = input.durationWindowSeconds ?? DEFAULT_DURATION_WINDOW_SECONDS;
  if (!(Number.isFinite(windowSeconds) && windowSeconds >= 0)) fail('durationWindowSeconds', 'out-of-range', 'duration window must be ≥ 0 seconds');
  const timeBudgetMs = input.timeBudgetMs ?? DEFAULT_TIME_BUDGET_MS;
  if (!isPositive(timeBudgetMs)) fail('timeBudgetMs', 'not-positive', 'time budget must be a positive number of milliseconds');
  const seed = input.seed ?? DEFAULT_SEED;
  if (!Number.isInteger(seed)) fail('seed', 'not-integer', 'seed must be an integer');

  const seen = new Set<string>();
  const usable: PlannerTrack[] = [];
  const skipped: SkippedTrack[] = [];
  input.tracks.forEach((track, position) => {
    if (typeof track.id !== 'string' || track.id.length === 0) fail(`tracks[${position}].id`, 'missing', 'every track needs an id');
    if (seen.has(track.id)) fail('tracks', 'duplicate-id', `track id ${track.id} appears more than once`);
    seen.add(track.id);
    const missing = missingData(track);
    if (missing === undefined) usable.push(track);
    else skipped.push({ trackId: track.id, reason: missing });
  });
  if (usable.length === 0) fail('tracks', 'empty-pool', 'no track in the pool has tempo, energy and duration');
  for (const field of ['firstTrackId', 'lastTrackId'] as const) {
    const id = input[field];
    if (id === undefined) continue;
    if (!seen.has(id)) fail(field, 'unknown-track', `${field} ${id} is not in the pool`);
    if (!usable.some((track) => track.id === id)) fail(field, 'not-playable', `${field} ${id} lacks tempo, energy or duration`);
  }
  if (input.firstTrackId !== undefined && input.firstTrackId === input.lastTrackId) {
    fail('lastTrackId', 'same-as-first', 'a set cannot open and close with the same track');
  }
  return { usable, skipped, tempoTolerance, harmonicStrictness, minArtistSpacing, windowSeconds, timeBudgetMs, seed };
}

function missingData(track: PlannerTrack): string | undefined {
  if (!isPositive(track.durationSeconds)) return 'missing duration';
  if (!(isPositive(track.bpm) && track.bpm >= 30 && track.bpm <= 300)) return 'missing tempo';
  if (!(Number.isFinite(track.energy) && track.energy >= 1 && track.energy <= 10)) return 'missing energy';
  return undefined;
}

/**
 * Rejects targets no set can reach: longer than the whole pool played naturally, or shorter than the
 * shortest possible set with its tracks cut to their minimum play.
 */
export function checkDurationReachable(pool: PreparedTrack[], locks: Locks, targetSeconds: number, windowSeconds: number): void {
  const longest = pool.reduce((total, track) => total + track.profile.playSeconds, 0) + pool.reduce((most, track) => Math.max(most, track.profile.tail), 0);
  if (longest < targetSeconds - windowSeconds) {
    fail('targetDurationSeconds', 'unreachable', `the whole pool plays for at most ${Math.round(longest)} s, less than the target`);
  }
  const first = locks.first === undefined ? undefined : pool[locks.first]!;
  const last = locks.last === undefined ? undefined : pool[locks.last]!;
  const shortest =
    first !== undefined && last !== undefined
      ? first.profile.minPlaySeconds + last.profile.minFullSeconds
      : (first ?? last)?.profile.minFullSeconds ?? pool.reduce((least, track) => Math.min(least, track.profile.minFullSeconds), Number.POSITIVE_INFINITY);
  if (shortest > targetSeconds + windowSeconds) {
    fail('targetDurationSeconds', 'unreachable', `the shortest possible set lasts ${Math.round(shortest)} s, more than the target`);
  }
}

function isPositive(value: number): boolean {
  return typeof value === 'number' && Number.isFinite(value) && value > 0;
}

function fail(field: string, rule: string, message: string): never {
  throw new PlannerInputError(field, rule, message);
}
