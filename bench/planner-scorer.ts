/**
 * One neutral scorer for every planner in the real-metadata bench (ours, djkr8): it reads only the songs'
 * own metadata (pitch class and mode, tempo, energy, artists), the order and the time each track takes over
 * the set, never a planner's own quality report or transition model.
 *
 * - STRICT harmonic: same Camelot key, ±1 hour with the same letter, or the relative major/minor (same hour).
 * - MODERATE adds the diagonal moves (±1 hour, other letter) and the +2-hour energy boost (same letter).
 * - Tempo steps are compared half/double-time aware: 174 → 88 is a 1.1 % step, not a 50 % one.
 * - Energy RMSE is time-weighted: the track that is playing, second by second, against the requested curve.
 */

export interface ScoredSong {
  /** 0 = C … 11 = B, as in Spotify's audio features. */
  pitchClass: number;
  /** 1 = major, 0 = minor, as in Spotify's audio features. */
  mode: number;
  bpm: number;
  /** 1–10, the scale the requested curve uses. */
  energy: number;
  artists: readonly string[];
}

export interface ScoredEntry {
  song: ScoredSong;
  /** When this track takes over the set, in seconds from the set's start. */
  startSeconds: number;
}

export interface SetToScore {
  entries: readonly ScoredEntry[];
  /** When the last track ends. */
  endSeconds: number;
  targetSeconds: number;
  /** The requested energy (1–10) at a time in the set. */
  targetEnergyAt: (seconds: number) => number;
}

export interface SetScore {
  tracks: number;
  transitions: number;
  strictShare: number;
  moderateShare: number;
  tempoWithin5Share: number;
  tempoWithin8Share: number;
  energyRmse: number;
  durationErrorSeconds: number;
  /** Neighbours sharing an artist. */
  adjacentArtistRepeats: number;
  /** Pairs sharing an artist with fewer than `minArtistSpacing` tracks between them (adjacent ones included). */
  artistRepeatsWithinSpacing: number;
}

export interface Camelot {
  hour: number;
  letter: 'A' | 'B';
}

/** C major is 8B and each fifth up is one hour on; a minor key sits on its relative major's hour. */
export function camelotOf(pitchClass: number, mode: number): Camelot {
  const relativeMajor = mode === 1 ? pitchClass : (pitchClass + 3) % 12;
  return { hour: ((7 * relativeMajor + 7) % 12) + 1, letter: mode === 1 ? 'B' : 'A' };
}

export function formatCamelot(camelot: Camelot): string {
  return `${camelot.hour}${camelot.letter}`;
}

/** Clockwise steps from one hour to another, -5 … 6. */
function hourStep(from: number, to: number): number {
  const step = (((to - from) % 12) + 12) % 12;
  return step > 6 ? step - 12 : step;
}

export function isStrictHarmonic(from: Camelot, to: Camelot): boolean {
  const step = Math.abs(hourStep(from.hour, to.hour));
  return step === 0 || (step === 1 && from.letter === to.letter);
}

export function isModerateHarmonic(from: Camelot, to: Camelot): boolean {
  const step = hourStep(from.hour, to.hour);
  return isStrictHarmonic(from, to) || Math.abs(step) === 1 || (step === 2 && from.letter === to.letter);
}

/** The tempo change a DJ has to make, after folding half and double time: 0.05 = 5 %. */
export function tempoStep(fromBpm: number, toBpm: number): number {
  let ratio = toBpm / fromBpm;
  while (ratio > Math.SQRT2) ratio /= 2;
  while (ratio < Math.SQRT1_2) ratio *= 2;
  return Math.max(ratio, 1 / ratio) - 1;
}

function shareArtist(a: ScoredSong, b: ScoredSong): boolean {
  const names = new Set(a.artists.map((name) => name.trim().toLowerCase()));
  return b.artists.some((name) => names.has(name.trim().toLowerCase()));
}

/** Tempo steps are judged with a hair of tolerance so that 5.0 % itself counts as within 5 %. */
const TEMPO_EPSILON = 1e-9;

export function scoreSet(set: SetToScore, minArtistSpacing: number): SetScore {
  const { entries } = set;
  const transitions = Math.max(0, entries.length - 1);
  let strict = 0;
  let moderate = 0;
  let within5 = 0;
  let within8 = 0;
  let adjacentArtistRepeats = 0;
  let artistRepeatsWithinSpacing = 0;
  for (let index = 1; index < entries.length; index++) {
    const from = entries[index - 1]!.song;
    const to = entries[index]!.song;
    const fromKey = camelotOf(from.pitchClass, from.mode);
    const toKey = camelotOf(to.pitchClass, to.mode);
    if (isStrictHarmonic(fromKey, toKey)) strict++;
    if (isModerateHarmonic(fromKey, toKey)) moderate++;
    const step = tempoStep(from.bpm, to.bpm);
    if (step <= 0.05 + TEMPO_EPSILON) within5++;
    if (step <= 0.08 + TEMPO_EPSILON) within8++;
    if (shareArtist(from, to)) adjacentArtistRepeats++;
  }
  for (let index = 0; index < entries.length; index++) {
    for (let later = index + 1; later <= index + minArtistSpacing && later < entries.length; later++) {
      if (shareArtist(entries[index]!.song, entries[later]!.song)) artistRepeatsWithinSpacing++;
    }
  }
  const share = (count: number): number => (transitions === 0 ? 1 : count / transitions);
  return {
    tracks: entries.length,
    transitions,
    strictShare: share(strict),
    moderateShare: share(moderate),
    tempoWithin5Share: share(within5),
    tempoWithin8Share: share(within8),
    energyRmse: energyRmse(set),
    durationErrorSeconds: set.endSeconds - set.targetSeconds,
    adjacentArtistRepeats,
    artistRepeatsWithinSpacing,
  };
}

/** Sampled once per second at mid-second, over the whole set as played (not only up to the target). */
function energyRmse(set: SetToScore): number {
  let squares = 0;
  let samples = 0;
  let playing = 0;
  for (let second = 0; second < set.endSeconds; second++) {
    const time = second + 0.5;
    while (playing + 1 < set.entries.length && set.entries[playing + 1]!.startSeconds <= time) playing++;
    const song = set.entries[playing]?.song;
    if (song === undefined) break;
    squares += (song.energy - set.targetEnergyAt(time)) ** 2;
    samples++;
  }
  return samples === 0 ? 0 : Math.sqrt(squares / samples);
}
