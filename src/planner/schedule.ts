/** Turns an ordered list of tracks into timed plan entries. */
import { formatCamelot } from '../music/keys';
import { phraseMixPolicy, type MixPolicy } from './mix-points';
import type { PreparedTrack } from './prepare';
import { scoreTransition, type TransitionOptions } from './transition-cost';
import type { PlanEntry } from './types';

export interface Schedule {
  entries: PlanEntry[];
  totalDurationSeconds: number;
}

export function scheduleEntries(
  ordered: PreparedTrack[],
  options: TransitionOptions,
  policy: MixPolicy = phraseMixPolicy,
): Schedule {
  const entries: PlanEntry[] = [];
  let startTime = 0;
  ordered.forEach((track, position) => {
    const isLast = position === ordered.length - 1;
    const length = isLast ? policy.fullSeconds(track) : policy.playSeconds(track);
    const previous = position > 0 ? ordered[position - 1] : undefined;
    const base = {
      trackId: track.track.id,
      bpm: track.track.bpm,
      startTime,
      mixOutTime: startTime + length,
      cueInTrack: policy.cue(track),
      mixOutInTrack: isLast ? track.track.durationSeconds : policy.mixOut(track),
      camelot: formatCamelot(track.camelot),
      energy: track.track.energy,
    };
    if (previous === undefined) {
      entries.push({ ...base, mixInTime: startTime, overlap: 0, tempoRatio: 1, transition: { style: 'start', reasons: ['opening track'], score: 0 } });
    } else {
      const reasons: string[] = [];
      const score = scoreTransition(previous, track, options, reasons);
      const overlap = policy.overlap(previous, track, score);
      entries.push({
        ...base,
        mixInTime: startTime + overlap,
        overlap,
        tempoRatio: score.tempoRatio,
        ...(Math.abs(score.keyShiftSemitones) >= 0.05 ? { keyShift: score.keyShiftSemitones } : {}),
        transition: { style: overlap === 0 && score.style !== 'cut' ? 'cut' : score.style, reasons, score: score.cost },
      });
    }
    startTime += length;
  });
  const last = entries[entries.length - 1];
  return { entries, totalDurationSeconds: last === undefined ? 0 : last.mixOutTime };
}
