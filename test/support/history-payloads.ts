import type { temporal } from '@temporalio/proto';

export interface LargestPayload {
  /** Payload bytes (data and metadata, as stored: encrypted) of the event that carries the most. */
  bytes: number;
  eventId: string;
  eventType: string;
}

/**
 * The history event carrying the most payload bytes: inputs, results, heartbeat details, memo, failures. Temporal
 * refuses a payload above 2 MB and warns from 256 KB per event in the SDK's defaults; a plan from a 50,000-track
 * filter must stay far below both, which only holds if the pool never travels.
 */
export function largestHistoryPayload(history: temporal.api.history.v1.IHistory): LargestPayload {
  let largest: LargestPayload = { bytes: 0, eventId: '', eventType: '' };
  for (const event of history.events ?? []) {
    const bytes = payloadBytes(event);
    if (bytes > largest.bytes) largest = { bytes, eventId: String(event.eventId), eventType: String(event.eventType) };
  }
  return largest;
}

function payloadBytes(value: unknown): number {
  if (value === null || typeof value !== 'object') return 0;
  if (value instanceof Uint8Array) return 0;
  const record = value as Record<string, unknown>;
  if (record.data instanceof Uint8Array) {
    const metadata = Object.values((record.metadata ?? {}) as Record<string, Uint8Array>).reduce((sum, item) => sum + (item?.length ?? 0), 0);
    return record.data.length + metadata;
  }
  let total = 0;
  for (const item of Object.values(record)) total += payloadBytes(item);
  return total;
}
