/**
 * `http` provider: probes a URL `samples` times per measurement and reports what the samples saw:
 * error_rate_pct (answers outside expect_status, timeouts and refused connections all count as errors),
 * p50_ms, p95_ms, p99_ms, max_ms, mean_ms (over every sample, a timed-out one counting its timeout),
 * samples and errors. The probed service being down is data (100 % errors), not an error measurement.
 */
import * as z from 'zod';
import { headers, httpUrl, positiveInt } from '../../config/schema/common.js';
import { HttpError } from '../../ports/index.js';
import { samplePool } from '../../shared/http-samples.js';
import { latencySummary } from '../stats.js';
import type { Reading } from '../types.js';
import { baselineKey, hasBaseline, resolvedBaseline, sideOf } from './baseline.js';
import { resolveUrlTarget, urlKeys, type UrlTarget } from './url-target.js';
import type { Provider, ProviderDeps } from './provider.js';

export interface HttpSpec {
  url: string;
  method: 'GET' | 'HEAD' | 'POST';
  headers: Record<string, string>;
  expectStatus: number[];
  samples: number;
  concurrency: number;
  timeoutMs: number;
  baseline?: UrlTarget;
}

const keys = {
  url: httpUrl,
  method: z.enum(['GET', 'HEAD', 'POST']).default('GET'),
  headers: headers.optional(),
  expect_status: z.array(z.number().int().min(100).max(599)).min(1).default([200]),
  samples: positiveInt.max(1000).default(5).meta({ description: 'Requests per measurement' }),
  concurrency: positiveInt
    .max(64)
    .default(1)
    .meta({ description: 'Requests of a measurement in flight at once' }),
  baseline: baselineKey(urlKeys(), 'The stable version, probed the same way at the same moment'),
};

export const httpProvider: Provider<'http', typeof keys, HttpSpec> = {
  name: 'http',
  summary: '`samples` requests to `url`; error rate and latency percentiles of what they saw',
  keys,
  values: ['error_rate_pct', 'p50_ms', 'p95_ms', 'p99_ms', 'max_ms', 'mean_ms', 'samples', 'errors'],
  baselineExample: 'baseline: { url: "http://stable.internal/checkout" }',
  checkJudge(j, { at }, issue) {
    if (j.value !== undefined)
      issue(
        at('value'),
        'the http provider judges its raw samples (every latency, errors out of requests); value is for json and prometheus metrics',
      );
    if (j.events !== undefined || j.trials !== undefined)
      issue(
        at(j.events !== undefined ? 'events' : 'trials'),
        'the http provider counts errors out of requests itself; events and trials are for json metrics',
      );
  },
  resolve(m, t) {
    const own = resolveUrlTarget(m, t);
    return {
      url: own.url,
      method: m.method,
      headers: own.headers,
      expectStatus: m.expect_status,
      samples: m.samples,
      concurrency: m.concurrency,
      timeoutMs: m.timeout,
      ...resolvedBaseline(m.baseline, (b) => resolveUrlTarget(b, t, ['baseline'])),
    };
  },
  measure(spec, source, _metric, deps) {
    const target = sideOf(spec, source);
    return measureHttp(spec, { url: target.url, headers: target.headers }, deps);
  },
  hasBaseline,
  describe: (spec, source) => `${spec.method} ${sideOf(spec, source).url} × ${spec.samples}`,
  maxReadingMs: (spec) => Math.ceil(spec.samples / Math.max(1, spec.concurrency)) * spec.timeoutMs,
  samplesPerReading: (spec) => spec.samples,
};

type HttpSample = { ms: number; failure?: string };

export async function measureHttp(
  spec: Pick<HttpSpec, 'method' | 'expectStatus' | 'samples' | 'concurrency' | 'timeoutMs'>,
  target: UrlTarget,
  deps: Pick<ProviderDeps, 'http' | 'signal'>,
): Promise<Reading> {
  const got = await samplePool<HttpSample>({
    samples: spec.samples,
    concurrency: spec.concurrency,
    signal: deps.signal,
    async send(_i, signal) {
      try {
        const res = await deps.http.request({
          method: spec.method,
          url: target.url,
          headers: target.headers,
          timeoutMs: spec.timeoutMs,
          signal,
          maxBodyBytes: 64 * 1024,
        });
        return spec.expectStatus.includes(res.status)
          ? { ms: res.durationMs }
          : { ms: res.durationMs, failure: String(res.status) };
      } catch (err) {
        if (!(err instanceof HttpError)) throw err;
        if (err.code === 'aborted') return undefined;
        return {
          ms: err.durationMs ?? spec.timeoutMs,
          failure: err.code === 'timeout' ? 'timeout' : err.message,
        };
      }
    },
  });
  return summarizeSamples(got);
}

/** What the samples saw: error rate, latency percentiles, and which failures how often. */
function summarizeSamples(got: HttpSample[]): Reading {
  const total = got.length;
  if (total === 0) return { values: {}, inconclusive: 'no sample completed' };
  const latencies = got.map((s) => s.ms);
  const failures = new Map<string, number>();
  for (const s of got) if (s.failure) failures.set(s.failure, (failures.get(s.failure) ?? 0) + 1);
  const errors = [...failures.values()].reduce((a, b) => a + b, 0);
  const what = [...failures.entries()].map(([k, n]) => `${n}× ${k}`).join(', ');
  return {
    values: {
      error_rate_pct: Math.round((errors / total) * 10000) / 100,
      ...latencySummary(latencies),
      samples: total,
      errors,
    },
    samples: { latenciesMs: latencies, errors, total },
    detail: errors ? `${total} samples, ${errors} failed (${what})` : `${total} samples`,
  };
}
