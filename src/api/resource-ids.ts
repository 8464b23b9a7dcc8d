import { createHmac, randomUUID } from 'node:crypto';

export type ResourceKind = 'generation' | 'plan';

/**
 * The id of a job or plan. Without an Idempotency-Key every request is a new random id. With one, the id is
 * HMAC-SHA256 (keyed by the server's ID_SECRET) of kind, customer and key, shaped as a UUID (version 8, the
 * RFC 9562 version for custom layouts): the same customer and key always give the same id, so a retried submit
 * finds its job, while nobody without the secret can compute another customer's id and take it first.
 */
export function resourceIdFor(secret: Buffer, kind: ResourceKind, customerId: string, idempotencyKey: string | undefined): string {
  if (idempotencyKey === undefined) return randomUUID();
  const bytes = createHmac('sha256', secret).update(JSON.stringify([kind, customerId, idempotencyKey]), 'utf8').digest().subarray(0, 16);
  bytes[6] = (bytes[6]! & 0x0f) | 0x80;
  bytes[8] = (bytes[8]! & 0x3f) | 0x80;
  const hex = bytes.toString('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}
