/**
 * Percentiles by the nearest-rank method, for the gate's http check and the analysis's http provider:
 * the p-th percentile of n sorted values is the value at rank ⌈p/100 × n⌉ (1-based). It is always one
 * of the measured values — never interpolated — so a reported p95 is a latency some request really had.
 * No values, no percentile: null, never NaN (a NaN compares false with every limit and would read as a
 * pass in one place and a failure in another).
 */
export function percentile(sortedAsc: readonly number[], p: number): number | null {
  if (sortedAsc.length === 0) return null;
  const rank = Math.max(1, Math.ceil((p / 100) * sortedAsc.length));
  return sortedAsc[Math.min(rank, sortedAsc.length) - 1]!;
}
