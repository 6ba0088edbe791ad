/**
 * Replays an @octokit/fixtures scenario over loopback, standing in for its nock-based `fixtures.mock()`:
 * one HTTP server per recorded scope (api.github.com, uploads.github.com), the recorded exchanges
 * answered strictly in order, each request checked against the recording (scope, method, path and
 * query, body, and the recorded request headers except host). Recorded URLs in responses are rewritten
 * to the loopback servers, as `fixtures.mock(scenario, { scope })` does.
 *
 * One leniency: the client may add `per_page` to a GET's query (our pager always asks for 100).
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { readFileSync } from 'node:fs';
import path from 'node:path';

export interface RecordedExchange {
  scope: string;
  method: string;
  path: string;
  body: string | Record<string, unknown>;
  status: number;
  response: unknown;
  reqheaders: Record<string, string | number>;
  headers: Record<string, string | number>;
}

const ROOT = path.resolve(path.dirname(new URL(import.meta.url).pathname), '../..');

/** Reads `node_modules/@octokit/fixtures/scenarios/<name>/normalized-fixture.json`. */
export function loadScenario(name: string): RecordedExchange[] {
  const file = path.join(ROOT, 'node_modules/@octokit/fixtures/scenarios', name, 'normalized-fixture.json');
  return JSON.parse(readFileSync(file, 'utf8')) as RecordedExchange[];
}

/** A file that ships with a scenario (e.g. `test-upload.txt`). */
export function scenarioFile(name: string, file: string): string {
  return path.join(ROOT, 'node_modules/@octokit/fixtures/scenarios', name, file);
}

export interface Replay {
  /** Loopback origin standing in for each recorded scope, keyed by its host (`api.github.com`). */
  origins: Record<string, string>;
  /** Mismatches seen (each also answered with HTTP 400, which no client retries). */
  mismatches: string[];
  /** Recorded exchanges not yet requested, as `METHOD path`. */
  pending(): string[];
  /** Every request received, as `METHOD host path`. */
  received: string[];
  close(): Promise<void>;
}

const HOP_BY_HOP = new Set([
  'connection',
  'content-length',
  'transfer-encoding',
  'keep-alive',
  'content-encoding',
]);

export async function replay(exchanges: RecordedExchange[]): Promise<Replay> {
  const hosts = [...new Set(exchanges.map((e) => new URL(e.scope).hostname))];
  const origins: Record<string, string> = {};
  const servers: http.Server[] = [];
  const mismatches: string[] = [];
  const received: string[] = [];
  let next = 0;

  const rewrite = (text: string) => {
    let out = text;
    for (const h of hosts) out = out.split(`https://${h}`).join(origins[h]!);
    return out;
  };

  for (const host of hosts) {
    const server = http.createServer((req, res) => {
      const chunks: Buffer[] = [];
      req.on('data', (c: Buffer) => chunks.push(c));
      req.on('end', () => {
        const body = Buffer.concat(chunks).toString('utf8');
        received.push(`${req.method} ${host} ${req.url}`);
        const expected = exchanges[next];
        const problems = expected ? compare(expected, host, req, body) : [`no recorded exchange left`];
        if (problems.length) {
          const line = `request #${next + 1} ${req.method} ${host}${req.url}: ${problems.join('; ')}`;
          mismatches.push(line);
          res.writeHead(400, { 'content-type': 'application/json' });
          res.end(JSON.stringify({ message: `fixture mismatch: ${line}` }));
          return;
        }
        next++;
        const headers: Record<string, string> = {};
        for (const [k, v] of Object.entries(expected!.headers))
          if (!HOP_BY_HOP.has(k.toLowerCase())) headers[k] = rewrite(String(v));
        const payload =
          expected!.status === 204 || expected!.response === ''
            ? ''
            : rewrite(
                typeof expected!.response === 'string'
                  ? expected!.response
                  : JSON.stringify(expected!.response),
              );
        res.writeHead(expected!.status, headers);
        res.end(payload);
      });
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    origins[host] = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    servers.push(server);
  }

  return {
    origins,
    mismatches,
    received,
    pending: () => exchanges.slice(next).map((e) => `${e.method.toUpperCase()} ${e.path}`),
    close: async () => {
      for (const s of servers) {
        s.closeAllConnections();
        await new Promise((r) => s.close(r));
      }
    },
  };
}

function compare(
  expected: RecordedExchange,
  host: string,
  req: http.IncomingMessage,
  body: string,
): string[] {
  const problems: string[] = [];
  const expectedHost = new URL(expected.scope).hostname;
  if (host !== expectedHost) problems.push(`expected host ${expectedHost}`);
  if ((req.method ?? '').toLowerCase() !== expected.method.toLowerCase())
    problems.push(`expected method ${expected.method.toUpperCase()}`);

  const actual = new URL(req.url ?? '/', 'http://x');
  const wanted = new URL(expected.path, 'http://x');
  if (actual.pathname !== wanted.pathname) problems.push(`expected path ${wanted.pathname}`);
  const query = new URLSearchParams(actual.search);
  if (req.method === 'GET' && !wanted.searchParams.has('per_page')) query.delete('per_page');
  if (query.toString() !== wanted.searchParams.toString())
    problems.push(`expected query "${wanted.search}", got "${actual.search}"`);

  if (typeof expected.body === 'string') {
    if (body !== expected.body)
      problems.push(
        `expected body ${JSON.stringify(expected.body)}, got ${JSON.stringify(body.slice(0, 200))}`,
      );
  } else {
    let parsed: unknown;
    try {
      parsed = JSON.parse(body);
    } catch {
      parsed = undefined;
    }
    if (!sameJson(parsed, expected.body))
      problems.push(
        `expected JSON body ${JSON.stringify(expected.body)}, got ${JSON.stringify(body.slice(0, 200))}`,
      );
  }

  for (const [name, value] of Object.entries(expected.reqheaders)) {
    if (name.toLowerCase() === 'host') continue;
    const got = req.headers[name.toLowerCase()];
    if (String(got) !== String(value))
      problems.push(`expected header ${name}: ${value}, got ${got === undefined ? '(none)' : got}`);
  }
  return problems;
}

function sameJson(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (typeof a !== 'object' || typeof b !== 'object' || a === null || b === null) return false;
  if (Array.isArray(a) !== Array.isArray(b)) return false;
  const ka = Object.keys(a as object);
  const kb = Object.keys(b as object);
  return (
    ka.length === kb.length &&
    ka.every((k) => sameJson((a as Record<string, unknown>)[k], (b as Record<string, unknown>)[k]))
  );
}
