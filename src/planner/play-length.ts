/**
 * Flexible play length: when a set's natural length (every track from its first downbeat to its natural
 * mix-out, the last one to its end) runs past the target, whole phrases are cut from the tracks' starts
 * (start later) and ends (leave earlier) until the length lands as near the target as phrases allow.
 * Cuts are spread over the set, one phrase at a time, and never take a track below its minimum play time
 * (mix-profile.ts). Cut points stay on the track's 8-bar grid, so blends still begin on phrase starts.
 */
import { BARS_PER_PHRASE } from '../music/meter';
import { ALIGNMENT_TOLERANCE_SECONDS } from './phrase-grid';
import { trimmablePhrases } from './mix-profile';
import type { PreparedTrack } from './prepare';

/** Where a track is entered and left, within its own file. */
export interface PlayPoints {
  cue: number;
  /** Where the next track comes in (the end of the set for the last track). */
  leave: number;
  /** Phrases cut from the start and from the end. */
  phrasesCutAtStart: number;
  phrasesCutAtEnd: number;
}

export function naturalPlayPoints(ordered: readonly PreparedTrack[]): PlayPoints[] {
  return ordered.map((track, position) => ({
    cue: track.profile.cue,
    leave: position === ordered.length - 1 ? track.track.durationSeconds : track.profile.mixOut,
    phrasesCutAtStart: 0,
    phrasesCutAtEnd: 0,
  }));
}

export function fitPlayLengths(ordered: readonly PreparedTrack[], targetSeconds: number): PlayPoints[] {
  const last = ordered.length - 1;
  const natural = (position: number): number => (position === last ? ordered[position]!.profile.fullSeconds : ordered[position]!.profile.playSeconds);
  const room = ordered.map((track, position) => trimmablePhrases(natural(position), track.profile.phraseSeconds));
  const cuts = ordered.map(() => 0);
  let excess = ordered.reduce((total, _, position) => total + natural(position), 0) - targetSeconds;
  for (;;) {
    const chosen = nextCut(ordered, room, cuts, excess);
    if (chosen < 0) break;
    cuts[chosen]!++;
    excess -= ordered[chosen]!.profile.phraseSeconds;
  }
  return ordered.map((track, position) => pointsWithCuts(track, position === last, cuts[position]!));
}

/**
 * The track whose next phrase cut brings the length nearest the target, among the tracks cut least so
 * far (spreading the cuts); −1 when no cut brings it nearer.
 */
function nextCut(ordered: readonly PreparedTrack[], room: number[], cuts: number[], excess: number): number {
  let fewest = Number.POSITIVE_INFINITY;
  for (let position = 0; position < ordered.length; position++) if (cuts[position]! < room[position]!) fewest = Math.min(fewest, cuts[position]!);
  let chosen = -1;
  let bestMiss = Math.abs(excess);
  for (const spread of [true, false]) {
    for (let position = 0; position < ordered.length; position++) {
      if (cuts[position]! >= room[position]! || (spread && cuts[position] !== fewest)) continue;
      const miss = Math.abs(excess - ordered[position]!.profile.phraseSeconds);
      if (miss < bestMiss - 1e-9) {
        bestMiss = miss;
        chosen = position;
      }
    }
    if (chosen >= 0) return chosen;
  }
  return chosen;
}

/**
 * Cuts alternate between leaving earlier and starting later, leaving earlier first (outros repeat the most).
 * The closing track only starts later: it plays out to its own end.
 */
function pointsWithCuts(track: PreparedTrack, isLast: boolean, cuts: number): PlayPoints {
  const atEnd = isLast ? 0 : Math.ceil(cuts / 2);
  const atStart = cuts - atEnd;
  const { grid, profile } = track;
  const naturalLeave = isLast ? track.track.durationSeconds : profile.mixOut;
  const cue = atStart === 0 ? profile.cue : Math.max(profile.cue, grid.barTime(atStart * BARS_PER_PHRASE));
  const leave =
    atEnd === 0 ? naturalLeave : grid.phraseStartAtOrBefore(naturalLeave - atEnd * profile.phraseSeconds + ALIGNMENT_TOLERANCE_SECONDS);
  return { cue, leave: Math.max(leave, cue), phrasesCutAtStart: atStart, phrasesCutAtEnd: atEnd };
}
