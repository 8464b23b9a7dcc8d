import { z } from 'zod';
import { decodeCursor, encodeCursor, type ListKind, type ListPosition } from './list-cursor';
import { parseQuery } from './request-parsing';

export const LIST_LIMIT = { min: 1, max: 100, default: 20 } as const;
const LIMIT_RULE = `must be an integer from ${LIST_LIMIT.min} to ${LIST_LIMIT.max}`;

/** Page size and cursor, the part of its query every list shares. */
export const pageFields = {
  limit: z.coerce
    .number({ message: LIMIT_RULE })
    .int(LIMIT_RULE)
    .min(LIST_LIMIT.min, LIMIT_RULE)
    .max(LIST_LIMIT.max, LIMIT_RULE)
    .default(LIST_LIMIT.default)
    .describe(`Items per page (default ${LIST_LIMIT.default})`),
  cursor: z.string().max(512, 'must be a nextCursor this list returned, unchanged').optional().describe('`nextCursor` of the previous page'),
};

/** The query of the job lists (GET /v1/generations, GET /v1/plans); `statuses` are the list's own. */
export function listQuerySchema<Status extends string>(statuses: readonly Status[]) {
  return z.strictObject({
    status: z.enum(statuses as readonly [Status, ...Status[]], { message: `must be one of: ${statuses.join(', ')}` }).optional().describe('Only items in this status'),
    createdAfter: z.iso.datetime({ offset: true, message: 'must be an ISO 8601 date-time with a time zone' }).optional().describe('Only items created after this instant (exclusive)'),
    createdBefore: z.iso.datetime({ offset: true, message: 'must be an ISO 8601 date-time with a time zone' }).optional().describe('Only items created before this instant (exclusive)'),
    ...pageFields,
  });
}

export interface ListQuery<Status extends string> {
  status?: Status;
  createdAfter?: Date;
  createdBefore?: Date;
  limit: number;
  /** Where the previous page ended; the page holds what comes strictly after it, newest first. */
  after?: ListPosition;
}

/** The request's query as a list query; every broken parameter is a 400 naming it. */
export function parseListQuery<Status extends string>(
  schema: ReturnType<typeof listQuerySchema<Status>>,
  query: URLSearchParams,
  secret: Buffer,
  kind: ListKind,
): ListQuery<Status> {
  const parsed = parseQuery(schema, query, `${kind} list query`);
  return {
    status: parsed.status as Status | undefined,
    createdAfter: parsed.createdAfter === undefined ? undefined : new Date(parsed.createdAfter),
    createdBefore: parsed.createdBefore === undefined ? undefined : new Date(parsed.createdBefore),
    limit: parsed.limit,
    after: parsed.cursor === undefined ? undefined : decodeCursor(secret, kind, parsed.cursor),
  };
}

/**
 * The Prisma filter on creation time: inside the asked window and, with a cursor, strictly after it in the order
 * (createdAt desc, id desc). A keyset rather than an offset, so items created while a client pages never shift
 * the pages it has yet to read.
 */
export function createdAtWindow(query: ListQuery<string>, idField: string) {
  return { createdAt: { gt: query.createdAfter, lt: query.createdBefore }, ...afterPosition(query.after, idField) };
}

/** Rows strictly after `position` in the list order (createdAt desc, then id desc), as a Prisma filter. */
export function afterPosition(position: ListPosition | undefined, idField: string) {
  if (!position) return {};
  const { createdAt, id } = position;
  return { OR: [{ createdAt: { lt: createdAt } }, { createdAt, [idField]: { lt: id } }] };
}

/** The page and the cursor to the next one, from `limit + 1` rows read in list order. */
export function pageOf<Row, Item>(
  rows: Row[],
  query: Pick<ListQuery<string>, 'limit'>,
  secret: Buffer,
  kind: ListKind,
  positionOf: (row: Row) => ListPosition,
  itemOf: (row: Row) => Item,
): { items: Item[]; nextCursor: string | null } {
  const page = rows.slice(0, query.limit);
  const last = page.at(-1);
  const nextCursor = rows.length > query.limit && last ? encodeCursor(secret, kind, positionOf(last)) : null;
  return { items: page.map(itemOf), nextCursor };
}
