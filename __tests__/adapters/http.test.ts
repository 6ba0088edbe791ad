import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { request } from '../../src/adapters/http.js';
import { HttpError } from '../../src/ports/index.js';

let server: http.Server;
let base: string;
beforeAll(async () => {
  server = http.createServer((req, res) => {
    if (req.url === '/hang') return; // never answers
    if (req.url === '/slow-body') {
      res.writeHead(200);
      res.write('partial');
      return; // never ends the body
    }
    res.writeHead(req.url === '/teapot' ? 418 : 200, { 'content-type': 'application/json' });
    res.end(JSON.stringify({ method: req.method, auth: req.headers.authorization ?? null }));
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(async () => {
  server.closeAllConnections();
  await new Promise((r) => server.close(r));
});

describe('http adapter', () => {
  it('resolves with any status, headers and body', async () => {
    const r = await request({ url: `${base}/teapot`, headers: { authorization: 'Bearer x' } });
    expect(r.status).toBe(418);
    expect(JSON.parse(r.body)).toEqual({ method: 'GET', auth: 'Bearer x' });
    expect(r.headers['content-type']).toBe('application/json');
    expect(r.durationMs).toBeGreaterThan(0);
  });

  it('times out a server that never answers, and one that never finishes its body', async () => {
    await expect(request({ url: `${base}/hang`, timeoutMs: 150 })).rejects.toMatchObject({ code: 'timeout' });
    await expect(request({ url: `${base}/slow-body`, timeoutMs: 150 })).rejects.toBeInstanceOf(HttpError);
  });

  it('reports connection refused as a network error', async () => {
    await expect(request({ url: 'http://127.0.0.1:1/x', timeoutMs: 1000 })).rejects.toMatchObject({
      code: 'network',
      message: 'ECONNREFUSED',
    });
  });

  it('aborts on a signal', async () => {
    const ctl = new AbortController();
    setTimeout(() => ctl.abort(), 50);
    await expect(request({ url: `${base}/hang`, signal: ctl.signal, timeoutMs: 5000 })).rejects.toMatchObject(
      { code: 'aborted' },
    );
  });
});
