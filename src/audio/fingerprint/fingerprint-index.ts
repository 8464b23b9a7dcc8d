import type { Landmark } from './fingerprint';
import type { FingerprintMatch, MatchOptions } from './fingerprint-match';
import { identifyInPostings, MAX_POSTING_OFFSET, type PostingList } from './packed-postings';

/**
 * Whose tracks a lookup may return: the shared catalog (tracks without an owner) plus, when `customerId` is
 * set, that customer's own. Another customer's tracks are never among the candidates.
 */
export interface CatalogScope {
  customerId: string | null;
}

/**
 * The fingerprint index: catalog tracks fingerprinted at CATALOG_DENSITY, clips at QUERY_DENSITY
 * (src/audio/fingerprint/fingerprint.ts). PostgreSQL in production (src/db/fingerprint-index.ts).
 */
export interface FingerprintIndex {
  /** Stores a track's landmarks, replacing any it had in one step: a lookup sees the old set or the new one. */
  addTrack(trackId: string, landmarks: readonly Landmark[]): Promise<void>;
  /** The track a clip was taken from, among the tracks `scope` allows (all tracks without one); null when none matches well enough. */
  identify(query: readonly Landmark[], scope?: CatalogScope, options?: MatchOptions): Promise<FingerprintMatch | null>;
  /** Compacts what indexing left for later (database maintenance): pending landmarks merged, dead numbers' postings dropped. */
  pack(onProgress?: (figures: PackedFigures) => void): Promise<PackedFigures>;
}

export interface PackedFigures {
  /** Hashes whose postings were rewritten. */
  hashes: number;
  /** Landmarks indexed since the last pack that were merged in. */
  pendingRows: number;
  /** Postings of numbers that name no track any more (re-indexed or deleted tracks), dropped. */
  droppedPostings: number;
}

/**
 * In-process index for tests and the benchmarks, built like the PostgreSQL one: postings of (track number, anchor
 * frame) by hash, a new number each time a track is indexed, so the old number's postings no longer name a track.
 * Tracks are shared unless `ownTrack` gave them an owner.
 */
export class InMemoryFingerprintIndex implements FingerprintIndex {
  private readonly lists = new Map<number, { tracks: number[]; offsets: number[] }>();
  /** The track each live number names; a re-indexed track's old number is gone from here. */
  private readonly liveNumbers = new Map<number, string>();
  private readonly numberOf = new Map<string, number>();
  private readonly owners = new Map<string, string>();
  private nextNumber = 0;

  /** Postings held, the dead numbers' included. */
  get size(): number {
    let total = 0;
    for (const list of this.lists.values()) total += list.tracks.length;
    return total;
  }

  async addTrack(trackId: string, landmarks: readonly Landmark[]): Promise<void> {
    const previous = this.numberOf.get(trackId);
    if (previous !== undefined) this.liveNumbers.delete(previous);
    const number = this.nextNumber++;
    for (const { hash, offset } of landmarks) {
      if (offset > MAX_POSTING_OFFSET) continue;
      let list = this.lists.get(hash);
      if (!list) {
        list = { tracks: [], offsets: [] };
        this.lists.set(hash, list);
      }
      list.tracks.push(number);
      list.offsets.push(offset);
    }
    this.liveNumbers.set(number, trackId);
    this.numberOf.set(trackId, number);
  }

  /** Makes a track private to `customerId`, as a customer's upload is. */
  ownTrack(trackId: string, customerId: string): void {
    this.owners.set(trackId, customerId);
  }

  async identify(query: readonly Landmark[], scope?: CatalogScope, options?: MatchOptions): Promise<FingerprintMatch | null> {
    // Numbers only grow and postings are appended, so each list is in ascending track order, as the vote requires.
    const source = {
      postings: async (hashes: readonly number[]) => {
        const found = new Map<number, PostingList>();
        for (const hash of hashes) {
          const list = this.lists.get(hash);
          if (list) found.set(hash, { tracks: Uint32Array.from(list.tracks), offsets: Uint16Array.from(list.offsets) });
        }
        return found;
      },
    };
    return identifyInPostings(source, query, async (numbers) => this.visible(numbers, scope), options);
  }

  /** Postings here are never pending; packing drops the dead numbers' postings. */
  async pack(): Promise<PackedFigures> {
    const figures: PackedFigures = { hashes: 0, pendingRows: 0, droppedPostings: 0 };
    for (const [hash, list] of this.lists) {
      const keep = list.tracks.map((_, i) => i).filter((i) => this.liveNumbers.has(list.tracks[i]!));
      if (keep.length === list.tracks.length) continue;
      figures.hashes++;
      figures.droppedPostings += list.tracks.length - keep.length;
      if (keep.length === 0) this.lists.delete(hash);
      else this.lists.set(hash, { tracks: keep.map((i) => list.tracks[i]!), offsets: keep.map((i) => list.offsets[i]!) });
    }
    return figures;
  }

  private visible(numbers: readonly number[], scope: CatalogScope | undefined): Map<number, string> {
    const named = new Map<number, string>();
    for (const number of numbers) {
      const trackId = this.liveNumbers.get(number);
      if (trackId === undefined) continue;
      const owner = this.owners.get(trackId);
      if (!scope || owner === undefined || owner === scope.customerId) named.set(number, trackId);
    }
    return named;
  }
}
