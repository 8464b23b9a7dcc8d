import { z } from 'zod';
import { invalidInput } from './http-error';

/** Where a newest-first page ended: the last item's creation time and id (ids break ties between equal times). */
export interface KeysetPosition {
  createdAt: Date;
  id: string;
}

const CURSOR_RULE = 'must be a nextCursor this list returned';
const positionSchema = z.strictObject({ c: z.iso.datetime(), i: z.string().min(1).max(128) });

/** Opaque to clients: base64url of the position, so they pass it back and never build one. */
export function encodeCursor({ createdAt, id }: KeysetPosition): string {
  return Buffer.from(JSON.stringify({ c: createdAt.toISOString(), i: id })).toString('base64url');
}

export function decodeCursor(cursor: string): KeysetPosition {
  let parsed: unknown;
  try {
    parsed = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
  } catch {
    throw invalidInput(`Invalid cursor: ${CURSOR_RULE}`, [{ field: 'cursor', rule: CURSOR_RULE }]);
  }
  const position = positionSchema.safeParse(parsed);
  if (!position.success) throw invalidInput(`Invalid cursor: ${CURSOR_RULE}`, [{ field: 'cursor', rule: CURSOR_RULE }]);
  return { createdAt: new Date(position.data.c), id: position.data.i };
}

/** Rows after `position` in (createdAt desc, id desc) order, as a Prisma where clause. */
export function afterPosition(position: KeysetPosition | undefined) {
  if (!position) return {};
  return { OR: [{ createdAt: { lt: position.createdAt } }, { createdAt: position.createdAt, id: { lt: position.id } }] };
}

/**
 * One page from `limit + 1` rows read in (createdAt desc, id desc) order: the extra row only tells whether
 * another page follows, and the cursor points after the last row shown.
 */
export function pageOf<Row extends KeysetPosition>(rows: readonly Row[], limit: number): { rows: Row[]; nextCursor: string | null } {
  const shown = rows.slice(0, limit);
  const last = shown.at(-1);
  return { rows: shown, nextCursor: rows.length > limit && last ? encodeCursor(last) : null };
}
