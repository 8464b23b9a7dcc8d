/**
 * Runs `work` over `items` with at most `limit` calls in flight: `limit` lanes each take the next item
 * when their previous one ends. Deterministic in a workflow, because the order in which activity results
 * resolve is replayed from history.
 */
export async function forEachBounded<T>(items: readonly T[], limit: number, work: (item: T) => Promise<void>): Promise<void> {
  let next = 0;
  const lane = async (): Promise<void> => {
    while (next < items.length) {
      const item = items[next++]!;
      await work(item);
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, lane));
}
