/**
 * Where a track is entered and left, independent of its neighbours: playback starts on the
 * first downbeat (skipping silence or pre-roll) and the next track comes in on the last phrase
 * start that still leaves an outro of 32 (else 16, else 8) bars to blend over.
 * Because these points do not depend on the neighbours, the length of a set depends only on
 * which tracks it holds and which one is last, which keeps the exact subset search exact.
 */
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
}

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
  return { cue, mixOut, tail: durationSeconds - mixOut, playSeconds: mixOut - cue, fullSeconds };
}
