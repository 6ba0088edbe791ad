/**
 * `json` provider (the cutover runbook's metrics URL): GET a URL that answers JSON and read numbers by dotted path
 * (`error_rate_pct`, `data.latency.p95_ms`, `items[0].value`). The paths read are the ones the metric's
 * conditions name. A missing, null or non-numeric value makes the measurement inconclusive; a non-2xx
 * answer, a network failure or a body that is not JSON is an error measurement.
 */
import * as z from 'zod';
import { headers, httpUrl } from '../../config/schema/common.js';
import { HttpError, type HttpClient } from '../../ports/index.js';
import { readPath } from '../../shared/json-path.js';
import { ProviderError, type Reading } from '../types.js';
import { valuesRead, type Provider } from './provider.js';

export interface JsonSpec {
  url: string;
  headers: Record<string, string>;
  timeoutMs: number;
  baseline?: { url: string; headers: Record<string, string> };
}

const keys = {
  url: httpUrl,
  headers: headers.optional(),
  baseline: z
    .strictObject({ url: httpUrl, headers: headers.optional() })
    .optional()
    .meta({ description: 'The stable version, read the same way at the same moment' }),
};

export const jsonProvider: Provider<'json', typeof keys, JsonSpec> = {
  name: 'json',
  summary: '`GET url` answering JSON; any number by dotted path',
  keys,
  values: null,
  baselineExample: 'baseline: { url: "http://stable.internal/metrics.json" }',
  checkJudge(j, { entry }, issue) {
    if (j.kind === 'latency' && j.value === undefined)
      issue(
        entry,
        'a json metric has no raw samples: name the value to judge, e.g. value: p95_ms (one number per side per interval)',
      );
    if (j.kind === 'count' && (j.events === undefined || j.trials === undefined))
      issue(
        entry,
        'kind count on a json metric needs events and trials: the dotted paths of the counts in the last interval, e.g. events: errors, trials: requests',
      );
  },
  resolve(m, t) {
    return {
      url: t.url(m.url, ['url']),
      headers: t.headers(m.headers, ['headers']),
      timeoutMs: m.timeout,
      ...(m.baseline
        ? {
            baseline: {
              url: t.url(m.baseline.url, ['baseline', 'url']),
              headers: t.headers(m.baseline.headers, ['baseline', 'headers']),
            },
          }
        : {}),
    };
  },
  measure(spec, source, metric, deps) {
    const target = source === 'baseline' && spec.baseline ? spec.baseline : spec;
    return measureJson(
      { url: target.url, headers: target.headers },
      valuesRead(metric),
      { timeoutMs: spec.timeoutMs },
      deps,
    );
  },
  hasBaseline: (spec) => spec.baseline !== undefined,
  describe: (spec, source) => `GET ${source === 'baseline' && spec.baseline ? spec.baseline.url : spec.url}`,
  maxReadingMs: (spec) => spec.timeoutMs,
};

/** A finite number, or a string holding one ("2.5"); anything else is not a number. */
export function toNumber(v: unknown): number | undefined {
  if (typeof v === 'number') return Number.isFinite(v) ? v : undefined;
  if (typeof v === 'string' && v.trim() !== '' && Number.isFinite(Number(v))) return Number(v);
  return undefined;
}

export async function measureJson(
  target: { url: string; headers: Record<string, string> },
  paths: string[],
  opts: { timeoutMs: number },
  deps: { http: HttpClient; signal?: AbortSignal },
): Promise<Reading> {
  let res;
  try {
    res = await deps.http.request({
      url: target.url,
      headers: { accept: 'application/json', ...target.headers },
      timeoutMs: opts.timeoutMs,
      signal: deps.signal,
    });
  } catch (err) {
    if (!(err instanceof HttpError)) throw err; // the HttpClient rejects only with HttpError: anything else is a bug
    throw new ProviderError(`GET ${target.url} failed: ${err.message}`);
  }
  if (res.status < 200 || res.status > 299)
    throw new ProviderError(`GET ${target.url} answered ${res.status}`);
  let data: unknown;
  try {
    data = JSON.parse(res.body);
  } catch {
    throw new ProviderError(
      // described, not quoted: an error page may echo a request header, and this text is shortened
      // before any redaction could see the whole of a secret in it
      `GET ${target.url} did not answer JSON (${/^\s*</.test(res.body) ? 'an HTML or XML page' : 'text'}, ${res.body.length} bytes)`,
    );
  }
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
