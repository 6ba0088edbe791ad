/**
 * Reducing a time series' points to the one number a condition compares: the newest, the mean, the
 * lowest, the highest or the sum of the points that hold a value (nulls — gaps in a partial series —
 * are left out before this). For the metric providers that read series (datadog, graphite).
 */
export const REDUCTIONS = ['last', 'avg', 'min', 'max', 'sum'] as const;
export type Reduction = (typeof REDUCTIONS)[number];

/** `values` in time order, at least one. */
export function reducePoints(values: readonly number[], how: Reduction): number {
  switch (how) {
    case 'last':
      return values[values.length - 1]!;
    case 'avg':
      return values.reduce((a, b) => a + b, 0) / values.length;
    case 'min':
      return Math.min(...values);
    case 'max':
      return Math.max(...values);
    case 'sum':
      return values.reduce((a, b) => a + b, 0);
  }
}
