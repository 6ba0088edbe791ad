/**
 * The graphite provider against a real Graphite (Debian graphite-carbon + graphite-web, installed by
 * scripts/setup-services.sh as npm test's setup does), started once here on 127.0.0.1 with its own
 * config and whisper files (support/metric-servers/graphite.ts). Metrics are written as a user would
 * write them in the config file, and analysed on the real clock.
 */
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { httpClient } from '../../src/adapters/http.js';
import { describeSource } from '../../src/analysis/providers/index.js';
import { measureGraphite, type GraphiteTarget } from '../../src/analysis/providers/graphite.js';
import { ConfigError } from '../../src/errors.js';
import { start } from '../../support/metric-servers/graphite.js';
import type { MetricServer } from '../../support/metric-servers/process.js';
import { analyse, resolve } from './analysis.js';

describe('graphite provider against a real Graphite', () => {
  let graphite: MetricServer;
  const metric = (target: string, more: object = {}) => ({
    name: 'errors',
    provider: 'graphite',
    address: graphite.url,
    target,
    from: '1m',
    conditions: ['result <= 2'],
    ...more,
  });
  const read = (target: string, o: Partial<GraphiteTarget> = {}) =>
    measureGraphite(
      { address: graphite.url, target, rangeMs: 60_000, reduce: 'last', headers: {}, ...o },
      { timeoutMs: 3000 },
      { http: httpClient },
    );

  beforeAll(async () => {
    graphite = await start();
    const now = Date.now();
    const series = (name: string, values: number[], endAgoMs = 1000) =>
      values.map((value, k) => ({ name, value, at: now - endAgoMs - (values.length - 1 - k) * 1000 }));
    await graphite.write([
      ...series('shop.checkout.errors_pct', [0.5, 0.9, 0.4]),
      ...series('shop.payments.errors_pct', [1, 6, 7.5]),
      // a series that exists but has no point in the last minute
      ...series('shop.legacy.errors_pct', [3], 5 * 60_000),
    ]);
    process.stdout.write(`graphite started in ${graphite.startedInMs} ms\n`);
  }, 40_000);

  afterAll(() => graphite?.stop());

  it('a healthy series passes the analysis; its points are reduced as reduce says', async () => {
    const { spec, redactor } = resolve(
      [metric('shop.checkout.errors_pct', { headers: { Authorization: 'Bearer ${GRAPHITE_TOKEN}' } })],
      { GRAPHITE_TOKEN: 'graphite-token-5d1e' },
    );
    const a = await analyse(spec);
    expect(a).toMatchObject({ decision: 'successful', ticks: 2 });
    expect(a.measurements.map((m) => [m.phase, m.values.result])).toEqual([
      ['successful', 0.4],
      ['successful', 0.4],
    ]);
    expect(describeSource(spec.metrics[0]!)).toBe(
      `${graphite.url} shop.checkout.errors_pct (last, last 60s)`,
    );
    expect(redactor.redact('sent graphite-token-5d1e')).toBe('sent ***');
    expect((await read('shop.checkout.errors_pct', { reduce: 'avg' })).values.result).toBeCloseTo(0.6, 10);
    expect((await read('shop.checkout.errors_pct', { reduce: 'max' })).values.result).toBe(0.9);
  });

  it('a breaching series fails the analysis at its first measurement; render functions are Graphite’s', async () => {
    const a = await analyse(resolve([metric('shop.payments.errors_pct')]).spec);
    expect(a).toMatchObject({
      decision: 'failed',
      ticks: 1,
      reason: 'errors: result 7.5 > 2 on 1 of 1 measurement (limit 0)',
    });
    expect((await read('scale(shop.payments.errors_pct, 10)', { reduce: 'min' })).values).toEqual({
      result: 10,
    });
    expect((await read('sumSeries(shop.*.errors_pct)')).values.result).toBeCloseTo(7.9, 10);
  });

  it('no series, only nulls in the range, or several series: inconclusive, never a pass', async () => {
    const a = await analyse(resolve([metric('shop.nothing.errors_pct', { inconclusive_limit: 1 })]).spec);
    expect(a).toMatchObject({
      decision: 'inconclusive',
      ticks: 2,
      reason:
        'errors: 2 inconclusive measurements (limit 1); last: the target matched no series in the last 60s',
    });
    expect(await read('shop.legacy.errors_pct')).toEqual({
      values: {},
      inconclusive: expect.stringMatching(
        /^the series has no value in the last 60s \(\d+ points, all null\)$/,
      ),
    });
    expect((await read('shop.*.errors_pct')).inconclusive).toBe(
      'the target returned 3 series; combine them into one (e.g. sumSeries(…) or maxSeries(…))',
    );
  });

  it("a target Graphite refuses is an error measurement with Graphite's reason", async () => {
    await expect(read('noSuchFunction(shop.payments.errors_pct)')).rejects.toThrow(
      'Graphite render answered 400: Received request for unknown function: noSuchFunction',
    );
  });

  it('the config is checked when it is loaded: the value is result, reduce is one of five', () => {
    const problems = (m: object) => {
      try {
        resolve([m]);
        return '';
      } catch (err) {
        return (err as ConfigError).message;
      }
    };
    expect(problems(metric('a.b', { conditions: ['p95_ms <= 2'] }))).toMatch(/result/);
    expect(problems(metric('a.b', { reduce: 'median' }))).toMatch(/reduce/);
    expect(problems(metric('a.b', { judge: { kind: 'count' }, baseline: { target: 'c.d' } }))).toMatch(
      /kind count is not supported for graphite/,
    );
  });

  it('a Graphite that is down is an error measurement', async () => {
    await graphite.stop();
    const a = await analyse(resolve([metric('shop.checkout.errors_pct', { inconclusive_limit: 0 })]).spec);
    expect(a.measurements[0]).toMatchObject({
      phase: 'error',
      message: `Graphite at ${graphite.url} unreachable: ECONNREFUSED`,
    });
    expect(a.decision).toBe('inconclusive');
  });
});
