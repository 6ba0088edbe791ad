/**
 * The graphite provider against a real Graphite (Debian graphite-carbon + graphite-web, installed by
 * scripts/setup-services.sh as npm test's setup does), started once here on 127.0.0.1 with its own
 * config and whisper files (support/metric-servers/graphite.ts).
 */
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { httpClient } from '../../src/adapters/http.js';
import { measureGraphite, type GraphiteTarget } from '../../src/analysis/providers/graphite.js';
import { evaluateConditions } from '../../src/analysis/evaluate.js';
import { conds } from '../analysis/fakes.js';
import { start } from '../../support/metric-servers/graphite.js';
import type { MetricServer } from '../../support/metric-servers/process.js';

describe('graphite provider against a real Graphite', () => {
  let graphite: MetricServer;
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

  it('a healthy series passes its conditions (last, avg, max)', async () => {
    const last = await read('shop.checkout.errors_pct');
    expect(last).toEqual({ values: { result: 0.4 }, detail: 'last of 3 points: 0.4' });
    expect(evaluateConditions(conds('result <= 2'), last, undefined).phase).toBe('successful');
    expect((await read('shop.checkout.errors_pct', { reduce: 'avg' })).values.result).toBeCloseTo(0.6, 10);
    expect((await read('shop.checkout.errors_pct', { reduce: 'max' })).values.result).toBe(0.9);
  });

  it('a breaching series fails them, and a render function is applied by Graphite', async () => {
    const r = await read('shop.payments.errors_pct');
    expect(r.values).toEqual({ result: 7.5 });
    const e = evaluateConditions(conds('result <= 2'), r, undefined);
    expect(e).toMatchObject({ phase: 'failed', message: 'result 7.5 > 2' });
    expect((await read('scale(shop.payments.errors_pct, 10)', { reduce: 'min' })).values).toEqual({
      result: 10,
    });
    expect((await read('sumSeries(shop.*.errors_pct)')).values.result).toBeCloseTo(7.9, 10);
  });

  it('no series, only nulls in the range, or several series: inconclusive, never a pass', async () => {
    const none = await read('shop.nothing.errors_pct');
    expect(none).toEqual({ values: {}, inconclusive: 'the target matched no series in the last 60s' });
    expect(evaluateConditions(conds('result <= 2'), none, undefined).phase).toBe('inconclusive');
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

  it('a Graphite that is down is an error measurement', async () => {
    await graphite.stop();
    await expect(read('shop.checkout.errors_pct')).rejects.toThrow(
      new RegExp(`^Graphite at ${graphite.url.replace(/\./g, '\\.')} unreachable: ECONNREFUSED$`),
    );
  });
});
