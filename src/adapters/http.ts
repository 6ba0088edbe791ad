import http from 'node:http';
import https from 'node:https';
import { HttpError, type HttpClient, type HttpRequest, type HttpResponse } from '../ports/index.js';

/**
 * A small HTTP client over node:http with keep-alive, a per-request timeout covering the whole
 * exchange, and a monotonic duration. Rejects only with HttpError (timeout, network, aborted).
 */
const agents = {
  'http:': new http.Agent({ keepAlive: true, maxSockets: 64 }),
  'https:': new https.Agent({ keepAlive: true, maxSockets: 64 }),
};

export const httpClient: HttpClient = { request };

export function request(req: HttpRequest): Promise<HttpResponse> {
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
    const lib = url.protocol === 'https:' ? https : http;
    const agent = agents[url.protocol as 'http:' | 'https:'];
    if (!agent) {
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
    const r = lib.request(
      url,
      { method: req.method ?? 'GET', headers: { 'user-agent': 'release-ops', ...req.headers }, agent },
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
