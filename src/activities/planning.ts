import { Context } from '@temporalio/activity';
import { planSet, type BeatGrid, type PlanResult, type PlannerTrack } from '../planner';
import type { Track } from '../generated/prisma/client';
import { ErrorType, permanentFailure } from '../shared/errors';
import { AUTODJ_LIMITS, type LoadedPool, type PlanningPool, type PlanRequest, type PoolToLoad } from '../contracts/autodj-planning';
import { catalogPoolProblem, resolveCatalogPool, usableBy } from '../db/catalog-scope';
import type { Database } from '../db/client';
import type { ActivityDependencies } from './dependencies';
import { withTypedFailures } from './domain-failures';

/** Unknown ids named in a failure message; the details carry them all. */
const NAMED_UNKNOWN_IDS = 20;

export function createSetPlanningActivities({ db, sql }: ActivityDependencies) {
  return {
    /**
     * Resolves the pool to catalog ids (named ids must be tracks the plan's customer may use; a catalog filter
     * draws from its own ready tracks), checks it, and lists the tracks whose features must be measured first.
     * Only the count and the tracks to analyse go back to the workflow, never the whole id list.
     */
    async loadPlanningPool(pool: PoolToLoad): Promise<LoadedPool> {
      const trackIds = await poolTrackIds(db, pool);
      const { rows } = await sql.query<{ id: string; storageKey: string | null; incomplete: boolean }>(
        `SELECT id, "storageKey", (bpm IS NULL OR key IS NULL OR energy IS NULL OR "beatGrid" IS NULL) AS incomplete
           FROM "Track" WHERE id = ANY($1::text[])`,
        [trackIds],
      );
      const toAnalyze = rows
        .filter((row) => row.incomplete && row.storageKey !== null)
        .map((row) => ({ trackId: row.id, storageKey: row.storageKey! }));
      // Pool order, so the fan-out and its history are the same on every run.
      const position = new Map(trackIds.map((id, index) => [id, index]));
      toAnalyze.sort((a, b) => position.get(a.trackId)! - position.get(b.trackId)!);
      return { found: rows.length, toAnalyze };
    },

    /** Runs the planner over the pool (catalog rows read here, so features never travel through the workflow). */
    async planAutoDjSet(request: PlanRequest): Promise<PlanResult> {
      return withTypedFailures(async () => {
        const fromCatalog = request.pool.trackIds !== undefined || request.pool.catalog !== undefined;
        const tracks = fromCatalog
          ? await catalogTracks(db, await poolTrackIds(db, { trackIds: request.pool.trackIds, catalog: request.pool.catalog, customerId: request.customerId }))
          : (request.pool.tracks ?? []).map(inlineTrack);
        const context = Context.current();
        return planSet({
          tracks,
          targetDurationSeconds: request.targetDurationSeconds,
          energyMode: request.energyMode,
          eventPreset: request.eventPreset,
          seed: request.seed,
          firstTrackId: request.firstTrackId,
          lastTrackId: request.lastTrackId,
          tempoTolerance: request.tempoTolerance,
          harmonicStrictness: request.harmonicStrictness,
          minArtistSpacing: request.minArtistSpacing,
          onProgress: (fraction) => context.heartbeat({ fraction }),
        });
      });
    },
  };
}

/**
 * The catalog ids of a pool, checked: InvalidInput naming the field when an id is not a track the customer may
 * use (plans without an owner, from before plans had owners, may name any track) or a filter matches nothing.
 */
async function poolTrackIds(db: Database, { trackIds, catalog, customerId }: PoolToLoad): Promise<string[]> {
  if (catalog) {
    if (customerId === undefined) throw invalidPool('pool.catalog', "needs the plan's customer");
    const resolved = await resolveCatalogPool(db, customerId, catalog, AUTODJ_LIMITS.maxPoolTrackIds);
    const problem = catalogPoolProblem(resolved, catalog, AUTODJ_LIMITS.maxPoolTrackIds);
    if (problem) throw invalidPool(problem.field, problem.rule, { unusableTrackIds: resolved.unusableIds });
    return resolved.trackIds;
  }
  const named = trackIds ?? [];
  const rows = await db.track.findMany({
    where: { id: { in: named }, status: 'ready', ...(customerId !== undefined ? usableBy(customerId) : {}) },
    select: { id: true },
  });
  const known = new Set(rows.map((row) => row.id));
  const unknown = named.filter((id) => !known.has(id));
  if (unknown.length > 0) {
    const shown = unknown.slice(0, NAMED_UNKNOWN_IDS).join(', ');
    const more = unknown.length > NAMED_UNKNOWN_IDS ? ` and ${unknown.length - NAMED_UNKNOWN_IDS} more` : '';
    throw invalidPool('pool.trackIds', `unknown track ids: ${shown}${more}`, { unknownTrackIds: unknown });
  }
  return named;
}

function invalidPool(field: string, rule: string, details: Record<string, unknown> = {}) {
  return permanentFailure(ErrorType.InvalidInput, `${field}: ${rule}`, { problems: [{ field, rule }], ...details });
}

async function catalogTracks(db: Database, trackIds: string[]): Promise<PlannerTrack[]> {
  const rows = await db.track.findMany({ where: { id: { in: trackIds } } });
  const byId = new Map(rows.map((row) => [row.id, row]));
  return trackIds.flatMap((id) => {
    const row = byId.get(id);
    return row ? [catalogTrack(row)] : [];
  });
}

/** Missing features become values the planner reports as missing (it skips such tracks with the reason). */
function catalogTrack(row: Track): PlannerTrack {
  const beatGrid = asBeatGrid(row.beatGrid);
  const phraseBoundaries = asSeconds(row.phraseBoundaries);
  return {
    id: row.id,
    title: row.title,
    artist: row.artist,
    durationSeconds: row.durationSeconds ?? 0,
    bpm: row.bpm ?? 0,
    key: row.key ?? row.camelot ?? '',
    energy: row.energy ?? 0,
    ...(beatGrid ? { beatGrid, firstDownbeat: beatGrid.downbeats[0] } : {}),
    ...(phraseBoundaries ? { phraseBoundaries } : {}),
    ...(row.genre !== null ? { genre: row.genre } : {}),
    ...(row.hasVocals !== null ? { hasVocals: row.hasVocals } : {}),
  };
}

function inlineTrack(track: NonNullable<PlanningPool['tracks']>[number]): PlannerTrack {
  return { ...track, bpm: track.bpm ?? 0, key: track.key ?? '', energy: track.energy ?? 0 };
}

function asSeconds(value: unknown): number[] | undefined {
  return Array.isArray(value) && value.every((item) => typeof item === 'number' && Number.isFinite(item)) ? (value as number[]) : undefined;
}

function asBeatGrid(value: unknown): BeatGrid | undefined {
  if (typeof value !== 'object' || value === null) return undefined;
  const { beats, downbeats } = value as Record<string, unknown>;
  const beatTimes = asSeconds(beats);
  const downbeatTimes = asSeconds(downbeats);
  return beatTimes && downbeatTimes && downbeatTimes.length > 0 ? { beats: beatTimes, downbeats: downbeatTimes } : undefined;
}
