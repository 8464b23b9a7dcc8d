/** Turns an ordered list of tracks into timed plan entries. */
import { BARS_PER_PHRASE } from '../music/meter';
import { formatCamelot } from '../music/keys';
import { blendOverlap, phraseMixPolicy, type MixPolicy } from './mix-points';
import type { PlayPoints } from './play-length';
import type { PreparedTrack } from './prepare';
import { scoreTransition, type TransitionOptions } from './transition-cost';
import type { PlanEntry } from './types';

export interface Schedule {
  entries: PlanEntry[];
  totalDurationSeconds: number;
}

/**
 * `points` (from fitPlayLengths) replace the policy's natural cue and mix-out per position when tracks are
 * played shorter to land the set length; blends are then measured from those points.
 */
export function scheduleEntries(
  ordered: PreparedTrack[],
  options: TransitionOptions,
  policy: MixPolicy = phraseMixPolicy,
  points?: readonly PlayPoints[],
): Schedule {
  const entries: PlanEntry[] = [];
  let startTime = 0;
  ordered.forEach((track, position) => {
    const isLast = position === ordered.length - 1;
    const at = points?.[position];
    const cue = at?.cue ?? policy.cue(track);
    const leave = at?.leave ?? (isLast ? track.track.durationSeconds : policy.mixOut(track));
    const length = at !== undefined ? at.leave - at.cue : isLast ? policy.fullSeconds(track) : policy.playSeconds(track);
    const previous = position > 0 ? ordered[position - 1] : undefined;
    const base = {
      trackId: track.track.id,
      ...(track.track.title !== undefined ? { title: track.track.title } : {}),
      ...(track.track.artist !== undefined ? { artist: track.track.artist } : {}),
      bpm: track.track.bpm,
      startTime,
      mixOutTime: startTime + length,
      cueInTrack: cue,
      mixOutInTrack: leave,
      camelot: formatCamelot(track.camelot),
      energy: track.track.energy,
    };
    if (previous === undefined) {
      entries.push({ ...base, mixInTime: startTime, overlap: 0, tempoRatio: 1, transition: { style: 'start', reasons: ['opening track'], score: 0 } });
    } else {
      const reasons: string[] = [];
      const score = scoreTransition(previous, track, options, reasons);
      const before = points?.[position - 1];
      const overlap =
        at !== undefined && before !== undefined
          ? blendOverlap(previous.track.durationSeconds - before.leave, track, at.phrasesCutAtStart * BARS_PER_PHRASE, at.cue, score)
          : policy.overlap(previous, track, score);
      entries.push({
        ...base,
        mixInTime: startTime + overlap,
        overlap,
        tempoRatio: score.tempoRatio,
        ...(Math.abs(score.keyShiftSemitones) >= 0.05 ? { keyShift: score.keyShiftSemitones } : {}),
        transition: {
          style: overlap === 0 && score.style !== 'cut' ? 'cut' : score.style,
          reasons,
          score: score.cost,
          harmony: score.harmonicClass,
          clash: score.clash,
        },
      });
    }
    startTime += length;
  });
  const last = entries[entries.length - 1];
  return { entries, totalDurationSeconds: last === undefined ? 0 : last.mixOutTime };
}
