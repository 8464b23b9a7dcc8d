/** Quality report of a timed set, computed the same way for our plans and for baselines. */
import type { EnergyCurve } from './energy-curve';
import { ALIGNMENT_TOLERANCE_SECONDS } from './phrase-grid';
import type { PreparedTrack } from './prepare';
import type { PlayPoints } from './play-length';
import type { Schedule } from './schedule';
import { DEFAULT_HARMONIC_STRICTNESS, scoreTransition, type TransitionOptions } from './transition-cost';
import { TRANSITION_STYLES, type PlanEntry, type QualityReport, type TransitionStyle } from './types';

/** The tempo rule for the report: a jump counts as smooth within 5 %, half/double time folded. */
export const REPORTED_TEMPO_JUMP = 0.05;

export function computeQuality(
  ordered: PreparedTrack[],
  schedule: Schedule,
  curve: EnergyCurve,
  options: TransitionOptions,
  points?: readonly PlayPoints[],
): QualityReport {
  const { entries, totalDurationSeconds } = schedule;
  const strictness = options.harmonicStrictness ?? DEFAULT_HARMONIC_STRICTNESS;
  let strict = 0;
  let moderate = 0;
  let clashes = 0;
  const styles = Object.fromEntries(TRANSITION_STYLES.map((style) => [style, 0])) as Record<TransitionStyle, number>;
  for (const entry of entries) styles[entry.transition.style]++;
  let smoothTempo = 0;
  let gridTransitions = 0;
  let gridAligned = 0;
  let aligned = 0;
  for (let position = 1; position < ordered.length; position++) {
    const from = ordered[position - 1]!;
    const to = ordered[position]!;
    const score = scoreTransition(from, to, options);
    if (score.harmonicClass === 'strict') strict++;
    if (score.harmonicCompatible) moderate++;
    if (score.clash) clashes++;
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
    harmonicCompatibleShare: share(strictness === 'strict' ? strict : moderate, transitions),
    harmonicStrictness: strictness,
    strictHarmonicShare: share(strict, transitions),
    moderateHarmonicShare: share(moderate, transitions),
    transitionStyles: styles,
    clashCount: clashes,
    trimmedTrackCount: points === undefined ? 0 : points.filter((point) => point.phrasesCutAtStart + point.phrasesCutAtEnd > 0).length,
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

/** A run of consecutive tracks whose energies stay within this band counts as flat. */
export const FLAT_BAND = 0.5;

/**
 * The flat run of the plan across which the target energy rose the most: how long it lasted and how much
 * the target rose meanwhile. A "build" set that sits at one energy while the target climbs shows here.
 */
export function steepestFlatStretch(
  entries: readonly Pick<PlanEntry, 'startTime' | 'mixOutTime' | 'energy'>[],
  curve: EnergyCurve,
): { seconds: number; targetRise: number } {
  let worst = { seconds: 0, targetRise: 0 };
  for (let first = 0; first < entries.length; first++) {
    let low = entries[first]!.energy;
    let high = low;
    let last = first;
    while (last + 1 < entries.length) {
      const energy = entries[last + 1]!.energy;
      if (Math.max(high, energy) - Math.min(low, energy) > FLAT_BAND) break;
      last++;
      low = Math.min(low, energy);
      high = Math.max(high, energy);
    }
    const targetRise = curve.mean(entries[last]!.mixOutTime - 60, entries[last]!.mixOutTime) - curve.mean(entries[first]!.startTime, entries[first]!.startTime + 60);
    if (targetRise > worst.targetRise) worst = { seconds: entries[last]!.mixOutTime - entries[first]!.startTime, targetRise };
  }
  return worst;
}
