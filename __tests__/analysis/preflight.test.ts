/**
 * Preflight against real sources on loopback: every metric read once before anything is deployed, and
 * each one that cannot be read named with its place in the config.
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { FakeClock } from '../../src/adapters/clock.js';
import { httpClient } from '../../src/adapters/http.js';
import { describePreflightProblem, preflight } from '../../src/analysis/preflight.js';
import { resolveAnalysis } from '../../src/analysis/settings.js';
import { parseConfig } from '../../src/config/load.js';
import { Redactor } from '../../src/evidence/redact.js';
import { startSampleService, type SampleService } from '../../support/sample-service/index.js';

let svc: SampleService;
let guarded: http.Server;
let guardedUrl: string;
let closedPort: number;

beforeAll(async () => {
  svc = await startSampleService({ version: 'v1' });
  // a metrics endpoint that wants a token it is not given
  guarded = http.createServer((_req, res) => {
    res.writeHead(401, { 'content-type': 'application/json' });
    res.end('{"error":"unauthorized"}');
  });
  await new Promise<void>((r) => guarded.listen(0, '127.0.0.1', r));
  guardedUrl = `http://127.0.0.1:${(guarded.address() as AddressInfo).port}`;
  // a port that was just free: nothing listens there
  const probe = http.createServer();
  await new Promise<void>((r) => probe.listen(0, '127.0.0.1', r));
  closedPort = (probe.address() as AddressInfo).port;
  await new Promise<void>((r) => probe.close(() => r()));
});
afterAll(async () => {
  await svc.close();
  guarded.closeAllConnections();
  await new Promise<void>((r) => guarded.close(() => r()));
});

function specOf(metrics: string) {
  const text = `canary:
  deploy: [d]
  steps: [{ weight: 100 }]
  analysis:
    metrics:
${metrics}`;
  const { config, source } = parseConfig(text, 'ro.yml');
  return resolveAnalysis(config.canary!.analysis!, {
    env: {},
    redactor: new Redactor(),
    source,
    path: ['canary', 'analysis'],
  });
}

const deps = () => ({ http: httpClient, signal: new AbortController().signal, clock: new FakeClock() });

describe('preflight', () => {
  it('finds nothing when every source answers', async () => {
    const spec =
      specOf(`      - { name: health, provider: http, url: "${svc.url}/health", samples: 2, conditions: ["error_rate_pct == 0"] }
      - { name: cutover, provider: json, url: "${svc.url}/metrics.json", conditions: ["error_rate_pct <= 2"] }
`);
    expect(await preflight(spec, deps())).toEqual([]);
  });

  it('names every metric that cannot be read — DNS, refused, 401, no value — with its file and line', async () => {
    const spec =
      specOf(`      - { name: health, provider: http, url: "${svc.url}/health", conditions: ["error_rate_pct == 0"] }
      - { name: dns, provider: json, url: "http://no-such-host.invalid/m.json", timeout: 5s, conditions: ["v <= 1"] }
      - { name: refused, provider: json, url: "http://127.0.0.1:${closedPort}/m.json", conditions: ["v <= 1"] }
      - { name: guarded, provider: json, url: "${guardedUrl}/m.json", conditions: ["v <= 1"] }
      - { name: empty, provider: json, url: "${svc.url}/metrics.json", conditions: ["no_such_value <= 1"] }
      - { name: down, provider: http, url: "http://127.0.0.1:${closedPort}/health", samples: 2, conditions: ["error_rate_pct == 0"] }
`);
    const problems = await preflight(spec, deps());
    expect(problems.map((p) => [p.metric, p.where])).toEqual([
      ['dns', 'ro.yml:7 canary.analysis.metrics[1]'],
      ['refused', 'ro.yml:8 canary.analysis.metrics[2]'],
      ['guarded', 'ro.yml:9 canary.analysis.metrics[3]'],
      ['empty', 'ro.yml:10 canary.analysis.metrics[4]'],
      ['down', 'ro.yml:11 canary.analysis.metrics[5]'],
    ]);
    const lines = problems.map(describePreflightProblem);
    expect(lines[0]).toMatch(
      /^ro\.yml:7 canary\.analysis\.metrics\[1\] \(dns\): GET http:\/\/no-such-host\.invalid\/m\.json failed: .*ENOTFOUND/,
    );
    expect(lines[1]).toMatch(/\(refused\): GET .* failed: .*ECONNREFUSED/);
    expect(lines[2]).toBe(
      `ro.yml:9 canary.analysis.metrics[3] (guarded): GET ${guardedUrl}/m.json answered 401`,
    );
    expect(lines[3]).toBe('ro.yml:10 canary.analysis.metrics[4] (empty): no_such_value is missing');
    expect(lines[4]).toMatch(/\(down\): every sample failed \(2 samples, 2 failed \(2× .*ECONNREFUSED/);
  });

  it('reads the baseline source too, and skips a metric written preflight: false', async () => {
    const spec =
      specOf(`      - { name: web, provider: json, url: "${svc.url}/metrics.json", baseline: { url: "http://127.0.0.1:${closedPort}/m.json" }, conditions: ["error_rate_pct <= baseline * 2"] }
      - { name: canary-only, provider: json, url: "http://127.0.0.1:${closedPort}/m.json", preflight: false, conditions: ["v <= 1"] }
`);
    const problems = await preflight(spec, deps());
    expect(problems.map(describePreflightProblem)).toEqual([
      expect.stringMatching(
        /^ro\.yml:6 canary\.analysis\.metrics\[0\] \(web\) baseline source: GET .* failed/,
      ),
    ]);
  });
});
