/** Spearman's ρ between start order (the array's order) and finish order, from completion times (no ties). */
export function spearmanStartToFinish(completedMs: readonly number[]): number {
  const n = completedMs.length;
  if (n < 2) return 1;
  const finishRank = new Array<number>(n);
  [...completedMs.keys()].sort((a, b) => completedMs[a]! - completedMs[b]!).forEach((jobIndex, rank) => (finishRank[jobIndex] = rank));
  const squaredDifferences = finishRank.reduce((sum, rank, startRank) => sum + (rank - startRank) ** 2, 0);
  return 1 - (6 * squaredDifferences) / (n * (n * n - 1));
}
