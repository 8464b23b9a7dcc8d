import { Context, log } from '@temporalio/activity';
import { planSet, type BeatGrid, type PlanResult, type PlannerTrack } from '../planner';
import { preselectPool } from '../planner/pool-preselect';
import { validatePlanInput } from '../planner/validate';
import type { Track } from '../generated/prisma/client';
import { ErrorType, permanentFailure } from '../shared/errors';
import { AUTODJ_LIMITS, type CatalogPool, type LoadedPool, type PlanningPool, type PlanRequest, type PoolToLoad } from '../contracts/autodj-planning';
import {
  catalogPoolProblem,
  catalogTracksToAnalyze,
  countCatalogPool,
  readCatalogPool,
  usableBy,
  type CatalogPoolSize,
  type CatalogTrackSummary,
} from '../db/catalog-scope';
import type { Database } from '../db/client';
import type { ActivityDependencies } from './dependencies';
import { withTypedFailures } from './domain-failures';

/** Unknown ids named in a failure message; the details carry them all. */
const NAMED_UNKNOWN_IDS = 20;
/** Rows per page when a catalog filter's tracks are read; the activity heartbeats between pages. */
const CATALOG_PAGE_SIZE = 5000;
/**
 * Candidates of a catalog-filter pool the planner reads in full (beat grids included); src/planner/pool-preselect.ts
 * keeps every key × tempo × energy region of the pool among them. The planner's speed is flat up to 10,000 tracks
 * (docs/planner.md); reading beat grids is what grows.
 */
const PLANNING_CANDIDATES = 3000;
/** Rows per query when the candidates' full rows are read. */
const FULL_ROWS_CHUNK = 1000;
/** Skipped tracks listed by name in a plan; the rest are counted (`skippedTotal`), so the result stays small. */
const SKIPPED_LISTED = 100;

export function createSetPlanningActivities({ db, sql }: ActivityDependencies) {
  return {
    /**
     * Resolves the pool to catalog ids (named ids must be tracks the plan's customer may use; a catalog filter
     * draws from its own ready tracks), checks it, and lists the tracks whose features must be measured first.
     * Only the count and the tracks to analyse go back to the workflow, never the whole id list.
     */
    async loadPlanningPool(pool: PoolToLoad): Promise<LoadedPool> {
      if (pool.catalog) {
        const { customerId, catalog } = pool;
        const size = await checkedCatalogPool(db, customerId, catalog);
        // A filter can match tens of thousands of tracks: the analyses (and their ids in the history) are bounded.
        const toAnalyze = await catalogTracksToAnalyze(db, customerId!, catalog, AUTODJ_LIMITS.maxAnalysesPerPlan);
        return { found: size.matched, toAnalyze };
      }
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
        const { catalog } = request.pool;
        if (catalog) return planFromCatalogFilter(db, request, catalog);
        const tracks = request.pool.trackIds
          ? await catalogTracks(db, await poolTrackIds(db, { trackIds: request.pool.trackIds, customerId: request.customerId }))
          : (request.pool.tracks ?? []).map(inlineTrack);
        return planSet(planInput(request, tracks));
      });
    },
  };
}

function planInput(request: PlanRequest, tracks: PlannerTrack[]) {
  const context = Context.current();
  return {
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
    keyLock: request.keyLock,
    onProgress: (fraction: number) => context.heartbeat({ fraction }),
  };
}

/** The size of a catalog filter's pool, checked: InvalidInput naming the field when it cannot be planned. */
async function checkedCatalogPool(db: Database, customerId: string | undefined, catalog: CatalogPool): Promise<CatalogPoolSize> {
  if (customerId === undefined) throw invalidPool('pool.catalog', "needs the plan's customer");
  const size = await countCatalogPool(db, customerId, catalog);
  const problem = catalogPoolProblem(size, catalog, AUTODJ_LIMITS.maxCatalogPoolTracks);
  if (problem) throw invalidPool(problem.field, problem.rule, { unusableTrackIds: size.unusableIds });
  return size;
}

/**
 * A plan from a catalog filter, resolved here: the matching tracks' summaries are read in pages, tracks lacking
 * tempo, energy or duration are set aside (listed up to SKIPPED_LISTED, counted beyond), the playable ones are
 * narrowed to PLANNING_CANDIDATES covering the pool's key × tempo × energy regions, and only those are read in
 * full for the planner. Nothing but the filter came in and nothing but the plan goes out.
 */
async function planFromCatalogFilter(db: Database, request: PlanRequest, catalog: CatalogPool): Promise<PlanResult> {
  const context = Context.current();
  const started = performance.now();
  await checkedCatalogPool(db, request.customerId, catalog);
  const summaries = await readCatalogPool(db, request.customerId!, catalog, CATALOG_PAGE_SIZE, (read) => context.heartbeat({ fraction: 0, read }));
  const resolvedMs = performance.now() - started;
  const screened = validatePlanInput({ ...planInput(request, summaries.map(summaryTrack)), onProgress: undefined });
  const keepIds = [request.firstTrackId, request.lastTrackId].filter((id) => id !== undefined);
  const candidates = preselectPool(screened.usable, { limit: PLANNING_CANDIDATES, seed: request.seed, keepIds });
  const tracks = await catalogTracks(db, candidates.map((track) => track.id));
  const loadedMs = performance.now() - started;
  const result = planSet(planInput(request, tracks));
  const skipped = [...screened.skipped, ...(result.skipped ?? [])];
  log.info('catalog filter planned', {
    matched: summaries.length,
    playable: screened.usable.length,
    candidates: tracks.length,
    resolveMs: Math.round(resolvedMs),
    fullRowsMs: Math.round(loadedMs - resolvedMs),
    planMs: Math.round(performance.now() - started - loadedMs),
  });
  const { skipped: _planned, ...rest } = result;
  return {
    ...rest,
    ...(skipped.length > 0 ? { skipped: skipped.slice(0, SKIPPED_LISTED) } : {}),
    ...(skipped.length > SKIPPED_LISTED ? { skippedTotal: skipped.length } : {}),
  };
}

/** A track's summary as the planner's input, without beat grid: enough to screen and pre-select it. */
function summaryTrack(row: CatalogTrackSummary): PlannerTrack {
  return {
    id: row.id,
    title: row.title,
    artist: row.artist,
    durationSeconds: row.durationSeconds ?? 0,
    bpm: row.bpm ?? 0,
    key: row.key ?? row.camelot ?? '',
    energy: row.energy ?? 0,
    ...(row.genre !== null ? { genre: row.genre } : {}),
    ...(row.hasVocals !== null ? { hasVocals: row.hasVocals } : {}),
  };
}

/**
 * The catalog ids of a pool, checked: InvalidInput naming the field when an id is not a track the customer may
 * use (plans without an owner, from before plans had owners, may name any track) or a filter matches nothing.
 */
async function poolTrackIds(db: Database, { trackIds, customerId }: Pick<PoolToLoad, 'trackIds' | 'customerId'>): Promise<string[]> {
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
  const byId = new Map<string, Track>();
  for (let start = 0; start < trackIds.length; start += FULL_ROWS_CHUNK) {
    const rows = await db.track.findMany({ where: { id: { in: trackIds.slice(start, start + FULL_ROWS_CHUNK) } } });
    for (const row of rows) byId.set(row.id, row);
  }
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
    ...summaryTrack(row),
    ...(beatGrid ? { beatGrid, firstDownbeat: beatGrid.downbeats[0] } : {}),
    ...(phraseBoundaries ? { phraseBoundaries } : {}),
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
