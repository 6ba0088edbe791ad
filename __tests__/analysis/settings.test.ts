import { describe, expect, it } from '@jest/globals';
import { describeLimits, limitWarnings, worstCaseMs } from '../../src/analysis/plan.js';
import { resolveAnalysis } from '../../src/analysis/settings.js';
import { parseConfig } from '../../src/config/load.js';
import { ConfigError } from '../../src/errors.js';
import { Redactor } from '../../src/evidence/redact.js';
import { metric } from './fakes.js';

const ISSUE_EXAMPLE = `
canary:
  deploy: [./deploy.sh, --env, prod, --strategy, canary, --batch, "{weight}"]
  rollback: [./deploy.sh, --env, prod, --rollback, --to, "{previous_tag}"]
  steps: [{ weight: 10, pause: 5m }, { weight: 25, pause: 5m }, { weight: 100 }]
  analysis:
    interval: 30s
    window: 5m
    metrics:
      - { name: cutover, provider: json, url: "http://127.0.0.1:5000/analytics/ops/metrics", conditions: ["error_rate_pct <= 2.0", "p95_ms <= 1200"], consecutive_failures: 2 }
      - { name: health, provider: http, url: "http://127.0.0.1:8080/health", conditions: ["error_rate_pct == 0"], consecutive_failures: 2 }
      - { name: errors, provider: prometheus, address: "http://127.0.0.1:9090", query: "sum(rate(http_requests_total{code=~'5..'}[1m])) / sum(rate(http_requests_total[1m])) * 100", conditions: ["result <= 2"] }
`;

const problems = (text: string) => {
  try {
    parseConfig(text, 'ro.yml');
  } catch (err) {
    return (err as ConfigError).message;
  }
  return '';
};

describe('analysis settings', () => {
  it("resolves the issue's example config", () => {
    const { config, source } = parseConfig(ISSUE_EXAMPLE, 'ro.yml');
    const spec = resolveAnalysis(config.canary!.analysis!, {
      env: {},
      redactor: new Redactor(),
      source,
      path: ['canary', 'analysis'],
    });
    expect(spec.intervalMs).toBe(30_000);
    expect(spec.windowMs).toBe(300_000);
    expect(
      spec.metrics.map((m) => [m.name, m.provider.kind, m.limits.consecutiveFailures, m.limits.failureLimit]),
    ).toEqual([
      ['cutover', 'json', 2, null],
      ['health', 'http', 2, null],
      ['errors', 'prometheus', null, 0],
    ]);
    expect(spec.metrics[1]!.provider).toMatchObject({
      samples: 5,
      concurrency: 1,
      expectStatus: [200],
      timeoutMs: 5000,
    });
  });
  it('expands ${VAR} in URLs and header values and registers them as secrets; a missing one is located', () => {
    const text = `canary:
  deploy: [d]
  steps: [{ weight: 100 }]
  analysis:
    metrics:
      - name: m
        provider: json
        url: "http://metrics/\${PATH_TOKEN}/m"
        headers: { Authorization: "Bearer \${API_TOKEN}" }
        conditions: ["v <= 1"]
`;
    const { config, source } = parseConfig(text, 'ro.yml');
    const redactor = new Redactor();
    const spec = resolveAnalysis(config.canary!.analysis!, {
      env: { PATH_TOKEN: 'p4th-s3cret', API_TOKEN: 'tok-123456' },
      redactor,
      source,
      path: ['canary', 'analysis'],
    });
    expect(spec.metrics[0]!.provider).toMatchObject({
      url: 'http://metrics/p4th-s3cret/m',
      headers: { Authorization: 'Bearer tok-123456' },
    });
    expect(redactor.redact('GET http://metrics/p4th-s3cret/m with tok-123456')).toBe(
      'GET http://metrics/***/m with ***',
    );
    expect(() =>
      resolveAnalysis(config.canary!.analysis!, { env: {}, redactor, source, path: ['canary', 'analysis'] }),
    ).toThrow(
      'ro.yml:8:1 canary.analysis.metrics[0].url: uses ${PATH_TOKEN}, but the environment has no PATH_TOKEN',
    );
  });
  it('refuses unknown keys, a bad condition, an interval longer than the window, duplicate names, and a prometheus value other than result', () => {
    const base = (metrics: string, extra = '') =>
      `canary:\n  deploy: [d]\n  steps: [{ weight: 100 }]\n  analysis:\n${extra}    metrics:\n${metrics}`;
    expect(
      problems(
        base(
          '      - { name: m, provider: json, url: "http://x", conditions: ["v <= 1"], consecutive_failure: 2 }\n',
        ),
      ),
    ).toContain('unknown key "consecutive_failure"');
    expect(
      problems(base('      - { name: m, provider: json, url: "http://x", conditions: ["v =< 1"] }\n')),
    ).toContain('found "v =< 1"');
    expect(
      problems(
        base(
          '      - { name: m, provider: json, url: "http://x", conditions: ["v <= 1"] }\n',
          '    interval: 10m\n    window: 5m\n',
        ),
      ),
    ).toContain('canary.analysis.interval: the interval is longer than the window');
    expect(
      problems(
        base(
          '      - { name: m, provider: json, url: "http://x", conditions: ["v <= 1"] }\n      - { name: m, provider: json, url: "http://y", conditions: ["v <= 1"] }\n',
        ),
      ),
    ).toContain('canary.analysis.metrics[1].name: metric name "m" is used twice');
    expect(
      problems(
        base(
          '      - { name: m, provider: prometheus, address: "http://p", query: up, conditions: ["value <= 1"] }\n',
        ),
      ),
    ).toContain('a prometheus metric has one value, "result"');
  });
});

describe('analysis plan', () => {
  it('describes limits in words', () => {
    expect(
      describeLimits(metric('m', { kind: 'json' }, ['v <= 1'], { consecutive_failures: 2 }).limits),
    ).toBe(
      'fails on the 3rd consecutive failed measurement (consecutive_failures 2); stops on the 3rd inconclusive measurement (inconclusive_limit 2)',
    );
    expect(describeLimits(metric('m', { kind: 'json' }, ['v <= 1']).limits)).toContain(
      'fails on the 1st failed measurement (failure_limit 0)',
    );
    expect(
      describeLimits(metric('m', { kind: 'json' }, ['v <= 1'], { sustained_for: 120_000 }).limits),
    ).toContain('fails when failing for 2m (sustained_for)');
  });
  it('worst case: ticks at fixed times, each as slow as its slowest metric', () => {
    const fast = metric('m', { kind: 'json', timeoutMs: 5000 }, ['v <= 1']);
    expect(worstCaseMs({ intervalMs: 30_000, windowMs: 300_000, metrics: [fast] })).toBe(305_000);
    const slow = metric('h', { kind: 'http', samples: 10, concurrency: 1, timeoutMs: 5000 }, [
      'error_rate_pct == 0',
    ]);
    expect(worstCaseMs({ intervalMs: 30_000, windowMs: 300_000, metrics: [slow] })).toBe(
      30_000 + 10 * 50_000,
    );
  });
  it('warns about limits a window can never exceed', () => {
    const m = metric('m', { kind: 'json' }, ['v <= 1'], { consecutive_failures: 5, sustained_for: 600_000 });
    expect(limitWarnings({ intervalMs: 60_000, windowMs: 180_000, metrics: [m] })).toEqual([
      'm: consecutive_failures 5 can never be exceeded in a window of 3 measurements',
      'm: sustained_for 10m can never be exceeded in a window of 3 measurements',
    ]);
    expect(
      limitWarnings({
        intervalMs: 60_000,
        windowMs: 120_000,
        metrics: [metric('n', { kind: 'json' }, ['v <= 1'])],
      }),
    ).toEqual([
      'n: inconclusive_limit 2 is at least the 2 measurements of a window; a window without any data still ends inconclusive',
    ]);
  });
});
