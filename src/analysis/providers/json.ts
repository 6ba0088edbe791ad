/**
 * `json` provider (the cutover runbook's metrics URL): GET a URL that answers JSON and read numbers by dotted path
 * (`error_rate_pct`, `data.latency.p95_ms`, `items[0].value`). The paths read are the ones the metric's
 * conditions name. A missing, null or non-numeric value makes the measurement inconclusive; a non-2xx
 * answer, a network failure or a body that is not JSON is an error measurement.
 */
import type { HttpClient } from '../../ports/index.js';
import { readPath } from '../../shared/json-path.js';
import { ProviderError, type Reading } from '../types.js';
import { baselineKey, hasBaseline, resolvedBaseline, sideOf } from './baseline.js';
import { getJson, parseJsonBody } from './json-api.js';
import { resolveUrlTarget, urlKeys, type UrlTarget } from './url-target.js';
import { namedValuesJudge, valuesRead, type Provider } from './provider.js';

export interface JsonSpec extends UrlTarget {
  timeoutMs: number;
  baseline?: UrlTarget;
}

const keys = {
  ...urlKeys(),
  baseline: baselineKey(urlKeys(), 'The stable version, read the same way at the same moment'),
};

export const jsonProvider: Provider<'json', typeof keys, JsonSpec> = {
  name: 'json',
  summary: '`GET url` answering JSON; any number by dotted path',
  keys,
  values: null,
  baselineExample: 'baseline: { url: "http://stable.internal/metrics.json" }',
  checkJudge: namedValuesJudge(
    'a json metric has no raw samples: name the value to judge, e.g. value: p95_ms (one number per side per interval)',
    'kind count on a json metric needs events and trials: the dotted paths of the counts in the last interval, e.g. events: errors, trials: requests',
  ),
  resolve(m, t) {
    return {
      ...resolveUrlTarget(m, t),
      timeoutMs: m.timeout,
      ...resolvedBaseline(m.baseline, (b) => resolveUrlTarget(b, t, ['baseline'])),
    };
  },
  measure(spec, source, metric, deps) {
    const target = sideOf(spec, source);
    return measureJson(
      { url: target.url, headers: target.headers },
      valuesRead(metric),
      { timeoutMs: spec.timeoutMs },
      deps,
    );
  },
  hasBaseline,
  describe: (spec, source) => `GET ${sideOf(spec, source).url}`,
  maxReadingMs: (spec) => spec.timeoutMs,
};

/** A finite number, or a string holding one ("2.5"); anything else is not a number. */
export function toNumber(v: unknown): number | undefined {
  if (typeof v === 'number') return Number.isFinite(v) ? v : undefined;
  if (typeof v === 'string' && v.trim() !== '' && Number.isFinite(Number(v))) return Number(v);
  return undefined;
}

export async function measureJson(
  target: UrlTarget,
  paths: string[],
  opts: { timeoutMs: number },
  deps: { http: HttpClient; signal?: AbortSignal },
): Promise<Reading> {
  const res = await getJson({ ...target, ...opts }, deps, `GET ${target.url} failed`);
  if (res.status < 200 || res.status > 299)
    throw new ProviderError(`GET ${target.url} answered ${res.status}`);
  const data = parseJsonBody(res.body, `GET ${target.url} did not answer JSON`);
  const values: Record<string, number> = {};
  const missing: string[] = [];
  for (const p of new Set(paths)) {
    const raw = readPath(data, p);
    const n = raw.found ? toNumber(raw.value) : undefined;
    if (n === undefined)
      missing.push(raw.found ? `${p} is ${JSON.stringify(raw.value)}, not a number` : `${p} is missing`);
    else values[p] = n;
  }
  return {
    values,
    ...(missing.length ? { inconclusive: missing.join('; ') } : {}),
    detail: `${res.status} in ${Math.round(res.durationMs)} ms`,
  };
}
