/**
 * The request pipeline: log → faults → route → auth → repository check → rate limit → handler →
 * reply (JSON or stream) with GitHub's headers on every API response.
 */
import { randomBytes } from 'node:crypto';
import http, { type IncomingMessage, type ServerResponse } from 'node:http';
import { once } from 'node:events';
import { pipeline } from 'node:stream/promises';
import type { FaultDecision, FaultRegistry } from './faults.js';
import { ApiError, DOCS, readJsonBody, type Reply, type RouteContext } from './http.js';
import type { Router } from './router.js';
import type { EmulatorState } from './state.js';
import { MANGLING_FAULTS, type EmulatorOptions, type FaultSpec, type RequestLogEntry } from './types.js';

const RATE_DOCS = `${DOCS}/using-the-rest-api/rate-limits-for-the-rest-api`;

/** The primary rate limit window GitHub reports in `x-ratelimit-*` headers (hourly). */
class RateLimit {
  used = 0;
  private resetAtS = 0;

  constructor(
    readonly limit: number,
    private readonly nowMs: () => number,
  ) {}

  private roll(): void {
    const now = Math.floor(this.nowMs() / 1000);
    if (now >= this.resetAtS) {
      this.used = 0;
      this.resetAtS = now + 3600;
    }
  }

  /** Counts one request; false when the window was already exhausted. */
  consume(): boolean {
    this.roll();
    if (this.used >= this.limit) return false;
    this.used += 1;
    return true;
  }

  headers(): Record<string, string> {
    this.roll();
    return {
      'x-ratelimit-limit': String(this.limit),
      'x-ratelimit-remaining': String(Math.max(0, this.limit - this.used)),
      'x-ratelimit-reset': String(this.resetAtS),
      'x-ratelimit-used': String(this.used),
      'x-ratelimit-resource': 'core',
    };
  }
}

let requestCounter = 0;

/** GitHub's request id shape: `EE95:DB419:75E0E:EB5DD:687F67D2`. */
function requestId(): string {
  requestCounter += 1;
  const hex = randomBytes(10).toString('hex').toUpperCase();
  return `${hex.slice(0, 4)}:${hex.slice(4, 9)}:${hex.slice(9, 14)}:${hex.slice(14, 19)}:${requestCounter.toString(16).toUpperCase().padStart(8, '0')}`;
}

const STATUS_MESSAGES: Record<number, string> = {
  500: 'Server Error',
  502: 'Server Error',
  503: 'Service Unavailable',
  504: 'We couldn\u2019t respond to your request in time. Sorry about that. Please try resubmitting your request and contact us if the problem persists.',
};

export interface ServerDeps {
  state: EmulatorState;
  router: Router;
  faults: FaultRegistry;
  log: RequestLogEntry[];
  options: EmulatorOptions;
  /** Told of each request as it arrives (logged, before any fault or handler has its say). */
  onRequest?: (entry: RequestLogEntry) => void;
}

export function createEmulatorServer(deps: ServerDeps): http.Server {
  const { state, router, faults, log, options } = deps;
  const clock = options.now ?? (() => new Date());
  const rate = new RateLimit(options.rateLimit ?? 5000, () => clock().getTime());

  function faultReply(
    decision: Exclude<FaultDecision, { kind: 'none' } | { kind: 'crash' }>,
    id: string,
  ): Reply {
    const { spec } = decision;
    if (decision.kind === 'secondary-rate-limit') {
      return {
        status: 403,
        headers: { 'retry-after': String(spec.retryAfterS ?? 1) },
        body: {
          message: `You have exceeded a secondary rate limit. Please wait a few minutes before you try again. If you reach out to GitHub Support for help, please include the request ID ${id}.`,
          documentation_url: `${RATE_DOCS}#about-secondary-rate-limits`,
        },
      };
    }
    if (decision.kind === 'rate-limit') {
      const reset = Math.floor(clock().getTime() / 1000) + (spec.retryAfterS ?? 60);
      return {
        status: 403,
        headers: {
          'x-ratelimit-remaining': '0',
          'x-ratelimit-reset': String(reset),
          'x-ratelimit-used': String(rate.limit),
        },
        body: {
          message: `API rate limit exceeded for user ID 41898282. If you reach out to GitHub Support for help, please include the request ID ${id}.`,
          documentation_url: `${RATE_DOCS}#about-the-primary-rate-limit`,
        },
      };
    }
    const status = spec.status ?? 500;
    return {
      status,
      body: {
        message: STATUS_MESSAGES[status] ?? http.STATUS_CODES[status] ?? 'Error',
        documentation_url: DOCS,
      },
    };
  }

  function authError(req: IncomingMessage): ApiError | null {
    if (options.requireAuth === false) return null;
    const header = req.headers.authorization;
    if (!header) return new ApiError(401, 'Requires authentication');
    if (options.token !== undefined) {
      const m = /^(?:token|bearer)\s+(.+)$/i.exec(header.trim());
      if (!m || m[1] !== options.token) return new ApiError(401, 'Bad credentials');
    }
    return null;
  }

  async function send(
    req: IncomingMessage,
    res: ServerResponse,
    entry: RequestLogEntry,
    reply: Reply,
    headers: Record<string, string>,
    mangle?: Exclude<FaultDecision, { kind: 'none' } | { kind: 'crash' }>,
  ): Promise<void> {
    if (faults.crashed) {
      entry.fault = 'crash';
      req.socket.destroy();
      return;
    }
    if (res.destroyed || req.socket.destroyed) return;
    // Answering before the request body is read (an early 4xx on an upload) would leave the
    // client writing into a closed exchange: drain it first, as GitHub's front end does.
    if (!req.complete && !req.destroyed) {
      req.resume();
      await Promise.race([once(req, 'end'), once(req, 'close')]).catch(() => undefined);
      if (req.destroyed && !req.complete) return;
    }
    const all = { ...headers, ...reply.headers };
    entry.status = reply.status;
    if (mangle?.kind === 'lost-answer') {
      if (reply.status < 400) return loseAnswer(req, res, reply, mangle.spec);
      delete entry.fault; // an error answer is not lost: the client sees it as it is
    }
    if (reply.stream) {
      res.writeHead(reply.status, all);
      await pipeline(reply.stream, res).catch(() => undefined);
      return;
    }
    if (reply.body === undefined) {
      res.writeHead(reply.status, all);
      res.end();
      return;
    }
    const body = options.transformResponse
      ? options.transformResponse({
          operationId: entry.operationId,
          method: entry.method,
          path: entry.path,
          status: reply.status,
          body: reply.body,
        })
      : reply.body;
    const text = JSON.stringify(body);
    if (mangle?.kind === 'invalid-json') {
      const html = '<html><body><h1>502 Bad Gateway</h1></body></html>';
      res.writeHead(200, { ...all, 'content-type': 'text/html', 'content-length': String(html.length) });
      res.end(html);
      return;
    }
    if (mangle?.kind === 'loop-link' || mangle?.kind === 'foreign-link') {
      const base = mangle.kind === 'loop-link' ? state.baseUrl : (mangle.spec.linkTo ?? 'http://127.0.0.2:9');
      all.link = `<${base}${entry.path}>; rel="next"`;
    }
    res.writeHead(reply.status, {
      ...all,
      'content-type': 'application/json; charset=utf-8',
      'content-length': String(Buffer.byteLength(text)),
    });
    if (mangle?.kind === 'cut-body') {
      // half the body, then a reset: the client sees a body that ends early
      res.write(text.slice(0, Math.floor(text.length / 2)));
      await new Promise((r) => setTimeout(r, 5));
      req.socket.destroy();
      return;
    }
    res.end(text);
  }

  /** The request was served (its write is in the state); the client gets a proxy's 502 or a reset instead. */
  function loseAnswer(
    req: IncomingMessage,
    res: ServerResponse,
    reply: Reply,
    spec: Readonly<FaultSpec>,
  ): void {
    reply.stream?.destroy();
    if (spec.lostAs === 'reset') {
      req.socket.destroy();
      return;
    }
    const html =
      '<html><head><title>502 Bad Gateway</title></head><body><h1>502 Bad Gateway</h1></body></html>';
    res.writeHead(502, { 'content-type': 'text/html', 'content-length': String(Buffer.byteLength(html)) });
    res.end(html);
  }

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const method = (req.method ?? 'GET').toUpperCase();
    const rawPath = req.url ?? '/';
    const url = new URL(rawPath, state.baseUrl);
    const { match } = router.match(method, url.pathname);
    const entry: RequestLogEntry = {
      method,
      path: rawPath,
      status: 0,
      operationId: match?.route.operationId ?? null,
    };
    log.push(entry);
    deps.onRequest?.(entry);

    const decision = await faults.decide(method, url.pathname);
    if (decision.kind === 'crash') {
      entry.fault = 'crash';
      req.socket.destroy();
      return;
    }
    const id = requestId();
    const isApi = match?.route.auth !== false;
    const headers = (): Record<string, string> =>
      isApi
        ? {
            ...rate.headers(),
            'x-github-request-id': id,
            'x-github-media-type': 'github.v3; format=json',
            'x-github-api-version-selected': '2022-11-28',
            'access-control-expose-headers':
              'ETag, Link, Location, Retry-After, X-GitHub-OTP, X-RateLimit-Limit, X-RateLimit-Remaining, X-RateLimit-Used, X-RateLimit-Resource, X-RateLimit-Reset, X-GitHub-Request-Id',
          }
        : { 'x-github-request-id': id };
    const fail = (error: ApiError) =>
      send(
        req,
        res,
        entry,
        {
          status: error.status,
          body: error.toBody(),
          ...(error.extra.headers ? { headers: error.extra.headers } : {}),
        },
        headers(),
      );

    // Every API request counts against the primary rate limit, failed ones included.
    const withinLimit = isApi ? rate.consume() : true;
    const mangle = decision.kind !== 'none' && MANGLING_FAULTS.includes(decision.kind) ? decision : undefined;
    if (decision.kind !== 'none') entry.fault = decision.kind;
    if (decision.kind !== 'none' && !mangle)
      return send(req, res, entry, faultReply(decision, id), headers());
    if (!match) return fail(new ApiError(404, 'Not Found'));
    if (isApi) {
      const auth = authError(req);
      if (auth) return fail(auth);
    }
    const { owner, repo } = match.params;
    if (owner !== undefined || repo !== undefined) {
      const sameRepo =
        owner?.toLowerCase() === state.owner.toLowerCase() &&
        repo?.toLowerCase() === state.repo.toLowerCase();
      if (!sameRepo) return fail(new ApiError(404, 'Not Found'));
    }
    if (!withinLimit && options.enforceRateLimit) {
      return fail(
        new ApiError(403, 'API rate limit exceeded for user ID 41898282.', {
          documentationUrl: `${RATE_DOCS}#about-the-primary-rate-limit`,
        }),
      );
    }
    const ctx: RouteContext = {
      state,
      params: match.params,
      query: url.searchParams,
      url,
      req,
      json: () => readJsonBody(req),
    };
    let reply: Reply;
    try {
      reply = await match.route.handler(ctx);
    } catch (error) {
      if (error instanceof ApiError) return fail(error);
      // the client went away mid-request (a cancelled run, a timeout): nobody to answer
      if ((req.destroyed && !req.complete) || (error as NodeJS.ErrnoException)?.code === 'ECONNRESET') return;
      console.error('[github-emulator] bug while serving', method, url.pathname, error);
      return fail(new ApiError(500, 'Server Error'));
    }
    return send(req, res, entry, reply, headers(), mangle);
  }

  return http.createServer((req, res) => {
    handle(req, res).catch((error: unknown) => {
      console.error('[github-emulator] unexpected failure', error);
      res.destroy();
    });
  });
}
