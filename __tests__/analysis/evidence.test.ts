import { describe, expect, it } from '@jest/globals';
import { analysisSpecEvidence } from '../../src/analysis/evidence.js';
import { resolveAnalysis } from '../../src/analysis/settings.js';
import { parseConfig } from '../../src/config/load.js';
import { evidenceEnvelope, evidenceProblems } from '../../src/evidence/envelope.js';
import { Redactor } from '../../src/evidence/redact.js';

const CONFIG = `canary:
  deploy: [d]
  steps: [{ weight: 100 }]
  analysis:
    interval: 10s
    window: 1m
    judge: { confidence: 0.99 }
    metrics:
      - name: checkout
        provider: http
        url: "http://canary/checkout"
        headers: { Authorization: "Bearer literal-token", X-Tenant: shop }
        baseline: { url: "http://stable/checkout" }
        expect_status: [200, 204]
        conditions: ["error_rate_pct <= 5"]
        consecutive_failures: 2
        judge: { kind: latency, max_increase_pct: 5 }
      - { name: errors, provider: prometheus, address: "http://prom:9090", query: up, conditions: ["result <= 1"] }
`;

describe('analysisSpecEvidence', () => {
  const { config, source } = parseConfig(CONFIG, 'ro.yml');
  const spec = resolveAnalysis(config.canary!.analysis!, {
    env: {},
    redactor: new Redactor(),
    source,
    path: ['canary', 'analysis'],
  });
  const ev = analysisSpecEvidence(spec)!;

  it('records the judge settings, each metric, its source and its limits', () => {
    expect(ev.judge).toEqual({
      pass: 95,
      marginal: 75,
      confidence: 0.99,
      spending: 'obrien_fleming',
      boundaries: 'group_sequential',
    });
    expect(ev.metrics.map((m) => [m.name, m.provider.kind, m.source, m.baseline_source])).toEqual([
      ['checkout', 'http', 'GET http://canary/checkout × 5', 'GET http://stable/checkout × 5'],
      ['errors', 'prometheus', 'http://prom:9090 up', null],
    ]);
    expect(ev.metrics[0]!.limits).toEqual({
      failure_limit: null,
      consecutive_failures: 2,
      sustained_for_ms: null,
      inconclusive_limit: 2,
    });
    expect(ev.metrics[0]!.judge).toEqual([
      expect.objectContaining({ name: 'checkout', max_increase_pct: 5 }),
    ]);
    expect(ev.metrics[0]!.provider).toMatchObject({ expect_status: [200, 204], timeout_ms: 5000 });
  });

  it('has snake_case keys only; headers are a list, a credential header masked even when written literally', () => {
    const envelope = evidenceEnvelope({
      command: 'canary',
      run: { actor: null, url: null, id: null, repository: null },
      startedAt: 0,
      endedAt: 1,
      dryRun: true,
      build: {},
      result: 'planned',
      reason: '',
      settings: { analysis: ev },
      journal: [],
      details: {},
    });
    expect(evidenceProblems(envelope)).toEqual([]);
    expect(ev.metrics[0]!.provider.headers).toEqual([
      { name: 'Authorization', value: '***' },
      { name: 'X-Tenant', value: 'shop' },
    ]);
    expect(JSON.stringify(ev)).not.toContain('literal-token');
  });

  it('is null without an analysis', () => {
    expect(analysisSpecEvidence(undefined)).toBeNull();
  });
});
