/**
 * `prometheus` provider: an instant query against a Prometheus HTTP API (`GET <address>/api/v1/query`).
 * A scalar, or a vector with exactly one sample, gives the value `result`. An empty vector (a classic:
 * `sum(rate(x{code=~"5.."}[1m]))` is empty while there are no 5xx at all), NaN (0/0) or ±Inf, or a
 * vector with several series is inconclusive — never a pass. Unreachable, non-2xx or
 * `"status":"error"` answers are error measurements.
 */
import * as z from 'zod';
import { headers, httpUrl } from '../../config/schema/common.js';
import type { HttpClient } from '../../ports/index.js';
import { ProviderError, type Reading } from '../types.js';
import { hasBaseline, queryBaselineKey, resolvedBaseline, sideOf } from './baseline.js';
import { getJson, parseJsonBody } from './json-api.js';
import { resultOnlyJudge, type Provider } from './provider.js';

export interface PrometheusSpec {
  address: string;
  query: string;
  headers: Record<string, string>;
  timeoutMs: number;
  baseline?: { query: string };
}

const keys = {
  address: httpUrl.meta({ description: 'The Prometheus server, e.g. http://prometheus:9090' }),
  query: z.string().min(1).meta({ description: 'PromQL giving one number (a scalar or one series)' }),
  headers: headers.optional(),
  baseline: queryBaselineKey(),
};

export const prometheusProvider: Provider<'prometheus', typeof keys, PrometheusSpec> = {
  name: 'prometheus',
  summary: 'an instant PromQL query; its one number is `result`',
  keys,
  values: ['result'],
  baselineExample: 'baseline: { query: \'sum(rate(http_requests_total{track="stable"}[1m]))\' }',
  defaultJudgeValue: 'result',
  checkJudge: resultOnlyJudge(
    'kind count is not supported for prometheus: it needs events and trials per side and interval, which one instant query does not give. Judge the query value with kind: latency, or count errors with an http metric',
    'a prometheus metric has one value, "result" (the default)',
  ),
  resolve(m, t) {
    return {
      address: t.url(m.address, ['address']),
      query: m.query,
      headers: t.headers(m.headers, ['headers']),
      timeoutMs: m.timeout,
      ...resolvedBaseline(m.baseline, (b) => ({ query: b.query })),
    };
  },
  measure(spec, source, _metric, deps) {
    return measurePrometheus(
      { address: spec.address, query: sideOf(spec, source).query, headers: spec.headers },
      { timeoutMs: spec.timeoutMs },
      deps,
    );
  },
  hasBaseline,
  describe: (spec, source) => `${spec.address} ${sideOf(spec, source).query}`,
  maxReadingMs: (spec) => spec.timeoutMs,
};

export function queryUrl(address: string, query: string): string {
  return `${address.replace(/\/+$/, '')}/api/v1/query?query=${encodeURIComponent(query)}`;
}

export async function measurePrometheus(
  target: { address: string; query: string; headers: Record<string, string> },
  opts: { timeoutMs: number },
  deps: { http: HttpClient; signal?: AbortSignal },
): Promise<Reading> {
  const res = await getJson(
    { url: queryUrl(target.address, target.query), headers: target.headers, ...opts },
    deps,
    `Prometheus at ${target.address} unreachable`,
  );
  const body = parseJsonBody(
    res.body,
    `Prometheus at ${target.address} answered ${res.status} without JSON`,
  ) as any;
  if (res.status < 200 || res.status > 299 || body?.status !== 'success') {
    const why =
      typeof body?.error === 'string'
        ? `${body.errorType ?? 'error'}: ${body.error}`
        : `status ${res.status}`;
    throw new ProviderError(`Prometheus query failed (${why})`);
  }
  const data = body.data ?? {};
  let raw: unknown;
  if (data.resultType === 'scalar') {
    raw = Array.isArray(data.result) ? data.result[1] : undefined;
  } else if (data.resultType === 'vector') {
    const result = Array.isArray(data.result) ? data.result : [];
    if (result.length === 0)
      return { values: {}, inconclusive: 'the query returned an empty result (no series matched)' };
    if (result.length > 1) {
      return {
        values: {},
        inconclusive: `the query returned ${result.length} series; aggregate it to one (e.g. sum(…) or max(…))`,
      };
    }
    raw = result[0]?.value?.[1];
  } else {
    throw new ProviderError(
      `Prometheus query returned a ${String(data.resultType)}; expected a scalar or an instant vector`,
    );
  }
  const value = typeof raw === 'string' ? Number(raw) : NaN;
  if (!Number.isFinite(value))
    return { values: {}, inconclusive: `the query returned ${String(raw)} (not a finite number)` };
  return { values: { result: value }, detail: `result ${raw}` };
}
