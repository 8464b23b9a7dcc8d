/** Quality report of a timed set, computed the same way for our plans and for baselines. */
import type { EnergyCurve } from './energy-curve';
import { ALIGNMENT_TOLERANCE_SECONDS } from './phrase-grid';
import type { PreparedTrack } from './prepare';
import type { Schedule } from './schedule';
import { scoreTransition, type TransitionOptions } from './transition-cost';
import type { QualityReport } from './types';

/** The tempo rule for the report: a jump counts as smooth within 5 %, half/double time folded. */
export const REPORTED_TEMPO_JUMP = 0.05;

export function computeQuality(
  ordered: PreparedTrack[],
  schedule: Schedule,
  curve: EnergyCurve,
  options: TransitionOptions,
): QualityReport {
  const { entries, totalDurationSeconds } = schedule;
  let compatible = 0;
  let smoothTempo = 0;
  let gridTransitions = 0;
  let gridAligned = 0;
  let aligned = 0;
  for (let position = 1; position < ordered.length; position++) {
    const from = ordered[position - 1]!;
    const to = ordered[position]!;
    const score = scoreTransition(from, to, options);
    if (score.harmonicCompatible) compatible++;
    if (score.tempoChange <= REPORTED_TEMPO_JUMP + 1e-9) smoothTempo++;
    const isAligned = transitionIsPhraseAligned(from, to, entries[position - 1]!.mixOutInTrack, entries[position]!.cueInTrack, entries[position]!.overlap);
    if (isAligned) aligned++;
    if (from.hasBeatGrid && to.hasBeatGrid) {
      gridTransitions++;
      if (isAligned) gridAligned++;
    }
  }
  const transitions = ordered.length - 1;
  let squaredError = 0;
  for (const entry of entries) squaredError += curve.squaredDeviation(entry.energy, entry.startTime, entry.mixOutTime - entry.startTime);
  return {
    harmonicCompatibleShare: share(compatible, transitions),
    tempoJumpsWithinShare: share(smoothTempo, transitions),
    energyRmse: totalDurationSeconds > 0 ? Math.sqrt(squaredError / totalDurationSeconds) : 0,
    durationErrorSeconds: totalDurationSeconds - curve.durationSeconds,
    phraseAlignedShare: gridTransitions > 0 ? gridAligned / gridTransitions : share(aligned, transitions),
  };
}

/**
 * Aligned when the outgoing track leaves on one of its phrase starts, the incoming one enters on
 * one of its own, and the blend ends on a phrase start of the incoming track (a cut or a one-bar
 * echo has no blend to end).
 */
export function transitionIsPhraseAligned(
  from: PreparedTrack,
  to: PreparedTrack,
  mixOutInTrack: number,
  cueInTrack: number,
  overlap: number,
): boolean {
  const blendEnds = overlap <= to.grid.barSeconds + ALIGNMENT_TOLERANCE_SECONDS || to.grid.isPhraseStart(cueInTrack + overlap);
  return from.grid.isPhraseStart(mixOutInTrack) && to.grid.isPhraseStart(cueInTrack) && blendEnds;
}

function share(count: number, total: number): number {
  return total > 0 ? count / total : 1;
}
