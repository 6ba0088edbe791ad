/** A promotion-ready repository in the GitHub emulator, reached through the real GitHub port. */
import { createHash, randomBytes } from 'node:crypto';
import { FakeClock } from '../../src/adapters/clock.js';
import { createGitHubPort } from '../../src/github/create.js';
import type { JournalEntry } from '../../src/journal/journal.js';
import { silentLogger, type Clock, type GitHubPort } from '../../src/ports/index.js';
import { promote, type Promotion } from '../../src/promote/run.js';
import type { PromoteSettings } from '../../src/promote/settings.js';
import { startEmulator, type Emulator } from '../../support/github-emulator/index.js';

export const NOW = Date.UTC(2026, 0, 5, 10, 0, 0);
export const HOUR = 3_600_000;

/** Incompressible test bytes (random, so a misplaced chunk cannot go unnoticed). */
export function pattern(size: number): Buffer {
  return randomBytes(size);
}

export const sha256 = (b: Buffer) => createHash('sha256').update(b).digest('hex');

export interface RepoOptions {
  immutableReleases?: boolean;
  assets?: { name: string; data: Buffer; contentType?: string; label?: string }[];
  rcTag?: string;
  annotatedRc?: boolean;
}

export interface EmuRepo {
  emu: Emulator;
  gh: GitHubPort;
  rcSha: string;
  assets: { name: string; data: Buffer; contentType?: string; label?: string }[];
  /** Promotes through `gh` (or another port in front of the emulator) on the clock (default NOW). */
  run(s?: Partial<PromoteSettings>, o?: { gh?: GitHubPort; clock?: Clock }): Promise<Promotion>;
  close(): Promise<void>;
}

export function defaultAssets(): { name: string; data: Buffer; contentType?: string; label?: string }[] {
  return [
    {
      name: 'shop-linux-x64.tar.gz',
      data: pattern(300_000),
      contentType: 'application/gzip',
      label: 'Linux x64',
    },
    { name: 'checksums.txt', data: Buffer.from('abc  shop-linux-x64.tar.gz\n'), contentType: 'text/plain' },
  ];
}

export function settings(over: Partial<PromoteSettings> = {}): PromoteSettings {
  return {
    rcTag: 'v1.0.0-rc4',
    strategy: 'new-release',
    minSoakMs: 0,
    skip: [],
    floatingTags: false,
    generateNotes: false,
    ignoreChecks: [],
    allowNoChecks: false,
    dryRun: false,
    ...over,
  };
}

/** The real GitHub port (Octokit) on the emulator, without retries (a lost answer is an error). */
export function portOn(emu: Emulator): Promise<GitHubPort> {
  return createGitHubPort({
    token: 'ghs_emulatortoken',
    owner: 'acme',
    repo: 'shop',
    baseUrl: emu.url,
    logger: silentLogger,
    retries: 0,
    retryAfterBaseMs: 1,
  });
}

/** v0.9.0 (GA), v1.0.0-rc3, and the RC (v1.0.0-rc4) with assets and a green check, 30 h old. */
export async function emuRepo(opts: RepoOptions = {}): Promise<EmuRepo> {
  const emu = await startEmulator({ owner: 'acme', repo: 'shop', immutableReleases: opts.immutableReleases });
  const base = emu.seed.commit('feat: catalogue');
  emu.seed.release({ tag: 'v0.9.0', sha: base, body: '0.9.0 notes', publishedAt: '2025-12-01T00:00:00Z' });
  emu.seed.commit('fix: login');
  emu.seed.release({ tag: 'v1.0.0-rc3', prerelease: true, publishedAt: '2026-01-02T00:00:00Z' });
  const rcSha = emu.seed.commit('fix: tenant filter');
  const rcTag = opts.rcTag ?? 'v1.0.0-rc4';
  if (opts.annotatedRc) emu.seed.tag(rcTag, rcSha, { annotated: true });
  const assets = opts.assets ?? defaultAssets();
  emu.seed.release({
    tag: rcTag,
    sha: rcSha,
    name: rcTag,
    prerelease: true,
    body: '## RC4\n- tenant filter fixed',
    publishedAt: new Date(NOW - 30 * HOUR),
    assets,
  });
  emu.seed.checkRun(rcSha, { name: 'build', status: 'completed', conclusion: 'success' });
  emu.seed.status(rcSha, { context: 'ci/e2e', state: 'success' });
  const gh = await portOn(emu);
  const clock = new FakeClock(NOW);
  return {
    emu,
    gh,
    rcSha,
    assets,
    run: (s = {}, o = {}) =>
      promote({ gh: o.gh ?? gh, clock: o.clock ?? clock, logger: silentLogger }, settings({ rcTag, ...s })),
    close: () => emu.close(),
  };
}

/** Releases of `tag` in the emulator, and the assets of the one published release as bytes. */
export function gaState(emu: Emulator, tag = 'v1.0.0') {
  const releases = emu.state.releases.filter((r) => r.tag_name === tag);
  const published = releases.filter((r) => !r.draft);
  const assets =
    published.length === 1 ? emu.state.assets.filter((a) => a.release_id === published[0]!.id) : [];
  return {
    releases,
    drafts: releases.filter((r) => r.draft).length,
    published,
    assets: assets.map((a) => ({
      name: a.name,
      label: a.label,
      contentType: a.content_type,
      state: a.state,
      sha256: sha256(Buffer.concat(a.chunks)),
      size: a.size,
    })),
  };
}

/** The commit a tag points at (following an annotated tag object), and whether it is annotated. */
export function tagTarget(emu: Emulator, tag: string): { commit: string | null; annotated: boolean } {
  const sha = emu.state.refs.get(`refs/tags/${tag}`);
  if (!sha) return { commit: null, annotated: false };
  const obj = emu.state.tags.get(sha);
  return obj ? { commit: obj.object.sha, annotated: true } : { commit: sha, annotated: false };
}

/** The journal's effects: every GitHub write a promotion made (or planned, in a dry run). */
export const effects = (p: Promotion): JournalEntry[] => p.journal.of('effect');

/** The writes the emulator received (method and GitHub operation), in order. */
export const writesIn = (r: EmuRepo): string[] =>
  r.emu.requests.filter((q) => q.method !== 'GET').map((q) => `${q.method} ${q.operationId}`);

/** The GitHub operations the emulator served, in order (asset storage downloads left out). */
export const opsIn = (r: EmuRepo): string[] =>
  r.emu.requests.flatMap((q) => (q.operationId ? [q.operationId] : []));
