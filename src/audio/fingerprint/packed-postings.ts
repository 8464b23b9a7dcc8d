import type { Landmark } from './fingerprint';
import { matchLandmarks, matchThresholds, offsetsByHash, type FingerprintHit, type FingerprintMatch, type MatchOptions } from './fingerprint-match';

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

/** Where the postings of a set of hashes come from: memory here, PostgreSQL in src/db/packed-fingerprint-store.ts. */
export interface PostingSource {
  readonly trackCount: number;
  postings(hashes: readonly number[]): Promise<Map<number, PostingList>>;
}

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

/** Offset differences are counted in bins of two frames; three neighbouring differences fall in two neighbouring bins. */
const DIFFERENCE_BIN_SHIFT = 1;
/** Differences run from minus a clip's length to MAX_POSTING_OFFSET; this keeps binned ones non-negative. */
const DIFFERENCE_BIAS = 1 << 16;
const DIFFERENCE_BINS = (MAX_POSTING_OFFSET + 1 + DIFFERENCE_BIAS) >> DIFFERENCE_BIN_SHIFT;

/**
 * Identifies a clip against a packed index, with the same decision as voting on every hit (matchLandmarks) at a
 * fraction of its cost: every hit is first counted in a typed table by (track, offset difference in two-frame
 * bins), which bounds from above the landmarks each track can line up; then tracks are voted on exactly in order of
 * that bound, until no remaining track could change the winner or the runner-up. A track under
 * minAligned / minRatio can neither win nor stop the winner, so it is never voted on.
 */
export async function identifyInPostings(
  source: PostingSource,
  query: readonly Landmark[],
  trackId: (track: number) => string,
  options: MatchOptions = {},
): Promise<FingerprintMatch | null> {
  if (query.length === 0) return null;
  const queryOffsets = offsetsByHash(query);
  const lists = await source.postings([...queryOffsets.keys()]);

  const { minAligned, minRatio } = matchThresholds(options);
  const mattersFrom = Math.ceil(minAligned / minRatio);
  const bounds = new BinnedVotes(lists, queryOffsets).boundsByTrack(mattersFrom);
  const order = [...bounds.keys()].filter((track) => bounds.get(track)! >= mattersFrom).sort((a, b) => bounds.get(b)! - bounds.get(a)!);

  // Exact votes, best bound first, until the next bound is under the runner-up's exact count.
  const hits: FingerprintHit[] = [];
  let best = 0;
  let second = 0;
  for (const track of order) {
    const bound = bounds.get(track)!;
    if (bound <= second) break;
    const trackHits = hitsOf(lists, track, trackId);
    const aligned = matchLandmarks(query, trackHits, { minAligned: 1, minRatioToRunnerUp: 1 })?.alignedLandmarks ?? 0;
    hits.push(...trackHits);
    if (aligned > best) [best, second] = [aligned, best];
    else second = Math.max(second, aligned);
  }
  return matchLandmarks(query, hits, options);
}

function hitsOf(lists: Map<number, PostingList>, track: number, trackId: (track: number) => string): FingerprintHit[] {
  const hits: FingerprintHit[] = [];
  const id = trackId(track);
  for (const [hash, list] of lists) {
    for (let i = 0; i < list.tracks.length; i++) if (list.tracks[i] === track) hits.push({ hash, trackId: id, offset: list.offsets[i]! });
  }
  return hits;
}

/** Counts of hits by (track, binned offset difference) in an open-addressing table of typed arrays. */
class BinnedVotes {
  private readonly keys: Float64Array;
  private readonly counts: Uint32Array;
  private readonly mask: number;

  constructor(lists: Map<number, PostingList>, queryOffsets: Map<number, number[]>) {
    let hits = 0;
    for (const [hash, list] of lists) hits += list.tracks.length * queryOffsets.get(hash)!.length;
    const capacity = 2 ** Math.ceil(Math.log2(Math.max(16, 2 * hits)));
    this.keys = new Float64Array(capacity).fill(-1);
    this.counts = new Uint32Array(capacity);
    this.mask = capacity - 1;
    for (const [hash, list] of lists) {
      for (const queryOffset of queryOffsets.get(hash)!) {
        for (let i = 0; i < list.tracks.length; i++) {
          const bin = (list.offsets[i]! - queryOffset + DIFFERENCE_BIAS) >> DIFFERENCE_BIN_SHIFT;
          this.add(list.tracks[i]! * DIFFERENCE_BINS + bin);
        }
      }
    }
  }

  /**
   * Per track whose bound reaches `from`, the most its landmarks can line up: the largest bin plus its larger
   * neighbour. One of the two holds at least half, so bins under half of `from` are not looked at.
   */
  boundsByTrack(from: number): Map<number, number> {
    const bounds = new Map<number, number>();
    const half = Math.ceil(from / 2);
    for (let slot = 0; slot < this.keys.length; slot++) {
      const key = this.keys[slot]!;
      if (key < 0 || this.counts[slot]! < half) continue;
      const bound = this.counts[slot]! + Math.max(this.count(key - 1), this.count(key + 1));
      const track = Math.floor(key / DIFFERENCE_BINS);
      if (bound > (bounds.get(track) ?? 0)) bounds.set(track, bound);
    }
    return bounds;
  }

  private add(key: number): void {
    let slot = this.slotOf(key);
    while (this.keys[slot] !== key && this.keys[slot] !== -1) slot = (slot + 1) & this.mask;
    this.keys[slot] = key;
    this.counts[slot]!++;
  }

  private count(key: number): number {
    let slot = this.slotOf(key);
    while (this.keys[slot] !== -1) {
      if (this.keys[slot] === key) return this.counts[slot]!;
      slot = (slot + 1) & this.mask;
    }
    return 0;
  }

  private slotOf(key: number): number {
    // Multiplicative hashing of the key's two halves (it exceeds 32 bits for large catalogs).
    return (Math.imul(key >>> 0, 0x9e3779b1) ^ Math.imul(Math.floor(key / 2 ** 32), 0x85ebca6b)) & this.mask;
  }
}
