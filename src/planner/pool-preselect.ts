/**
 * Narrows a large pool to the candidates the planner reads in full. The planner itself handles 50,000 tracks in
 * its time budget, but feeding it means reading every track's beat grid (several KB of JSON each) from the
 * database; a few thousand candidates that cover every key × tempo × energy region of the pool give the search
 * the same choices at a fraction of that read. Pure and deterministic for a pool and seed.
 */
import { formatCamelot, parseKey, toCamelot } from '../music/keys';
import { fnv1a32 } from '../shared/seeded-random';
import type { PlannerTrack } from './types';

/** Tempo regions per octave (half/double time folded, as the planner's transitions fold them): about 6 % wide. */
const TEMPO_BINS_PER_OCTAVE = 12;

export interface PreselectOptions {
  /** Most tracks kept. */
  limit: number;
  /** Which tracks of a crowded region are kept; the plan's seed, so another seed draws other candidates. */
  seed: number;
  /** Kept whatever their region (the set's locked first and last tracks). */
  keepIds?: readonly string[];
}

/** The pool's region of a track: Camelot code × folded tempo bin × rounded energy. */
export function poolRegion(track: Pick<PlannerTrack, 'bpm' | 'key' | 'energy'>): string {
  const camelot = toCamelot(parseKey(track.key));
  const octaves = Math.log2(track.bpm);
  const tempoBin = Math.floor((octaves - Math.floor(octaves)) * TEMPO_BINS_PER_OCTAVE);
  return `${camelot ? formatCamelot(camelot) : '?'}|${tempoBin}|${Math.round(track.energy)}`;
}

/**
 * At most `limit` tracks of `tracks` (which must be playable: tempo, energy, duration), in their input order:
 * the kept ids, then round robin over the regions (every region's first pick before any region's second), each
 * region's tracks in a seeded hash order. A pool within the limit comes back whole.
 */
export function preselectPool<T extends PlannerTrack>(tracks: readonly T[], { limit, seed, keepIds = [] }: PreselectOptions): T[] {
  if (tracks.length <= limit) return [...tracks];
  const keep = new Set(keepIds);
  const chosen = new Set<T>(tracks.filter((track) => keep.has(track.id)));
  const regions = new Map<string, T[]>();
  for (const track of tracks) {
    if (chosen.has(track)) continue;
    const region = poolRegion(track);
    const members = regions.get(region);
    if (members) members.push(track);
    else regions.set(region, [track]);
  }
  const rank = (text: string) => fnv1a32(`${seed}:${text}`);
  const byRank = (a: { rank: number; id: string }, b: { rank: number; id: string }) => a.rank - b.rank || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0);
  const queues = [...regions.entries()]
    .map(([region, members]) => ({
      rank: rank(region),
      id: region,
      members: members.map((track) => ({ track, rank: rank(track.id), id: track.id })).sort(byRank),
    }))
    .sort(byRank);
  for (let round = 0; chosen.size < limit; round++) {
    const open = queues.filter((queue) => queue.members.length > round);
    if (open.length === 0) break;
    for (const queue of open) {
      if (chosen.size >= limit) break;
      chosen.add(queue.members[round]!.track);
    }
  }
  return tracks.filter((track) => chosen.has(track));
}
