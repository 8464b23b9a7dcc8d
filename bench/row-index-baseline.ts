import type { Landmark } from '../src/audio/fingerprint/fingerprint';
import { matchLandmarks, type FingerprintHit, type FingerprintMatch } from '../src/audio/fingerprint/fingerprint-match';

/**
 * The fingerprint index the product had before the packed one, as a baseline for bench:fingerprint: one entry per
 * landmark at STANDARD_DENSITY for tracks and clips alike (in PostgreSQL one row of 118 bytes each), and the vote over
 * every hit (matchLandmarks). Entries are packed numbers (track number · 2^24 + offset) in one array per hash, which
 * keeps millions of them cheap in memory.
 */
export class RowIndexBaseline {
  private static readonly OFFSET_RANGE = 2 ** 24;
  private readonly entries = new Map<number, number[]>();
  private readonly trackIds: string[] = [];

  get size(): number {
    let total = 0;
    for (const list of this.entries.values()) total += list.length;
    return total;
  }

  addTrack(trackId: string, landmarks: readonly Landmark[]): void {
    const number = this.trackIds.push(trackId) - 1;
    for (const { hash, offset } of landmarks) {
      const packed = number * RowIndexBaseline.OFFSET_RANGE + offset;
      const list = this.entries.get(hash);
      if (list) list.push(packed);
      else this.entries.set(hash, [packed]);
    }
  }

  identify(query: readonly Landmark[]): FingerprintMatch | null {
    const hits: FingerprintHit[] = [];
    for (const hash of new Set(query.map((landmark) => landmark.hash))) {
      for (const packed of this.entries.get(hash) ?? []) {
        const number = Math.floor(packed / RowIndexBaseline.OFFSET_RANGE);
        hits.push({ hash, trackId: this.trackIds[number]!, offset: packed - number * RowIndexBaseline.OFFSET_RANGE });
      }
    }
    return matchLandmarks(query, hits);
  }
}
