/**
 * `influxdb` provider: one InfluxQL statement against InfluxDB 1.x (`GET <address>/query?db=…&q=…
 * &epoch=ms`). The answer is `{ results: [{ series: [{ columns, values: [[time, …]…] }], error? }] }`.
 * The statement must give exactly one series (one row per GROUP BY time bucket); the values of its
 * newest row with no null in it are the reading, named by their columns — `SELECT mean("value") AS
 * p95_ms …` gives `p95_ms`, without AS the function's name (`mean`). No series, several series (a
 * GROUP BY tag), or no complete row is inconclusive — never a pass. Unreachable, non-2xx (401: the
 * credentials), an error in the result, or an answer not of this shape is an error measurement.
 * Credentials go in an Authorization header (Basic), never in the URL.
 */
import * as z from 'zod';
import { headers, httpUrl } from '../../config/schema/common.js';
import type { HttpClient } from '../../ports/index.js';
import { ProviderError, type Reading } from '../types.js';
import { hasBaseline, queryBaselineKey, resolvedBaseline, sideOf } from './baseline.js';
import { describeBody, getJson, parseJsonBody } from './json-api.js';
import { envNameKey, namedValuesJudge, valuesRead, type Provider } from './provider.js';

export interface InfluxTarget {
  address: string;
  database: string;
  query: string;
  headers: Record<string, string>;
  credentials?: { username: string; password: string };
}

export function influxQueryUrl(t: Pick<InfluxTarget, 'address' | 'database' | 'query'>): string {
  return `${t.address.replace(/\/+$/, '')}/query?db=${encodeURIComponent(t.database)}&q=${encodeURIComponent(t.query)}&epoch=ms`;
}

export interface InfluxSpec extends InfluxTarget {
  timeoutMs: number;
  baseline?: { query: string };
}

const envName = envNameKey('INFLUX_PASSWORD');

const keys = {
  address: httpUrl.meta({ description: 'The InfluxDB 1.x server, e.g. http://influxdb:8086' }),
  database: z.string().min(1).meta({ description: 'The database the query reads (db=…)' }),
  query: z.string().min(1).meta({
    description:
      'One InfluxQL statement giving one series; its columns are the values, e.g. SELECT mean("value") AS p95_ms FROM latency WHERE time > now() - 1m',
  }),
  username_env: envName.optional().meta({
    description: 'The environment variable holding the user name (with password_env)',
  }),
  password_env: envName.optional().meta({
    description: 'The environment variable holding the password (with username_env); its value is masked',
  }),
  headers: headers.optional(),
  baseline: queryBaselineKey(),
};

export const influxdbProvider: Provider<'influxdb', typeof keys, InfluxSpec> = {
  name: 'influxdb',
  summary: 'one InfluxQL query; the columns of its newest row are the values',
  keys,
  values: null,
  baselineExample: `baseline: { query: 'SELECT mean("value") AS p95_ms FROM stable_latency WHERE time > now() - 1m' }`,
  checkJudge: namedValuesJudge(
    'an influxdb metric has no raw samples: name the column to judge, e.g. value: p95_ms (one number per side per interval)',
    'kind count on an influxdb metric needs events and trials: the columns of the counts in the last interval, e.g. events: errors, trials: requests',
  ),
  check(m, issue) {
    if ((m.username_env === undefined) !== (m.password_env === undefined))
      issue(
        [m.username_env === undefined ? 'username_env' : 'password_env'],
        'InfluxDB takes a user name and a password together: name both variables (username_env and password_env)',
      );
  },
  resolve(m, t) {
    const credentials =
      m.username_env !== undefined && m.password_env !== undefined
        ? {
            username: t.expand(`\${${m.username_env}}`, ['username_env']),
            password: t.expand(`\${${m.password_env}}`, ['password_env'], { secret: true }),
          }
        : undefined;
    return {
      address: t.url(m.address, ['address']),
      database: m.database,
      query: m.query,
      headers: t.headers(m.headers, ['headers']),
      ...(credentials ? { credentials } : {}),
      timeoutMs: m.timeout,
      ...resolvedBaseline(m.baseline, (b) => ({ query: b.query })),
    };
  },
  async measure(spec, source, metric, deps) {
    const query = sideOf(spec, source).query;
    const r = await measureInfluxdb({ ...spec, query }, { timeoutMs: spec.timeoutMs }, deps);
    const missing = valuesRead(metric).filter((v) => !(v in r.values));
    if (r.inconclusive || missing.length === 0) return r;
    return {
      ...r,
      inconclusive: `no column ${missing.map((m) => `"${m}"`).join(', ')} in the answer (columns: ${Object.keys(r.values).join(', ')}); name them with AS`,
    };
  },
  hasBaseline,
  describe: (spec, source) => `${spec.address} ${spec.database}: ${sideOf(spec, source).query}`,
  maxReadingMs: (spec) => spec.timeoutMs,
};

interface Series {
  columns: string[];
  values: unknown[][];
  tags?: Record<string, unknown>;
}

/** `{ results: [ { series?, error? } ] }` checked; a string says what is wrong. */
function parseAnswer(body: unknown): { error?: string; series: Series[] } | string {
  const results = (body as { results?: unknown } | null)?.results;
  if (!Array.isArray(results)) return 'no results list';
  if (results.length !== 1) return `${results.length} statement results; write one statement (no ";")`;
  const r = results[0] as { series?: unknown; error?: unknown } | null;
  if (!r || typeof r !== 'object') return 'a result that is not an object';
  if (typeof r.error === 'string') return { error: r.error, series: [] };
  if (r.series === undefined) return { series: [] };
  if (!Array.isArray(r.series)) return 'series is not a list';
  for (const s of r.series as Series[]) {
    if (
      !s ||
      !Array.isArray(s.columns) ||
      !s.columns.every((c) => typeof c === 'string') ||
      !Array.isArray(s.values) ||
      !s.values.every((row) => Array.isArray(row) && row.length === s.columns.length)
    )
      return 'a series without matching columns and rows';
  }
  return { series: r.series as Series[] };
}

/** The newest row whose value columns are all numbers, as { column: value }; null when none is. */
function newestComplete(s: Series): Record<string, number> | null {
  const cols = s.columns.map((c, i) => [c, i] as const).filter(([c]) => c !== 'time');
  for (let k = s.values.length - 1; k >= 0; k--) {
    const row = s.values[k]!;
    if (cols.every(([, i]) => typeof row[i] === 'number' && Number.isFinite(row[i])))
      return Object.fromEntries(cols.map(([c, i]) => [c, row[i] as number]));
  }
  return null;
}

function errorText(body: string): string {
  try {
    const e = (JSON.parse(body) as { error?: unknown } | null)?.error;
    if (typeof e === 'string') return `: ${e.slice(0, 200)}`;
  } catch {
    /* described below */
  }
  return ` (${describeBody(body)})`;
}

async function query(t: InfluxTarget, opts: { timeoutMs: number }, deps: InfluxDeps) {
  const auth: Record<string, string> = t.credentials
    ? {
        authorization: `Basic ${Buffer.from(`${t.credentials.username}:${t.credentials.password}`).toString('base64')}`,
      }
    : {};
  return getJson(
    { url: influxQueryUrl(t), headers: { ...t.headers, ...auth }, ...opts },
    deps,
    `InfluxDB at ${t.address} unreachable`,
  );
}

interface InfluxDeps {
  http: HttpClient;
  signal?: AbortSignal;
}

export async function measureInfluxdb(
  t: InfluxTarget,
  opts: { timeoutMs: number },
  deps: InfluxDeps,
): Promise<Reading> {
  const res = await query(t, opts, deps);
  if (res.status === 401 || res.status === 403)
    throw new ProviderError(
      `InfluxDB refused the query (${res.status}${errorText(res.body)}): ${t.credentials ? 'check' : 'set'} the credentials`,
    );
  if (res.status < 200 || res.status > 299)
    throw new ProviderError(`InfluxDB query failed (${res.status}${errorText(res.body)})`);
  const answer = parseAnswer(parseJsonBody(res.body, 'InfluxDB did not answer JSON'));
  if (typeof answer === 'string') throw new ProviderError(`InfluxDB answered an unexpected shape: ${answer}`);
  if (answer.error !== undefined)
    throw new ProviderError(`InfluxDB query failed: ${answer.error.slice(0, 200)}`);
  if (answer.series.length === 0)
    return { values: {}, inconclusive: 'the query returned no series (no points matched)' };
  if (answer.series.length > 1)
    return {
      values: {},
      inconclusive: `the query returned ${answer.series.length} series; aggregate them into one (drop GROUP BY <tag>)`,
    };
  const s = answer.series[0]!;
  const values = newestComplete(s);
  if (!values) {
    const newest = s.values[s.values.length - 1] ?? [];
    const lacking = s.columns.filter((c, i) => c !== 'time' && !Number.isFinite(newest[i]));
    return {
      values: {},
      inconclusive: `no row of the ${s.values.length} returned has a number in every column (the newest has none in ${lacking.join(', ')})`,
    };
  }
  return {
    values,
    detail: Object.entries(values)
      .map(([k, v]) => `${k} ${v}`)
      .join(', '),
  };
}
