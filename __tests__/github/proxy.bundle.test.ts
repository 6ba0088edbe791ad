/**
 * A bundle reaches GitHub through the proxy the runner names (http_proxy / https_proxy), as
 * @actions/github does: the promotion's dry run against the emulator, which only the proxy can reach
 * (the API's host name resolves nowhere). The bundles take from undici only the fetch and ProxyAgent
 * those packages use (scripts/bundle-options.mjs): this is the run that shows the proxy path whole.
 */
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { mkdtempSync, writeFileSync } from 'node:fs';
import http from 'node:http';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { startEmulator, type Emulator } from '../../support/github-emulator/index.js';
import { runBundle } from '../helpers/run-bundle.js';

/** A forward proxy that tunnels every CONNECT to the emulator, and records what it was asked for. */
interface TunnelProxy {
  url: string;
  tunnels: string[];
  close(): Promise<void>;
}

async function startTunnelProxy(target: URL): Promise<TunnelProxy> {
  const tunnels: string[] = [];
  const sockets = new Set<net.Socket>();
  const server = http.createServer((_req, res) => {
    res.writeHead(502).end('this proxy only tunnels (CONNECT)');
  });
  server.on('connect', (req: http.IncomingMessage, client: net.Socket, head: Buffer) => {
    tunnels.push(req.url ?? '');
    sockets.add(client);
    const upstream = net.connect(Number(target.port), target.hostname, () => {
      client.write('HTTP/1.1 200 Connection Established\r\n\r\n');
      upstream.write(head);
      upstream.pipe(client);
      client.pipe(upstream);
    });
    sockets.add(upstream);
    upstream.on('error', () => client.destroy());
    client.on('error', () => upstream.destroy());
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as net.AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    tunnels,
    close: () =>
      new Promise<void>((resolve) => {
        for (const s of sockets) s.destroy();
        server.close(() => resolve());
      }),
  };
}

let emu: Emulator;
let proxy: TunnelProxy;
beforeAll(async () => {
  emu = await startEmulator({ owner: 'acme', repo: 'shop' });
  const sha = emu.seed.commit('feat: checkout');
  emu.seed.release({ tag: 'v1.0.0', sha: emu.seed.commit('base'), publishedAt: '2025-12-01T00:00:00Z' });
  emu.seed.release({ tag: 'v1.1.0-rc1', sha, prerelease: true, body: '## RC1' });
  emu.seed.checkRun(sha, { name: 'build', status: 'completed', conclusion: 'success' });
  proxy = await startTunnelProxy(new URL(emu.url));
});
afterAll(async () => {
  await proxy.close();
  await emu.close();
});

describe('GitHub through a proxy', () => {
  it("rc-to-ga's dry run reads the release candidate through http_proxy", async () => {
    const workspace = mkdtempSync(path.join(os.tmpdir(), 'ro-proxy-bundle-'));
    writeFileSync(path.join(workspace, 'release-ops.yml'), 'promote: {}\n');
    const api = `github.invalid:${new URL(emu.url).port}`;
    const r = await runBundle('rc-to-ga', {
      cwd: workspace,
      inputs: {
        config: 'release-ops.yml',
        'dry-run': 'true',
        'rc-tag': 'v1.1.0-rc1',
        'github-token': 'ghs_proxytoken',
      },
      env: {
        GITHUB_API_URL: `http://${api}`,
        GITHUB_REPOSITORY: 'acme/shop',
        http_proxy: proxy.url,
        RELEASE_OPS_GITHUB_WAIT_BASE_MS: '1',
      },
    });
    expect(r.commands.filter((c) => c.command === 'error')).toEqual([]);
    expect(r.exitCode).toBe(0);
    expect(r.outputs['ga-tag']).toBe('v1.1.0');
    expect(proxy.tunnels.length).toBeGreaterThan(0);
    expect(new Set(proxy.tunnels)).toEqual(new Set([api]));
  });
});
