/** Latency summaries of a reading's samples. Percentiles are nearest-rank (docs/analysis.md#http). */
import { percentile } from '../shared/stats.js';

export function latencySummary(latencies: number[]): Record<string, number> {
  if (latencies.length === 0) return {};
  const sorted = [...latencies].sort((a, b) => a - b);
  const round = (n: number) => Math.round(n * 100) / 100;
  // never null: there is at least one sample
  const pct = (p: number) => round(percentile(sorted, p)!);
  return {
    p50_ms: pct(50),
    p95_ms: pct(95),
    p99_ms: pct(99),
    max_ms: round(sorted[sorted.length - 1]!),
    mean_ms: round(sorted.reduce((a, b) => a + b, 0) / sorted.length),
  };
}
