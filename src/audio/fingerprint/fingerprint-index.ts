import type { Landmark } from './fingerprint';
import { matchLandmarks, type FingerprintHit, type FingerprintMatch, type MatchOptions } from './fingerprint-match';

/** The inverted index from hash to (track, offset); PostgreSQL in production (src/db/fingerprint-index.ts). */
export interface FingerprintIndex {
  /** Stores a track's landmarks, replacing any it had. */
  addTrack(trackId: string, landmarks: readonly Landmark[]): Promise<void>;
  /** Every stored landmark whose hash is among `hashes`. */
  lookup(hashes: readonly number[]): Promise<FingerprintHit[]>;
}

/** Looks a clip's landmarks up and votes; null when no track matches well enough. */
export async function identifyLandmarks(index: FingerprintIndex, query: readonly Landmark[], options?: MatchOptions): Promise<FingerprintMatch | null> {
  if (query.length === 0) return null;
  const hits = await index.lookup([...new Set(query.map((landmark) => landmark.hash))]);
  return matchLandmarks(query, hits, options);
}

/**
 * In-process index for tests and the benchmark. Entries are packed numbers
 * (track number * 2^24 + offset) in one array per hash, which keeps millions of them cheap.
 */
export class InMemoryFingerprintIndex implements FingerprintIndex {
  private readonly entries = new Map<number, number[]>();
  private readonly trackNumbers = new Map<string, number>();
  private readonly trackIds: string[] = [];
  private readonly trackHashes = new Map<string, Set<number>>();
  private static readonly OFFSET_RANGE = 2 ** 24;

  get size(): number {
    let total = 0;
    for (const list of this.entries.values()) total += list.length;
    return total;
  }

  async addTrack(trackId: string, landmarks: readonly Landmark[]): Promise<void> {
    this.removeTrack(trackId);
    let number = this.trackNumbers.get(trackId);
    if (number === undefined) {
      number = this.trackIds.length;
      this.trackIds.push(trackId);
      this.trackNumbers.set(trackId, number);
    }
    const hashes = new Set<number>();
    for (const { hash, offset } of landmarks) {
      const packed = number * InMemoryFingerprintIndex.OFFSET_RANGE + offset;
      const list = this.entries.get(hash);
      if (list) list.push(packed);
      else this.entries.set(hash, [packed]);
      hashes.add(hash);
    }
    this.trackHashes.set(trackId, hashes);
  }

  async lookup(hashes: readonly number[]): Promise<FingerprintHit[]> {
    const hits: FingerprintHit[] = [];
    for (const hash of hashes) {
      for (const packed of this.entries.get(hash) ?? []) {
        const number = Math.floor(packed / InMemoryFingerprintIndex.OFFSET_RANGE);
        hits.push({ hash, trackId: this.trackIds[number]!, offset: packed - number * InMemoryFingerprintIndex.OFFSET_RANGE });
      }
    }
    return hits;
  }

  private removeTrack(trackId: string): void {
    const number = this.trackNumbers.get(trackId);
    const hashes = this.trackHashes.get(trackId);
    if (number === undefined || !hashes) return;
    for (const hash of hashes) {
      const kept = (this.entries.get(hash) ?? []).filter((packed) => Math.floor(packed / InMemoryFingerprintIndex.OFFSET_RANGE) !== number);
      if (kept.length > 0) this.entries.set(hash, kept);
      else this.entries.delete(hash);
    }
    this.trackHashes.delete(trackId);
  }
}
