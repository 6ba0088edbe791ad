/**
 * A small HTTP service for tests, benchmarks and the demo: it serves app traffic and health endpoints,
 * exposes its own metrics (Prometheus text and a JSON summary like the cutover runbook's metrics URL), and lets a
 * test or another process inject faults: an error rate, latency with jitter, or a full outage.
 *
 *   GET  /              app traffic (also any other unknown path): 200 {"version":…} or 500 when injected
 *   GET  /health        200 {"status":"ok"} — subject to the injected error rate and latency
 *   GET  /ready         200 unless an outage is injected
 *   GET  /version       {"version":…}
 *   GET  /metrics       Prometheus text: http_requests_total{code}, http_request_duration_seconds histogram
 *   GET  /metrics.json  {"error_rate_pct":…, "p95_ms":…, "requests":…} over the last `metricsWindowMs`
 *   POST /control       JSON {"version"?, "inject"?: {...}, "reset"?: true} — returns the current state
 *
 * Injected errors are deterministic by default: with errorRatePct p, the k-th counted request fails when
 * floor(k·p/100) > floor((k−1)·p/100), so exactly p % of any long run fails, evenly spread. With
 * `errorMode: 'random'` each request fails with probability p/100 from a seeded generator (repeatable noise).
 * An outage answers 503 on every endpoint except /control, /metrics and /metrics.json; `failNext: N` fails
 * exactly the next N requests (a blip); `metricsDown` makes the metrics endpoints answer 503.
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { Counter, Histogram, Registry } from 'prom-client';

export interface Injection {
  /** Percentage of requests to /health and app paths that answer 500. */
  errorRatePct?: number;
  /** `spread` (default): every (100/p)-th request; `random`: seeded Bernoulli draws. */
  errorMode?: 'spread' | 'random';
  /** Added before every answer (health and app paths). */
  latencyMs?: number;
  /** Uniform extra latency in [0, latencyJitterMs). */
  latencyJitterMs?: number;
  /** Every endpoint but /control and the metrics answers 503. */
  outage?: boolean;
  /** The metrics endpoints (/metrics, /metrics.json) answer 503: "the metrics system is down". */
  metricsDown?: boolean;
  /** The next N requests to /health and app paths answer 500, whatever the error rate (a blip). */
  failNext?: number;
}

export interface SampleServiceOptions {
  version: string;
  port?: number;
  /** Seed of the random generator used for jitter and random errors (default 1). */
  seed?: number;
  /** Window of /metrics.json (default 5000 ms). */
  metricsWindowMs?: number;
}

export interface SampleService {
  url: string;
  port: number;
  readonly version: string;
  setVersion(v: string): void;
  inject(i: Injection): void;
  reset(): void;
  /** Counted requests so far (not /control or metrics). */
  readonly requests: number;
  close(): Promise<void>;
}

/** mulberry32: a tiny seeded generator, good enough for repeatable noise. */
export function seededRandom(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

interface Recent {
  at: number;
  ok: boolean;
  ms: number;
}

export async function startSampleService(opts: SampleServiceOptions): Promise<SampleService> {
  let version = opts.version;
  let injection: Injection = {};
  let counted = 0;
  let errorCounter = 0;
  let failNextLeft = 0;
  let random = seededRandom(opts.seed ?? 1);
  const windowMs = opts.metricsWindowMs ?? 5000;
  let recent: Recent[] = [];

  const registry = new Registry();
  const requestsTotal = new Counter({
    name: 'http_requests_total',
    help: 'HTTP requests served, by status code',
    labelNames: ['code'],
    registers: [registry],
  });
  const duration = new Histogram({
    name: 'http_request_duration_seconds',
    help: 'Time to answer HTTP requests',
    labelNames: ['code'],
    buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5],
    registers: [registry],
  });

  const shouldFail = (): boolean => {
    if (failNextLeft > 0) {
      failNextLeft--;
      return true;
    }
    const p = Math.min(100, Math.max(0, injection.errorRatePct ?? 0));
    if (p === 0) return false;
    if (injection.errorMode === 'random') return random() < p / 100;
    errorCounter++;
    return Math.floor((errorCounter * p) / 100) > Math.floor(((errorCounter - 1) * p) / 100);
  };

  const delay = (): Promise<void> => {
    const ms =
      (injection.latencyMs ?? 0) + (injection.latencyJitterMs ? random() * injection.latencyJitterMs : 0);
    return ms > 0 ? new Promise((r) => setTimeout(r, ms)) : Promise.resolve();
  };

  const send = (res: http.ServerResponse, status: number, body: unknown, type = 'application/json') => {
    const text = typeof body === 'string' ? body : JSON.stringify(body);
    res.writeHead(status, { 'content-type': type, 'content-length': Buffer.byteLength(text) });
    res.end(text);
  };

  const record = (status: number, started: number) => {
    const ms = performance.now() - started;
    requestsTotal.inc({ code: String(status) });
    duration.observe({ code: String(status) }, ms / 1000);
    counted++;
    const now = Date.now();
    recent.push({ at: now, ok: status < 500, ms });
    if (recent.length > 4096 || (recent[0] && recent[0].at < now - windowMs)) {
      recent = recent.filter((r) => r.at >= now - windowMs);
    }
  };

  const summary = () => {
    const now = Date.now();
    const inWindow = recent.filter((r) => r.at >= now - windowMs);
    if (inWindow.length === 0)
      return { error_rate_pct: null, p95_ms: null, requests: 0, window_s: windowMs / 1000, version };
    const errors = inWindow.filter((r) => !r.ok).length;
    const sorted = inWindow.map((r) => r.ms).sort((a, b) => a - b);
    const p95 = sorted[Math.max(0, Math.ceil(0.95 * sorted.length) - 1)]!;
    return {
      error_rate_pct: Math.round((errors / inWindow.length) * 10000) / 100,
      p95_ms: Math.round(p95 * 100) / 100,
      requests: inWindow.length,
      window_s: windowMs / 1000,
      version,
    };
  };

  const applyControl = (body: any) => {
    if (body && typeof body === 'object') {
      if (body.reset === true) reset();
      if (typeof body.version === 'string') version = body.version;
      if (body.inject && typeof body.inject === 'object') inject(body.inject as Injection);
    }
    return { version, inject: injection, requests: counted };
  };

  function inject(i: Injection): void {
    const { failNext, ...rest } = i;
    injection = { ...injection, ...rest };
    if (failNext !== undefined) failNextLeft = Math.max(0, Math.floor(failNext));
    errorCounter = 0;
  }
  function reset(): void {
    injection = {};
    errorCounter = 0;
    failNextLeft = 0;
    recent = [];
    random = seededRandom(opts.seed ?? 1);
  }

  const server = http.createServer((req, res) => {
    const started = performance.now();
    const path = (req.url ?? '/').split('?')[0]!;
    if (path === '/control') {
      if (req.method !== 'POST') return send(res, req.method === 'GET' ? 200 : 405, applyControl(null));
      let raw = '';
      req.setEncoding('utf8');
      req.on('data', (c: string) => (raw += c));
      req.on('end', () => {
        try {
          send(res, 200, applyControl(raw ? JSON.parse(raw) : {}));
        } catch {
          send(res, 400, { error: 'expected a JSON body' });
        }
      });
      return;
    }
    if (path === '/metrics' || path === '/metrics.json') {
      if (injection.metricsDown) return send(res, 503, { error: 'metrics unavailable' });
      if (path === '/metrics.json') return send(res, 200, summary());
      registry.metrics().then(
        (text) => send(res, 200, text, registry.contentType),
        (err: Error) => send(res, 500, { error: err.message }),
      );
      return;
    }
    void (async () => {
      if (injection.outage) {
        record(503, started);
        return send(res, 503, { error: 'service unavailable' });
      }
      if (path === '/version') {
        record(200, started);
        return send(res, 200, { version });
      }
      if (path === '/ready') {
        record(200, started);
        return send(res, 200, { ready: true, version });
      }
      await delay();
      const fail = shouldFail();
      const status = fail ? 500 : 200;
      record(status, started);
      if (path === '/health')
        return send(res, status, fail ? { status: 'error', version } : { status: 'ok', version });
      send(res, status, fail ? { error: 'injected failure', version } : { ok: true, version });
    })();
  });
  server.keepAliveTimeout = 5000;
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(opts.port ?? 0, '127.0.0.1', () => resolve());
  });
  const port = (server.address() as AddressInfo).port;
  const url = `http://127.0.0.1:${port}`;

  return {
    url,
    port,
    get version() {
      return version;
    },
    setVersion: (v) => {
      version = v;
    },
    inject,
    reset,
    get requests() {
      return counted;
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}

/**
 * Steady background traffic to the service (what real users would send), so that /metrics and
 * /metrics.json have something to report. Returns a stop function.
 */
export function startTraffic(
  url: string,
  opts: { intervalMs?: number; path?: string } = {},
): () => Promise<void> {
  let stopped = false;
  const agent = new http.Agent({ keepAlive: true, maxSockets: 4 });
  const target = new URL(opts.path ?? '/', url);
  const one = () =>
    new Promise<void>((resolve) => {
      const r = http.get(target, { agent }, (res) => {
        res.resume();
        res.on('end', () => resolve());
        res.on('error', () => resolve());
      });
      r.on('error', () => resolve());
    });
  const loop = (async () => {
    while (!stopped) {
      await one();
      await new Promise((r) => setTimeout(r, opts.intervalMs ?? 10));
    }
  })();
  return async () => {
    stopped = true;
    await loop;
    agent.destroy();
  };
}
