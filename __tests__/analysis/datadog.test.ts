/**
 * The datadog provider against the Datadog emulator (support/datadog-emulator), over real HTTP on
 * loopback: the metrics query with its window, partial and empty series, several series, the monitor
 * state, Datadog's error answers, and answers that are cut off or of another shape.
 */
import { afterAll, beforeAll, beforeEach, describe, expect, it } from '@jest/globals';
import { FakeClock } from '../../src/adapters/clock.js';
import { httpClient } from '../../src/adapters/http.js';
import { analysisSpecEvidence } from '../../src/analysis/evidence.js';
import { readMetric } from '../../src/analysis/providers/index.js';
import { runAnalysis } from '../../src/analysis/runner.js';
import { resolveAnalysis } from '../../src/analysis/settings.js';
import { ProviderError, type AnalysisSpec } from '../../src/analysis/types.js';
import { parseConfig } from '../../src/config/load.js';
import type { ConfigError } from '../../src/errors.js';
import { Redactor } from '../../src/evidence/redact.js';
import { startDatadogEmulator, type DatadogEmulator } from '../../support/datadog-emulator/index.js';

const KEYS = { apiKey: 'dd-api-0123456789abcdef', appKey: 'dd-app-fedcba9876543210' };
const ENV = { DD_API_KEY: KEYS.apiKey, DD_APP_KEY: KEYS.appKey };
const Q = 'sum:trace.http.request.errors{service:shop}.as_count()';

let emu: DatadogEmulator;
beforeAll(async () => {
  emu = await startDatadogEmulator(KEYS);
});
afterAll(() => emu.close());
beforeEach(() => {
  emu.fault = null;
  emu.requests.length = 0;
});

const config = (metric: string, extra = '') => `canary:
  deploy: [d]
  steps: [{ weight: 100 }]
  analysis:
    interval: 30s
    window: 1m
    metrics:
      - name: errors
        provider: datadog
        address: "${emu.url}"
${metric
  .split('\n')
  .map((l) => (l ? `        ${l}` : l))
  .join('\n')}
${extra}`;

function spec(metric: string, env: Record<string, string> = ENV, redactor = new Redactor()): AnalysisSpec {
  const { config: c, source } = parseConfig(config(metric), 'ro.yml');
  return resolveAnalysis(c.canary!.analysis!, { env, redactor, source, path: ['canary', 'analysis'] });
}

function problems(text: string): string {
  try {
    parseConfig(text, 'ro.yml');
    return '';
  } catch (err) {
    return (err as ConfigError).message;
  }
}

const clock = new FakeClock(Date.UTC(2026, 0, 5, 10, 0, 0));
const read = (s: AnalysisSpec, source: 'canary' | 'baseline' = 'canary') =>
  readMetric(s.metrics[0]!, source, { http: httpClient, clock });

describe('datadog: metrics query', () => {
  it('asks for the window ending now, with the keys as headers, and reduces the series to result', async () => {
    emu.setQuery(Q, [[1, 3, 2]]);
    const s = spec(`query: "${Q}"\nfrom: 10m\nconditions: ["result <= 5"]`);
    const r = await read(s);
    expect(r.values).toEqual({ result: 2 });
    expect(r.detail).toBe('last of 3/3 points: 2');
    const to = clock.now() / 1000;
    expect(emu.requests).toEqual([
      {
        path: '/api/v1/query',
        params: { from: String(to - 600), to: String(to), query: Q },
        apiKey: KEYS.apiKey,
        appKey: KEYS.appKey,
      },
    ]);
  });

  it('a partial series: nulls are gaps, the reduction uses the points with a value', async () => {
    emu.setQuery(Q, [[4, null, 8, null]]);
    expect((await read(spec(`query: "${Q}"\nconditions: ["result <= 5"]`))).values).toEqual({ result: 8 });
    expect((await read(spec(`query: "${Q}"\nreduce: avg\nconditions: ["result <= 5"]`))).values).toEqual({
      result: 6,
    });
    expect((await read(spec(`query: "${Q}"\nreduce: max\nconditions: ["result <= 5"]`))).detail).toBe(
      'max of 2/4 points: 8',
    );
  });

  it('no series, only nulls, or several series is inconclusive — never a pass', async () => {
    const s = spec(`query: "${Q}"\nconditions: ["result <= 5"]`);
    emu.setQuery(Q, []);
    expect(await read(s)).toEqual({
      values: {},
      inconclusive: 'the query matched no series in the last 300s',
    });
    emu.setQuery(Q, [[null, null]]);
    expect((await read(s)).inconclusive).toBe(
      'the series has no value in the last 300s (2 points, all null)',
    );
    emu.setQuery(Q, [[1], [2]]);
    expect((await read(s)).inconclusive).toMatch(/^the query returned 2 series; aggregate them into one/);
  });

  it('reads the baseline query at the same moment', async () => {
    const stable = 'sum:trace.http.request.errors{service:shop,version:stable}.as_count()';
    emu.setQuery(Q, [[9]]);
    emu.setQuery(stable, [[3]]);
    const s = spec(`query: "${Q}"\nbaseline: { query: "${stable}" }\nconditions: ["result <= baseline * 2"]`);
    expect((await read(s, 'baseline')).values).toEqual({ result: 3 });
    expect((await read(s, 'canary')).values).toEqual({ result: 9 });
  });
});

describe('datadog: monitor state', () => {
  it.each([
    ['OK', { values: { state: 0 }, detail: 'monitor 42: OK' }],
    ['Warn', { values: { state: 1 }, detail: 'monitor 42: Warn' }],
    ['Alert', { values: { state: 2 }, detail: 'monitor 42: Alert' }],
    ['No Data', { values: {}, inconclusive: 'monitor 42 is "No Data" (no data to judge)' }],
  ] as const)('%s', async (state, want) => {
    emu.setMonitor(42, state);
    const r = await read(spec('monitor: 42\nconditions: ["state == 0"]'));
    expect(r).toEqual(want);
    expect(emu.requests.at(-1)!.path).toBe('/api/v1/monitor/42');
  });
  it('an unknown monitor is an error measurement', async () => {
    await expect(read(spec('monitor: 404404\nconditions: ["state == 0"]'))).rejects.toThrow(
      'Datadog answered 404: Monitor not found',
    );
  });
});

describe("datadog: Datadog's errors and untrusted answers", () => {
  it('403 {"errors": ["Forbidden"]}: an error measurement naming where the keys come from', async () => {
    const s = spec(`query: "${Q}"\nconditions: ["result <= 5"]`, {
      DD_API_KEY: 'wrong-key-000',
      DD_APP_KEY: KEYS.appKey,
    });
    const err = await read(s).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ProviderError);
    expect((err as Error).message).toBe(
      `Datadog answered 403: Forbidden (check the keys in DD_API_KEY and DD_APP_KEY, and the site: ${emu.url})`,
    );
  });
  it('400 with the query parser error', async () => {
    emu.setQueryError(
      'sum:oops{',
      "Error parsing query: unable to parse sum:oops{: Rule 'scope_expr' didn't match",
    );
    await expect(read(spec('query: "sum:oops{"\nconditions: ["result <= 5"]'))).rejects.toThrow(
      /^Datadog answered 400: Error parsing query: /,
    );
  });
  it.each([
    ['rate-limit', /^Datadog answered 429: Rate limit of 300 requests .* \(rate limited\)$/],
    ['html', /^Datadog answered 502 without JSON \(an HTML or XML page, \d+ bytes\)$/],
    ['shape', /^Datadog query answered an unexpected shape \(series\.0\.pointlist: /],
    ['cut', /^Datadog (at .* unreachable|answered 200 without JSON)/],
  ] as const)('%s: an error measurement', async (fault, message) => {
    emu.setQuery(Q, [[1, 2, 3]]);
    emu.fault = fault;
    await expect(read(spec(`query: "${Q}"\nconditions: ["result <= 5"]`))).rejects.toThrow(message);
  });
});

describe('datadog: config', () => {
  it('a query or a monitor, each with its own value; unset keys are named', () => {
    expect(problems(config('conditions: ["result <= 5"]'))).toContain(
      'expected either query (a metrics query) or monitor (a monitor id)',
    );
    expect(problems(config(`query: "${Q}"\nconditions: ["state == 0"]`))).toContain(
      'a datadog query has one value, "result"',
    );
    expect(problems(config('monitor: 7\nfrom: 5m\nconditions: ["state <= 1"]'))).toContain(
      'analysis.metrics[0].from: belongs to a datadog query',
    );
    expect(problems(config(`query: "${Q}"\nbaseline: { query: x }\njudge: { kind: count }`))).toContain(
      'kind count is not supported for datadog',
    );
    // the key variables are named like influxdb's credential variables
    expect(problems(config(`query: "${Q}"\napi_key_env: dd-key\nconditions: ["result <= 5"]`))).toContain(
      'api_key_env: expected the name of an environment variable, e.g. DD_API_KEY',
    );
    expect(() => spec(`query: "${Q}"\nconditions: ["result <= 5"]`, { DD_API_KEY: KEYS.apiKey })).toThrow(
      'canary.analysis.metrics[0].app_key_env: uses ${DD_APP_KEY}, but the environment has no DD_APP_KEY',
    );
  });

  it('the keys are credentials: masked wherever text leaves the run, and in the evidence', async () => {
    const redactor = new Redactor();
    const s = spec(
      `query: "${Q}"\napi_key_env: MY_DD_KEY\nconditions: ["result <= 5"]`,
      { ...ENV, MY_DD_KEY: KEYS.apiKey },
      redactor,
    );
    expect(redactor.redact(`sent ${KEYS.apiKey} and ${KEYS.appKey}`)).toBe('sent *** and ***');
    const ev = JSON.stringify(analysisSpecEvidence(s));
    expect(ev).not.toContain(KEYS.apiKey);
    expect(ev).not.toContain(KEYS.appKey);
    expect(ev).toContain('"api_key_env":"MY_DD_KEY"');
  });

  it('decides an analysis: a rising error count fails it', async () => {
    emu.setQuery(Q, [[12]]);
    const r = await runAnalysis(
      spec(`query: "${Q}"\nconditions: ["result <= 5"]`),
      { clock: new FakeClock(), http: httpClient, signal: new AbortController().signal },
      { label: 'step 1' },
    );
    expect(r.decision).toBe('failed');
    expect(r.reason).toBe('errors: result 12 > 5 on 1 of 1 measurement (limit 0)');
  });
});
