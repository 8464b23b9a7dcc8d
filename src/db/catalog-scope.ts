import type { Prisma } from '../generated/prisma/client';
import type { Database } from './client';

/**
 * Who may use which catalog track. A customer's own tracks are private to it; tracks without an owner are the
 * shared catalog (loaded by operators), which every customer may plan with and be identified against.
 * Identification, planning by ids and the track routes all ask here, so the rule is written once.
 */
export function usableBy(customerId: string): Prisma.TrackWhereInput {
  return { OR: [{ customerId }, { customerId: null }] };
}

/** The filter of a plan's `pool.catalog`, as the contract gives it. */
export interface CatalogFilter {
  trackIds?: readonly string[];
  genre?: string;
  bpmMin?: number;
  bpmMax?: number;
}

export interface ResolvedCatalogPool {
  /** Matching ready tracks of the customer, oldest first (createdAt, id): the same order on every run. */
  trackIds: string[];
  /** Named ids that are not a ready track of the customer (unknown, another's, or not ingested yet). */
  unusableIds: string[];
  /** More tracks matched than `limit`: `trackIds` holds the first `limit`. */
  truncated: boolean;
}

/**
 * A `pool.catalog` filter resolved to track ids: the customer's own `ready` tracks only (a filter over the
 * shared catalog would draw in tracks the customer never chose). Genre matches exactly, in any case.
 */
export async function resolveCatalogPool(db: Database, customerId: string, filter: CatalogFilter, limit: number): Promise<ResolvedCatalogPool> {
  const rows = await db.track.findMany({
    where: {
      customerId,
      status: 'ready',
      ...(filter.trackIds ? { id: { in: [...filter.trackIds] } } : {}),
      ...(filter.genre !== undefined ? { genre: { equals: filter.genre, mode: 'insensitive' } } : {}),
      ...(filter.bpmMin !== undefined || filter.bpmMax !== undefined ? { bpm: { gte: filter.bpmMin, lte: filter.bpmMax } } : {}),
    },
    select: { id: true },
    orderBy: [{ createdAt: 'asc' }, { id: 'asc' }],
    take: limit + 1,
  });
  const trackIds = rows.slice(0, limit).map((row) => row.id);
  const unusableIds = filter.trackIds ? await unusableNamedIds(db, customerId, filter.trackIds) : [];
  return { trackIds, unusableIds, truncated: rows.length > limit };
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
  ].filter((part) => part !== undefined);
  return parts.length > 0 ? parts.join(', ') : 'the whole catalog';
}

/** Names shown in a failure message; the rest are counted. */
const NAMED_IDS = 20;

/**
 * Why a resolved pool cannot be planned, as the field and rule a 400 (API) or an InvalidInput failure (the
 * plan's load step) names; undefined when it can.
 */
export function catalogPoolProblem(resolved: ResolvedCatalogPool, filter: CatalogFilter, limit: number): { field: string; rule: string } | undefined {
  if (resolved.unusableIds.length > 0) {
    const named = resolved.unusableIds.slice(0, NAMED_IDS).join(', ');
    const more = resolved.unusableIds.length > NAMED_IDS ? ` and ${resolved.unusableIds.length - NAMED_IDS} more` : '';
    return { field: 'pool.catalog.trackIds', rule: `must name ready tracks of yours; not: ${named}${more}` };
  }
  if (resolved.trackIds.length === 0) return { field: 'pool.catalog', rule: `matches none of your ready tracks (${describeCatalogFilter(filter)})` };
  if (resolved.truncated) return { field: 'pool.catalog', rule: `matches more than ${limit} tracks; narrow it (genre, bpmMin, bpmMax)` };
  return undefined;
}
