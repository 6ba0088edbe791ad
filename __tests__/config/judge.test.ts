/**
 * The judge's config (docs/judge.md#configuration): a metric-level `judge:` block (one entry or a list)
 * and analysis-level `judge:` settings. Each mistake is one line with file:line:column and its key path.
 */
import { describe, expect, it } from '@jest/globals';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { resolveAnalysis } from '../../src/analysis/settings.js';
import { parseConfig } from '../../src/config/load.js';
import { jsonSchema } from '../../src/config/schema/index.js';
import { ConfigError } from '../../src/errors.js';
import { Redactor } from '../../src/evidence/redact.js';
import { ROOT } from '../helpers/run-bundle.js';

const FILE = '.github/release-ops.yml';
const HEAD = `canary:
  deploy: [./deploy.sh, --batch, "{weight}"]
  steps: [{ weight: 10 }, { weight: 100 }]
  analysis:
    interval: 30s
    window: 5m
`;

function problems(analysisTail: string): string[] {
  try {
    parseConfig(HEAD + analysisTail, FILE);
  } catch (err) {
    expect(err).toBeInstanceOf(ConfigError);
    return (err as ConfigError).message.split('\n');
  }
  throw new Error('expected a ConfigError');
}

const DOC_EXAMPLE = `    judge:
      pass: 95
      marginal: 75
      confidence: 0.98
      spending: obrien_fleming
      boundaries: group_sequential
    metrics:
      - name: web
        provider: http
        url: http://canary.internal/checkout
        samples: 200
        baseline: { url: http://stable.internal/checkout }
        judge:
          - { kind: latency, max_increase_pct: 5 }
          - { kind: count, critical: true }
      - name: cutover
        provider: json
        url: http://canary.internal/analytics/ops/metrics
        baseline: { url: http://stable.internal/analytics/ops/metrics }
        conditions: ["error_rate_pct <= 2"]
        judge: { kind: latency, value: p95_ms, max_increase_pct: 10 }
      - name: errors
        provider: prometheus
        address: http://127.0.0.1:9090
        query: sum(rate(http_requests_total{track="canary",code=~"5.."}[1m]))
        baseline: { query: 'sum(rate(http_requests_total{track="stable",code=~"5.."}[1m]))' }
        judge: { kind: latency, weight: 2 }
`;

describe('judge config', () => {
  it('parses the documented example, fills defaults, and resolves it into the judged metrics', () => {
    const { config, source } = parseConfig(HEAD + DOC_EXAMPLE, FILE);
    const a = config.canary!.analysis!;
    expect(a.judge).toEqual({
      pass: 95,
      marginal: 75,
      confidence: 0.98,
      spending: 'obrien_fleming',
      boundaries: 'group_sequential',
    });
    // One entry or a list: always a list once parsed; conditions may be left out when judged.
    expect(a.metrics[0]!.judge).toEqual([
      { kind: 'latency', direction: 'higher_is_worse', max_increase_pct: 5, weight: 1, critical: false },
      { kind: 'count', direction: 'higher_is_worse', max_increase_pct: 0, weight: 1, critical: true },
    ]);
    expect(a.metrics[0]!.conditions).toEqual([]);
    const spec = resolveAnalysis(a, {
      env: {},
      redactor: new Redactor(),
      source,
      path: ['canary', 'analysis'],
    });
    expect(spec.judge).toEqual(a.judge);
    expect(spec.metrics.flatMap((m) => m.judge ?? [])).toEqual([
      expect.objectContaining({ name: 'web.latency', source: 'web', kind: 'latency', max_increase_pct: 5 }),
      expect.objectContaining({ name: 'web.count', source: 'web', kind: 'count', critical: true }),
      expect.objectContaining({ name: 'cutover', source: 'cutover', kind: 'latency', value: 'p95_ms' }),
      // a prometheus reading has one value: `result` is judged without being named
      expect.objectContaining({ name: 'errors', source: 'errors', value: 'result', weight: 2 }),
    ]);
  });

  it('without judge settings the defaults apply; a metric without judge is not judged', () => {
    const { config } = parseConfig(
      HEAD +
        `    metrics:
      - { name: web, provider: http, url: "http://c/x", baseline: { url: "http://s/x" }, judge: { kind: count } }
      - { name: health, provider: http, url: "http://c/health", conditions: ["error_rate_pct == 0"] }
`,
      FILE,
    );
    const spec = resolveAnalysis(config.canary!.analysis!, {
      env: {},
      redactor: new Redactor(),
      path: ['canary', 'analysis'],
    });
    expect(spec.judge).toEqual({
      pass: 95,
      marginal: 75,
      confidence: 0.98,
      spending: 'obrien_fleming',
      boundaries: 'group_sequential',
    });
    expect(spec.metrics.map((m) => m.judge?.map((j) => j.name))).toEqual([['web'], undefined]);
    // no judged metric → no judge at all
    const plain = parseConfig(
      HEAD +
        `    metrics:\n      - { name: h, provider: http, url: "http://c/h", conditions: ["error_rate_pct == 0"] }\n`,
      FILE,
    );
    expect(
      resolveAnalysis(plain.config.canary!.analysis!, {
        env: {},
        redactor: new Redactor(),
        path: ['canary', 'analysis'],
      }).judge,
    ).toBeUndefined();
  });

  it('a judged metric without a baseline source: one line at the metric, key ….baseline', () => {
    expect(
      problems(`    metrics:
      - { name: web, provider: http, url: "http://c/x", judge: { kind: latency } }
`),
    ).toEqual([
      `${FILE}:8:9 canary.analysis.metrics[0].baseline: is required with judge: the judge compares the canary with a baseline source read in the same interval, e.g. baseline: { url: "http://stable.internal/checkout" }`,
    ]);
  });

  it('bad numbers: one line each, at the number', () => {
    expect(
      problems(`    judge: { confidence: 1.5, pass: 101 }
    metrics:
      - name: web
        provider: http
        url: http://c/x
        baseline: { url: http://s/x }
        judge:
          kind: latency
          max_increase_pct: -5
          weight: 0
`),
    ).toEqual([
      `${FILE}:7:26 canary.analysis.judge.confidence: expected a confidence within 0.5…0.9999 (e.g. 0.98), found number 1.5`,
      `${FILE}:7:37 canary.analysis.judge.pass: expected a score within 0…100, found number 101`,
      `${FILE}:15:29 canary.analysis.metrics[0].judge.max_increase_pct: expected a percentage ≥ 0, found number -5`,
      `${FILE}:16:19 canary.analysis.metrics[0].judge.weight: expected a weight greater than 0, found number 0`,
    ]);
    expect(
      problems(`    judge: { pass: 80, marginal: 90 }
    metrics:
      - { name: web, provider: http, url: "http://c/x", baseline: { url: "http://s/x" }, judge: [{ kind: latency, direction: lower_is_worse, max_increase_pct: 100 }, { kind: count, weight: heavy }] }
`),
    ).toEqual([
      `${FILE}:7:34 canary.analysis.judge.marginal: expected at most pass (80), found 90`,
      `${FILE}:9:160 canary.analysis.metrics[0].judge[0].max_increase_pct: expected less than 100 with direction lower_is_worse (a drop of 100 % or more cannot be tolerated), found 100`,
      `${FILE}:9:190 canary.analysis.metrics[0].judge[1].weight: expected number, found the string "heavy"`,
    ]);
  });

  it('a judged analysis looks at most 200 times (window / interval)', () => {
    const text = (
      HEAD +
      `    metrics:
      - { name: web, provider: http, url: "http://c/x", baseline: { url: "http://s/x" }, judge: { kind: count } }
`
    ).replace('interval: 30s', 'interval: 1s');
    let message = '';
    try {
      parseConfig(text, FILE);
    } catch (err) {
      message = (err as ConfigError).message;
    }
    expect(message).toBe(
      `${FILE}:6:13 canary.analysis.window: a judged analysis looks at most 200 times (window / interval), found 300: lengthen the interval — the judge gains nothing from more looks, only from more samples per look`,
    );
    // the same window without a judge is fine
    expect(() =>
      parseConfig(text.replace('judge: { kind: count }', 'conditions: ["error_rate_pct <= 1"]'), FILE),
    ).not.toThrow();
  });

  it('a prometheus count metric is refused: one line saying what to do instead', () => {
    expect(
      problems(`    metrics:
      - name: errors
        provider: prometheus
        address: http://127.0.0.1:9090
        query: 'sum(rate(x[1m]))'
        baseline: { query: 'sum(rate(y[1m]))' }
        judge: { kind: count }
`),
    ).toEqual([
      `${FILE}:13:24 canary.analysis.metrics[0].judge.kind: kind count is not supported for prometheus: it needs events and trials per side and interval, which one instant query does not give. Judge the query value with kind: latency, or count errors with an http metric`,
    ]);
  });

  it('what each provider needs: json names its value or its counts; http judges its raw samples', () => {
    expect(
      problems(`    metrics:
      - { name: a, provider: json, url: "http://c/m", baseline: { url: "http://s/m" }, judge: { kind: latency } }
      - { name: b, provider: json, url: "http://c/m", baseline: { url: "http://s/m" }, judge: { kind: count, events: errors } }
      - { name: c, provider: http, url: "http://c/x", baseline: { url: "http://s/x" }, judge: { kind: latency, value: p95_ms } }
      - { name: d, provider: http, url: "http://c/x", baseline: { url: "http://s/x" }, judge: { kind: latency, events: errors } }
`),
    ).toEqual([
      `${FILE}:8:95 canary.analysis.metrics[0].judge: a json metric has no raw samples: name the value to judge, e.g. value: p95_ms (one number per side per interval)`,
      `${FILE}:9:95 canary.analysis.metrics[1].judge: kind count on a json metric needs events and trials: the dotted paths of the counts in the last interval, e.g. events: errors, trials: requests`,
      `${FILE}:10:119 canary.analysis.metrics[2].judge.value: the http provider judges its raw samples (every latency, errors out of requests); value is for json and prometheus metrics`,
      `${FILE}:11:120 canary.analysis.metrics[3].judge.events: events belongs to kind count (events out of trials); kind latency judges samples or a value`,
    ]);
  });

  it('conditions may be empty only with a judge; settings without a judged metric are refused', () => {
    expect(
      problems(`    judge: { confidence: 0.99 }
    metrics:
      - { name: web, provider: http, url: "http://c/x" }
      - { name: h, provider: http, url: "http://c/h", conditions: [] }
`),
    ).toEqual([
      `${FILE}:7:12 canary.analysis.judge: no metric has a judge: block, so these settings would do nothing: add judge: { kind: latency } (and a baseline source) to a metric, or remove them`,
      `${FILE}:9:9 canary.analysis.metrics[0].conditions: expected at least one condition, e.g. "error_rate_pct <= 2" (or a judge: block that compares with a baseline source)`,
      `${FILE}:10:67 canary.analysis.metrics[1].conditions: expected at least one condition, e.g. "error_rate_pct <= 2" (or a judge: block that compares with a baseline source)`,
    ]);
  });

  it('unknown keys and kinds inside a judge entry are reported at their own key', () => {
    expect(
      problems(`    metrics:
      - name: web
        provider: http
        url: http://c/x
        baseline: { url: http://s/x }
        judge:
          - { kind: latncy }
          - { kind: count, max_increse_pct: 5 }
          - { kind: count }
`),
    ).toEqual([
      `${FILE}:13:21 canary.analysis.metrics[0].judge[0].kind: expected one of "latency", "count", found the string "latncy"`,
      `${FILE}:14:28 canary.analysis.metrics[0].judge[1].max_increse_pct: unknown key "max_increse_pct" (a misspelt key would silently disable a setting)`,
    ]);
    expect(
      problems(`    metrics:
      - { name: web, provider: http, url: "http://c/x", baseline: { url: "http://s/x" }, judge: [{ kind: count }, { kind: count }] }
`),
    ).toEqual([
      `${FILE}:8:115 canary.analysis.metrics[0].judge[1]: two entries would both be reported as <metric>.count: give them different kinds or values`,
    ]);
  });

  it('the JSON schema documents the judge block, as one entry or a list', () => {
    const text = JSON.stringify(jsonSchema());
    expect(text).toContain('"max_increase_pct"');
    expect(text).toContain('"obrien_fleming"');
    expect(text).toContain('"lower_is_worse"');
  });

  it.each(['docs/judge.md', 'docs/analysis.md', 'docs/actions/canary-promote.md'])(
    'the judge examples in %s parse and resolve',
    (doc) => {
      const text = readFileSync(path.join(ROOT, doc), 'utf8');
      const blocks = [...text.matchAll(/```yaml\n([\s\S]*?)```/g)]
        .map((m) => m[1]!)
        .filter((b) => /^\s+judge:/m.test(b));
      expect(blocks.length).toBeGreaterThan(0);
      for (const b of blocks) {
        // an example that shows only the analysis gets the rest of a canary section
        const yaml = /^\s+deploy:/m.test(b)
          ? b
          : b.replace(/^canary:\n/, 'canary:\n  deploy: [./deploy.sh]\n  steps: [{ weight: 100 }]\n');
        const { config, source } = parseConfig(yaml, doc);
        const spec = resolveAnalysis(config.canary!.analysis!, {
          env: { PROBE_TOKEN: 't' },
          redactor: new Redactor(),
          source,
          path: ['canary', 'analysis'],
        });
        expect(spec.judge).toBeDefined();
        expect(spec.metrics.some((m) => m.judge?.length)).toBe(true);
      }
    },
  );
});
