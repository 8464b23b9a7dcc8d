import type { Landmark } from './fingerprint';
import { matchLandmarks, type FingerprintHit, type FingerprintMatch, type MatchOptions } from './fingerprint-match';

/**
 * Whose tracks a lookup may return: the shared catalog (tracks without an owner) plus, when `customerId` is
 * set, that customer's own. Another customer's tracks are never among the hits.
 */
export interface CatalogScope {
  customerId: string | null;
}

/** The inverted index from hash to (track, offset); PostgreSQL in production (src/db/fingerprint-index.ts). */
export interface FingerprintIndex {
  /** Stores a track's landmarks, replacing any it had. */
  addTrack(trackId: string, landmarks: readonly Landmark[]): Promise<void>;
  /** Every stored landmark whose hash is among `hashes`, of the tracks `scope` allows (all tracks without one). */
  lookup(hashes: readonly number[], scope?: CatalogScope): Promise<FingerprintHit[]>;
}

/** Looks a clip's landmarks up among the tracks `scope` allows and votes; null when no track matches well enough. */
export async function identifyLandmarks(
  index: FingerprintIndex,
  query: readonly Landmark[],
  options?: MatchOptions,
  scope?: CatalogScope,
): Promise<FingerprintMatch | null> {
  if (query.length === 0) return null;
  const hits = await index.lookup([...new Set(query.map((landmark) => landmark.hash))], scope);
  return matchLandmarks(query, hits, options);
}

/**
 * In-process index for tests and the benchmark. Entries are packed numbers
 * (track number * 2^24 + offset) in one array per hash, which keeps millions of them cheap.
 * Tracks are shared unless `ownTrack` gave them an owner.
 */
export class InMemoryFingerprintIndex implements FingerprintIndex {
  private readonly entries = new Map<number, number[]>();
  private readonly owners = new Map<string, string>();
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

  /** Makes a track private to `customerId`, as a customer's upload is. */
  ownTrack(trackId: string, customerId: string): void {
    this.owners.set(trackId, customerId);
  }

  async lookup(hashes: readonly number[], scope?: CatalogScope): Promise<FingerprintHit[]> {
    const hits: FingerprintHit[] = [];
    for (const hash of hashes) {
      for (const packed of this.entries.get(hash) ?? []) {
        const number = Math.floor(packed / InMemoryFingerprintIndex.OFFSET_RANGE);
        const trackId = this.trackIds[number]!;
        if (scope && !this.visible(trackId, scope)) continue;
        hits.push({ hash, trackId, offset: packed - number * InMemoryFingerprintIndex.OFFSET_RANGE });
      }
    }
    return hits;
  }

  private visible(trackId: string, { customerId }: CatalogScope): boolean {
    const owner = this.owners.get(trackId);
    return owner === undefined || owner === customerId;
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
