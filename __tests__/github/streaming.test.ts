/**
 * Release assets stream both ways. A loopback server we control plays GitHub (API under /api/v3, as on
 * GitHub Enterprise Server) and its asset storage, produces a 60 MB body lazily with backpressure and
 * counts what it has sent, so "never held in memory" is observed, not assumed: the client must hand the
 * stream over (and stall it while paused) long before the server has written everything, and must push
 * upload bytes to the server long before the source has produced them all.
 */
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { createHash } from 'node:crypto';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { Readable } from 'node:stream';
import { setTimeout as sleep } from 'node:timers/promises';
import { ExternalError } from '../../src/errors.js';
import { createGitHubPort } from '../../src/github/create.js';
import type { GitHubPort, Logger, Release } from '../../src/ports/index.js';

const TOKEN = 'ghs_streamingTestToken0123456789abcdef';
const CHUNK = 64 * 1024;
const TOTAL = 60 * 1024 * 1024;
const CHUNKS = TOTAL / CHUNK;
const chunk = (i: number) => Buffer.alloc(CHUNK, i % 251);
const EXPECTED_SHA = (() => {
  const h = createHash('sha256');
  for (let i = 0; i < CHUNKS; i++) h.update(chunk(i));
  return h.digest('hex');
})();

let server: http.Server;
let origin: string;
let gh: GitHubPort;
const warnings: string[] = [];
const logger: Logger = { info() {}, debug() {}, error() {}, warn: (m) => warnings.push(m) };

// What the server saw.
let sent = 0;
let apiAuth: string | undefined;
let storageAuth: string | undefined | null = null;
let storageFailuresLeft = 0;
let upload:
  | {
      headers: http.IncomingHttpHeaders;
      url: string;
      received: number;
      sha: string;
      producedAtFirstByte: number;
      producedWhilePaused: number;
    }
  | undefined;
let produced = 0;

beforeAll(async () => {
  server = http.createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://x');
    if (req.method === 'GET' && url.pathname.startsWith('/api/v3/repos/acme/shop/releases/assets/')) {
      apiAuth = req.headers.authorization;
      if (req.headers.accept !== 'application/octet-stream') {
        res.writeHead(415, { 'content-type': 'application/json' });
        return res.end(JSON.stringify({ message: 'expected accept: application/octet-stream' }));
      }
      const id = url.pathname.split('/').pop();
      if (id === '404') {
        res.writeHead(404, { 'content-type': 'application/json' });
        return res.end(JSON.stringify({ message: 'Not Found' }));
      }
      res.writeHead(302, { location: `${origin}/storage/${id}?sig=s3cr3t-signature` });
      return res.end();
    }
    if (req.method === 'GET' && url.pathname.startsWith('/storage/')) {
      storageAuth = req.headers.authorization;
      const id = url.pathname.split('/').pop();
      if (id === 'gone') {
        res.writeHead(404);
        return res.end('gone');
      }
      if (storageFailuresLeft > 0) {
        storageFailuresLeft--;
        res.writeHead(503);
        return res.end('busy');
      }
      const n = id === 'small' ? 4 : CHUNKS;
      res.writeHead(200, { 'content-type': 'application/octet-stream', 'content-length': String(n * CHUNK) });
      let i = 0;
      const pump = () => {
        while (i < n) {
          const ok = res.write(chunk(i));
          sent += CHUNK;
          i++;
          if (!ok) return void res.once('drain', pump);
        }
        res.end();
      };
      return pump();
    }
    if (req.method === 'POST' && url.pathname === '/uploads/repos/acme/shop/releases/1/assets') {
      const h = createHash('sha256');
      const u = {
        headers: req.headers,
        url: req.url ?? '',
        received: 0,
        sha: '',
        producedAtFirstByte: -1,
        producedWhilePaused: -1,
      };
      upload = u;
      req.on('data', (c: Buffer) => {
        if (u.received === 0) {
          u.producedAtFirstByte = produced;
          // Stall the upload for a moment: the client must stall its source too.
          req.pause();
          setTimeout(() => {
            u.producedWhilePaused = produced;
            req.resume();
          }, 300);
        }
        u.received += c.length;
        h.update(c);
      });
      req.on('end', () => {
        u.sha = h.digest('hex');
        const name = url.searchParams.get('name');
        res.writeHead(201, { 'content-type': 'application/json; charset=utf-8' });
        res.end(
          JSON.stringify({
            id: 55,
            name,
            label: url.searchParams.get('label'),
            content_type: req.headers['content-type'],
            size: u.received,
            digest: `sha256:${u.sha}`,
            browser_download_url: `https://ghes.example/acme/shop/releases/download/v1/${name}`,
          }),
        );
      });
      return;
    }
    res.writeHead(404, { 'content-type': 'application/json' });
    res.end(JSON.stringify({ message: 'Not Found' }));
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  gh = await createGitHubPort({
    token: TOKEN,
    owner: 'acme',
    repo: 'shop',
    baseUrl: `${origin}/api/v3/`,
    logger,
    retries: 2,
    retryAfterBaseMs: 5,
  });
});

afterAll(async () => {
  server.closeAllConnections();
  await new Promise((r) => server.close(r));
});

const release = (): Release => ({
  id: 1,
  tagName: 'v1',
  targetCommitish: 'main',
  name: 'v1',
  body: null,
  draft: false,
  prerelease: false,
  immutable: false,
  htmlUrl: 'https://ghes.example/acme/shop/releases/tag/v1',
  uploadUrl: `${origin}/uploads/repos/acme/shop/releases/1/assets{?name,label}`,
  createdAt: '2026-01-05T10:00:00Z',
  publishedAt: '2026-01-05T10:00:00Z',
  assets: [],
});

describe('downloadReleaseAsset', () => {
  it('streams a 60 MB asset through the 302 without holding it, and without sending the token to storage', async () => {
    sent = 0;
    const stream = await gh.downloadReleaseAsset(7);
    // Handed over while the server is still writing: nothing read the body to the end first.
    expect(sent).toBeLessThan(TOTAL / 2);

    const it = stream[Symbol.asyncIterator]();
    const first = await it.next();
    expect(first.done).toBe(false);
    await sleep(300);
    // Paused consumer → the server is held back by backpressure, not buffered into memory.
    const sentWhilePaused = sent;
    expect(sentWhilePaused).toBeLessThan(TOTAL / 2);

    const h = createHash('sha256').update(first.value as Buffer);
    let bytes = (first.value as Buffer).length;
    for (let r = await it.next(); !r.done; r = await it.next()) {
      h.update(r.value as Buffer);
      bytes += (r.value as Buffer).length;
    }
    expect(bytes).toBe(TOTAL);
    expect(h.digest('hex')).toBe(EXPECTED_SHA);
    expect(apiAuth).toBe(`token ${TOKEN}`);
    expect(storageAuth).toBeUndefined();
  });

  it('retries a failing storage request before the body starts', async () => {
    storageFailuresLeft = 1;
    warnings.length = 0;
    const stream = await gh.downloadReleaseAsset(8);
    let n = 0;
    for await (const c of stream) n += (c as Buffer).length;
    expect(n).toBe(TOTAL);
    expect(warnings.some((w) => w.includes('downloading release asset 8 failed (HTTP 503); retrying'))).toBe(
      true,
    );
  });

  it('reports a storage 404 without the signed query, and an API 404 as not found', async () => {
    const e = await gh.downloadReleaseAsset('gone' as unknown as number).catch((x: unknown) => x);
    expect(e).toBeInstanceOf(ExternalError);
    expect((e as Error).message).toContain(`/storage/gone failed (HTTP 404)`);
    expect((e as Error).message).not.toContain('s3cr3t');
    const nf = await gh.downloadReleaseAsset(404).catch((x: unknown) => x);
    expect(nf).toBeInstanceOf(ExternalError);
    expect((nf as ExternalError).status).toBe(404);
  });
});

describe('uploadReleaseAsset', () => {
  it('streams a 60 MB Readable with its content-length, never reading the source ahead of the network', async () => {
    produced = 0;
    let i = 0;
    const source = new Readable({
      read() {
        if (i >= CHUNKS) return void this.push(null);
        produced += CHUNK;
        this.push(chunk(i++));
      },
    });
    const asset = await gh.uploadReleaseAsset(release(), {
      name: 'big build.bin',
      label: 'Big (x86_64)',
      contentType: 'application/octet-stream',
      size: TOTAL,
      data: source,
    });

    expect(upload!.url).toBe(
      '/uploads/repos/acme/shop/releases/1/assets?name=big%20build.bin&label=Big%20%28x86_64%29',
    );
    expect(upload!.headers['content-length']).toBe(String(TOTAL));
    expect(upload!.headers['transfer-encoding']).toBeUndefined();
    expect(upload!.headers.authorization).toBe(`token ${TOKEN}`);
    expect(upload!.received).toBe(TOTAL);
    expect(upload!.sha).toBe(EXPECTED_SHA);
    expect(upload!.producedAtFirstByte).toBeLessThan(TOTAL / 2);
    expect(upload!.producedWhilePaused).toBeLessThan(TOTAL / 2);
    expect(asset).toEqual({
      id: 55,
      name: 'big build.bin',
      label: 'Big (x86_64)',
      contentType: 'application/octet-stream',
      size: TOTAL,
      digest: `sha256:${EXPECTED_SHA}`,
      browserDownloadUrl: 'https://ghes.example/acme/shop/releases/download/v1/big build.bin',
    });
  });

  it('fails clearly when the stream is shorter than the declared size', async () => {
    const e = await gh
      .uploadReleaseAsset(release(), {
        name: 'short.bin',
        contentType: 'application/octet-stream',
        size: 10,
        data: Readable.from([Buffer.from('12345')]),
      })
      .catch((x: unknown) => x);
    expect(e).toBeInstanceOf(ExternalError);
    expect((e as Error).message).toContain(
      'reading asset short.bin for upload failed: the stream ended after 5 of the declared 10 bytes',
    );
  });

  it('refuses a Buffer whose length is not the declared size (a caller bug)', async () => {
    await expect(
      gh.uploadReleaseAsset(release(), {
        name: 'b.bin',
        contentType: 'text/plain',
        size: 3,
        data: Buffer.from('four'),
      }),
    ).rejects.toThrow('size 3 does not match the 4 bytes');
  });
});
