/**
 * `datadog` provider, two kinds of reading:
 * - a metrics query (`query`): `GET <address>/api/v1/query?from=&to=&query=` over the last `from`
 *   (default 5m); the one series' points with a value (a partial series has null gaps) reduced to
 *   `result` (`reduce`: last, the default, avg, min, max, sum). No series, several series, or only
 *   nulls is inconclusive — never a pass.
 * - a monitor's state (`monitor`): `GET <address>/api/v1/monitor/<id>`; `overall_state` OK, Warn, Alert
 *   become `state` 0, 1, 2; No Data (and Datadog's other states) is inconclusive.
 * The API and application keys are read from the environment variables `api_key_env` and `app_key_env`
 * name (DD_API_KEY and DD_APP_KEY by default), sent as DD-API-KEY and DD-APPLICATION-KEY, and masked
 * everywhere as credentials. Datadog's answers are checked against the documented shapes before use; a
 * non-2xx answer (403 `{"errors": [...]}`), a body that is not JSON (a cut-off answer included) or of
 * another shape is an error measurement. Plain HTTP through the HttpClient port: no Datadog client
 * library (it would weigh on every action's start-up).
 */
import * as z from 'zod';
import { duration, httpUrl, positiveInt } from '../../config/schema/common.js';
import { REDUCTIONS, reduceSeries, type Reduction } from '../../shared/series.js';
import { ProviderError, type Reading } from '../types.js';
import { hasBaseline, queryBaselineKey, resolvedBaseline, sideOf } from './baseline.js';
import { getJson, parseJsonBody } from './json-api.js';
import { envNameKey, resultOnlyJudge, type Issue, type Provider, type ProviderDeps } from './provider.js';

export const DATADOG_API = 'https://api.datadoghq.com';
const DEFAULT_RANGE_MS = 300_000;

export interface DatadogSpec {
  address: string;
  /** Set for a metrics query… */
  query?: string;
  /** …or a monitor id. */
  monitor?: number;
  rangeMs: number;
  reduce: Reduction;
  /** The environment variables the keys came from (for messages), and the keys as headers. */
  apiKeyEnv: string;
  appKeyEnv: string;
  headers: Record<string, string>;
  timeoutMs: number;
  baseline?: { query: string };
}

const envName = envNameKey('DD_API_KEY');

const keys = {
  address: httpUrl.default(DATADOG_API).meta({
    description: `The Datadog API for your site (default ${DATADOG_API}; e.g. https://api.datadoghq.eu, https://api.us5.datadoghq.com)`,
  }),
  query: z.string().min(1).optional().meta({
    description:
      'A metrics query giving one series, e.g. sum:trace.http.request.errors{service:shop}.as_count()',
  }),
  monitor: positiveInt
    .optional()
    .meta({ description: "A monitor's id: its overall state is read as `state`" }),
  from: duration().optional().meta({ description: 'How far back the query reads (default 5m)' }),
  reduce: z.enum(REDUCTIONS).optional().meta({
    description:
      "How the series' points become result: last (default: the newest with a value), avg, min, max or sum",
  }),
  api_key_env: envName
    .default('DD_API_KEY')
    .meta({ description: 'Variable holding the API key (default DD_API_KEY)' }),
  app_key_env: envName
    .default('DD_APP_KEY')
    .meta({ description: 'Variable holding the application key (default DD_APP_KEY)' }),
  baseline: queryBaselineKey(),
};

type DatadogConfig = z.output<z.ZodObject<typeof keys>> & { conditions: string[]; judge?: unknown[] };

export const datadogProvider: Provider<'datadog', typeof keys, DatadogSpec> = {
  name: 'datadog',
  summary:
    'a Datadog metrics query reduced to `result`, or a monitor whose state is `state` (0 OK, 1 Warn, 2 Alert)',
  keys,
  // checked by kind (checkKind): a query reads result, a monitor state
  values: null,
  baselineExample:
    "baseline: { query: 'sum:trace.http.request.errors{service:shop,version:stable}.as_count()' }",
  defaultJudgeValue: 'result',
  checkJudge: resultOnlyJudge(
    'kind count is not supported for datadog: one query gives no events and trials per side and interval. Judge the query value with kind: latency, or count errors with an http metric',
    'a datadog query has one value, "result" (the default)',
  ),
  check: (m, issue) => checkKind(m, issue),
  resolve(m, t) {
    return {
      address: t.url(m.address, ['address']),
      ...(m.query !== undefined ? { query: m.query } : {}),
      ...(m.monitor !== undefined ? { monitor: m.monitor } : {}),
      rangeMs: m.from ?? DEFAULT_RANGE_MS,
      reduce: m.reduce ?? 'last',
      apiKeyEnv: m.api_key_env,
      appKeyEnv: m.app_key_env,
      headers: {
        'DD-API-KEY': t.expand(`\${${m.api_key_env}}`, ['api_key_env'], { secret: true }),
        'DD-APPLICATION-KEY': t.expand(`\${${m.app_key_env}}`, ['app_key_env'], { secret: true }),
      },
      timeoutMs: m.timeout,
      ...resolvedBaseline(m.baseline, (b) => ({ query: b.query })),
    };
  },
  measure(spec, source, _metric, deps) {
    if (spec.monitor !== undefined) return measureMonitor(spec, spec.monitor, deps);
    return measureQuery(spec, sideOf(spec, source).query!, deps);
  },
  hasBaseline,
  describe(spec, source) {
    if (spec.monitor !== undefined) return `${spec.address} monitor ${spec.monitor}`;
    return `${spec.address} ${sideOf(spec, source).query} (${spec.reduce}, last ${Math.round(spec.rangeMs / 1000)}s)`;
  },
  maxReadingMs: (spec) => spec.timeoutMs,
};

/** A query or a monitor, not both; what each kind may be written with, and the value its conditions read. */
function checkKind(m: DatadogConfig, issue: Issue): void {
  if ((m.query === undefined) === (m.monitor === undefined)) {
    issue([], 'expected either query (a metrics query) or monitor (a monitor id), not both and not neither');
    return;
  }
  const value = m.monitor !== undefined ? 'state' : 'result';
  m.conditions.forEach((c, j) => {
    if (!new RegExp(`^\\s*${value}\\b`).test(c))
      issue(
        ['conditions', j],
        m.monitor !== undefined
          ? 'a datadog monitor has one value, "state" (0 OK, 1 Warn, 2 Alert), e.g. "state == 0"'
          : 'a datadog query has one value, "result" (e.g. "result <= 2")',
      );
  });
  if (m.monitor === undefined) return;
  for (const k of ['from', 'reduce', 'baseline', 'judge'] as const)
    if (m[k] !== undefined) issue([k], `belongs to a datadog query; a monitor is read as its state`);
}

// ───────────────────────────── Datadog's answers ─────────────────────────────

/** The parts of the query API's answer (MetricsQueryResponse) that are read; other fields may be there. */
const queryAnswer = z.object({
  status: z.string().optional(),
  error: z.string().optional(),
  series: z
    .array(
      z.object({
        pointlist: z.array(z.tuple([z.number(), z.number().nullable()])),
        scope: z.string().optional(),
        expression: z.string().optional(),
      }),
    )
    .optional(),
});

const monitorAnswer = z.object({ id: z.number().optional(), overall_state: z.string() });

const errorAnswer = z.object({ errors: z.array(z.string()) });

const STATES: Record<string, number> = { OK: 0, Warn: 1, Alert: 2 };

async function call(url: string, spec: DatadogSpec, deps: ProviderDeps): Promise<unknown> {
  const res = await getJson(
    { url, headers: spec.headers, timeoutMs: spec.timeoutMs },
    deps,
    `Datadog at ${spec.address} unreachable`,
  );
  const data = parseJsonBody(res.body, `Datadog answered ${res.status} without JSON`);
  if (res.status < 200 || res.status > 299) throw new ProviderError(refusal(res.status, data, spec));
  return data;
}

/** A non-2xx answer in words: Datadog's own `errors`, and what to check for the usual ones. */
function refusal(status: number, data: unknown, spec: DatadogSpec): string {
  const errors = errorAnswer.safeParse(data);
  const said = errors.success
    ? `: ${errors.data.errors.map((e) => (e.length > 200 ? `${e.slice(0, 199)}…` : e)).join('; ')}`
    : '';
  const hint =
    status === 401 || status === 403
      ? ` (check the keys in ${spec.apiKeyEnv} and ${spec.appKeyEnv}, and the site: ${spec.address})`
      : status === 429
        ? ' (rate limited)'
        : '';
  return `Datadog answered ${status}${said}${hint}`;
}

function shapeProblem(err: z.ZodError): string {
  const i = err.issues[0]!;
  return `${i.path.join('.') || 'the answer'}: ${i.message}`;
}

export async function measureQuery(spec: DatadogSpec, query: string, deps: ProviderDeps): Promise<Reading> {
  const to = Math.floor((deps.clock?.now() ?? Date.now()) / 1000);
  const from = to - Math.round(spec.rangeMs / 1000);
  const url = `${spec.address.replace(/\/+$/, '')}/api/v1/query?from=${from}&to=${to}&query=${encodeURIComponent(query)}`;
  const parsed = queryAnswer.safeParse(await call(url, spec, deps));
  if (!parsed.success)
    throw new ProviderError(`Datadog query answered an unexpected shape (${shapeProblem(parsed.error)})`);
  const a = parsed.data;
  if (a.status === 'error')
    throw new ProviderError(`Datadog query failed: ${(a.error ?? 'no reason given').slice(0, 200)}`);
  if (!a.series) throw new ProviderError('Datadog query answered an unexpected shape (series: missing)');
  const range = `${Math.round(spec.rangeMs / 1000)}s`;
  if (a.series.length === 0)
    return { values: {}, inconclusive: `the query matched no series in the last ${range}` };
  if (a.series.length > 1)
    return {
      values: {},
      inconclusive: `the query returned ${a.series.length} series; aggregate them into one (e.g. sum:… without a by {…})`,
    };
  return reduceSeries(
    a.series[0]!.pointlist.map(([, v]) => v),
    spec.reduce,
    range,
  );
}

export async function measureMonitor(spec: DatadogSpec, id: number, deps: ProviderDeps): Promise<Reading> {
  const parsed = monitorAnswer.safeParse(
    await call(`${spec.address.replace(/\/+$/, '')}/api/v1/monitor/${id}`, spec, deps),
  );
  if (!parsed.success)
    throw new ProviderError(
      `Datadog monitor ${id} answered an unexpected shape (${shapeProblem(parsed.error)})`,
    );
  const state = parsed.data.overall_state;
  const level = Object.hasOwn(STATES, state) ? STATES[state] : undefined;
  if (level === undefined)
    return {
      values: {},
      inconclusive: `monitor ${id} is ${JSON.stringify(state.slice(0, 40))}${state === 'No Data' ? ' (no data to judge)' : ''}`,
    };
  return { values: { state: level }, detail: `monitor ${id}: ${state}` };
}
