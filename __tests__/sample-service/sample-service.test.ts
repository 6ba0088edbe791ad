import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { spawn } from 'node:child_process';
import path from 'node:path';
import { httpClient } from '../../src/adapters/http.js';
import {
  seededRandom,
  startSampleService,
  startTraffic,
  type SampleService,
} from '../../support/sample-service/index.js';
import { ROOT } from '../helpers/run-bundle.js';

const get = (url: string) => httpClient.request({ url, timeoutMs: 2000 });
const post = (url: string, body: unknown) =>
  httpClient.request({ method: 'POST', url, body: JSON.stringify(body), timeoutMs: 2000 });
const statuses = async (url: string, n: number) => {
  const out: number[] = [];
  for (let i = 0; i < n; i++) out.push((await get(url)).status);
  return out;
};

describe('sample service', () => {
  let svc: SampleService;
  beforeAll(async () => {
    svc = await startSampleService({ version: 'v1.0.0' });
  });
  afterAll(() => svc.close());

  it('serves /health, /ready and /version on 127.0.0.1', async () => {
    expect(svc.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    expect(JSON.parse((await get(`${svc.url}/health`)).body)).toEqual({ status: 'ok', version: 'v1.0.0' });
    expect((await get(`${svc.url}/ready`)).status).toBe(200);
    svc.setVersion('v1.1.0');
    expect(JSON.parse((await get(`${svc.url}/version`)).body)).toEqual({ version: 'v1.1.0' });
    svc.setVersion('v1.0.0');
  });

  it('injected error rates are deterministic: exactly every Nth request fails', async () => {
    svc.inject({ errorRatePct: 25 });
    expect(await statuses(`${svc.url}/health`, 8)).toEqual([200, 200, 200, 500, 200, 200, 200, 500]);
    svc.inject({ errorRatePct: 100 });
    expect(await statuses(`${svc.url}/`, 3)).toEqual([500, 500, 500]);
    svc.reset();
    expect(await statuses(`${svc.url}/health`, 3)).toEqual([200, 200, 200]);
  });

  it('random errors come from a seeded generator (repeatable noise)', async () => {
    const a = seededRandom(7);
    const b = seededRandom(7);
    const xs = Array.from({ length: 5 }, () => a());
    expect(Array.from({ length: 5 }, () => b())).toEqual(xs);
    svc.inject({ errorRatePct: 50, errorMode: 'random' });
    const seen = await statuses(`${svc.url}/health`, 40);
    expect(seen.filter((s) => s === 500).length).toBeGreaterThan(5);
    expect(seen.filter((s) => s === 200).length).toBeGreaterThan(5);
    svc.reset();
  });

  it('failNext fails exactly the next N requests; outage answers 503 but /ready too; metricsDown takes the metrics away', async () => {
    svc.inject({ failNext: 2 });
    expect(await statuses(`${svc.url}/health`, 4)).toEqual([500, 500, 200, 200]);
    svc.inject({ outage: true });
    expect(await statuses(`${svc.url}/ready`, 1)).toEqual([503]);
    expect((await get(`${svc.url}/metrics.json`)).status).toBe(200);
    svc.reset();
    svc.inject({ metricsDown: true });
    expect((await get(`${svc.url}/metrics.json`)).status).toBe(503);
    expect((await get(`${svc.url}/metrics`)).status).toBe(503);
    expect((await get(`${svc.url}/health`)).status).toBe(200);
    svc.reset();
  });

  it('injected latency delays answers', async () => {
    svc.inject({ latencyMs: 60, latencyJitterMs: 10 });
    const r = await get(`${svc.url}/health`);
    expect(r.durationMs).toBeGreaterThanOrEqual(59);
    svc.reset();
  });

  it('/metrics is Prometheus text fed by the traffic served; /metrics.json summarizes a recent window (the cutover runbook)', async () => {
    const fresh = await startSampleService({ version: 'v2', metricsWindowMs: 60_000 });
    try {
      expect(JSON.parse((await get(`${fresh.url}/metrics.json`)).body)).toMatchObject({
        error_rate_pct: null,
        p95_ms: null,
        requests: 0,
      });
      fresh.inject({ errorRatePct: 10 });
      await statuses(`${fresh.url}/`, 20);
      const text = (await get(`${fresh.url}/metrics`)).body;
      expect(text).toContain('# TYPE http_requests_total counter');
      expect(text).toMatch(/http_requests_total\{code="200"\} 18/);
      expect(text).toMatch(/http_requests_total\{code="500"\} 2/);
      expect(text).toContain('http_request_duration_seconds_bucket');
      const summary = JSON.parse((await get(`${fresh.url}/metrics.json`)).body);
      expect(summary).toMatchObject({ error_rate_pct: 10, requests: 20, version: 'v2' });
      expect(typeof summary.p95_ms).toBe('number');
    } finally {
      await fresh.close();
    }
  });

  it('POST /control sets the version and injects faults from another process', async () => {
    const r = JSON.parse(
      (await post(`${svc.url}/control`, { version: 'v9', inject: { errorRatePct: 100 } })).body,
    );
    expect(r).toMatchObject({ version: 'v9', inject: { errorRatePct: 100 } });
    expect((await get(`${svc.url}/health`)).status).toBe(500);
    expect(
      JSON.parse((await post(`${svc.url}/control`, { reset: true, version: 'v1.0.0' })).body).inject,
    ).toEqual({});
    expect((await post(`${svc.url}/control`, 'not json')).status).toBe(200);
    expect(
      (await httpClient.request({ method: 'POST', url: `${svc.url}/control`, body: '{', timeoutMs: 1000 }))
        .status,
    ).toBe(400);
  });

  it('startTraffic sends steady requests until stopped', async () => {
    const before = svc.requests;
    const stop = startTraffic(svc.url, { intervalMs: 2 });
    for (let i = 0; i < 100 && svc.requests - before <= 5; i++) await new Promise((r) => setTimeout(r, 50));
    await stop();
    const after = svc.requests;
    await new Promise((r) => setTimeout(r, 50));
    expect(svc.requests).toBe(after); // stopped means stopped
    expect(svc.requests - before).toBeGreaterThan(5);
  });

  it('deploy.mjs (the stand-in deploy program) drives /control, injecting a fault at one weight only', async () => {
    const run = (args: string[]) =>
      new Promise<number | null>((resolve) => {
        const p = spawn(
          process.execPath,
          [path.join(ROOT, 'support/sample-service/deploy.mjs'), '--url', svc.url, ...args],
          { stdio: 'ignore' },
        );
        p.on('close', resolve);
      });
    expect(
      await run(['--version', 'v1.1.0', '--weight', '10', '--inject-at', '25={"errorRatePct":100}']),
    ).toBe(0);
    expect((await get(`${svc.url}/health`)).status).toBe(200);
    expect(
      await run(['--version', 'v1.1.0', '--weight', '25', '--inject-at', '25={"errorRatePct":100}']),
    ).toBe(0);
    expect((await get(`${svc.url}/health`)).status).toBe(500);
    expect(await run(['--version', 'v1.0.0', '--reset', '--exit', '3'])).toBe(3);
    expect(JSON.parse((await get(`${svc.url}/health`)).body)).toEqual({ status: 'ok', version: 'v1.0.0' });
  });
});
