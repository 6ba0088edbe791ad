/**
 * From what the analysis' providers record per measurement (`Samples` in src/analysis/types.ts:
 * { latenciesMs, errors, total }) to a judge batch, so that the loop needs one line per metric.
 * The shape is repeated here (structurally) to keep the judge free of the loop's types.
 */
import type { JudgeKind, MetricData } from './judge.js';

export interface ProviderSamples {
  latenciesMs: readonly number[];
  errors: number;
  total: number;
}

/**
 * The judge batch of one metric for one interval, or undefined when either side has nothing (the judge
 * then keeps what it had: a missing interval is no data, not a pass).
 */
export function batchFromSamples(
  kind: JudgeKind,
  canary: ProviderSamples | undefined,
  baseline: ProviderSamples | undefined,
): MetricData | undefined {
  if (!canary || !baseline) return undefined;
  if (kind === 'latency') return { canary: canary.latenciesMs, baseline: baseline.latenciesMs };
  return {
    canary: { events: canary.errors, trials: canary.total },
    baseline: { events: baseline.errors, trials: baseline.total },
  };
}
