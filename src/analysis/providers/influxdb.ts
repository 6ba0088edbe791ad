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
import { HttpError, type HttpClient } from '../../ports/index.js';
import { ProviderError, type Reading } from '../types.js';

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
  return ` (${/^\s*</.test(body) ? 'an HTML or XML page' : 'text'}, ${body.length} bytes)`;
}

async function query(t: InfluxTarget, opts: { timeoutMs: number }, deps: InfluxDeps) {
  const auth = t.credentials
    ? {
        authorization: `Basic ${Buffer.from(`${t.credentials.username}:${t.credentials.password}`).toString('base64')}`,
      }
    : {};
  try {
    return await deps.http.request({
      url: influxQueryUrl(t),
      headers: { accept: 'application/json', ...t.headers, ...auth },
      timeoutMs: opts.timeoutMs,
      signal: deps.signal,
    });
  } catch (err) {
    if (!(err instanceof HttpError)) throw err;
    throw new ProviderError(`InfluxDB at ${t.address} unreachable: ${err.message}`);
  }
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
  let body: unknown;
  try {
    body = JSON.parse(res.body);
  } catch {
    throw new ProviderError(`InfluxDB did not answer JSON${errorText(res.body)}`);
  }
  const answer = parseAnswer(body);
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
