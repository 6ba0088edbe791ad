/**
 * The influxdb provider against a real InfluxDB 1.6 (Debian influxdb, installed by
 * scripts/setup-services.sh as npm test's setup does), started once here on 127.0.0.1 with its own
 * config and data and authentication on (support/metric-servers/influxdb.ts). Metrics are written as
 * a user would write them in the config file, credentials named by environment variables, and analysed
 * on the real clock.
 */
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { httpClient } from '../../src/adapters/http.js';
import { describeSource } from '../../src/analysis/providers/index.js';
import { measureInfluxdb, type InfluxTarget } from '../../src/analysis/providers/influxdb.js';
import { ConfigError } from '../../src/errors.js';
import { start, type InfluxServer } from '../../support/metric-servers/influxdb.js';
import { analyse, resolve } from './analysis.js';

const credentials = { username: 'release-ops', password: 'influx-pw-7f3a9c' };
const env = { INFLUX_USERNAME: credentials.username, INFLUX_PASSWORD: credentials.password };
const ERRORS = (m: string) =>
  `SELECT max("value") AS errors_pct, count("value") AS n FROM ${m} WHERE time > now() - 1m`;

describe('influxdb provider against a real InfluxDB', () => {
  let influx: InfluxServer;
  const metric = (query: string, more: object = {}) => ({
    name: 'errors',
    provider: 'influxdb',
    address: influx.url,
    database: influx.database,
    query,
    username_env: 'INFLUX_USERNAME',
    password_env: 'INFLUX_PASSWORD',
    conditions: ['errors_pct <= 2', 'n >= 3'],
    ...more,
  });
  const read = (query: string, o: Partial<InfluxTarget> = {}) =>
    measureInfluxdb(
      { address: influx.url, database: influx.database, query, headers: {}, credentials, ...o },
      { timeoutMs: 3000 },
      { http: httpClient },
    );
  const problems = (m: object, e: Record<string, string> = env) => {
    try {
      resolve([m], e);
      return '';
    } catch (err) {
      return (err as ConfigError).message;
    }
  };

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

  it('a healthy series passes the analysis; values are its columns; the password is masked', async () => {
    const { spec, redactor } = resolve([metric(ERRORS('checkout_errors'))], env);
    const a = await analyse(spec);
    expect(a).toMatchObject({ decision: 'successful', ticks: 2 });
    expect(a.measurements[0]).toMatchObject({ phase: 'successful', values: { errors_pct: 0.9, n: 6 } });
    expect(redactor.redact(`p=${credentials.password}`)).toBe('p=***');
    expect(JSON.stringify(spec.metrics[0]!.provider)).toContain(credentials.password); // it is sent…
    expect(describeSource(spec.metrics[0]!)).not.toContain(credentials.password); // …never shown
    const mean = await read('SELECT mean("value") FROM checkout_errors WHERE time > now() - 1m');
    expect(mean.values.mean).toBeCloseTo(0.4, 10);
  });

  it('a breaching series fails the analysis; GROUP BY time reads the newest complete bucket', async () => {
    const a = await analyse(resolve([metric(ERRORS('payments_errors'))], env).spec);
    expect(a).toMatchObject({
      decision: 'failed',
      ticks: 1,
      reason: 'errors: errors_pct 7.5 > 2 on 1 of 1 measurement (limit 0)',
    });
    // the buckets after the last write are null (fill(null)): the newest one with a number counts
    const buckets = await read(
      'SELECT max("value") AS errors_pct FROM payments_errors WHERE time > now() - 30s GROUP BY time(1s)',
    );
    expect(buckets.values).toEqual({ errors_pct: 7.5 });
  });

  it('no series, several series, no complete row, or a column not there: inconclusive, never a pass', async () => {
    const a = await analyse(resolve([metric(ERRORS('nothing_here'), { inconclusive_limit: 1 })], env).spec);
    expect(a).toMatchObject({
      decision: 'inconclusive',
      reason:
        'errors: 2 inconclusive measurements (limit 1); last: the query returned no series (no points matched)',
    });
    const grouped = await read(`${ERRORS('checkout_errors')} GROUP BY "host"`);
    expect(grouped.inconclusive).toBe(
      'the query returned 2 series; aggregate them into one (drop GROUP BY <tag>)',
    );
    expect(
      await read(
        'SELECT mean("value") AS errors_pct, mean("latency_ms") AS latency_ms FROM checkout_errors WHERE time > now() - 1m',
      ),
    ).toEqual({
      values: {},
      inconclusive:
        'no row of the 1 returned has a number in every column (the newest has none in latency_ms)',
    });
    const unnamed = await analyse(
      resolve([metric('SELECT max("value") FROM checkout_errors WHERE time > now() - 1m')], env, {
        window: '200ms',
      }).spec,
    );
    expect(unnamed.measurements[0]).toMatchObject({
      phase: 'inconclusive',
      message: 'no column "errors_pct", "n" in the answer (columns: max); name them with AS',
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

  it('without credentials, or with wrong ones, the 401 is an error measurement naming them', async () => {
    const q = 'SELECT mean("value") FROM checkout_errors';
    await expect(read(q, { credentials: undefined })).rejects.toThrow(
      'InfluxDB refused the query (401: unable to parse authentication credentials): set the credentials',
    );
    const wrong = await analyse(
      resolve([metric(ERRORS('checkout_errors'), { inconclusive_limit: 0 })], {
        ...env,
        INFLUX_PASSWORD: 'not-the-password',
      }).spec,
    );
    expect(wrong.measurements[0]).toMatchObject({
      phase: 'error',
      message: 'InfluxDB refused the query (401: authorization failed): check the credentials',
    });
  });

  it('the config is checked when it is loaded: both credential variables, set in the environment', () => {
    expect(problems(metric('SELECT 1', { password_env: undefined }))).toMatch(
      /release-ops\.yml:\d+.*password_env.*name both variables/,
    );
    expect(problems(metric('SELECT 1'), { INFLUX_USERNAME: 'u' })).toMatch(
      /release-ops\.yml:\d+.*password_env.*the environment has no INFLUX_PASSWORD/,
    );
    expect(problems(metric('SELECT 1', { password_env: 'not a name' }))).toMatch(/password_env/);
    // the judge reads columns: a value for kind latency, events and trials for kind count
    const judged = (judge: object) =>
      problems(metric('SELECT 1', { judge, baseline: { query: 'SELECT 2' }, conditions: [] }));
    expect(judged({ kind: 'count', events: 'errors', trials: 'requests' })).toBe('');
    expect(judged({ kind: 'latency', value: 'p95_ms' })).toBe('');
    expect(judged({ kind: 'latency' })).toMatch(/name the column to judge/);
  });

  it('an InfluxDB that is down is an error measurement', async () => {
    await influx.stop();
    const a = await analyse(
      resolve([metric(ERRORS('checkout_errors'), { inconclusive_limit: 0 })], env).spec,
    );
    expect(a.measurements[0]).toMatchObject({
      phase: 'error',
      message: `InfluxDB at ${influx.url} unreachable: ECONNREFUSED`,
    });
    expect(a.decision).toBe('inconclusive');
  });
});
