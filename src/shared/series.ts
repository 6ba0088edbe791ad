/**
 * Reducing a time series' points to the one number a condition compares: the newest, the mean, the
 * lowest, the highest or the sum of the points that hold a value (nulls — gaps in a partial series —
 * are left out before this). For the metric providers that read series (datadog, graphite).
 */
export const REDUCTIONS = ['last', 'avg', 'min', 'max', 'sum'] as const;
export type Reduction = (typeof REDUCTIONS)[number];

/**
 * One series' points in time order (null: a gap) reduced to `result`, with a detail saying how many
 * held a value; without any value in the range (`range`, e.g. "300s") the reading is inconclusive.
 */
export function reduceSeries(
  points: readonly (number | null)[],
  how: Reduction,
  range: string,
): { values: Record<string, number>; inconclusive?: string; detail?: string } {
  const values = points.filter((v): v is number => v !== null && Number.isFinite(v));
  if (values.length === 0)
    return {
      values: {},
      inconclusive: `the series has no value in the last ${range} (${points.length} points, all null)`,
    };
  const result = reducePoints(values, how);
  return { values: { result }, detail: `${how} of ${values.length}/${points.length} points: ${result}` };
}

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
