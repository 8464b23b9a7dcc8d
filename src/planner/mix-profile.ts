/**
 * Where a track is entered and left, independent of its neighbours: playback starts on the
 * first downbeat (skipping silence or pre-roll) and the next track comes in on the last phrase
 * start that still leaves an outro of 32 (else 16, else 8) bars to blend over.
 * Because these points do not depend on the neighbours, the length of a set depends only on
 * which tracks it holds and which one is last, which keeps the exact subset search exact.
 */
import { BARS_PER_PHRASE } from '../music/meter';
import { type PhraseGrid } from './phrase-grid';

export interface MixProfile {
  /** Playback start within the file. */
  cue: number;
  /** Where the next track starts, within the file. */
  mixOut: number;
  /** File time after `mixOut` available for a blend. */
  tail: number;
  /** Set time the track occupies before the next starts. */
  playSeconds: number;
  /** Set time it occupies when it closes the set and plays to the end. */
  fullSeconds: number;
  /** One phrase (8 bars): the step by which a track may start later or leave earlier. */
  phraseSeconds: number;
  /** Shortest `playSeconds` when whole phrases are cut from its start or end (flexible play length). */
  minPlaySeconds: number;
  /** Shortest `fullSeconds` the same way. */
  minFullSeconds: number;
}

/**
 * Flexible play length: a track may start later and leave earlier by whole phrases, but plays at least
 * this long, and at least this share of its natural length, so the crowd still hears the track.
 */
export const MIN_PLAY_SECONDS = 60;
export const MIN_PLAY_SHARE = 0.4;

const OUTRO_BARS = [32, 16, 8];
/** A mix-out point is only worth taking if at least this share of the track plays first. */
const MIN_PLAYED_SHARE = 0.5;

export function mixProfileOf(durationSeconds: number, grid: PhraseGrid): MixProfile {
  const cue = Math.min(Math.max(0, grid.firstDownbeat), durationSeconds);
  const fullSeconds = durationSeconds - cue;
  let mixOut = durationSeconds;
  for (const bars of OUTRO_BARS) {
    const candidate = grid.phraseStartAtOrBefore(durationSeconds - bars * grid.barSeconds);
    if (candidate - cue >= MIN_PLAYED_SHARE * fullSeconds) {
      mixOut = candidate;
      break;
    }
  }
  const playSeconds = mixOut - cue;
  const phraseSeconds = grid.barSeconds * BARS_PER_PHRASE;
  return {
    cue,
    mixOut,
    tail: durationSeconds - mixOut,
    playSeconds,
    fullSeconds,
    phraseSeconds,
    minPlaySeconds: playSeconds - trimmablePhrases(playSeconds, phraseSeconds) * phraseSeconds,
    minFullSeconds: fullSeconds - trimmablePhrases(fullSeconds, phraseSeconds) * phraseSeconds,
  };
}

/** Whole phrases that may be cut from a play of `seconds` without going below the minimum play time. */
export function trimmablePhrases(seconds: number, phraseSeconds: number): number {
  const minimum = Math.min(seconds, Math.max(MIN_PLAY_SECONDS, MIN_PLAY_SHARE * seconds));
  return Math.max(0, Math.floor((seconds - minimum) / phraseSeconds + 1e-9));
}
