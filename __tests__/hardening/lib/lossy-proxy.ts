/**
 * A loopback HTTP proxy in front of the GitHub emulator that loses responses: the request reaches the
 * emulator and its write is applied, but the client gets a 502 (or a reset connection) instead of the
 * answer — what a flaky load balancer in front of GitHub does. Plugin-retry then sends the write again,
 * and the second attempt meets what the first one made (a 422 `already_exists`, or a duplicate).
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';

export interface LossRule {
  method?: string;
  path: RegExp;
  /** How the answer is lost: replaced by a 502 (default) or the connection reset. */
  mode?: 'bad-gateway' | 'reset';
  /** Matching requests that pass untouched before the rule applies (default 0). */
  afterRequests?: number;
  /** How many times the rule applies (default 1). */
  times?: number;
}

export interface LossyProxy {
  url: string;
  /** Requests whose answer was lost: `METHOD path upstream-status`. */
  readonly lost: string[];
  /** Every request seen, with the time it arrived (performance.now()). */
  readonly seen: { method: string; path: string; at: number }[];
  lose(rule: LossRule): void;
  close(): Promise<void>;
}

export async function startLossyProxy(upstream: string): Promise<LossyProxy> {
  const target = new URL(upstream);
  const rules: (LossRule & { seen: number; fired: number })[] = [];
  const lost: string[] = [];
  const seen: { method: string; path: string; at: number }[] = [];
  const agent = new http.Agent({ keepAlive: false });

  const server = http.createServer((req, res) => {
    const method = (req.method ?? 'GET').toUpperCase();
    const pathname = (req.url ?? '/').split('?')[0]!;
    seen.push({ method, path: pathname, at: performance.now() });
    const rule = rules.find((r) => {
      if (r.method && r.method.toUpperCase() !== method) return false;
      if (!r.path.test(pathname)) return false;
      r.seen += 1;
      if (r.seen <= (r.afterRequests ?? 0) || r.fired >= (r.times ?? 1)) return false;
      r.fired += 1;
      return true;
    });
    const up = http.request(
      {
        host: target.hostname,
        port: target.port,
        method,
        path: req.url,
        headers: { ...req.headers, host: target.host },
        agent,
      },
      (upRes) => {
        if (!rule) {
          res.writeHead(upRes.statusCode ?? 502, upRes.headers);
          upRes.pipe(res);
          return;
        }
        // The emulator has answered (the write is applied); the client never sees it.
        upRes.resume();
        upRes.on('end', () => {
          lost.push(`${method} ${pathname} ${upRes.statusCode}`);
          if (rule.mode === 'reset') {
            req.socket.destroy();
            return;
          }
          const body = JSON.stringify({ message: 'Server Error' });
          res.writeHead(502, {
            'content-type': 'application/json',
            'content-length': Buffer.byteLength(body),
          });
          res.end(body);
        });
      },
    );
    up.on('error', () => res.destroy());
    req.pipe(up);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    lost,
    seen,
    lose(rule) {
      rules.push({ ...rule, seen: 0, fired: 0 });
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
        agent.destroy();
      }),
  };
}
