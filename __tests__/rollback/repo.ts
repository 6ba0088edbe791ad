/**
 * A repository on the GitHub emulator for the rollback's engine and unit tests: seeded releases, the
 * real GitHub port (its spacing between writes scaled to 1 ms), and what the tests look at — the
 * releases, the latest one, the writes, the incidents, the deployments and the lock refs. The emulator
 * keeps GitHub's rules (422 on an existing ref, latest never a prerelease, drafts not found by tag,
 * faults such as a crash at the n-th request); nothing here fakes GitHub.
 */
import { createGitHubPort } from '../../src/github/create.js';
import { silentLogger, type GitHubPort } from '../../src/ports/index.js';
import {
  startEmulator,
  type DeploymentRecord,
  type Emulator,
  type IssueRecord,
  type ReleaseRecord,
  type RequestLogEntry,
} from '../../support/github-emulator/index.js';

export interface Repo {
  emu: Emulator;
  gh: GitHubPort;
  /** Adds a release at a new commit (or `sha`); returns the commit. */
  addRelease(
    tag: string,
    o?: { prerelease?: boolean; draft?: boolean; body?: string; sha?: string; publishedAt?: string },
  ): string;
  release(tag: string): ReleaseRecord;
  latest(): string | undefined;
  /** Requests that change something, since the last `emu.resetRequests()`. */
  writes(): RequestLogEntry[];
  incidents(): IssueRecord[];
  /** A tag's deployments: the ledger names the tag in the payload (the ref is the commit). */
  deploymentsOf(tag: string): DeploymentRecord[];
  refsUnder(prefix: string): string[];
  close(): Promise<void>;
}

const repos: Repo[] = [];

/** Closes every repository opened by the test file (call from afterEach). */
export async function closeRepos(): Promise<void> {
  for (const r of repos.splice(0)) await r.close();
}

export async function emptyRepo(o: { now?: () => Date } = {}): Promise<Repo> {
  const emu = await startEmulator({ owner: 'acme', repo: 'shop', ...(o.now ? { now: o.now } : {}) });
  const gh = await createGitHubPort({
    token: 'ghs_emulatortoken',
    owner: 'acme',
    repo: 'shop',
    baseUrl: emu.url,
    logger: silentLogger,
    retries: 0,
    retryAfterBaseMs: 1,
  });
  const r: Repo = {
    emu,
    gh,
    addRelease(tag, ro = {}) {
      const sha = ro.sha ?? emu.seed.commit(`release ${tag}`);
      emu.seed.release({
        tag,
        sha,
        body: ro.body ?? `Notes of ${tag}`,
        prerelease: ro.prerelease ?? false,
        draft: ro.draft ?? false,
        ...(ro.publishedAt ? { publishedAt: ro.publishedAt } : {}),
      });
      return sha;
    },
    release(tag) {
      const rel = emu.state.releases.find((x) => x.tag_name === tag);
      if (!rel) throw new Error(`no release ${tag}`);
      return rel;
    },
    latest: () => emu.latestRelease()?.tag_name,
    writes: () => emu.requests.filter((q) => q.method !== 'GET' && q.method !== 'HEAD'),
    incidents: () => emu.state.issues.filter((i) => i.labels.includes('incident')),
    deploymentsOf: (tag) =>
      emu.state.deployments.filter(
        (d) => ((d.payload as { release_ops?: { tag?: string } }).release_ops?.tag ?? d.ref) === tag,
      ),
    refsUnder: (prefix) => [...emu.state.refs.keys()].filter((x) => x.startsWith(prefix)),
    close: () => emu.close(),
  };
  repos.push(r);
  return r;
}

/**
 * Production: v0.9.0, v1.0.0, v1.1.0-rc1 (prerelease) and v1.1.0 (latest, its notes "## What changed"),
 * each at its own commit, with v1.1.0 live in production (a deployment whose status is success).
 */
export async function productionRepo(o: { now?: () => Date } = {}): Promise<Repo> {
  const r = await emptyRepo(o);
  r.addRelease('v0.9.0', { publishedAt: '2025-12-01T00:00:00Z' });
  r.addRelease('v1.0.0', { publishedAt: '2025-12-15T00:00:00Z' });
  r.addRelease('v1.1.0-rc1', { prerelease: true, publishedAt: '2026-01-03T00:00:00Z' });
  r.addRelease('v1.1.0', {
    body: '## What changed\n- new checkout',
    publishedAt: '2026-01-05T08:00:00Z',
  });
  const d = await r.gh.createDeployment({
    ref: 'v1.1.0',
    environment: 'production',
    description: 'canary',
    requiredContexts: [],
  });
  await r.gh.createDeploymentStatus(d.id, { state: 'success' });
  r.emu.resetRequests();
  return r;
}
