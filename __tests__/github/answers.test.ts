/**
 * GitHub's answers are untrusted input: through the real port (Octokit) against the emulator's
 * faults, a body cut off halfway, an HTML page where JSON belongs, a pagination Link that loops or
 * points at another host, and a cancelled run waiting on GitHub.
 */
import { afterAll, afterEach, beforeAll, describe, expect, it } from '@jest/globals';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { CancelledError, ExternalError } from '../../src/errors.js';
import { createGitHubPort } from '../../src/github/create.js';
import { silentLogger, type GitHubPort } from '../../src/ports/index.js';
import { listIncidents } from '../../src/rollback/incident.js';
import { startEmulator, type Emulator } from '../../support/github-emulator/index.js';

const TOKEN = 'ghs_answersToken0123456789';
let emu: Emulator;

beforeAll(async () => {
  emu = await startEmulator({ owner: 'acme', repo: 'shop' });
  const sha = emu.seed.commit('feat: checkout');
  emu.seed.release({ tag: 'v1.1.0', sha });
  await (await port()).createIssue({ title: 'Rollback of v1.0.0', body: 'x', labels: ['incident'] });
  emu.resetRequests();
});
afterAll(async () => {
  await emu.close();
});
afterEach(() => {
  emu.faults.clear();
  emu.resetRequests();
});

const port = (signal?: AbortSignal): Promise<GitHubPort> =>
  createGitHubPort({
    token: TOKEN,
    owner: 'acme',
    repo: 'shop',
    baseUrl: emu.url,
    logger: silentLogger,
    retries: 2,
    retryAfterBaseMs: 1,
    ...(signal ? { signal } : {}),
  });

const requestsTo = (path: RegExp) => emu.requests.filter((r) => path.test(r.path)).length;

describe('an answer that is not what GitHub documents is a failed read, never data', () => {
  it('a list cut off mid-body is retried, then an ExternalError — never "no incidents"', async () => {
    emu.faults.add({ method: 'GET', path: /\/issues$/, kind: 'cut-body' });
    const gh = await port();
    const err = await listIncidents(gh, 'incident', 'open').catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ExternalError);
    expect(requestsTo(/\/issues\?/)).toBeGreaterThanOrEqual(3);
  });

  it('a cut-off list that recovers on a retry gives the whole list', async () => {
    emu.faults.add({ method: 'GET', path: /\/issues$/, kind: 'cut-body', times: 1 });
    const gh = await port();
    const found = await gh.findIssues({ labels: ['incident'], state: 'open' });
    expect(found.map((i) => i.title)).toEqual(['Rollback of v1.0.0']);
  });

  it('an HTML page with 200 for a release is not a release', async () => {
    emu.faults.add({ method: 'GET', path: /\/releases\/tags\//, kind: 'invalid-json' });
    const gh = await port();
    await expect(gh.getReleaseByTag('v1.1.0')).rejects.toThrow(/not the shape GitHub documents/);
  });
});

describe('pagination is bounded', () => {
  it('a Link rel="next" back at the same page stops with an error after one page', async () => {
    emu.faults.add({ method: 'GET', path: /\/releases$/, kind: 'loop-link' });
    const gh = await port();
    await expect(gh.listReleases()).rejects.toThrow(/a page already read; not followed/);
    expect(requestsTo(/\/releases\?/)).toBe(1);
  });

  it('a Link rel="next" to another host is not followed: the token never goes there', async () => {
    const seen: string[] = [];
    const other = http.createServer((req, res) => {
      seen.push(String(req.headers.authorization));
      res.end('[]');
    });
    await new Promise<void>((r) => other.listen(0, '127.0.0.1', r));
    try {
      const { port: p } = other.address() as AddressInfo;
      emu.faults.add({
        method: 'GET',
        path: /\/releases$/,
        kind: 'foreign-link',
        linkTo: `http://localhost:${p}`,
      });
      const gh = await port();
      await expect(gh.listReleases()).rejects.toThrow(/another host/);
      expect(seen).toEqual([]);
    } finally {
      await new Promise((r) => other.close(r));
    }
  });
});

describe('cancellation reaches GitHub requests and waits', () => {
  it('a secondary-rate-limit wait of 60 s is given up when the run is cancelled', async () => {
    emu.faults.add({
      method: 'GET',
      path: /\/releases\/latest$/,
      kind: 'secondary-rate-limit',
      retryAfterS: 60,
    });
    const ctl = new AbortController();
    const gh = await createGitHubPort({
      token: TOKEN,
      owner: 'acme',
      repo: 'shop',
      baseUrl: emu.url,
      logger: {
        ...silentLogger,
        // cancel when the port says it is waiting, as the runner's SIGINT would arrive then
        warn: (m) => (/waiting 60s/.test(m) ? ctl.abort(new Error('SIGINT')) : undefined),
      },
      retries: 2,
      retryAfterBaseMs: 1000,
      signal: ctl.signal,
    });
    await expect(gh.getLatestRelease()).rejects.toBeInstanceOf(CancelledError);
  });

  it('after the cancel, the run can still record its end (a request started afterwards is answered)', async () => {
    const ctl = new AbortController();
    ctl.abort(new Error('SIGTERM'));
    const gh = await port(ctl.signal);
    expect((await gh.getReleaseByTag('v1.1.0'))?.tagName).toBe('v1.1.0');
  });
});
