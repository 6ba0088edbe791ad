import { describe, expect, it } from '@jest/globals';
import { parseDuration, formatDuration } from '../../src/config/duration.js';
import { parseCondition, compare, negate } from '../../src/config/condition.js';
import { parseConfig } from '../../src/config/load.js';
import { jsonSchema } from '../../src/config/schema/index.js';
import { ConfigError } from '../../src/errors.js';

const FILE = '.github/release-ops.yml';

function problems(text: string): string[] {
  try {
    parseConfig(text, FILE);
  } catch (err) {
    expect(err).toBeInstanceOf(ConfigError);
    return (err as ConfigError).message.split('\n');
  }
  throw new Error('expected a ConfigError');
}

describe('durations', () => {
  it.each([
    ['500ms', 500],
    ['90s', 90_000],
    ['5m', 300_000],
    ['2h', 7_200_000],
    ['1h30m', 5_400_000],
    ['1.5s', 1500],
    ['0', 0],
  ])('parses %s', (text, ms) => {
    expect(parseDuration(text)).toEqual({ ms });
  });

  it.each(['5', '5x', '-5s', 'm5', '', ' ', '5 m', '1e3s'])('refuses %j', (text) => {
    expect(parseDuration(text)).toHaveProperty('error');
  });

  it('refuses bare numbers with a hint about units', () => {
    expect(parseDuration(5)).toEqual({ error: expect.stringContaining('bare number 5') });
  });

  it('refuses more than 30 days', () => {
    expect(parseDuration('31d')).toHaveProperty('error');
  });

  it('formats', () => {
    expect(formatDuration(5_400_000)).toBe('1h30m');
    expect(formatDuration(250)).toBe('250ms');
    expect(formatDuration(0)).toBe('0s');
  });
});

describe('conditions', () => {
  it('parses constants and baseline expressions', () => {
    expect(parseCondition('error_rate_pct <= 2.0')).toMatchObject({
      value: 'error_rate_pct',
      op: '<=',
      rhs: { kind: 'number', value: 2 },
    });
    expect(parseCondition('p95_ms <= baseline * 1.5')).toMatchObject({
      rhs: { kind: 'baseline', factor: 1.5, offset: 0 },
    });
    expect(parseCondition('p95_ms < baseline + 100')).toMatchObject({
      op: '<',
      rhs: { kind: 'baseline', factor: 1, offset: 100 },
    });
    expect(parseCondition('data.latency.p95 != 0')).toMatchObject({ value: 'data.latency.p95', op: '!=' });
    expect(parseCondition('result == -1')).toMatchObject({ rhs: { kind: 'number', value: -1 } });
  });

  it.each(['p95_ms', 'p95_ms <=', '<= 2', 'p95_ms => 2', 'p95 <= baseline * ', 'p95 <= 2; rm -rf /'])(
    'refuses %j',
    (t) => {
      expect(parseCondition(t)).toHaveProperty('error');
    },
  );

  it('compares and negates', () => {
    expect(compare(3.4, '<=', 2)).toBe(false);
    expect(negate('<=')).toBe('>');
    expect(compare(2, negate('<='), 2)).toBe(false);
  });
});

describe('parseConfig', () => {
  it('accepts the issue examples with defaults filled in', () => {
    const { config, source } = parseConfig(
      `gate:
  checks:
    - { name: health-p95, type: http, url: "http://127.0.0.1:8080/health", samples: 50, p95_ms: 120 }
    - name: tenant-isolation
      type: http
      url: "http://127.0.0.1:8080/tenants/b/stock"
      headers: { Authorization: "Bearer \${TENANT_A_TOKEN}" }
      expect_status: [403, 404]
    - { name: smoke, type: command, run: [pytest, -q, tests/smoke/test_post_merge_readiness.py], timeout: 10m }
    - { name: no-friday-deploys, type: freeze, timezone: Europe/Madrid, deny: [{ days: [fri] }] }
canary:
  deploy: [./deploy.sh, --env, prod, --strategy, canary, --batch, "{weight}"]
  rollback: [./deploy.sh, --env, prod, --rollback, --to, "{previous_tag}"]
  steps: [{ weight: 10, pause: 5m }, { weight: 25, pause: 5m }, { weight: 100 }]
  analysis:
    interval: 30s
    window: 5m
    metrics:
      - { name: cutover, provider: json, url: "http://127.0.0.1:5000/analytics/ops/metrics", conditions: ["error_rate_pct <= 2.0", "p95_ms <= 1200"], consecutive_failures: 2 }
      - { name: errors, provider: prometheus, address: "http://127.0.0.1:9090", query: "sum(rate(x[1m]))", conditions: ["result <= 2"] }
`,
      FILE,
    );
    const checks = config.gate!.checks;
    expect(checks).toHaveLength(4);
    expect(checks[2]).toMatchObject({
      type: 'command',
      timeout: 600_000,
      severity: 'blocker',
      retries: 0,
      shell: false,
    });
    expect(checks[1]).toMatchObject({ expect_status: [403, 404] });
    expect(config.canary!.steps).toEqual([
      { weight: 10, pause: 300_000 },
      { weight: 25, pause: 300_000 },
      { weight: 100, pause: 0 },
    ]);
    expect(config.canary!.analysis!.interval).toBe(30_000);
    expect(source.lineOf(['gate', 'checks', 1])).toBe(4);
    expect(source.lineOf(['canary', 'steps'])).toBe(14);
  });

  it('reports every problem at once, one line each, with file:line:column and key path', () => {
    const lines = problems(`gate:
  checks:
    - name: bad
      type: htp
    - name: c
      type: command
      run: [a]
      timout: 5m
    - { name: d, type: command, run: [a], timeout: 5 }
    - { name: e, type: command, run: [a], timeout: 5x, severity: fatal }
`);
    expect(lines).toEqual([
      `${FILE}:4:13 gate.checks[0].type: expected one of "command", "http", "git", "freeze", "github-checks", "backup-manifest", found the string "htp"`,
      `${FILE}:8:7 gate.checks[1].timout: unknown key "timout" (a misspelt key would silently disable a setting)`,
      `${FILE}:9:52 gate.checks[2].timeout: expected a duration with a unit like 90s, 5m or 2h, found the bare number 5`,
      `${FILE}:10:52 gate.checks[3].timeout: expected a duration like 500ms, 90s, 5m, 2h or 1h30m, found "5x"`,
      `${FILE}:10:66 gate.checks[3].severity: expected one of "blocker", "warning", found the string "fatal"`,
    ]);
  });

  it('reports wrong types and missing keys at the nearest line', () => {
    const lines = problems(`canary:
  deploy: ./deploy.sh
  steps:
    - weight: 10
`);
    expect(lines).toContain(`${FILE}:2:11 canary.deploy: expected array, found the string "./deploy.sh"`);
    const weightLines = problems(`canary:
  deploy: [x]
  steps: [{ weight: 50 }, { weight: 25 }]
`);
    expect(weightLines.join('\n')).toMatch(/:3:\d+ canary\.steps\[1\]\.weight: weights must increase/);
    expect(weightLines.join('\n')).toMatch(/canary\.steps\[1\]\.weight: the last step must reach weight 100/);
  });

  it('reports YAML syntax errors with their position', () => {
    const lines = problems('gate:\n  checks: [\n');
    expect(lines[0]).toMatch(new RegExp(`^${FILE.replace(/\./g, '\\.')}:\\d+:\\d+: YAML `));
    expect(problems('a: 1\na: 2\n')[0]).toMatch(/:2:1: YAML .*unique/i);
  });

  it('reports a top-level value that is not a mapping', () => {
    expect(problems('- just\n- a list\n')).toEqual([
      `${FILE}:1:1: expected a mapping with gate:, canary:, promote: or rollback:, found a list`,
    ]);
  });

  it('refuses unknown top-level keys and bad conditions', () => {
    const lines = problems(`gaet: {}
canary:
  deploy: [x]
  steps: [{ weight: 100 }]
  analysis:
    metrics:
      - { name: m, provider: json, url: "http://x/m", conditions: ["p95 => 3"] }
`);
    expect(lines[0]).toBe(
      `${FILE}:1:1 gaet: unknown key "gaet" (a misspelt key would silently disable a setting)`,
    );
    expect(lines[1]).toMatch(
      /:7:\d+ canary\.analysis\.metrics\[0\]\.conditions\[0\]: expected "<value> <op> <number>"/,
    );
  });

  it('empty file is an empty config', () => {
    expect(parseConfig('', FILE).config).toEqual({});
  });
});

describe('JSON Schema', () => {
  it('describes every section, with durations as strings', () => {
    const schema = jsonSchema() as any;
    expect(Object.keys(schema.properties)).toEqual([
      'version',
      'secret_vars',
      'public_vars',
      'metrics',
      'gate',
      'canary',
      'promote',
      'rollback',
    ]);
    expect(schema.additionalProperties).toBe(false);
    const text = JSON.stringify(schema);
    expect(text).toContain('github-checks');
    expect(text).toContain('A duration such as 500ms');
  });
});
