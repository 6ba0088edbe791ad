/**
 * Named metrics: defined once under the top-level `metrics:`, used by name in analysis, verify and
 * watch, with per-use overrides; an unknown name is a config error at its line.
 */
import { describe, expect, it } from '@jest/globals';
import { resolveAnalysis } from '../../src/analysis/settings.js';
import { parseConfig } from '../../src/config/load.js';
import { jsonSchema } from '../../src/config/schema/index.js';
import { configSchemaFor } from '../../src/config/schema/sections.js';
import type { ConfigError } from '../../src/errors.js';
import { Redactor } from '../../src/evidence/redact.js';

const CONFIG = `metrics:
  error-rate:
    provider: prometheus
    address: "http://prom:9090"
    query: 'sum(rate(http_requests_total{code=~"5.."}[1m])) / sum(rate(http_requests_total[1m])) * 100'
    conditions: ["result <= 5"]
    sustained_for: 2m
  p95:
    provider: http
    url: "http://svc/api/orders"
    samples: 20
canary:
  deploy: [d]
  steps: [{ weight: 100 }]
  analysis:
    metrics:
      - error-rate
      - { use: p95, conditions: ["p95_ms <= 300"], consecutive_failures: 1 }
  verify:
    metrics:
      - { use: error-rate, name: errors-after-rollback, conditions: ["result <= 1"] }
rollback:
  watch:
    health_url: "http://svc/health"
    metrics: [error-rate, { use: p95, conditions: ["p95_ms <= 500"] }]
`;

const resolve = (cfg: Parameters<typeof resolveAnalysis>[0], path: string[]) =>
  resolveAnalysis(cfg, { env: {}, redactor: new Redactor(), path });

function problems(text: string): string[] {
  try {
    parseConfig(text, 'ro.yml');
    return [];
  } catch (err) {
    return (err as ConfigError).message.split('\n');
  }
}

describe('named metrics', () => {
  it('analysis, verify and watch use them by name, each use with its own overrides', () => {
    const { config } = parseConfig(CONFIG, 'ro.yml');
    const analysis = resolve(config.canary!.analysis!, ['canary', 'analysis']);
    expect(analysis.metrics.map((m) => [m.name, m.provider.kind, m.conditions.map((c) => c.text)])).toEqual([
      ['error-rate', 'prometheus', ['result <= 5']],
      ['p95', 'http', ['p95_ms <= 300']],
    ]);
    expect(analysis.metrics[0]!.limits.sustainedForMs).toBe(120_000);
    expect(analysis.metrics[1]!.limits.consecutiveFailures).toBe(1);
    expect(analysis.metrics[1]!.provider).toMatchObject({ url: 'http://svc/api/orders', samples: 20 });
    const verify = resolve(config.canary!.verify!, ['canary', 'verify']);
    expect(verify.metrics.map((m) => [m.name, m.conditions[0]!.text, m.limits.sustainedForMs])).toEqual([
      ['errors-after-rollback', 'result <= 1', 120_000],
    ]);
    expect(config.rollback!.watch!.metrics!.map((m) => [m.name, m.conditions])).toEqual([
      ['error-rate', ['result <= 5']],
      ['p95', ['p95_ms <= 500']],
    ]);
  });

  it('an unknown name is a config error at the line that uses it', () => {
    const text = CONFIG.replace('      - error-rate\n', '      - error_rate\n');
    expect(problems(text)).toEqual([
      'ro.yml:17:9 canary.analysis.metrics[0]: no metric named "error_rate" under the top-level metrics: (defined: error-rate, p95)',
    ]);
    expect(
      problems('canary:\n  deploy: [d]\n  steps: [{ weight: 100 }]\n  analysis:\n    metrics: [p95]\n'),
    ).toEqual([
      'ro.yml:5:15 canary.analysis.metrics[0]: no metric named "p95": define it under a top-level metrics: map (metrics: { p95: { provider: …, … } })',
    ]);
  });

  it('a use is checked whole: a definition without conditions needs them at each use', () => {
    const text = CONFIG.replace(
      '      - { use: p95, conditions: ["p95_ms <= 300"], consecutive_failures: 1 }',
      '      - p95',
    );
    expect(problems(text)).toEqual([
      'ro.yml:18:9 canary.analysis.metrics[1].conditions: expected at least one condition, e.g. "error_rate_pct <= 2" (or a judge: block that compares with a baseline source)',
    ]);
  });

  it("a definition's own problem is reported at the definition; each use says where to look", () => {
    const text = CONFIG.replace('    samples: 20\n', '    samples: 20\n    sample_count: 3\n');
    expect(problems(text)).toEqual([
      'ro.yml:12:5 metrics.p95.sample_count: unknown key "sample_count" (a misspelt key would silently disable a setting)',
      'ro.yml:19:9 canary.analysis.metrics[1]: uses "p95", whose definition has problems (reported at metrics.p95)',
      'ro.yml:26:27 rollback.watch.metrics[1]: uses "p95", whose definition has problems (reported at metrics.p95)',
    ]);
  });

  it('two uses of one definition in one analysis need different names', () => {
    const text = CONFIG.replace(
      '      - error-rate\n',
      '      - error-rate\n      - { use: error-rate, conditions: ["result <= 2"] }\n',
    );
    expect(problems(text)).toContain(
      'ro.yml:18:9 canary.analysis.metrics[1].name: metric name "error-rate" is used twice',
    );
  });

  it('the gate alone does not load the metric schemas, and still accepts the file', async () => {
    const gateOnly = await configSchemaFor(['gate']);
    expect(gateOnly.safeParse({ metrics: { x: { anything: 1 } }, canary: { whatever: true } }).success).toBe(
      true,
    );
  });

  it('the JSON Schema documents the map and the ways to use an entry', () => {
    const schema = jsonSchema() as any;
    expect(Object.keys(schema.properties.metrics.additionalProperties ?? {})).not.toHaveLength(0);
    const items = schema.properties.canary.properties.analysis.properties.metrics.items;
    expect(
      items.anyOf.map(
        (a: any) => a.type ?? (a.properties?.use ? 'use' : a.oneOf || a.anyOf ? 'metric' : '?'),
      ),
    ).toEqual(['string', 'object', 'metric']);
  });
});
