/**
 * Mix points of a transition: how long the blend lasts. The incoming track plays at its own
 * tempo from its cue; the outgoing tail is rate-matched for the blend, so it must hold
 * `overlap × rate` seconds of music after its mix-out point.
 */
import type { PreparedTrack } from './prepare';
import type { TransitionScore } from './transition-cost';

/** Bars of the incoming track the blend lasts, per style; long blends step down when the outro is short. */
const BLEND_BARS: Record<TransitionScore['style'], number[]> = {
  'long-blend': [32, 16, 8],
  blend: [8],
  'echo-out': [1],
  breakdown: [4],
  cut: [0],
};

export interface MixPolicy {
  /** Set seconds the track sounds before the next one starts. */
  playSeconds(track: PreparedTrack): number;
  /** Set seconds it sounds when it closes the set. */
  fullSeconds(track: PreparedTrack): number;
  cue(track: PreparedTrack): number;
  mixOut(track: PreparedTrack): number;
  overlap(from: PreparedTrack, to: PreparedTrack, score: TransitionScore): number;
}

export const phraseMixPolicy: MixPolicy = {
  playSeconds: (track) => track.profile.playSeconds,
  fullSeconds: (track) => track.profile.fullSeconds,
  cue: (track) => track.profile.cue,
  mixOut: (track) => track.profile.mixOut,
  overlap: phraseAlignedOverlap,
};

export function phraseAlignedOverlap(from: PreparedTrack, to: PreparedTrack, score: TransitionScore): number {
  return blendOverlap(from.profile.tail, to, 0, to.profile.cue, score);
}

/**
 * Blend length when the incoming track enters at bar `cueBar` (file time `cue`) and the outgoing one has
 * `tail` seconds of music after its mix-out: the longest of the style's blends that the tail can carry.
 */
export function blendOverlap(tail: number, to: PreparedTrack, cueBar: number, cue: number, score: TransitionScore): number {
  for (const bars of BLEND_BARS[score.style]) {
    const seconds = to.grid.barTime(cueBar + bars) - cue;
    if (seconds * score.tempoRatio <= tail + 1e-6) return seconds;
  }
  return 0;
}
