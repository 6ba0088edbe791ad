import type { Agent } from 'node:http';
import { HttpError, type HttpClient, type HttpRequest, type HttpResponse } from '../ports/index.js';

/**
 * A small HTTP client over node:http with keep-alive, a per-request timeout covering the whole
 * exchange, and a monotonic duration. Rejects only with HttpError (timeout, network, aborted).
 */
export const httpClient: HttpClient = { request };

interface Transport {
  request: typeof import('node:http').request;
  agent: Agent;
}

/**
 * node:http and node:https (with TLS and crypto behind it) are loaded by the first request, not at
 * start-up: a dry run never makes one (bench startup).
 */
let transports: Promise<Record<'http:' | 'https:', Transport>> | undefined;
function loadTransports() {
  transports ??= Promise.all([import('node:http'), import('node:https')]).then(([http, https]) => ({
    'http:': { request: http.request, agent: new http.Agent({ keepAlive: true, maxSockets: 64 }) },
    'https:': { request: https.request, agent: new https.Agent({ keepAlive: true, maxSockets: 64 }) },
  }));
  return transports;
}

export async function request(req: HttpRequest): Promise<HttpResponse> {
  const byProtocol = await loadTransports();
  return send(req, byProtocol);
}

function send(req: HttpRequest, byProtocol: Record<'http:' | 'https:', Transport>): Promise<HttpResponse> {
  const started = performance.now();
  const elapsed = () => performance.now() - started;
  return new Promise((resolve, reject) => {
    let url: URL;
    try {
      url = new URL(req.url);
    } catch {
      reject(new HttpError('network', `invalid URL`, 0));
      return;
    }
    const transport = Object.hasOwn(byProtocol, url.protocol)
      ? byProtocol[url.protocol as 'http:' | 'https:']
      : undefined;
    if (!transport) {
      reject(new HttpError('network', `unsupported protocol ${url.protocol}`, 0));
      return;
    }
    const max = req.maxBodyBytes ?? 1 << 20;
    let settled = false;
    const fail = (code: HttpError['code'], message: string) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      r.destroy();
      reject(new HttpError(code, message, elapsed()));
    };
    const r = transport.request(
      url,
      {
        method: req.method ?? 'GET',
        headers: { 'user-agent': 'release-ops', ...req.headers },
        agent: transport.agent,
      },
      (res) => {
        const chunks: Buffer[] = [];
        let size = 0;
        res.on('data', (c: Buffer) => {
          if (size < max) chunks.push(c);
          size += c.length;
        });
        res.on('end', () => {
          if (settled) return;
          settled = true;
          clearTimeout(timer);
          const headers: Record<string, string> = {};
          for (const [k, v] of Object.entries(res.headers))
            if (v !== undefined) headers[k] = Array.isArray(v) ? v.join(', ') : v;
          resolve({
            status: res.statusCode ?? 0,
            headers,
            body: Buffer.concat(chunks).subarray(0, max).toString('utf8'),
            durationMs: elapsed(),
          });
        });
        res.on('error', (e) => fail('network', e.message));
      },
    );
    const timeoutMs = req.timeoutMs ?? 10_000;
    const timer = setTimeout(() => fail('timeout', `no complete response within ${timeoutMs} ms`), timeoutMs);
    const onAbort = () => fail('aborted', 'request aborted');
    if (req.signal?.aborted) return onAbort();
    req.signal?.addEventListener('abort', onAbort, { once: true });
    r.on('error', (e: NodeJS.ErrnoException) => fail('network', e.code ? `${e.code}` : e.message));
    r.on('close', () => req.signal?.removeEventListener('abort', onAbort));
    r.end(req.body);
  });
}
