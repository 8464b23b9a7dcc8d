import type { Payload, PayloadCodec } from '@temporalio/common';

function isPayload(value: object): value is Payload {
  const { metadata } = value as { metadata?: unknown };
  return typeof metadata === 'object' && metadata !== null && !Array.isArray(metadata) && Object.values(metadata).every((item) => item instanceof Uint8Array);
}

/**
 * Decodes, in place, every payload anywhere in a fetched history (inputs, results, memo, summaries,
 * failure details), so a saved history replays on any machine without the key it was written under.
 */
export async function decodeHistoryPayloads<T extends object>(history: T, codec: PayloadCodec): Promise<T> {
  const pending: Promise<void>[] = [];
  const visit = (value: unknown): void => {
    if (typeof value !== 'object' || value === null || value instanceof Uint8Array) return;
    if (Array.isArray(value)) {
      value.forEach(visit);
      return;
    }
    if (isPayload(value)) {
      pending.push(
        codec.decode([value]).then(([decoded]) => {
          value.metadata = decoded!.metadata;
          value.data = decoded!.data;
        }),
      );
      return;
    }
    Object.values(value).forEach(visit);
  };
  visit(history);
  await Promise.all(pending);
  return history;
}
