import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import http from 'node:http';
import { readFileSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { FakeClock } from '../../src/adapters/clock.js';
import { httpClient } from '../../src/adapters/http.js';
import {
  DEFAULT_ABORT_BY_CAUSE,
  DEFAULT_TEMPLATES,
  Notifier,
  TEMPLATE_PLACEHOLDERS,
  templateFor,
  postWebhook,
  renderTemplate,
  resolveTemplates,
  unknownTemplatePlaceholders,
} from '../../src/notify/index.js';
import type { Logger } from '../../src/ports/index.js';

describe('message templates (the go-live runbook A–D, paused)', () => {
  const vars = {
    service: 'ARIS3',
    tag: 'RC.3',
    environment: 'production',
    owner: 'ana',
    decision_owner: 'ana',
    next_update: '10m',
    next_weight: '25',
    reason: 'error_rate_pct 3.4 > 2',
    mitigation: 'Rollback in progress to v1.0.0',
  };
  it('render the four go-live runbook messages', () => {
    expect(renderTemplate(DEFAULT_TEMPLATES.start, vars)).toBe(
      'ARIS3 release RC.3 started (canary phase, production). Decision owner: ana. Next update in 10m.',
    );
    expect(renderTemplate(DEFAULT_TEMPLATES.healthy, vars)).toBe(
      'ARIS3 canary healthy (error/latency within guardrails). Proceeding to rolling rollout 25% -> 100%.',
    );
    expect(renderTemplate(DEFAULT_TEMPLATES.complete, vars)).toBe(
      'ARIS3 release RC.3 go-live complete. Post-deploy analysis passed. Hypercare window now active.',
    );
    expect(renderTemplate(DEFAULT_TEMPLATES.abort, vars)).toBe(
      'ARIS3 rollout aborted due to error_rate_pct 3.4 > 2. Rollback in progress to v1.0.0. Next status in 10m.',
    );
  });
  it('say "next update" only when one is scheduled, and link the run and the incident when there are', () => {
    const { next_update: _, ...none } = vars;
    expect(renderTemplate(DEFAULT_TEMPLATES.start, none)).toBe(
      'ARIS3 release RC.3 started (canary phase, production). Decision owner: ana.',
    );
    expect(
      renderTemplate(DEFAULT_TEMPLATES.abort, {
        ...none,
        run_url: 'https://github.com/acme/shop/actions/runs/7',
        incident_url: 'https://github.com/acme/shop/issues/12',
      }),
    ).toBe(
      'ARIS3 rollout aborted due to error_rate_pct 3.4 > 2. Rollback in progress to v1.0.0. Incident: https://github.com/acme/shop/issues/12 Run: https://github.com/acme/shop/actions/runs/7',
    );
  });
  it('word an abort per cause while the abort template is not overridden', () => {
    const t = resolveTemplates(undefined);
    const at = { ...vars, weight: '25' };
    expect(renderTemplate(templateFor(t, 'abort', 'manual'), { ...at, reason: 'checkout broken' })).toBe(
      'ARIS3 RC.3 rolled back by hand by ana: checkout broken. Rollback in progress to v1.0.0. Next update in 10m.',
    );
    expect(
      renderTemplate(templateFor(t, 'abort', 'deploy'), { ...at, reason: 'exit code 3', next_update: '' }),
    ).toBe(
      'ARIS3 rollout of RC.3 aborted at 25%: the deploy program failed (exit code 3). Rollback in progress to v1.0.0.',
    );
    expect(templateFor(t, 'abort', 'analysis')).toBe(DEFAULT_ABORT_BY_CAUSE.analysis);
    const custom = resolveTemplates({ abort: 'stop {tag}: {reason}' });
    expect(templateFor(custom, 'abort', 'manual')).toBe('stop {tag}: {reason}');
  });
  it('every placeholder the defaults use is listed (and documented)', () => {
    const all = [...Object.values(DEFAULT_TEMPLATES), ...Object.values(DEFAULT_ABORT_BY_CAUSE)];
    expect(all.flatMap(unknownTemplatePlaceholders)).toEqual([]);
    const docs = readFileSync('docs/actions/canary-promote.md', 'utf8');
    for (const p of Object.keys(TEMPLATE_PLACEHOLDERS)) expect(docs).toContain(`\`{${p}}\``);
    expect(unknownTemplatePlaceholders('{?next_updat: x {tag}}')).toEqual(['next_updat']);
  });
  it('overrides replace single templates; unknown placeholders are found for config errors; no value → ?', () => {
    const t = resolveTemplates({ start: 'Go {tag} ({weight}%)' });
    expect(t.start).toBe('Go {tag} ({weight}%)');
    expect(t.abort).toBe(DEFAULT_TEMPLATES.abort);
    expect(unknownTemplatePlaceholders('{tag} {prev_tag} {tag}')).toEqual(['prev_tag']);
    expect(renderTemplate('{tag} {previous_tag} {json}', { tag: 'v1' })).toBe('v1 ? {json}');
  });
});

describe('webhook', () => {
  let server: http.Server;
  let url: string;
  const received: { path: string; body: string; type?: string }[] = [];
  let failures = 0;
  beforeAll(async () => {
    server = http.createServer((req, res) => {
      let body = '';
      req.on('data', (c) => (body += c));
      req.on('end', () => {
        received.push({ path: req.url!, body, type: req.headers['content-type'] });
        if (req.url!.includes('/gone')) return res.writeHead(404).end('no_service');
        if (failures > 0) {
          failures--;
          return res.writeHead(503).end();
        }
        res.writeHead(200).end('ok');
      });
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  afterAll(() => new Promise<void>((r) => server.close(() => r())));

  it('posts Slack-compatible JSON {"text": …}', async () => {
    received.length = 0;
    const r = await postWebhook(
      { http: httpClient, clock: new FakeClock() },
      `${url}/services/T000/B000/XXXX`,
      'hello',
    );
    expect(r).toEqual({ delivered: true, attempts: 1, status: 200 });
    expect(received).toEqual([
      { path: '/services/T000/B000/XXXX', body: '{"text":"hello"}', type: 'application/json' },
    ]);
  });
  it('retries 3 times on 5xx with backoff, then succeeds', async () => {
    received.length = 0;
    failures = 3;
    const clock = new FakeClock();
    const t0 = clock.now();
    const r = await postWebhook({ http: httpClient, clock }, `${url}/hook`, 'x', { backoffMs: 100 });
    expect(r).toEqual({ delivered: true, attempts: 4, status: 200 });
    expect(clock.now() - t0).toBe(100 + 200 + 400);
  });
  it('gives up after 3 retries, and does not retry a 404; never throws', async () => {
    failures = 10;
    const r = await postWebhook({ http: httpClient, clock: new FakeClock() }, `${url}/hook`, 'x');
    expect(r).toMatchObject({
      delivered: false,
      attempts: 4,
      status: 503,
      error: 'the webhook answered 503',
    });
    failures = 0;
    expect(await postWebhook({ http: httpClient, clock: new FakeClock() }, `${url}/gone`, 'x')).toMatchObject(
      { delivered: false, attempts: 1, status: 404 },
    );
    const down = await postWebhook(
      { http: httpClient, clock: new FakeClock() },
      'http://127.0.0.1:1/hook',
      'x',
      { retries: 1 },
    );
    expect(down).toMatchObject({ delivered: false, attempts: 2 });
    expect(down.error).toContain('ECONNREFUSED');
  });
  it('the Notifier records every message and warns (without the URL) when delivery fails', async () => {
    const warnings: string[] = [];
    const logger: Logger = { info() {}, warn: (m) => warnings.push(m), error() {}, debug() {} };
    const n = new Notifier(
      { http: httpClient, clock: new FakeClock(), logger },
      resolveTemplates(undefined),
      `${url}/gone`,
    );
    const m = await n.send('start', { service: 's', tag: 'v1' });
    expect(m.text).toContain('s release v1 started');
    expect(n.sent).toHaveLength(1);
    expect(warnings[0]).toContain(
      'could not be posted to the webhook after 1 attempt(s): the webhook answered 404 (the rollout goes on)',
    );
    expect(warnings[0]).not.toContain('/gone');
  });
});
