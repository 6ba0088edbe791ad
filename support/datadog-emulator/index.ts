/**
 * A Datadog API emulator for tests: the two endpoints the datadog metric provider reads, answering
 * with Datadog's documented response shapes (api/v1 MetricsQueryResponse, Monitor, APIErrorResponse).
 *
 *   GET /api/v1/query?from=<s>&to=<s>&query=<q>   {"status":"ok","res_type":"time_series","series":[…]}
 *                                                 each series with pointlist [[ms, value | null], …]
 *   GET /api/v1/monitor/<id>                      {"id":…, "overall_state":"OK"|"Warn"|"Alert"|"No Data", …}
 *
 * Both need the headers DD-API-KEY and DD-APPLICATION-KEY to match the emulator's keys, else 403
 * {"errors":["Forbidden"]}. A query nobody set matches no series (an empty `series`, as Datadog
 * answers). A test sets each query's series as lists of values (null: a gap, as in a partial series);
 * the points are spread evenly over the asked [from, to]. `fault` makes every answer go wrong one way:
 * rate limited (429), cut off mid-body, an HTML error page, or JSON of another shape.
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';

export type MonitorState = 'OK' | 'Warn' | 'Alert' | 'No Data' | 'Unknown' | 'Ignored' | 'Skipped';
export type Fault = 'rate-limit' | 'cut' | 'html' | 'shape' | null;

export interface DatadogRequest {
  path: string;
  params: Record<string, string>;
  apiKey: string | undefined;
  appKey: string | undefined;
}

export interface DatadogEmulator {
  url: string;
  /** The series a query answers: one list of values (or nulls) per series. */
  setQuery(query: string, series: (number | null)[][]): void;
  /** The query answers 400 with this error, like Datadog's query parser. */
  setQueryError(query: string, message: string): void;
  setMonitor(id: number, state: MonitorState): void;
  fault: Fault;
  readonly requests: DatadogRequest[];
  close(): Promise<void>;
}

export async function startDatadogEmulator(keys: {
  apiKey: string;
  appKey: string;
}): Promise<DatadogEmulator> {
  const queries = new Map<string, (number | null)[][]>();
  const queryErrors = new Map<string, string>();
  const monitors = new Map<number, MonitorState>();
  const requests: DatadogRequest[] = [];
  const emu = { fault: null as Fault };

  const server = http.createServer((req, res) => {
    const u = new URL(req.url ?? '/', 'http://emulator');
    const params = Object.fromEntries(u.searchParams);
    const header = (n: string) =>
      typeof req.headers[n] === 'string' ? (req.headers[n] as string) : undefined;
    requests.push({
      path: u.pathname,
      params,
      apiKey: header('dd-api-key'),
      appKey: header('dd-application-key'),
    });
    const send = (status: number, body: unknown) => answer(res, status, body, emu.fault);
    if (req.method !== 'GET') return send(405, { errors: ['Method Not Allowed'] });
    if (header('dd-api-key') !== keys.apiKey || header('dd-application-key') !== keys.appKey)
      return send(403, { errors: ['Forbidden'] });
    if (emu.fault === 'rate-limit')
      return send(429, {
        errors: ['Rate limit of 300 requests in 3600 seconds reached. Please try again later.'],
      });
    if (u.pathname === '/api/v1/query') return queryAnswer(params, send);
    const m = /^\/api\/v1\/monitor\/(\d+)$/.exec(u.pathname);
    if (m) {
      const state = monitors.get(Number(m[1]));
      return state
        ? send(200, monitorBody(Number(m[1]), state))
        : send(404, { errors: ['Monitor not found'] });
    }
    return send(404, { errors: ['Not found'] });
  });

  function queryAnswer(params: Record<string, string>, send: (s: number, b: unknown) => void): void {
    for (const p of ['from', 'to', 'query'])
      if (!params[p]) return send(400, { errors: [`The parameter '${p}' is required`] });
    const from = Number(params.from);
    const to = Number(params.to);
    if (!Number.isInteger(from) || !Number.isInteger(to) || from >= to)
      return send(400, {
        errors: ["The value provided for parameter 'from' is invalid: it must be before 'to'"],
      });
    const q = params.query!;
    const err = queryErrors.get(q);
    if (err) return send(400, { errors: [err] });
    send(200, queryBody(q, from * 1000, to * 1000, queries.get(q) ?? []));
  }

  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    setQuery: (q, s) => void queries.set(q, s),
    setQueryError: (q, m) => void queryErrors.set(q, m),
    setMonitor: (id, state) => void monitors.set(id, state),
    get fault() {
      return emu.fault;
    },
    set fault(f: Fault) {
      emu.fault = f;
    },
    requests,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

function answer(res: http.ServerResponse, status: number, body: unknown, fault: Fault): void {
  if (fault === 'html' && status === 200) {
    res.writeHead(502, { 'content-type': 'text/html' });
    res.end('<html><body><h1>502 Bad Gateway</h1></body></html>');
    return;
  }
  const shaped =
    fault === 'shape' && status === 200 ? { status: 'ok', series: [{ pointlist: 'n/a' }] } : body;
  const text = JSON.stringify(shaped);
  res.writeHead(status, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(text) });
  if (fault !== 'cut' || status !== 200) return void res.end(text);
  // a cut-off answer: the start of the body, then the connection drops before the promised length
  res.write(text.slice(0, Math.floor(text.length / 2)), () => res.socket?.destroy());
}

/** MetricsQueryResponse, with every documented field. */
function queryBody(query: string, fromMs: number, toMs: number, series: (number | null)[][]) {
  return {
    status: 'ok',
    res_type: 'time_series',
    resp_version: 1,
    query,
    from_date: fromMs,
    to_date: toMs,
    series: series.map((values, i) => {
      const step = Math.max(1, Math.floor((toMs - fromMs) / Math.max(1, values.length)));
      const pointlist = values.map((v, k) => [fromMs + k * step, v]);
      const [aggr, rest = ''] = query.split(':', 2);
      const metric = rest.split('{')[0] ?? rest;
      return {
        unit: null,
        query_index: 0,
        aggr,
        metric,
        tag_set: series.length > 1 ? [`host:h${i}`] : [],
        expression: query,
        scope: series.length > 1 ? `host:h${i}` : '*',
        interval: Math.round(step / 1000),
        length: pointlist.length,
        start: fromMs,
        end: pointlist.length ? fromMs + (pointlist.length - 1) * step : fromMs,
        pointlist,
        display_name: metric,
        attributes: {},
      };
    }),
    values: [],
    times: [],
    message: '',
    group_by: series.length > 1 ? ['host'] : [],
  };
}

/** Monitor, with the fields a GET returns. */
function monitorBody(id: number, state: MonitorState) {
  return {
    id,
    name: `monitor ${id}`,
    type: 'metric alert',
    query: 'avg(last_5m):sum:trace.http.request.errors{service:shop}.as_count() > 10',
    message: '',
    tags: [],
    options: { notify_no_data: false, thresholds: { critical: 10, warning: 5 } },
    overall_state: state,
    overall_state_modified: '2026-01-05T10:00:00+00:00',
    created: '2026-01-01T00:00:00.000000+00:00',
    modified: '2026-01-01T00:00:00.000000+00:00',
    creator: { email: 'ops@example.com', handle: 'ops@example.com', name: 'Ops' },
    multi: false,
    priority: null,
    restricted_roles: null,
    deleted: null,
  };
}
