/**
 * A stateful, in-memory emulator of the GitHub REST API endpoints release-ops uses, on 127.0.0.1.
 * For tests, the demo and benchmarks — never bundled into an action.
 *
 *   const emu = await startEmulator({ owner: 'acme', repo: 'shop' });
 *   const sha = emu.seed.commit('feat: checkout');
 *   emu.seed.release({ tag: 'v1.0.0', sha });
 *   // point GITHUB_API_URL (or Octokit's baseUrl) at emu.url, send any `authorization` header
 *   emu.faults.add({ kind: 'status', status: 502, path: /\/releases$/, times: 1 });
 *   await emu.close();
 *
 * Worth knowing (each as GitHub does it):
 * - Paths are api.github.com's (`/repos/{owner}/{repo}/…`); another owner/repo is a 404. Requests
 *   without `authorization` get 401 (`requireAuth: false` turns that off; `token` checks the value).
 * - Commits exist only through `seed.commit()` (one "Initial commit" on `main` to start with);
 *   statuses, check runs, refs and releases on an unknown sha are refused (422 / a seed error).
 * - `upload_url` is `{url}/uploads/repos/{owner}/{repo}/releases/{id}/assets{?name,label}`; uploads
 *   need Content-Length (411 otherwise); an interrupted upload leaves a "starter" asset that keeps
 *   the name taken (422 already_exists) until deleted. Downloads with `Accept:
 *   application/octet-stream` answer 302 to `{url}/_storage/…`, which needs no token.
 * - `matching-refs` returns every match in one response and ignores `per_page`; list releases
 *   refuses pages past the first 1,000 results (422).
 * - Creating a deployment without `required_contexts` requires every commit status context of the
 *   ref to be `success` (409 otherwise); pass `required_contexts: []` to skip the check.
 * - Faults: see faults.ts — 'crash' resets every connection from request N+1 on, state kept,
 *   until `faults.clear()`.
 *
 * `ROUTES` lists every endpoint served with its GitHub operationId (the contract test walks it).
 */
import type { AddressInfo } from 'node:net';
import { FaultRegistry } from './faults.js';
import { Router, type Route } from './router.js';
import { assetRoutes } from './routes/assets.js';
import { checkRoutes } from './routes/checks.js';
import { deploymentRoutes } from './routes/deployments.js';
import { gitRoutes } from './routes/git.js';
import { issueRoutes } from './routes/issues.js';
import { pullRoutes } from './routes/pulls.js';
import { releaseRoutes } from './routes/releases.js';
import { repoRoutes } from './routes/repos.js';
import { createSeed } from './seed.js';
import { createEmulatorServer } from './server.js';
import { releaseJson } from './shapes.js';
import { EmulatorState } from './state.js';
import type { Emulator, EmulatorOptions, RequestLogEntry, RequestMatch } from './types.js';

export type * from './types.js';
export type { Route } from './router.js';
export { sanitizeAssetName } from './routes/assets.js';
export { compareSemver } from './state.js';

/** Every endpoint the emulator serves (the router picks the most specific pattern). */
export const ROUTES: readonly Route[] = [
  ...repoRoutes,
  ...releaseRoutes,
  ...assetRoutes,
  ...gitRoutes,
  ...deploymentRoutes,
  ...checkRoutes,
  ...issueRoutes,
  ...pullRoutes,
];

export async function startEmulator(options: EmulatorOptions): Promise<Emulator> {
  const clock = options.now ?? (() => new Date());
  const state = new EmulatorState(options.owner, options.repo, options.immutableReleases ?? false, clock);
  const faults = new FaultRegistry();
  const log: RequestLogEntry[] = [];
  const waiters = new Set<{ match: RequestMatch; resolve: (e: RequestLogEntry) => void }>();
  const onRequest = (entry: RequestLogEntry) => {
    for (const w of [...waiters])
      if (matches(w.match, entry)) {
        waiters.delete(w);
        w.resolve(entry);
      }
  };
  const server = createEmulatorServer({
    state,
    router: new Router([...ROUTES]),
    faults,
    log,
    options,
    onRequest,
  });

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, '127.0.0.1', () => {
      server.off('error', reject);
      resolve();
    });
  });
  const { port } = server.address() as AddressInfo;
  state.baseUrl = `http://127.0.0.1:${port}`;
  let closed: Promise<void> | null = null;

  return {
    url: state.baseUrl,
    owner: options.owner,
    repo: options.repo,
    seed: createSeed(state),
    state,
    faults,
    get requests() {
      return log;
    },
    resetRequests() {
      log.length = 0;
    },
    waitForRequest(match) {
      const seen = log.find((e) => matches(match, e));
      if (seen) return Promise.resolve(seen);
      return new Promise((resolve) => waiters.add({ match, resolve }));
    },
    releaseJson(id) {
      const r = state.release(id);
      return r ? releaseJson(state, r) : null;
    },
    latestRelease() {
      return state.latestRelease();
    },
    close() {
      closed ??= new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      });
      return closed;
    },
  };
}

function matches(m: RequestMatch, e: RequestLogEntry): boolean {
  if (m.method && m.method.toUpperCase() !== e.method) return false;
  m.path.lastIndex = 0;
  return m.path.test(e.path.split('?')[0]!);
}
