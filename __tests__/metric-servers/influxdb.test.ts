/**
 * The influxdb provider against a real InfluxDB 1.6 (Debian influxdb, installed by
 * scripts/setup-services.sh as npm test's setup does), started once here on 127.0.0.1 with its own
 * config and data, authentication on (support/metric-servers/influxdb.ts).
 */
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { httpClient } from '../../src/adapters/http.js';
import { measureInfluxdb, type InfluxTarget } from '../../src/analysis/providers/influxdb.js';
import { evaluateConditions } from '../../src/analysis/evaluate.js';
import { conds } from '../analysis/fakes.js';
import { start, type InfluxServer } from '../../support/metric-servers/influxdb.js';

const credentials = { username: 'release-ops', password: 'influx-pw-7f3a9c' };

describe('influxdb provider against a real InfluxDB', () => {
  let influx: InfluxServer;
  const read = (query: string, o: Partial<InfluxTarget> = {}) =>
    measureInfluxdb(
      { address: influx.url, database: influx.database, query, headers: {}, credentials, ...o },
      { timeoutMs: 3000 },
      { http: httpClient },
    );

  beforeAll(async () => {
    influx = await start({ auth: credentials });
    const now = Date.now();
    const points = (name: string, host: string, values: number[]) =>
      values.map((value, k) => ({ name, value, labels: { host }, at: now - (values.length - k) * 1000 }));
    await influx.write([
      ...points('checkout_errors', 'a', [0.5, 0.9, 0.4]),
      ...points('checkout_errors', 'b', [0.2, 0.3, 0.1]),
      ...points('payments_errors', 'a', [1, 6, 7.5]),
    ]);
    process.stdout.write(`influxdb started in ${influx.startedInMs} ms\n`);
  }, 40_000);

  afterAll(() => influx?.stop());

  it('a healthy series passes its conditions; values are named by their columns', async () => {
    const r = await read(
      'SELECT max("value") AS errors_pct, count("value") AS n FROM checkout_errors WHERE time > now() - 1m',
    );
    expect(r).toEqual({ values: { errors_pct: 0.9, n: 6 }, detail: 'errors_pct 0.9, n 6' });
    expect(evaluateConditions(conds('errors_pct <= 2', 'n >= 3'), r, undefined).phase).toBe('successful');
    expect(
      (await read('SELECT mean("value") FROM checkout_errors WHERE time > now() - 1m')).values.mean,
    ).toBeCloseTo(0.4, 10);
  });

  it('a breaching series fails them; GROUP BY time reads the newest complete bucket', async () => {
    const r = await read('SELECT last("value") AS errors_pct FROM payments_errors WHERE time > now() - 1m');
    expect(evaluateConditions(conds('errors_pct <= 2'), r, undefined)).toMatchObject({
      phase: 'failed',
      message: 'errors_pct 7.5 > 2',
    });
    // the buckets after the last write are null (fill(null)): the newest one with a number counts
    const buckets = await read(
      'SELECT max("value") AS errors_pct FROM payments_errors WHERE time > now() - 30s GROUP BY time(1s)',
    );
    expect(buckets.values).toEqual({ errors_pct: 7.5 });
  });

  it('no series, several series, or no complete row: inconclusive, never a pass', async () => {
    const none = await read('SELECT mean("value") FROM nothing_here WHERE time > now() - 1m');
    expect(none).toEqual({ values: {}, inconclusive: 'the query returned no series (no points matched)' });
    expect(evaluateConditions(conds('mean <= 2'), none, undefined).phase).toBe('inconclusive');
    expect(
      (await read('SELECT mean("value") FROM checkout_errors WHERE time > now() - 1m GROUP BY "host"'))
        .inconclusive,
    ).toBe('the query returned 2 series; aggregate them into one (drop GROUP BY <tag>)');
    const gaps = await read(
      'SELECT mean("value") AS errors_pct, mean("latency_ms") AS latency_ms FROM checkout_errors WHERE time > now() - 1m',
    );
    expect(gaps).toEqual({
      values: {},
      inconclusive:
        'no row of the 1 returned has a number in every column (the newest has none in latency_ms)',
    });
  });

  it("a query InfluxDB refuses, or an unknown database, is an error measurement with InfluxDB's reason", async () => {
    await expect(read('SELECT mean("value") FROM')).rejects.toThrow(
      'InfluxDB query failed (400: error parsing query: found EOF, expected identifier at line 1, char 27)',
    );
    await expect(read('SELECT mean("value") FROM checkout_errors', { database: 'nope' })).rejects.toThrow(
      'InfluxDB query failed: database not found: nope',
    );
  });

  it('without credentials, or with wrong ones, the answer 401 is an error measurement naming them', async () => {
    const q = 'SELECT mean("value") FROM checkout_errors';
    await expect(read(q, { credentials: undefined })).rejects.toThrow(
      'InfluxDB refused the query (401: unable to parse authentication credentials): set the credentials',
    );
    const wrong = read(q, { credentials: { ...credentials, password: 'not-it' } });
    await expect(wrong).rejects.toThrow(
      'InfluxDB refused the query (401: authorization failed): check the credentials',
    );
  });

  it('an InfluxDB that is down is an error measurement', async () => {
    await influx.stop();
    await expect(read('SELECT mean("value") FROM checkout_errors')).rejects.toThrow(
      new RegExp(`^InfluxDB at ${influx.url.replace(/\./g, '\\.')} unreachable: ECONNREFUSED$`),
    );
  });
});
