/**
 * Preflight: before step 1, every metric of the analysis and of the verification is read once. One
 * that cannot be read at all (DNS, refused, 401, 5xx, an unparsable answer, every probe failing) stops
 * the run before anything is deployed — finding out after 10 % was deployed and rolled back is too
 * late. A metric that answers without a usable number yet (a latency with no traffic, an empty
 * series) is not refused here: the baseline and the analysis's inconclusive limit judge it.
 *
 * The analysis module is to export the shared `preflight(spec, deps) → problems[]`; this is the
 * canary's until it does (the same signature, so the swap is one import).
 */
import { hasBaselineSource, readMetric, type ProviderDeps } from '../analysis/providers/index.js';
import { ProviderError, type AnalysisSpec, type MetricSpec } from '../analysis/types.js';

/** The problems of the metrics of `spec` that cannot be read, each naming the metric. */
export async function preflight(spec: AnalysisSpec, deps: ProviderDeps): Promise<string[]> {
  const problems = await Promise.all(spec.metrics.map((m) => readOnce(m, deps)));
  return problems.flat();
}

async function readOnce(metric: MetricSpec, deps: ProviderDeps): Promise<string[]> {
  const label = (source: 'canary' | 'baseline') =>
    `${metric.name}${source === 'baseline' ? ' (baseline)' : ''}`;
  const read = async (source: 'canary' | 'baseline') => {
    try {
      const r = await readMetric(metric, source, deps);
      const bs = r.samples;
      if (bs && bs.total > 0 && bs.errors === bs.total)
        return [`${label(source)}: every sample failed (${r.detail ?? `${bs.total} samples`})`];
      return [];
    } catch (err) {
      if (!(err instanceof ProviderError)) throw err;
      return [`${label(source)}: ${err.message}`];
    }
  };
  const own = await read('canary');
  const base = hasBaselineSource(metric) ? await read('baseline') : [];
  return [...own, ...base];
}
