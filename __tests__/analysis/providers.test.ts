import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { httpClient } from '../../src/adapters/http.js';
import { measureHttp } from '../../src/analysis/providers/http.js';
import { measureJson, toNumber } from '../../src/analysis/providers/json.js';
import { measurePrometheus, queryUrl } from '../../src/analysis/providers/prometheus.js';
import { readPath } from '../../src/shared/json-path.js';
import { percentile } from '../../src/shared/stats.js';
import { ProviderError } from '../../src/analysis/types.js';
import { HttpError } from '../../src/ports/index.js';
import { startSampleService, type SampleService } from '../../support/sample-service/index.js';
import { FakeHttp, json } from './fakes.js';

const httpSpec = { method: 'GET' as const, expectStatus: [200], samples: 5, concurrency: 1, timeoutMs: 1000 };

describe('http provider', () => {
  it('turns samples into error_rate_pct and nearest-rank latency percentiles', async () => {
    const statuses = [200, 500, 200, 200, 200, 200, 200, 200, 200, 200];
    const http = new FakeHttp((_r, n) => ({ status: statuses[n - 1], durationMs: n * 10 }));
    const r = await measureHttp(
      { ...httpSpec, samples: 10 },
      { url: 'http://svc/health', headers: {} },
      { http },
    );
    expect(r.values).toEqual({
      error_rate_pct: 10,
      p50_ms: 50,
      p95_ms: 100,
      p99_ms: 100,
      max_ms: 100,
      mean_ms: 55,
      samples: 10,
      errors: 1,
    });
    expect(r.detail).toBe('10 samples, 1 failed (1× 500)');
    expect(r.samples).toEqual({
      latenciesMs: [10, 20, 30, 40, 50, 60, 70, 80, 90, 100],
      errors: 1,
      total: 10,
    });
  });
  it('a refused connection or a timeout is a failed sample (the service being down is data), with its duration', async () => {
    const http = new FakeHttp((_r, n) =>
      n === 1
        ? new HttpError('network', 'ECONNREFUSED', 2)
        : n === 2
          ? new HttpError('timeout', 'no complete response within 1000 ms', 1000)
          : { status: 200, durationMs: 5 },
    );
    const r = await measureHttp(
      { ...httpSpec, samples: 4 },
      { url: 'http://svc/health', headers: {} },
      { http },
    );
    expect(r.values.error_rate_pct).toBe(50);
    expect(r.values.max_ms).toBe(1000);
    expect(r.detail).toBe('4 samples, 2 failed (1× ECONNREFUSED, 1× timeout)');
  });
  it('sends exactly `samples` requests, at most `concurrency` at a time, with the headers', async () => {
    let inFlight = 0;
    let peak = 0;
    const http = new FakeHttp(async () => {
      peak = Math.max(peak, ++inFlight);
      await new Promise((r) => setTimeout(r, 5));
      inFlight--;
      return { status: 200 };
    });
    await measureHttp(
      { ...httpSpec, samples: 7, concurrency: 3 },
      { url: 'http://svc/x', headers: { authorization: 'Bearer t' } },
      { http },
    );
    expect(http.requests).toHaveLength(7);
    expect(peak).toBe(3);
    expect(http.requests[0]!.headers).toEqual({ authorization: 'Bearer t' });
  });
  it('percentile: nearest rank', () => {
    expect(percentile([1, 2, 3, 4, 5], 95)).toBe(5);
    expect(percentile([1, 2, 3, 4], 50)).toBe(2);
    expect(percentile([7], 99)).toBe(7);
    expect(percentile([], 50)).toBeNull();
  });
});

describe('http provider against the sample service', () => {
  let svc: SampleService;
  beforeAll(async () => {
    svc = await startSampleService({ version: 'v1' });
  });
  afterAll(() => svc.close());
  it('sees the injected error rate exactly (every Nth request) and the injected latency', async () => {
    svc.inject({ errorRatePct: 20, latencyMs: 30 });
    const r = await measureHttp(
      { ...httpSpec, samples: 10, concurrency: 2 },
      { url: `${svc.url}/health`, headers: {} },
      { http: httpClient },
    );
    expect(r.values.error_rate_pct).toBe(20);
    expect(r.values.p50_ms).toBeGreaterThanOrEqual(30);
    svc.reset();
  });
});

describe('json provider', () => {
  it('reads numbers by dotted path, array index and numeric string', async () => {
    const http = new FakeHttp(() =>
      json({ data: { latency: { p95_ms: '812.5' } }, items: [{ v: 3 }], error_rate_pct: 0.4 }),
    );
    const r = await measureJson(
      { url: 'http://m', headers: {} },
      ['error_rate_pct', 'data.latency.p95_ms', 'items[0].v'],
      { timeoutMs: 100 },
      { http },
    );
    expect(r.values).toEqual({ error_rate_pct: 0.4, 'data.latency.p95_ms': 812.5, 'items[0].v': 3 });
    expect(r.inconclusive).toBeUndefined();
    expect(http.requests[0]!.headers).toMatchObject({ accept: 'application/json' });
  });
  it('a missing, null or non-numeric value is inconclusive', async () => {
    const http = new FakeHttp(() => json({ error_rate_pct: null, p95_ms: 'fast' }));
    const r = await measureJson(
      { url: 'http://m', headers: {} },
      ['error_rate_pct', 'p95_ms', 'p99_ms'],
      { timeoutMs: 100 },
      { http },
    );
    expect(r.values).toEqual({});
    expect(r.inconclusive).toBe(
      'error_rate_pct is null, not a number; p95_ms is "fast", not a number; p99_ms is missing',
    );
  });
  it('non-2xx, network failure and non-JSON are errors (ProviderError)', async () => {
    const run = (a: ConstructorParameters<typeof FakeHttp>[0]) =>
      measureJson({ url: 'http://m/x', headers: {} }, ['v'], { timeoutMs: 100 }, { http: new FakeHttp(a) });
    await expect(run(() => ({ status: 503, body: '{}' }))).rejects.toThrow(
      new ProviderError('GET http://m/x answered 503'),
    );
    await expect(
      run(() => new HttpError('timeout', 'no complete response within 100 ms', 100)),
    ).rejects.toThrow('GET http://m/x failed: no complete response within 100 ms');
    await expect(run(() => ({ status: 200, body: '<html>oops</html>' }))).rejects.toThrow(
      'did not answer JSON (an HTML or XML page, 17 bytes)',
    );
    // an error page echoing a credential is described, never quoted (no prefix of it survives)
    const echoed = 'Authorization: Bearer ghp_0123456789abcdefghijklmnopqrstuvwxyz';
    const err = (await run(() => ({ status: 200, body: echoed })).catch((e: unknown) => e)) as Error;
    expect(err.message).toMatch(/did not answer JSON \(text, \d+ bytes\)/);
    expect(err.message).not.toContain('ghp_0123');
  });
  it('readPath / toNumber', () => {
    expect(readPath({ a: [{ b: 1 }] }, 'a[0].b')).toEqual({ found: true, value: 1 });
    expect(readPath({ a: { 0: 1 } }, 'a[0]')).toEqual({ found: false });
    expect(readPath({ a: 1 }, 'a.b')).toEqual({ found: false });
    expect([
      toNumber(1),
      toNumber('2.5'),
      toNumber(''),
      toNumber(NaN),
      toNumber(true),
      toNumber(null),
    ]).toEqual([1, 2.5, undefined, undefined, undefined, undefined]);
  });
});

describe('prometheus provider', () => {
  const run = (body: unknown, status = 200) =>
    measurePrometheus(
      { address: 'http://prom:9090/', query: 'sum(rate(x[1m]))', headers: {} },
      { timeoutMs: 100 },
      { http: new FakeHttp(() => json(body, status)) },
    );
  const vector = (...values: string[]) => ({
    status: 'success',
    data: {
      resultType: 'vector',
      result: values.map((v, i) => ({ metric: { i: String(i) }, value: [1, v] })),
    },
  });

  it('a vector with one sample, or a scalar, is the value `result`', async () => {
    expect((await run(vector('3.5'))).values).toEqual({ result: 3.5 });
    expect(
      (await run({ status: 'success', data: { resultType: 'scalar', result: [1, '0'] } })).values,
    ).toEqual({ result: 0 });
  });
  it('an empty result, NaN, ±Inf or several series are inconclusive — never a pass', async () => {
    expect(await run(vector())).toMatchObject({
      values: {},
      inconclusive: 'the query returned an empty result (no series matched)',
    });
    expect(await run(vector('NaN'))).toMatchObject({
      values: {},
      inconclusive: 'the query returned NaN (not a finite number)',
    });
    expect(await run(vector('+Inf'))).toMatchObject({ values: {} });
    expect((await run(vector('1', '2'))).inconclusive).toContain('returned 2 series');
  });
  it('an error answer or an unreachable server is an error measurement', async () => {
    await expect(
      run({ status: 'error', errorType: 'bad_data', error: 'parse error at char 5' }, 400),
    ).rejects.toThrow('Prometheus query failed (bad_data: parse error at char 5)');
    await expect(run({ status: 'success', data: { resultType: 'matrix', result: [] } })).rejects.toThrow(
      'returned a matrix',
    );
    const down = new FakeHttp(() => new HttpError('network', 'ECONNREFUSED', 1));
    await expect(
      measurePrometheus(
        { address: 'http://prom', query: 'up', headers: {} },
        { timeoutMs: 100 },
        { http: down },
      ),
    ).rejects.toThrow('Prometheus at http://prom unreachable: ECONNREFUSED');
  });
  it('an answer that is not JSON is described like every provider describes one, never quoted', async () => {
    const page = '<html>Bearer ghp_0123456789abcdefghijklmnopqrstuvwxyz</html>';
    const err = (await measurePrometheus(
      { address: 'http://prom', query: 'up', headers: {} },
      { timeoutMs: 100 },
      { http: new FakeHttp(() => ({ status: 502, body: page })) },
    ).catch((e: unknown) => e)) as Error;
    expect(err).toBeInstanceOf(ProviderError);
    expect(err.message).toBe(
      `Prometheus at http://prom answered 502 without JSON (an HTML or XML page, ${page.length} bytes)`,
    );
  });
  it('encodes the query into the instant-query URL', () => {
    expect(queryUrl('http://prom:9090/', `sum(rate(http_requests_total{code=~"5.."}[1m]))`)).toBe(
      'http://prom:9090/api/v1/query?query=sum(rate(http_requests_total%7Bcode%3D~%225..%22%7D%5B1m%5D))',
    );
  });
});
