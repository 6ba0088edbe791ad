/**
 * The world this repository's workflows run in under act: a copy of the working tree as a git
 * repository with release history (its "origin" a bare repository on disk), the GitHub emulator that
 * knows the same commits and releases, and a Slack-compatible webhook for the messages.
 *
 *   main:          A (v1.0.0, the release users run) ─ B (v1.1.0-rc1)
 *   rc/1.2:        B ─ C (v1.2.0-rc1: a build whose error rate jumps at 25 % of the traffic)
 *
 * `.github/release-ops.yml` in the copy is the repository's own, with the drill's minutes scaled to
 * seconds and the gate's command checks (typecheck, lint, tests: this suite runs them elsewhere)
 * replaced by a quick command — the workflows under test are the real ones, unchanged.
 */
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parse, stringify } from 'yaml';
import { startWebhook, type Webhook } from '../../support/demo/world.js';
import { startEmulator, type Emulator } from '../../support/github-emulator/index.js';
import { adoptCommit, git, snapshotRepository, runAct, tools, type ActRun, type Tools } from './harness.js';

export const TOKEN = 'ghs_actTestToken000000000000000000000000';
const HOUR = 3600_000;

export interface RepoWorld {
  emu: Emulator;
  webhook: Webhook;
  /** The act working directory: the repository as a developer's clone has it. */
  ws: string;
  origin: string;
  scratch: string;
  tools: Tools;
  /** Commit of each tag the world made. */
  sha: Map<string, string>;
  /** A commit on `branch` (created from `from` when new) with one more line in CHANGES; returns its sha. */
  commit(branch: string, message: string, opts?: { from?: string; config?: unknown }): string;
  /** Tags a commit in the workspace and pushes the tag to origin (as `git push origin <tag>`). */
  tag(name: string, rev: string): string;
  /** The working copy act copies for a plain checkout (what github.sha is). */
  checkout(rev: string): void;
  act(
    workflow: string,
    event: string,
    payload?: Record<string, unknown>,
    extra?: Partial<Parameters<typeof runAct>[0]>,
  ): Promise<ActRun>;
  originRef(ref: string): string;
  close(): Promise<void>;
}

/** The repository's config with the drill's timings scaled down for a test. */
export function testConfig(source: string, opts: { faultAt25?: boolean } = {}): Record<string, any> {
  const c = parse(source) as Record<string, any>;
  for (const check of c.gate.checks as Record<string, any>[]) {
    if (check.type === 'command') {
      check.run = ['node', '-e', 'process.exit(0)'];
      check.timeout = '1m';
    }
    if (check.type === 'github-checks') Object.assign(check, { wait: '20s', poll_interval: '200ms' });
    if (check.type === 'http') check.p95_ms = 2000; // a loaded CI machine, not the drill, would fail 120 ms
  }
  c.gate.concurrency = 4;
  const fast = { interval: '250ms', window: '1500ms' };
  c.canary.steps = (c.canary.steps as Record<string, any>[]).map((s) =>
    s.pause ? { ...s, pause: '300ms' } : s,
  );
  Object.assign(c.canary.analysis, fast);
  Object.assign(c.rollback.verify, fast);
  Object.assign(c.rollback.watch, { interval: '250ms', window: '4s' });
  for (const m of c.rollback.watch.metrics as Record<string, any>[])
    if (m.sustained_for) m.sustained_for = '1s';
  if (opts.faultAt25) {
    // the build of this RC: 40 % of requests fail once it serves 25 % of the traffic
    c.canary.deploy = [...c.canary.deploy, '--inject-at', '25={"errorRatePct":40}'];
  }
  return c;
}

export async function startRepoWorld(): Promise<RepoWorld> {
  const t = tools();
  const scratch = mkdtempSync(path.join(os.tmpdir(), 'ro-act-'));
  const ws = path.join(scratch, 'ws');
  const origin = path.join(scratch, 'origin.git');
  mkdirSync(ws);
  snapshotRepository(ws);
  const configFile = path.join(ws, '.github/release-ops.yml');
  const source = readFileSync(configFile, 'utf8');
  const writeConfig = (c: unknown) =>
    writeFileSync(
      configFile,
      '# scaled for the act tests (see __tests__/act/repo-world.ts)\n' + stringify(c),
    );
  writeConfig(testConfig(source));
  writeFileSync(path.join(ws, 'CHANGES'), 'release-ops\n');

  git(scratch, 'init', '-q', '--bare', origin);
  git(ws, 'init', '-q', '-b', 'main');
  git(ws, 'remote', 'add', 'origin', origin);
  git(ws, 'add', '-A');
  git(ws, 'commit', '-q', '-m', 'release 1.0.0');

  const emu = await startEmulator({ owner: 'acme', repo: 'release-ops' });
  const webhook = await startWebhook();
  const sha = new Map<string, string>();

  const world: RepoWorld = {
    emu,
    webhook,
    ws,
    origin,
    scratch,
    tools: t,
    sha,
    commit(branch, message, opts = {}) {
      const current = git(ws, 'rev-parse', '--abbrev-ref', 'HEAD');
      const exists = git(ws, 'branch', '--list', branch) !== '';
      if (exists) git(ws, 'checkout', '-q', branch);
      else git(ws, 'checkout', '-q', '-b', branch, opts.from ?? 'HEAD');
      writeFileSync(
        path.join(ws, 'CHANGES'),
        readFileSync(path.join(ws, 'CHANGES'), 'utf8') + message + '\n',
      );
      if (opts.config) writeConfig(opts.config);
      git(ws, 'add', '-A');
      git(ws, 'commit', '-q', '-m', message);
      const s = adoptCommit(emu, ws, 'HEAD');
      emu.seed.checkRun(s, { name: 'ci', conclusion: 'success' });
      git(ws, 'push', '-q', 'origin', branch);
      git(ws, 'checkout', '-q', current);
      return s;
    },
    tag(name, rev) {
      git(ws, 'tag', name, rev);
      git(ws, 'push', '-q', 'origin', `refs/tags/${name}`);
      const s = adoptCommit(emu, ws, rev);
      sha.set(name, s);
      return s;
    },
    checkout(rev) {
      git(ws, 'checkout', '-q', rev);
    },
    act(workflow, event, payload, extra = {}) {
      return runAct({
        cwd: ws,
        workflow: `.github/workflows/${workflow}.yml`,
        event,
        payload,
        emu,
        token: TOKEN,
        secrets: { OPS_SLACK_WEBHOOK: webhook.url },
        env: { RELEASE_OPS_GITHUB_WAIT_BASE_MS: '5' },
        scratch,
        tools: t,
        ...extra,
      });
    },
    originRef(ref) {
      return git(origin, 'rev-parse', `${ref}^{commit}`);
    },
    async close() {
      await Promise.all([emu.close(), webhook.close()]);
      rmSync(scratch, { recursive: true, force: true });
    },
  };

  // A: v1.0.0, published three days ago, green CI; the floating tag v1 on it.
  const a = adoptCommit(emu, ws, 'HEAD');
  emu.state.refs.set('refs/heads/main', a);
  git(ws, 'push', '-q', 'origin', 'main');
  world.tag('v1.0.0', 'HEAD');
  world.tag('v1', 'HEAD');
  emu.seed.checkRun(a, { name: 'ci', conclusion: 'success' });
  emu.seed.release({
    tag: 'v1.0.0',
    sha: a,
    name: 'v1.0.0',
    body: '## release-ops 1.0.0',
    createdAt: new Date(Date.now() - 72 * HOUR),
    publishedAt: new Date(Date.now() - 72 * HOUR),
  });
  emu.seed.tag('v1', a);
  return world;
}

/** A release candidate as the release workflow leaves it: a published prerelease of the tag. */
export function publishRc(world: RepoWorld, tag: string, message: string): void {
  world.emu.seed.release({
    tag,
    sha: world.sha.get(tag)!,
    name: tag,
    body: `## ${tag}\n\n- ${message}`,
    prerelease: true,
    makeLatest: 'false',
  });
}
