import { anchorBinOf, type Landmark } from './fingerprint';
import { decideMatch, offsetsByHash, type Alignment, type FingerprintMatch, type MatchOptions } from './fingerprint-match';

/** Hashes are 22 bits (src/audio/fingerprint/fingerprint.ts). */
export const HASH_SPACE = 2 ** 22;
/** Anchor frames are stored in 16 bits: the first 25 minutes of a track (65,535 frames of 23 ms) are indexed. */
export const MAX_POSTING_OFFSET = 0xffff;

/** One track's landmarks as typed arrays (a catalog of 10⁵ tracks holds 10⁸–10⁹ of them). */
export interface TrackLandmarks {
  hashes: Uint32Array;
  offsets: Uint32Array;
}

/**
 * The postings of one hash: parallel arrays of track numbers and anchor frames, in ascending track order (the vote
 * finds a track's postings in a list by bisection).
 */
export interface PostingList {
  tracks: Uint32Array;
  offsets: Uint16Array;
}

/**
 * Where the postings of a set of hashes come from: memory here, PostgreSQL in src/db/fingerprint-index.ts. Track
 * numbers are small non-negative integers; what they name is the caller's (VisibleTracks).
 */
export interface PostingSource {
  postings(hashes: readonly number[]): Promise<Map<number, PostingList>>;
}

/** Which of some track numbers name a track the caller may see (live, and in its scope), with that track's id. */
export type VisibleTracks = (numbers: readonly number[]) => Promise<Map<number, string>>;

/** Every track number is visible and named by its decimal form (a catalog of numbers only: the benches). */
export const everyTrackNumber: VisibleTracks = async (numbers) => new Map(numbers.map((number) => [number, String(number)]));

export function landmarksAsArrays(landmarks: readonly Landmark[]): TrackLandmarks {
  return { hashes: Uint32Array.from(landmarks, (l) => l.hash), offsets: Uint32Array.from(landmarks, (l) => l.offset) };
}

/**
 * An inverted index with no per-posting overhead: all postings sorted by hash in two typed arrays (6 bytes a
 * posting), and where each hash's run starts. Built in two passes over the tracks (count, then fill), so the
 * tracks' landmarks are never all held as objects.
 */
export class PackedPostings implements PostingSource {
  private constructor(
    private readonly starts: Uint32Array,
    private readonly tracks: Uint32Array,
    private readonly offsets: Uint16Array,
    /** Tracks 0 to trackCount - 1. */
    readonly trackCount: number,
  ) {}

  /** `landmarksOf(n)` must give the same landmarks on both passes. */
  static build(trackCount: number, landmarksOf: (track: number) => TrackLandmarks): PackedPostings {
    const starts = new Uint32Array(HASH_SPACE + 1);
    for (let track = 0; track < trackCount; track++) {
      const { hashes, offsets } = landmarksOf(track);
      for (let i = 0; i < hashes.length; i++) if (offsets[i]! <= MAX_POSTING_OFFSET) starts[hashes[i]! + 1]!++;
    }
    for (let hash = 0; hash < HASH_SPACE; hash++) starts[hash + 1] = starts[hash + 1]! + starts[hash]!;
    const total = starts[HASH_SPACE]!;
    const tracks = new Uint32Array(total);
    const offsetsOut = new Uint16Array(total);
    const fill = starts.slice(0, HASH_SPACE);
    for (let track = 0; track < trackCount; track++) {
      const { hashes, offsets } = landmarksOf(track);
      for (let i = 0; i < hashes.length; i++) {
        if (offsets[i]! > MAX_POSTING_OFFSET) continue;
        const at = fill[hashes[i]!]!++;
        tracks[at] = track;
        offsetsOut[at] = offsets[i]!;
      }
    }
    return new PackedPostings(starts, tracks, offsetsOut, trackCount);
  }

  get size(): number {
    return this.tracks.length;
  }

  /** Bytes the index holds: 6 per posting, 4 per hash for the run starts. */
  get bytes(): number {
    return this.tracks.byteLength + this.offsets.byteLength + this.starts.byteLength;
  }

  /** Postings per hash, for every hash that has any (what a store writes, one row per hash). */
  *lists(): Generator<[number, PostingList]> {
    for (let hash = 0; hash < HASH_SPACE; hash++) {
      const list = this.list(hash);
      if (list.tracks.length > 0) yield [hash, list];
    }
  }

  async postings(hashes: readonly number[]): Promise<Map<number, PostingList>> {
    const lists = new Map<number, PostingList>();
    for (const hash of hashes) {
      const list = this.list(hash);
      if (list.tracks.length > 0) lists.set(hash, list);
    }
    return lists;
  }

  private list(hash: number): PostingList {
    const from = this.starts[hash]!;
    const to = this.starts[hash + 1]!;
    return { tracks: this.tracks.subarray(from, to), offsets: this.offsets.subarray(from, to) };
  }
}

/** Offset differences run from minus a clip's length to MAX_POSTING_OFFSET; the bias keeps them non-negative. */
const DIFFERENCE_BIAS = MAX_POSTING_OFFSET + 1;
/** Room for every biased difference and its two neighbours. */
const DIFFERENCE_RANGE = DIFFERENCE_BIAS + MAX_POSTING_OFFSET + 2;

/** A track's best alignment with a clip; `difference` is the track's anchor frame minus the clip's. */
export interface RankedTrack extends Alignment {
  track: number;
}

/**
 * How many of the best-aligned track numbers are resolved to find the best two the caller may see: the others may
 * be another customer's tracks or a re-indexed track's old number.
 */
const RESOLVED_CANDIDATES = 20;

/**
 * Identifies a clip with the decision of voting on every hit (matchLandmarks), among the tracks `visible` names: the
 * best visible track of rankTracks against the best other visible one. When fewer than two of the resolved
 * candidates are visible, a visible track below them aligns no more than the last of them, so that is the runner-up
 * the winner must clear: a conservative bar, never a looser one.
 */
export async function identifyInPostings(source: PostingSource, query: readonly Landmark[], visible: VisibleTracks, options: MatchOptions = {}): Promise<FingerprintMatch | null> {
  const vote = await voteOnTracks(source, query, RESOLVED_CANDIDATES);
  const { ranked } = vote;
  if (ranked.length === 0) return null;
  const ids = await visible(ranked.map((entry) => entry.track));
  const [best, second] = ranked.filter((entry) => ids.has(entry.track));
  if (!best) return null;
  const runnerUp = second?.aligned ?? (ranked.length === RESOLVED_CANDIDATES ? ranked.at(-1)!.aligned : 0);
  return decideMatch({ ...best, trackId: ids.get(best.track)!, anchorBins: vote.anchorBins(best) }, runnerUp, options);
}

/** The `count` tracks that line up best with a clip, best first (equal ones by track number). */
export async function rankTracks(source: PostingSource, query: readonly Landmark[], count: number): Promise<RankedTrack[]> {
  return (await voteOnTracks(source, query, count)).ranked;
}

interface Vote {
  ranked: RankedTrack[];
  /** How many distinct frequency bins the anchors of a ranked track's aligned landmarks span. */
  anchorBins(entry: RankedTrack): number;
}

/**
 * The vote, in a few linear passes over typed arrays instead of maps: the hits are counted per track, each hit's
 * offset difference is placed in its track's run of one array, and each run is tallied in a table indexed by the
 * difference itself. Clip landmarks anchored past MAX_POSTING_OFFSET are left out, as they are from the index.
 */
async function voteOnTracks(source: PostingSource, query: readonly Landmark[], count: number): Promise<Vote> {
  const queryOffsets = offsetsByHash(query.filter((landmark) => landmark.offset <= MAX_POSTING_OFFSET));
  if (queryOffsets.size === 0 || count < 1) return { ranked: [], anchorBins: () => 0 };
  const lists = await source.postings([...queryOffsets.keys()]);
  const trackCount = trackNumberBound(lists);
  const differences = differencesByTrack(lists, queryOffsets, trackCount);

  const tally = new DifferenceTally();
  const ranked: RankedTrack[] = [];
  for (let track = 0; track < trackCount; track++) {
    const from = differences.starts[track]!;
    const to = differences.starts[track + 1]!;
    // A track aligns at most as many landmarks as it has hits; tracks come in ascending order, so one that can only tie the last ranked stays out.
    if (to === from || (ranked.length === count && to - from <= ranked[count - 1]!.aligned)) continue;
    const alignment = tally.bestAlignment(differences.values, from, to);
    if (ranked.length === count && alignment.aligned <= ranked[count - 1]!.aligned) continue;
    // Tracks come in ascending order, so a track goes after those it ties with.
    let at = ranked.length;
    while (at > 0 && ranked[at - 1]!.aligned < alignment.aligned) at--;
    ranked.splice(at, 0, { ...alignment, track, difference: alignment.difference - DIFFERENCE_BIAS });
    if (ranked.length > count) ranked.pop();
  }
  return { ranked, anchorBins: (entry) => anchorBinsAligned(lists, queryOffsets, entry) };
}

/**
 * The anchor bins of a track's hits that line up within a frame of its alignment (matchLandmarks' `alignsAt`). Asked
 * for one track per clip, so it looks the track up in each list again rather than have the vote carry every hit's bin.
 */
function anchorBinsAligned(lists: Map<number, PostingList>, queryOffsets: Map<number, number[]>, { track, difference }: RankedTrack): number {
  const bins = new Set<number>();
  for (const [hash, { tracks, offsets }] of lists) {
    const bin = anchorBinOf(hash);
    if (bins.has(bin)) continue;
    const aligns = (offset: number) => queryOffsets.get(hash)!.some((queryOffset) => Math.abs(offset - queryOffset - difference) <= 1);
    for (let i = firstPostingOf(tracks, track); i < tracks.length && tracks[i] === track; i++) {
      if (aligns(offsets[i]!)) {
        bins.add(bin);
        break;
      }
    }
  }
  return bins.size;
}

/** Where `track`'s postings start in an ascending list of track numbers (its length when there are none). */
function firstPostingOf(tracks: Uint32Array, track: number): number {
  let low = 0;
  let high = tracks.length;
  while (low < high) {
    const middle = (low + high) >>> 1;
    if (tracks[middle]! < track) low = middle + 1;
    else high = middle;
  }
  return low;
}

/** One more than the largest track number among the postings: the vote's arrays are indexed by track number. */
function trackNumberBound(lists: Map<number, PostingList>): number {
  let largest = -1;
  for (const { tracks } of lists.values()) if (tracks.length > 0 && tracks[tracks.length - 1]! > largest) largest = tracks[tracks.length - 1]!;
  return largest + 1;
}

/** Every hit's biased offset difference, grouped by track: track t's run is starts[t] to starts[t + 1]. */
interface HitsByTrack {
  starts: Uint32Array;
  values: Uint32Array;
}

function differencesByTrack(lists: Map<number, PostingList>, queryOffsets: Map<number, number[]>, trackCount: number): HitsByTrack {
  const starts = new Uint32Array(trackCount + 1);
  for (const [hash, list] of lists) {
    const perPosting = queryOffsets.get(hash)!.length;
    for (let i = 0; i < list.tracks.length; i++) starts[list.tracks[i]! + 1]! += perPosting;
  }
  for (let track = 0; track < trackCount; track++) starts[track + 1] = starts[track + 1]! + starts[track]!;
  const values = new Uint32Array(starts[trackCount]!);
  const fill = starts.slice(0, trackCount);
  for (const [hash, list] of lists) {
    for (const queryOffset of queryOffsets.get(hash)!) {
      const shift = DIFFERENCE_BIAS - queryOffset;
      for (let i = 0; i < list.tracks.length; i++) values[fill[list.tracks[i]!]!++] = list.offsets[i]! + shift;
    }
  }
  return { starts, values };
}

/**
 * Vote counts indexed by difference, reused from track to track: each run's counts are set back to zero once it is
 * tallied, so the next run starts from a clean table without clearing all of it.
 */
class DifferenceTally {
  private readonly counts = new Uint32Array(DIFFERENCE_RANGE);

  /** The best difference of values[from] to values[to - 1]: most votes on it plus its larger neighbour (matchLandmarks' rule and tie-break). */
  bestAlignment(values: Uint32Array, from: number, to: number): Alignment {
    const { counts } = this;
    for (let i = from; i < to; i++) counts[values[i]!]!++;
    let bestDifference = 0;
    let bestAligned = 0;
    let bestVotes = 0;
    for (let i = from; i < to; i++) {
      const difference = values[i]!;
      const votes = counts[difference]!;
      const before = counts[difference - 1]!;
      const after = counts[difference + 1]!;
      const aligned = votes + (before > after ? before : after);
      // isBetterAlignment's order, inlined: this runs for every hit, so no object is made for one.
      if (aligned > bestAligned || (aligned === bestAligned && (votes > bestVotes || (votes === bestVotes && difference < bestDifference)))) {
        bestDifference = difference;
        bestAligned = aligned;
        bestVotes = votes;
      }
    }
    for (let i = from; i < to; i++) counts[values[i]!] = 0;
    return { difference: bestDifference, aligned: bestAligned, votes: bestVotes };
  }
}
