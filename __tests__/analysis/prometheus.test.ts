/**
 * The prometheus provider against a real Prometheus (Debian package `prometheus`, installed by .ci/run),
 * started here on 127.0.0.1 with its own config and storage, scraping the sample service every 250 ms.
 */
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { systemClock } from '../../src/adapters/clock.js';
import { httpClient } from '../../src/adapters/http.js';
import { measurePrometheus } from '../../src/analysis/providers/prometheus.js';
import { runAnalysis } from '../../src/analysis/runner.js';
import type { AnalysisSpec, Reading } from '../../src/analysis/types.js';
import { startSampleService, startTraffic, type SampleService } from '../../support/sample-service/index.js';
import { metric } from './fakes.js';

const PROMETHEUS = process.env.PROMETHEUS_BIN ?? '/usr/bin/prometheus';
const ERROR_RATE = `sum(rate(http_requests_total{code=~"5.."}[2s])) / sum(rate(http_requests_total[2s])) * 100`;

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = net.createServer();
    s.once('error', reject);
    s.listen(0, '127.0.0.1', () => {
      const port = (s.address() as net.AddressInfo).port;
      s.close(() => resolve(port));
    });
  });
}

async function until<T>(what: string, f: () => Promise<T | undefined>, timeoutMs = 20_000): Promise<T> {
  const end = Date.now() + timeoutMs;
  for (;;) {
    const v = await f().catch(() => undefined);
    if (v !== undefined) return v;
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 150));
  }
}

describe('prometheus provider against a real Prometheus', () => {
  let svc: SampleService;
  let stopTraffic: () => Promise<void>;
  let prom: ChildProcess;
  let dir: string;
  let address: string;
  let log = '';
  const query = (q: string): Promise<Reading> =>
    measurePrometheus({ address, query: q, headers: {} }, { timeoutMs: 2000 }, { http: httpClient });

  beforeAll(async () => {
    if (!existsSync(PROMETHEUS))
      throw new Error(
        `${PROMETHEUS} is missing: apt-get install -y prometheus (scripts/setup-services.sh prometheus does, as npm test's setup)`,
      );
    svc = await startSampleService({ version: 'v1.0.0' });
    stopTraffic = startTraffic(svc.url, { intervalMs: 5 });
    dir = mkdtempSync(path.join(os.tmpdir(), 'ro-prom-'));
    const port = await freePort();
    address = `http://127.0.0.1:${port}`;
    writeFileSync(
      path.join(dir, 'prometheus.yml'),
      [
        'global:',
        '  scrape_interval: 250ms',
        '  scrape_timeout: 200ms',
        'scrape_configs:',
        '  - job_name: sample',
        '    static_configs:',
        `      - targets: ['127.0.0.1:${svc.port}']`,
        '',
      ].join('\n'),
    );
    prom = spawn(
      PROMETHEUS,
      [
        `--config.file=${path.join(dir, 'prometheus.yml')}`,
        `--storage.tsdb.path=${path.join(dir, 'data')}`,
        `--web.listen-address=127.0.0.1:${port}`,
        '--log.level=warn',
      ],
      { stdio: ['ignore', 'ignore', 'pipe'] },
    );
    prom.stderr!.on('data', (d) => (log += d));
    await until('Prometheus to be ready', async () =>
      (await httpClient.request({ url: `${address}/-/ready`, timeoutMs: 1000 })).status === 200
        ? true
        : undefined,
    ).catch((err: Error) => {
      throw new Error(`${err.message}\n${log}`);
    });
    // Wait until the sample service has been scraped often enough for rate() to have a value.
    await until(
      'the first scrapes',
      async () => ((await query('sum(rate(http_requests_total[2s]))')).values.result ?? 0) > 0 || undefined,
    );
  }, 40_000);

  afterAll(async () => {
    prom?.kill('SIGTERM');
    if (prom && prom.exitCode === null) await new Promise((r) => prom.once('exit', r));
    await stopTraffic?.();
    await svc?.close();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  it('an empty result (no 5xx series exists yet) is inconclusive, never a pass', async () => {
    const r = await query(ERROR_RATE);
    expect(r).toEqual({ values: {}, inconclusive: 'the query returned an empty result (no series matched)' });
    const spec: AnalysisSpec = {
      intervalMs: 200,
      windowMs: 600,
      metrics: [
        metric(
          'errors',
          { kind: 'prometheus', address, query: ERROR_RATE, timeoutMs: 2000 },
          ['result <= 2'],
          { inconclusive_limit: 1 },
        ),
      ],
    };
    const a = await runAnalysis(
      spec,
      { clock: systemClock, http: httpClient, signal: new AbortController().signal },
      { label: 'step 1' },
    );
    expect(a.decision).toBe('inconclusive');
    expect(a.ticks).toBe(2);
    expect(a.reason).toBe(
      'errors: 2 inconclusive measurements (limit 1); last: the query returned an empty result (no series matched)',
    );
  });

  it('NaN (0/0) is inconclusive', async () => {
    expect((await query('vector(0) / vector(0)')).inconclusive).toBe(
      'the query returned NaN (not a finite number)',
    );
  });

  it('a real error rate fails the analysis at its first measurement (failure_limit 0)', async () => {
    svc.inject({ errorRatePct: 20 });
    await until(
      'the error rate to show',
      async () => ((await query(ERROR_RATE)).values.result ?? 0) > 5 || undefined,
    );
    const spec: AnalysisSpec = {
      intervalMs: 200,
      windowMs: 1000,
      metrics: [
        metric('errors', { kind: 'prometheus', address, query: ERROR_RATE, timeoutMs: 2000 }, [
          'result <= 2',
        ]),
      ],
    };
    const a = await runAnalysis(
      spec,
      { clock: systemClock, http: httpClient, signal: new AbortController().signal },
      { label: 'step 2' },
    );
    expect(a.decision).toBe('failed');
    expect(a.ticks).toBe(1);
    expect(a.measurements[0]!.values.result).toBeGreaterThan(5);
    expect(a.reason).toMatch(/^errors: result \d+(\.\d+)? > 2 on 1 of 1 measurement \(limit 0\)$/);
  });

  it('a query error from Prometheus is an error measurement', async () => {
    await expect(query('sum(rate(http_requests_total[2s]')).rejects.toThrow(
      /Prometheus query failed \(bad_data: /,
    );
  });
});
