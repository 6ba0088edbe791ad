/** Summary statistics for samples. Percentiles use the nearest-rank method (docs/analysis.md#http). */
export function percentile(sorted: number[], p: number): number {
  if (sorted.length === 0) return NaN;
  const rank = Math.ceil((p / 100) * sorted.length);
  return sorted[Math.min(sorted.length, Math.max(1, rank)) - 1]!;
}

export function latencySummary(latencies: number[]): Record<string, number> {
  if (latencies.length === 0) return {};
  const sorted = [...latencies].sort((a, b) => a - b);
  const round = (n: number) => Math.round(n * 100) / 100;
  return {
    p50_ms: round(percentile(sorted, 50)),
    p95_ms: round(percentile(sorted, 95)),
    p99_ms: round(percentile(sorted, 99)),
    max_ms: round(sorted[sorted.length - 1]!),
    mean_ms: round(sorted.reduce((a, b) => a + b, 0) / sorted.length),
  };
}
