import { heartbeat } from '@temporalio/activity';
import { transitionCost } from '../planner/transition-cost';
import type { PlannerTrack } from '../planner/types';
import type { ActivityDependencies } from './dependencies';

/** Candidates outside ±8 % of a track's tempo (or its half/double) are never good next tracks. */
const TEMPO_WINDOW = 0.08;
const HEARTBEAT_EVERY = 500;

export interface Recommendation {
  trackId: string;
  cost: number;
  reasons: string[];
}

/**
 * Best next tracks for one track, ranked as the planner ranks them: fewest broken rules first (under the default
 * `strict` rule a key move outside the classic Camelot moves or a tempo step beyond the tolerance), then the
 * transition's own cost.
 */
export function recommendNextTracks(track: PlannerTrack, byTempo: PlannerTrack[], perTrack: number): Recommendation[] {
  const seen = new Set<string>([track.id]);
  const scored: Array<Recommendation & { ruleBreaks: number }> = [];
  for (const centre of [track.bpm, track.bpm / 2, track.bpm * 2]) {
    for (let index = lowerBound(byTempo, centre * (1 - TEMPO_WINDOW)); index < byTempo.length; index++) {
      const candidate = byTempo[index]!;
      if (candidate.bpm > centre * (1 + TEMPO_WINDOW)) break;
      if (seen.has(candidate.id)) continue;
      seen.add(candidate.id);
      const score = transitionCost(track, candidate);
      scored.push({ trackId: candidate.id, cost: Math.round(score.cost * 1000) / 1000, reasons: score.reasons, ruleBreaks: score.ruleBreaks });
    }
  }
  return scored
    .sort((a, b) => a.ruleBreaks - b.ruleBreaks || a.cost - b.cost || a.trackId.localeCompare(b.trackId))
    .slice(0, perTrack)
    .map(({ ruleBreaks: _ruleBreaks, ...recommendation }) => recommendation);
}

/** First index whose bpm is ≥ `bpm` in a list sorted by bpm. */
function lowerBound(byTempo: PlannerTrack[], bpm: number): number {
  let low = 0;
  let high = byTempo.length;
  while (low < high) {
    const middle = (low + high) >> 1;
    if (byTempo[middle]!.bpm < bpm) low = middle + 1;
    else high = middle;
  }
  return low;
}

export function createRecommendationActivities({ db }: ActivityDependencies) {
  return {
    /**
     * Rebuilds the cache for every analysed track in one transaction, so readers see either the old
     * or the new recommendations, never a half-written mix; running it twice gives the same rows.
     */
    async refreshRecommendationCache({ perTrack }: { perTrack: number }): Promise<number> {
      const rows = await db.track.findMany({
        where: { status: 'ready', durationSeconds: { not: null }, bpm: { not: null }, key: { not: null }, energy: { not: null } },
        select: { id: true, durationSeconds: true, bpm: true, key: true, energy: true, genre: true, hasVocals: true },
        orderBy: [{ bpm: 'asc' }, { id: 'asc' }],
      });
      const byTempo: PlannerTrack[] = rows.map((row) => ({
        id: row.id,
        durationSeconds: row.durationSeconds!,
        bpm: row.bpm!,
        key: row.key!,
        energy: row.energy!,
        genre: row.genre ?? undefined,
        hasVocals: row.hasVocals ?? undefined,
      }));
      const computedAt = new Date();
      const data = byTempo.map((track, index) => {
        if (index % HEARTBEAT_EVERY === 0) heartbeat({ scored: index, of: byTempo.length });
        return { trackId: track.id, recommendations: recommendNextTracks(track, byTempo, perTrack) as unknown as object, computedAt };
      });
      await db.$transaction([db.recommendationCache.deleteMany({}), db.recommendationCache.createMany({ data })]);
      return data.length;
    },
  };
}
