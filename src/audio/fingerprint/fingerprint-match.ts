import { FINGERPRINT_FRAME_SECONDS, anchorBinOf, type Landmark } from './fingerprint';

/** One stored landmark that shares a hash with the query. */
export interface FingerprintHit {
  hash: number;
  trackId: string;
  /** Anchor frame in the stored track. */
  offset: number;
}

export interface FingerprintMatch {
  trackId: string;
  /** Where in the track the clip starts, seconds. */
  offsetSeconds: number;
  /** 0 to 1: how far the winner stands above the runner-up and above chance. */
  confidence: number;
  /** Query landmarks that line up with the track at that offset. */
  alignedLandmarks: number;
}

export interface MatchOptions {
  /** Fewer aligned landmarks than this is chance. */
  minAligned?: number;
  /**
   * How far the winner must stand above the runner-up track, in standard deviations of a count (√runner-up): the
   * runner-up is the catalog's best chance alignment, so the bar rises with the catalog.
   */
  minDeviationsAboveRunnerUp?: number;
  /** How many distinct frequency bins the aligned landmarks' anchors must span: more than one instrument's few pitches. */
  minAnchorBins?: number;
}

const DEFAULT_MIN_ALIGNED = 15;
const DEFAULT_MIN_DEVIATIONS = 3;
const DEFAULT_MIN_ANCHOR_BINS = 8;
/** Aligned landmarks at which the confidence stops growing. */
const FULL_CONFIDENCE_ALIGNED = 50;

/** A clip's anchor offsets grouped by hash (a hash can occur more than once in a clip). */
export function offsetsByHash(query: readonly Landmark[]): Map<number, number[]> {
  const offsets = new Map<number, number[]>();
  for (const { hash, offset } of query) {
    const known = offsets.get(hash);
    if (known) known.push(offset);
    else offsets.set(hash, [offset]);
  }
  return offsets;
}

export function matchThresholds(options: MatchOptions): { minAligned: number; minDeviations: number; minAnchorBins: number } {
  return {
    minAligned: options.minAligned ?? DEFAULT_MIN_ALIGNED,
    minDeviations: options.minDeviationsAboveRunnerUp ?? DEFAULT_MIN_DEVIATIONS,
    minAnchorBins: options.minAnchorBins ?? DEFAULT_MIN_ANCHOR_BINS,
  };
}

/** Whether a stored landmark at `storedOffset` lines up with a clip landmark at `queryOffset` at `difference`, give or take a frame. */
function alignsAt(storedOffset: number, queryOffset: number, difference: number): boolean {
  return Math.abs(storedOffset - queryOffset - difference) <= 1;
}

/** A track's best offset difference: its aligned landmarks, and the votes on that difference alone. */
export interface Alignment {
  difference: number;
  aligned: number;
  votes: number;
}

/**
 * The better of two alignments: more aligned landmarks, then more votes on the difference itself (the neighbour
 * only absorbs jitter), then the earlier difference, so the decision never depends on the order hits came in.
 */
export function isBetterAlignment(candidate: Alignment, current: Alignment): boolean {
  if (candidate.aligned !== current.aligned) return candidate.aligned > current.aligned;
  if (candidate.votes !== current.votes) return candidate.votes > current.votes;
  return candidate.difference < current.difference;
}

/** The winner as the decision reads it: its alignment, and how many frequency bins that alignment's anchors span. */
export type Winner = Alignment & { trackId: string; anchorBins: number };

/**
 * The decision once every track's best alignment is known: the winner, if it clears minAligned, stands
 * minDeviationsAboveRunnerUp standard deviations of a count above the best alignment of any other track, and its
 * aligned landmarks span minAnchorBins frequency bins. The last bar refuses a clip that shares only a repeated
 * drum part with a track: a few drums' hits line up at one offset on a few bins (docs/catalog.md).
 */
export function decideMatch(best: Winner | undefined, runnerUp: number, options: MatchOptions): FingerprintMatch | null {
  const { minAligned, minDeviations, minAnchorBins } = matchThresholds(options);
  if (!best || best.aligned < minAligned || best.aligned < runnerUp + minDeviations * Math.sqrt(runnerUp) || best.anchorBins < minAnchorBins) return null;
  const confidence = (1 - runnerUp / best.aligned) * Math.min(1, best.aligned / FULL_CONFIDENCE_ALIGNED);
  return {
    trackId: best.trackId,
    offsetSeconds: Math.round(Math.max(0, best.difference) * FINGERPRINT_FRAME_SECONDS * 1000) / 1000,
    confidence: Math.round(confidence * 1000) / 1000,
    alignedLandmarks: best.aligned,
  };
}

/**
 * Offset-difference voting: a clip taken from a stored track has many hashes whose stored
 * offset minus query offset is the same number. Votes are counted per (track, difference),
 * with the neighbouring difference added to absorb one-frame jitter from resampling.
 */
export function matchLandmarks(query: readonly Landmark[], hits: readonly FingerprintHit[], options: MatchOptions = {}): FingerprintMatch | null {
  const queryOffsets = offsetsByHash(query);

  const votes = new Map<string, Map<number, number>>();
  for (const hit of hits) {
    const offsets = queryOffsets.get(hit.hash);
    if (!offsets) continue;
    let trackVotes = votes.get(hit.trackId);
    if (!trackVotes) {
      trackVotes = new Map();
      votes.set(hit.trackId, trackVotes);
    }
    for (const queryOffset of offsets) {
      const difference = hit.offset - queryOffset;
      trackVotes.set(difference, (trackVotes.get(difference) ?? 0) + 1);
    }
  }

  let best: (Alignment & { trackId: string }) | undefined;
  let runnerUp = 0;
  for (const [trackId, trackVotes] of votes) {
    let trackBest: Alignment = { difference: 0, aligned: 0, votes: 0 };
    for (const [difference, count] of trackVotes) {
      const candidate = { difference, votes: count, aligned: count + Math.max(trackVotes.get(difference - 1) ?? 0, trackVotes.get(difference + 1) ?? 0) };
      if (isBetterAlignment(candidate, trackBest)) trackBest = candidate;
    }
    if (!best || trackBest.aligned > best.aligned) {
      if (best) runnerUp = Math.max(runnerUp, best.aligned);
      best = { trackId, ...trackBest };
    } else {
      runnerUp = Math.max(runnerUp, trackBest.aligned);
    }
  }
  if (!best) return null;
  const { trackId, difference } = best;
  const bins = new Set<number>();
  for (const hit of hits) {
    if (hit.trackId === trackId && queryOffsets.get(hit.hash)?.some((queryOffset) => alignsAt(hit.offset, queryOffset, difference))) bins.add(anchorBinOf(hit.hash));
  }
  return decideMatch({ ...best, anchorBins: bins.size }, runnerUp, options);
}
