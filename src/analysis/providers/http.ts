/**
 * `http` provider: probes a URL `samples` times per measurement and reports what the samples saw:
 * error_rate_pct (answers outside expect_status, timeouts and refused connections all count as errors),
 * p50_ms, p95_ms, p99_ms, max_ms, mean_ms (over every sample, a timed-out one counting its timeout),
 * samples and errors. The probed service being down is data (100 % errors), not an error measurement.
 */
import { setMaxListeners } from 'node:events';
import { HttpError, type HttpClient } from '../../ports/index.js';
import { latencySummary } from '../stats.js';
import type { ProviderSpec, Reading } from '../types.js';

type HttpSpec = Extract<ProviderSpec, { kind: 'http' }>;

export async function measureHttp(
  spec: Pick<HttpSpec, 'method' | 'expectStatus' | 'samples' | 'concurrency' | 'timeoutMs'>,
  target: { url: string; headers: Record<string, string> },
  deps: { http: HttpClient; signal?: AbortSignal },
): Promise<Reading> {
  const latencies: number[] = [];
  const failures = new Map<string, number>();
  let next = 0;
  // One listener on the run's signal per measurement, not one per request in flight: with a baseline
  // source and `concurrency` above 5 the run's signal would otherwise exceed Node's 10-listener warning.
  const parent = deps.signal;
  const local = new AbortController();
  setMaxListeners(spec.concurrency + 10, local.signal);
  const onAbort = () => local.abort(parent?.reason);
  if (parent?.aborted) onAbort();
  else parent?.addEventListener('abort', onAbort, { once: true });
  const signal = local.signal;
  const one = async () => {
    while (next < spec.samples) {
      next++;
      if (signal.aborted) return;
      try {
        const res = await deps.http.request({
          method: spec.method,
          url: target.url,
          headers: target.headers,
          timeoutMs: spec.timeoutMs,
          signal,
          maxBodyBytes: 64 * 1024,
        });
        latencies.push(res.durationMs);
        if (!spec.expectStatus.includes(res.status))
          failures.set(String(res.status), (failures.get(String(res.status)) ?? 0) + 1);
      } catch (err) {
        if (!(err instanceof HttpError)) throw err;
        if (err.code === 'aborted') return;
        const e = err;
        latencies.push(e.durationMs ?? spec.timeoutMs);
        const key = e.code === 'timeout' ? 'timeout' : e.message;
        failures.set(key, (failures.get(key) ?? 0) + 1);
      }
    }
  };
  try {
    await Promise.all(Array.from({ length: Math.max(1, Math.min(spec.concurrency, spec.samples)) }, one));
  } finally {
    parent?.removeEventListener('abort', onAbort);
  }
  const total = latencies.length;
  if (total === 0) return { values: {}, inconclusive: 'no sample completed' };
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
