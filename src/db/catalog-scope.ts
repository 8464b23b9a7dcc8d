import { Prisma } from '../generated/prisma/client';

const { DbNull } = Prisma;
import type { Database } from './client';

/**
 * Who may use which catalog track. A customer's own tracks are private to it; tracks without an owner are the
 * shared catalog (loaded by operators), which every customer may plan with and be identified against.
 * Identification, planning by ids and the track routes all ask here, so the rule is written once.
 */
export function usableBy(customerId: string): Prisma.TrackWhereInput {
  return { OR: [{ customerId }, { customerId: null }] };
}

/** The filter of a plan's `pool.catalog`, as the contract gives it (tags already in lower case). */
export interface CatalogFilter {
  trackIds?: readonly string[];
  genre?: string;
  bpmMin?: number;
  bpmMax?: number;
  energyMin?: number;
  energyMax?: number;
  tags?: readonly string[];
}

/**
 * The customer's own `ready` tracks the filter matches (a filter over the shared catalog would draw in tracks the
 * customer never chose). Genre matches exactly in any case; a track must carry every tag named. Each condition
 * has an index (prisma/schema.prisma: customerId + status with id, bpm, energy, genre; GIN on tags).
 */
export function catalogFilterWhere(customerId: string, filter: CatalogFilter): Prisma.TrackWhereInput {
  return {
    customerId,
    status: 'ready',
    ...(filter.trackIds ? { id: { in: [...filter.trackIds] } } : {}),
    ...(filter.genre !== undefined ? { genre: { equals: filter.genre, mode: 'insensitive' } } : {}),
    ...(filter.bpmMin !== undefined || filter.bpmMax !== undefined ? { bpm: { gte: filter.bpmMin, lte: filter.bpmMax } } : {}),
    ...(filter.energyMin !== undefined || filter.energyMax !== undefined ? { energy: { gte: filter.energyMin, lte: filter.energyMax } } : {}),
    ...(filter.tags && filter.tags.length > 0 ? { tags: { hasEvery: [...filter.tags] } } : {}),
  };
}

export interface CatalogPoolSize {
  /** Ready tracks of the customer the filter matches. */
  matched: number;
  /** Named ids that are not a ready track of the customer (unknown, another's, or not ingested yet). */
  unusableIds: string[];
}

/** How many tracks a `pool.catalog` filter draws (a count on the indexes, no rows read). */
export async function countCatalogPool(db: Database, customerId: string, filter: CatalogFilter): Promise<CatalogPoolSize> {
  const matched = await db.track.count({ where: catalogFilterWhere(customerId, filter) });
  const unusableIds = filter.trackIds ? await unusableNamedIds(db, customerId, filter.trackIds) : [];
  return { matched, unusableIds };
}

/** The columns a plan's pool pre-selection reads for every matching track; beat grids are read for the chosen few only. */
export const CATALOG_SUMMARY_COLUMNS = {
  id: true,
  title: true,
  artist: true,
  durationSeconds: true,
  bpm: true,
  key: true,
  camelot: true,
  energy: true,
  genre: true,
  hasVocals: true,
} as const satisfies Prisma.TrackSelect;
export type CatalogTrackSummary = Prisma.TrackGetPayload<{ select: typeof CATALOG_SUMMARY_COLUMNS }>;

/**
 * The matching tracks' summaries in pages of `pageSize`, keyset-paged on id (the same order on every run), so a
 * 50,000-track pool is read without one huge result; `onPage` lets the caller heartbeat between pages.
 */
export async function readCatalogPool(
  db: Database,
  customerId: string,
  filter: CatalogFilter,
  pageSize: number,
  onPage: (read: number) => void = () => {},
): Promise<CatalogTrackSummary[]> {
  const where = catalogFilterWhere(customerId, filter);
  const tracks: CatalogTrackSummary[] = [];
  for (let after: string | undefined; ; ) {
    const page = await db.track.findMany({
      where: after === undefined ? where : { AND: [where, { id: { gt: after } }] },
      select: CATALOG_SUMMARY_COLUMNS,
      orderBy: { id: 'asc' },
      take: pageSize,
    });
    tracks.push(...page);
    onPage(tracks.length);
    if (page.length < pageSize) return tracks;
    after = page[page.length - 1]!.id;
  }
}

/**
 * Matching tracks that lack tempo, key, energy or beat grid and have audio to analyse, at most `limit`, in id
 * order (the same fan-out on every run).
 */
export async function catalogTracksToAnalyze(
  db: Database,
  customerId: string,
  filter: CatalogFilter,
  limit: number,
): Promise<{ trackId: string; storageKey: string }[]> {
  const incomplete: Prisma.TrackWhereInput = { OR: [{ bpm: null }, { key: null }, { energy: null }, { beatGrid: { equals: DbNull } }] };
  const rows = await db.track.findMany({
    where: { AND: [catalogFilterWhere(customerId, filter), incomplete, { storageKey: { not: null } }] },
    select: { id: true, storageKey: true },
    orderBy: { id: 'asc' },
    take: limit,
  });
  return rows.map((row) => ({ trackId: row.id, storageKey: row.storageKey! }));
}

async function unusableNamedIds(db: Database, customerId: string, named: readonly string[]): Promise<string[]> {
  const usable = await db.track.findMany({ where: { id: { in: [...named] }, customerId, status: 'ready' }, select: { id: true } });
  const found = new Set(usable.map((row) => row.id));
  return named.filter((id) => !found.has(id));
}

/** What the filter asked for, in words, for the message that says it matched nothing. */
export function describeCatalogFilter(filter: CatalogFilter): string {
  const parts = [
    filter.trackIds ? `${filter.trackIds.length} named tracks` : undefined,
    filter.genre !== undefined ? `genre "${filter.genre}"` : undefined,
    filter.bpmMin !== undefined || filter.bpmMax !== undefined ? `tempo ${filter.bpmMin ?? 'any'}–${filter.bpmMax ?? 'any'} BPM` : undefined,
    filter.energyMin !== undefined || filter.energyMax !== undefined ? `energy ${filter.energyMin ?? 'any'}–${filter.energyMax ?? 'any'}` : undefined,
    filter.tags && filter.tags.length > 0 ? `tags ${filter.tags.map((tag) => `"${tag}"`).join(' + ')}` : undefined,
  ].filter((part) => part !== undefined);
  return parts.length > 0 ? parts.join(', ') : 'the whole catalog';
}

/** Names shown in a failure message; the rest are counted. */
const NAMED_IDS = 20;

/**
 * Why a resolved pool cannot be planned, as the field and rule a 400 (API) or an InvalidInput failure (the
 * plan's load step) names; undefined when it can.
 */
export function catalogPoolProblem(resolved: CatalogPoolSize, filter: CatalogFilter, limit: number): { field: string; rule: string } | undefined {
  if (resolved.unusableIds.length > 0) {
    const named = resolved.unusableIds.slice(0, NAMED_IDS).join(', ');
    const more = resolved.unusableIds.length > NAMED_IDS ? ` and ${resolved.unusableIds.length - NAMED_IDS} more` : '';
    return { field: 'pool.catalog.trackIds', rule: `must name ready tracks of yours; not: ${named}${more}` };
  }
  if (resolved.matched === 0) return { field: 'pool.catalog', rule: `matches none of your ready tracks (${describeCatalogFilter(filter)})` };
  if (resolved.matched > limit) return { field: 'pool.catalog', rule: `matches ${resolved.matched} tracks, more than ${limit}; narrow it (genre, bpmMin, bpmMax, energyMin, energyMax, tags)` };
  return undefined;
}
