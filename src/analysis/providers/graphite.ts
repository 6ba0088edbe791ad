/**
 * `graphite` provider: Graphite's render API (`GET <address>/render?target=…&from=-<range>&until=now
 * &format=json`). The answer is a list of series, each `{ target, datapoints: [[value | null, epoch s]…] }`.
 * The target must give exactly one series (combine several with sumSeries(…), maxSeries(…)); its
 * non-null points are reduced to the value `result` (`reduce`: the last one by default, or their avg,
 * min, max or sum). No series, several series, or only nulls in the range is inconclusive — never a
 * pass. Unreachable, non-2xx, or an answer that is not the render API's shape is an error measurement.
 */
import * as z from 'zod';
import { duration, headers, httpUrl } from '../../config/schema/common.js';
import type { HttpClient } from '../../ports/index.js';
import { REDUCTIONS, reduceSeries, type Reduction } from '../../shared/series.js';
import { ProviderError, type Reading } from '../types.js';
import { baselineKey, hasBaseline, resolvedBaseline, sideOf } from './baseline.js';
import { describeBody, getJson, parseJsonBody } from './json-api.js';
import { resultOnlyJudge, type Provider } from './provider.js';

export interface GraphiteTarget {
  address: string;
  target: string;
  /** How far back the render reads, ms (`from=-<s>s`). */
  rangeMs: number;
  reduce: Reduction;
  headers: Record<string, string>;
}

export function renderUrl(t: Pick<GraphiteTarget, 'address' | 'target' | 'rangeMs'>): string {
  const from = `-${Math.max(1, Math.round(t.rangeMs / 1000))}s`;
  return `${t.address.replace(/\/+$/, '')}/render?target=${encodeURIComponent(t.target)}&from=${from}&until=now&format=json`;
}

export interface GraphiteSpec extends GraphiteTarget {
  timeoutMs: number;
  baseline?: { target: string };
}

const keys = {
  address: httpUrl.meta({
    description: 'The Graphite web server (its render API), e.g. http://graphite:8080',
  }),
  target: z.string().min(1).meta({
    description: 'A render target giving one series, e.g. sumSeries(shop.checkout.*.errors)',
  }),
  from: duration()
    .default(300_000)
    .meta({ description: 'How far back the render reads (from=-<from>, until=now; default 5m)' }),
  reduce: z.enum(REDUCTIONS).default('last').meta({
    description:
      "How the series' non-null points become result: last (default: the newest), avg, min, max or sum",
  }),
  headers: headers.optional(),
  baseline: baselineKey(
    { target: z.string().min(1) },
    'The same measure for the stable version, rendered at the same moment',
  ),
};

export const graphiteProvider: Provider<'graphite', typeof keys, GraphiteSpec> = {
  name: 'graphite',
  summary: "Graphite's render API; one series' points reduced to one number, `result`",
  keys,
  values: ['result'],
  baselineExample: "baseline: { target: 'sumSeries(shop.checkout.stable.errors)' }",
  defaultJudgeValue: 'result',
  checkJudge: resultOnlyJudge(
    'kind count is not supported for graphite: it needs events and trials per side and interval, which one series does not give. Judge the series value with kind: latency, or count errors with an http metric',
    'a graphite metric has one value, "result" (the default)',
  ),
  resolve(m, t) {
    return {
      address: t.url(m.address, ['address']),
      target: m.target,
      rangeMs: m.from,
      reduce: m.reduce,
      headers: t.headers(m.headers, ['headers']),
      timeoutMs: m.timeout,
      ...resolvedBaseline(m.baseline, (b) => ({ target: b.target })),
    };
  },
  measure(spec, source, _metric, deps) {
    const target = sideOf(spec, source).target;
    return measureGraphite({ ...spec, target }, { timeoutMs: spec.timeoutMs }, deps);
  },
  hasBaseline,
  describe: (spec, source) =>
    `${spec.address} ${sideOf(spec, source).target} (${spec.reduce}, last ${Math.round(spec.rangeMs / 1000)}s)`,
  maxReadingMs: (spec) => spec.timeoutMs,
};

type Point = [number | null, number];

/** The render API's JSON, checked: a list of series with [value | null, time] points; null otherwise. */
function parseSeries(data: unknown): { target: string; points: Point[] }[] | string {
  if (!Array.isArray(data)) return `a ${data === null ? 'null' : typeof data} instead of a list of series`;
  const out: { target: string; points: Point[] }[] = [];
  for (const [i, s] of data.entries()) {
    if (!s || typeof s !== 'object' || !Array.isArray((s as { datapoints?: unknown }).datapoints))
      return `series ${i} has no datapoints list`;
    const { target, datapoints } = s as { target?: unknown; datapoints: unknown[] };
    const points: Point[] = [];
    for (const p of datapoints) {
      if (
        !Array.isArray(p) ||
        p.length < 2 ||
        (p[0] !== null && typeof p[0] !== 'number') ||
        typeof p[1] !== 'number'
      )
        return `series ${i} has a datapoint that is not [value or null, time]`;
      points.push([p[0] as number | null, p[1] as number]);
    }
    out.push({ target: typeof target === 'string' ? target : `series ${i}`, points });
  }
  return out;
}

/** Graphite's own reason for a refused render ("Invalid parameters (…)"), which names no header. */
function refusal(body: string): string {
  const m = /^Invalid parameters \(([^()\n]{1,200})\)/.exec(body);
  if (m) return `: ${m[1]}`;
  return ` (${describeBody(body)})`;
}

export async function measureGraphite(
  t: GraphiteTarget,
  opts: { timeoutMs: number },
  deps: { http: HttpClient; signal?: AbortSignal },
): Promise<Reading> {
  const res = await getJson(
    { url: renderUrl(t), headers: t.headers, ...opts },
    deps,
    `Graphite at ${t.address} unreachable`,
  );
  if (res.status < 200 || res.status > 299)
    throw new ProviderError(`Graphite render answered ${res.status}${refusal(res.body)}`);
  const series = parseSeries(parseJsonBody(res.body, 'Graphite render did not answer JSON'));
  if (typeof series === 'string')
    throw new ProviderError(`Graphite render answered an unexpected shape: ${series}`);
  const range = `${Math.round(t.rangeMs / 1000)}s`;
  if (series.length === 0)
    return { values: {}, inconclusive: `the target matched no series in the last ${range}` };
  if (series.length > 1)
    return {
      values: {},
      inconclusive: `the target returned ${series.length} series; combine them into one (e.g. sumSeries(…) or maxSeries(…))`,
    };
  return reduceSeries(
    series[0]!.points.map(([v]) => v),
    t.reduce,
    range,
  );
}
