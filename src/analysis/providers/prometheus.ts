/**
 * `prometheus` provider: an instant query against a Prometheus HTTP API (`GET <address>/api/v1/query`).
 * A scalar, or a vector with exactly one sample, gives the value `result`. An empty vector (a classic:
 * `sum(rate(x{code=~"5.."}[1m]))` is empty while there are no 5xx at all), NaN (0/0) or ±Inf, or a
 * vector with several series is inconclusive — never a pass. Unreachable, non-2xx or
 * `"status":"error"` answers are error measurements.
 */
import { HttpError, type HttpClient } from '../../ports/index.js';
import { ProviderError, type Reading } from '../types.js';

export function queryUrl(address: string, query: string): string {
  return `${address.replace(/\/+$/, '')}/api/v1/query?query=${encodeURIComponent(query)}`;
}

export async function measurePrometheus(
  target: { address: string; query: string; headers: Record<string, string> },
  opts: { timeoutMs: number },
  deps: { http: HttpClient; signal?: AbortSignal },
): Promise<Reading> {
  const url = queryUrl(target.address, target.query);
  let res;
  try {
    res = await deps.http.request({
      url,
      headers: { accept: 'application/json', ...target.headers },
      timeoutMs: opts.timeoutMs,
      signal: deps.signal,
    });
  } catch (err) {
    if (!(err instanceof HttpError)) throw err;
    throw new ProviderError(`Prometheus at ${target.address} unreachable: ${err.message}`);
  }
  let body: any;
  try {
    body = JSON.parse(res.body);
  } catch {
    throw new ProviderError(`Prometheus at ${target.address} answered ${res.status} without JSON`);
  }
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
