import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { runGate } from '../../src/gate/runner.js';
import { gateOf } from './fakes.js';
import { realDeps, serve } from './real.js';

/** The service under test: the recovery playbook's /health and /ready, a slow, an erroring, a flaky and a hanging route. */
let svc: { url: string; close: () => Promise<void> };
let flaky = 0;
beforeAll(async () => {
  svc = await serve((req, res) => {
    const json = (status: number, body: unknown) => {
      res.writeHead(status, { 'content-type': 'application/json' });
      res.end(JSON.stringify(body));
    };
    const route = req.url ?? '/';
    if (route === '/health') return json(200, { status: 'ok', checks: { db: 'ok' } });
    if (route === '/ready-degraded') return json(200, { status: 'degraded', checks: { db: 'down' } });
    if (route === '/slow') return void setTimeout(() => json(200, { status: 'ok' }), 150);
    if (route === '/error') return json(500, { error: 'boom' });
    if (route === '/flaky') return json(++flaky % 2 === 0 ? 503 : 200, {});
    if (route === '/hang') return; // never answers
    if (route === '/tenants/b/stock') {
      // Tenant isolation: tenant A's token must not read tenant B's stock.
      const auth = req.headers.authorization;
      if (auth === 'Bearer token-of-tenant-b') return json(200, { rows: [] });
      return json(auth ? 403 : 401, { error: 'forbidden' });
    }
    if (route === '/leaky/tenants/b/stock') return json(200, { rows: [{ sku: 'B-1' }] });
    json(404, {});
  });
});
afterAll(() => svc.close());

const run = (yaml: string, env: Record<string, string> = {}) =>
  runGate(gateOf(yaml.replaceAll('SVC', svc.url)), realDeps({ env }));

describe('http check against a real loopback server', () => {
  it('passes /health within its p95 budget and checks the JSON body', async () => {
    const r = await run(`checks:
  - { name: health-p95, type: http, url: "SVC/health", samples: 30, concurrency: 3, p95_ms: 1000, expect_json: [{ path: checks.db, equals: ok }] }
`);
    expect(r.verdicts[0]).toMatchObject({ verdict: 'pass' });
    expect(r.verdicts[0]!.detail).toMatch(/^30\/30 ok, p95 [\d.]+ ms ≤ 1000 ms$/);
    expect(r.verdicts[0]!.data).toMatchObject({
      samples_sent: 30,
      samples_ok: 30,
      percentile_method: 'nearest-rank',
    });
  });

  it('fails a slow endpoint with the measured p95 next to the budget', async () => {
    const r = await run(
      'checks:\n  - { name: slow-p95, type: http, url: "SVC/slow", samples: 4, concurrency: 2, p95_ms: 100 }\n',
    );
    expect(r.result).toBe('FAIL');
    expect(r.verdicts[0]!.detail).toMatch(/^p95 \d{3,} ms > 100 ms$/);
    const p95 = (r.verdicts[0]!.data.latency_ms as { p95: number }).p95;
    expect(p95).toBeGreaterThanOrEqual(150);
  });

  it('fails an erroring endpoint and a JSON body that says degraded', async () => {
    const r = await run(`checks:
  - { name: err, type: http, url: "SVC/error" }
  - { name: ready, type: http, url: "SVC/ready-degraded", expect_json: [{ path: status, equals: ok }] }
`);
    expect(r.verdicts.map((v) => v.detail)).toEqual([
      'status 500, expected 200',
      'body status = "degraded", expected "ok"',
    ]);
    expect(r.failed).toEqual(['err', 'ready']);
  });

  it('tolerates a flaky endpoint within consecutive_failures and fails it without', async () => {
    const r = await run(`checks:
  - { name: tolerant, type: http, url: "SVC/flaky", samples: 6, consecutive_failures: 1 }
`);
    expect(r.verdicts[0]).toMatchObject({ verdict: 'pass', detail: expect.stringMatching(/^3\/6 ok/) });
    const strict = await run('checks:\n  - { name: strict, type: http, url: "SVC/flaky", samples: 6 }\n');
    expect(strict.verdicts[0]!.detail).toMatch(/^sample [12]: status 503, expected 200$/);
  });

  it('gives up on a hanging endpoint after request_timeout', async () => {
    const r = await run('checks:\n  - { name: hang, type: http, url: "SVC/hang", request_timeout: 200ms }\n');
    expect(r.verdicts[0]).toMatchObject({
      verdict: 'fail',
      timedOut: false,
      detail: 'no complete response within 200ms',
    });
  });

  it('stops a hanging probe at the check time limit: FAIL (timeout), and the gate returns', async () => {
    const r = await run(
      'checks:\n  - { name: hang, type: http, url: "SVC/hang", samples: 5, request_timeout: 10s, timeout: 300ms }\n',
    );
    expect(r.verdicts[0]).toMatchObject({ verdict: 'fail', timedOut: true });
    expect(r.verdicts[0]!.detail).toMatch(/^timed out after 300ms/);
  });

  it('tenant isolation: passes when tenant A gets 403 for tenant B, fails when it can read it', async () => {
    const env = { TENANT_A_TOKEN: 'token-of-tenant-a' };
    const probe = (path: string) =>
      `checks:\n  - { name: tenant-isolation, type: http, url: "SVC${path}", headers: { Authorization: "Bearer \${TENANT_A_TOKEN}" }, expect_status: [403, 404] }\n`;
    const good = await run(probe('/tenants/b/stock'), env);
    expect(good.verdicts[0]).toMatchObject({
      verdict: 'pass',
      detail: expect.stringMatching(/^status 403 in [\d.]+ ms$/),
    });
    const bad = await run(probe('/leaky/tenants/b/stock'), env);
    expect(bad.verdicts[0]).toMatchObject({ verdict: 'fail', detail: 'status 200, expected 403 or 404' });
    expect(JSON.stringify([good, bad])).not.toContain('token-of-tenant-a');
  });

  it('fails a refused connection as a network error', async () => {
    const dead = await serve(() => {});
    const url = dead.url;
    await dead.close();
    const r = await runGate(
      gateOf(`checks:\n  - { name: down, type: http, url: "${url}/health" }\n`),
      realDeps(),
    );
    expect(r.verdicts[0]!.detail).toBe('network error ECONNREFUSED');
  });
});
