/**
 * Named metrics: the top-level `metrics:` map defines a metric once; `analysis`, `verify` and `watch`
 * list it by name (`- error-rate`) or start from it with overrides (`- { use: p95, conditions: […] }`:
 * each key written there replaces the definition's — lists and maps whole — and `name` renames the
 * use). This runs on the file as parsed, before the schema checks it, so every check of a metric —
 * its keys, its conditions, duplicate names in one analysis — sees the merged metric. A name that is
 * not defined is left as a `MetricRefProblem`, which the metric's schema reports at its line.
 * Plain data in, plain data out: no schema is loaded here.
 */

/** A reference the schema must refuse (see metricEntry in ./analysis.ts). */
export class MetricRefProblem {
  constructor(readonly message: string) {}
}

/** Where a merged entry came from, for messages about its definition. */
export const REF_ORIGIN = new WeakMap<object, { use: string; written: string[] }>();

type Raw = Record<string, unknown>;
const isMap = (v: unknown): v is Raw => typeof v === 'object' && v !== null && !Array.isArray(v);

/** The file with every metric reference replaced by the metric it names. */
export function resolveMetricRefs(data: unknown): unknown {
  if (!isMap(data)) return data;
  const defs = isMap(data.metrics) ? data.metrics : {};
  const out: Raw = {};
  for (const [k, v] of Object.entries(data)) out[k] = k === 'metrics' ? v : walk(v, defs);
  return out;
}

/** Any `metrics:` list below `v` (an analysis, a verification, a watch) with its references resolved. */
function walk(v: unknown, defs: Raw): unknown {
  if (!isMap(v)) return v;
  const out: Raw = {};
  for (const [k, x] of Object.entries(v))
    out[k] = k === 'metrics' && Array.isArray(x) ? x.map((e) => resolveEntry(e, defs)) : walk(x, defs);
  return out;
}

function resolveEntry(e: unknown, defs: Raw): unknown {
  const use = typeof e === 'string' ? e : isMap(e) && typeof e.use === 'string' ? e.use : undefined;
  if (use === undefined) return e;
  const def = Object.hasOwn(defs, use) ? defs[use] : undefined;
  if (!isMap(def)) {
    const known = Object.keys(defs);
    return new MetricRefProblem(
      known.length
        ? `no metric named "${use}" under the top-level metrics: (defined: ${known.join(', ')})`
        : `no metric named "${use}": define it under a top-level metrics: map (metrics: { ${use}: { provider: …, … } })`,
    );
  }
  const overrides = isMap(e) ? Object.fromEntries(Object.entries(e).filter(([k]) => k !== 'use')) : {};
  const merged = { name: use, ...def, ...overrides };
  REF_ORIGIN.set(merged, { use, written: Object.keys(overrides) });
  return merged;
}
