import { createHmac, timingSafeEqual } from 'node:crypto';
import { invalidInput } from './http-error';

/** Where a page ended: the last item's creation time and id, the keyset lists continue after. */
export interface ListPosition {
  createdAt: Date;
  id: string;
}

/** Each list signs its cursors apart, so one list's cursor is refused by another. */
export type ListKind = 'generations' | 'plans' | 'tracks' | 'webhook-deliveries';

const CURSOR_RULE = 'must be a nextCursor this list returned, unchanged';

function tag(secret: Buffer, kind: ListKind, payload: string): Buffer {
  return createHmac('sha256', secret).update(`list-cursor:${kind}:${payload}`, 'utf8').digest().subarray(0, 16);
}

/**
 * An opaque cursor: the position, base64url, and an HMAC of it under ID_SECRET, so a client can neither forge a
 * position nor carry one list's cursor to another; a cursor that does not check out is a 400 naming `cursor`.
 */
export function encodeCursor(secret: Buffer, kind: ListKind, position: ListPosition): string {
  const payload = Buffer.from(JSON.stringify([position.createdAt.getTime(), position.id]), 'utf8').toString('base64url');
  return `${payload}.${tag(secret, kind, payload).toString('base64url')}`;
}

export function decodeCursor(secret: Buffer, kind: ListKind, cursor: string): ListPosition {
  const refused = invalidInput(`Invalid cursor: ${CURSOR_RULE}`, [{ field: 'cursor', rule: CURSOR_RULE }]);
  const [payload, signature, ...rest] = cursor.split('.');
  if (!payload || !signature || rest.length > 0) throw refused;
  const given = Buffer.from(signature, 'base64url');
  const expected = tag(secret, kind, payload);
  if (given.length !== expected.length || !timingSafeEqual(given, expected)) throw refused;
  const [time, id] = JSON.parse(Buffer.from(payload, 'base64url').toString('utf8')) as [number, string];
  return { createdAt: new Date(time), id };
}
