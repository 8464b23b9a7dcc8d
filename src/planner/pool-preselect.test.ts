import { poolRegion, preselectPool } from './pool-preselect';
import type { PlannerTrack } from './types';

const KEYS = ['8A', '9A', '10A', '8B', '3A', '11B'];

/** A pool crowded in one region (128 BPM, 8A, energy 7) with a thin spread around it. */
function pool(size: number): PlannerTrack[] {
  return Array.from({ length: size }, (_, index) => {
    const crowded = index % 4 !== 0;
    return {
      id: `track-${String(index).padStart(5, '0')}`,
      durationSeconds: 300,
      bpm: crowded ? 128 : 90 + (index % 80),
      key: crowded ? '8A' : KEYS[index % KEYS.length]!,
      energy: crowded ? 7 : 1 + (index % 10),
    };
  });
}

describe('preselectPool', () => {
  it('returns a pool within the limit whole, in its order', () => {
    const tracks = pool(50);
    expect(preselectPool(tracks, { limit: 50, seed: 1 })).toEqual(tracks);
  });

  it('keeps at most the limit, in input order, and every region of the pool when the regions fit', () => {
    const tracks = pool(4000);
    const chosen = preselectPool(tracks, { limit: 600, seed: 7 });
    expect(chosen).toHaveLength(600);
    const order = chosen.map((track) => tracks.indexOf(track));
    expect(order).toEqual([...order].sort((a, b) => a - b));
    const regions = new Set(tracks.map(poolRegion));
    expect(regions.size).toBeLessThan(600);
    expect(new Set(chosen.map(poolRegion))).toEqual(regions);
  });

  it('does not let the crowded region take the candidates', () => {
    const tracks = pool(4000);
    const chosen = preselectPool(tracks, { limit: 600, seed: 7 });
    const crowded = chosen.filter((track) => poolRegion(track) === poolRegion(tracks[1]!)).length;
    // Three quarters of the pool, but far less of the candidates: the thin regions come first.
    expect(crowded / chosen.length).toBeLessThan(0.75);
  });

  it('is the same for a seed and differs across seeds', () => {
    const tracks = pool(4000);
    const ids = (seed: number) => preselectPool(tracks, { limit: 600, seed }).map((track) => track.id);
    expect(ids(3)).toEqual(ids(3));
    expect(ids(3)).not.toEqual(ids(4));
  });

  it('always keeps the locked tracks', () => {
    const tracks = pool(4000);
    const keepIds = ['track-00001', 'track-03999'];
    const chosen = preselectPool(tracks, { limit: 100, seed: 2, keepIds }).map((track) => track.id);
    expect(chosen).toEqual(expect.arrayContaining(keepIds));
    expect(chosen).toHaveLength(100);
  });

  it('folds half and double time into one tempo region', () => {
    expect(poolRegion({ bpm: 87, key: '8A', energy: 5 })).toBe(poolRegion({ bpm: 174, key: 'A minor', energy: 5.2 }));
    expect(poolRegion({ bpm: 120, key: '8A', energy: 5 })).not.toBe(poolRegion({ bpm: 132, key: '8A', energy: 5 }));
  });
});
