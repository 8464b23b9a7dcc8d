import type { Landmark } from './fingerprint';
import { decideMatch, isBetterAlignment, offsetsByHash, type Alignment, type FingerprintMatch, type MatchOptions } from './fingerprint-match';

/** Hashes are 22 bits (src/audio/fingerprint/fingerprint.ts). */
export const HASH_SPACE = 2 ** 22;
/** Anchor frames are stored in 16 bits: the first 25 minutes of a track (65,535 frames of 23 ms) are indexed. */
export const MAX_POSTING_OFFSET = 0xffff;

/** One track's landmarks as typed arrays (a catalog of 10⁵ tracks holds 10⁸–10⁹ of them). */
export interface TrackLandmarks {
  hashes: Uint32Array;
  offsets: Uint32Array;
}

/** The postings of one hash: parallel arrays of track numbers and anchor frames. */
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
  const ranked = await rankTracks(source, query, RESOLVED_CANDIDATES);
  if (ranked.length === 0) return null;
  const ids = await visible(ranked.map((entry) => entry.track));
  const [best, second] = ranked.filter((entry) => ids.has(entry.track));
  if (!best) return null;
  const runnerUp = second?.aligned ?? (ranked.length === RESOLVED_CANDIDATES ? ranked.at(-1)!.aligned : 0);
  return decideMatch({ ...best, trackId: ids.get(best.track)! }, runnerUp, options);
}

/**
 * The `count` tracks that line up best with a clip, best first (equal ones by track number), in a few linear passes
 * over typed arrays instead of maps: the hits are counted per track, each hit's offset difference is placed in its
 * track's run of one array, and each run is tallied in a table indexed by the difference itself.
 * Clip landmarks anchored past MAX_POSTING_OFFSET are left out, as they are from the index.
 */
export async function rankTracks(source: PostingSource, query: readonly Landmark[], count: number): Promise<RankedTrack[]> {
  const queryOffsets = offsetsByHash(query.filter((landmark) => landmark.offset <= MAX_POSTING_OFFSET));
  if (queryOffsets.size === 0 || count < 1) return [];
  const lists = await source.postings([...queryOffsets.keys()]);
  const trackCount = trackNumberBound(lists);
  const differences = differencesByTrack(lists, queryOffsets, trackCount);

  const tally = new DifferenceTally();
  const ranked: RankedTrack[] = [];
  for (let track = 0; track < trackCount; track++) {
    const run = differences.values.subarray(differences.starts[track]!, differences.starts[track + 1]!);
    if (run.length === 0) continue;
    const alignment = tally.bestAlignment(run);
    if (ranked.length === count && alignment.aligned <= ranked[count - 1]!.aligned) continue;
    // Tracks come in ascending order, so a track goes after those it ties with.
    let at = ranked.length;
    while (at > 0 && ranked[at - 1]!.aligned < alignment.aligned) at--;
    ranked.splice(at, 0, { ...alignment, track, difference: alignment.difference - DIFFERENCE_BIAS });
    if (ranked.length > count) ranked.pop();
  }
  return ranked;
}

/** One more than the largest track number among the postings: the vote's arrays are indexed by track number. */
function trackNumberBound(lists: Map<number, PostingList>): number {
  let largest = -1;
  for (const list of lists.values()) for (const track of list.tracks) if (track > largest) largest = track;
  return largest + 1;
}

/** Every hit's biased offset difference, grouped by track: track t's run is values[starts[t]] to values[starts[t + 1]]. */
function differencesByTrack(lists: Map<number, PostingList>, queryOffsets: Map<number, number[]>, trackCount: number): { starts: Uint32Array; values: Uint32Array } {
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
 * Vote counts indexed by difference, reused from track to track: a slot counts for the track that stamped it last,
 * so nothing is cleared between tracks.
 */
class DifferenceTally {
  private readonly owner = new Int32Array(DIFFERENCE_RANGE).fill(-1);
  private readonly counts = new Uint32Array(DIFFERENCE_RANGE);
  private run = -1;

  /** The run's best difference: most votes on it plus its larger neighbour (matchLandmarks' rule and tie-break). */
  bestAlignment(differences: Uint32Array): Alignment {
    const run = ++this.run;
    for (const difference of differences) {
      if (this.owner[difference] !== run) {
        this.owner[difference] = run;
        this.counts[difference] = 0;
      }
      this.counts[difference]!++;
    }
    let best: Alignment = { difference: 0, aligned: 0, votes: 0 };
    for (const difference of differences) {
      const votes = this.counts[difference]!;
      const aligned = votes + Math.max(this.countOf(difference - 1), this.countOf(difference + 1));
      if (aligned >= best.aligned && isBetterAlignment({ difference, aligned, votes }, best)) best = { difference, aligned, votes };
    }
    return best;
  }

  private countOf(difference: number): number {
    return this.owner[difference] === this.run ? this.counts[difference]! : 0;
  }
}
