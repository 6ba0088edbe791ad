/**
 * `release-ops status` against the GitHub emulator: what is live where, read from the deployments the
 * ledger records (created here through the GitHub port, as canary and rollback create them), and the
 * builds marked rolled back (our banner on a release of the commit, or an open incident for it).
 */
import { afterEach, describe, expect, it } from '@jest/globals';
import { mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { BUDGET, seedBusyRepository } from '../../bench/status.js';
import { cli } from '../../src/cli/main.js';
import { createContext } from '../../src/commands/context.js';
import { FakeClock } from '../../src/adapters/clock.js';
import statusCommand from '../../src/commands/status.js';
import { evidenceProblems } from '../../src/evidence/envelope.js';
import { createGitHubPort } from '../../src/github/create.js';
import { ledgerPayload } from '../../src/ledger/ledger.js';
import { silentLogger, type DeploymentState, type GitHubPort, type Issue } from '../../src/ports/index.js';
import { toMarkdown } from '../../src/report/doc.js';
import { withBanner } from '../../src/rollback/banner.js';
import { incidentBody } from '../../src/rollback/incident.js';
import type { StatusJson } from '../../src/status/model.js';
import { statusReport } from '../../src/status/report.js';
import { runStatus } from '../../src/status/run.js';
import { startEmulator, type Emulator } from '../../support/github-emulator/index.js';

const TOKEN = 'ghs_statusToken0123456789';
const T0 = Date.UTC(2026, 0, 5, 9, 0, 0);
const RUN = (id: number) => `https://github.com/acme/shop/actions/runs/${id}`;

interface World {
  emu: Emulator;
  gh: GitHubPort;
  /** Moves the emulator's clock (its timestamps are the only time here). */
  tick(seconds: number): void;
  iso(): string;
}

const open: Emulator[] = [];
afterEach(async () => {
  for (const emu of open.splice(0)) await emu.close();
});

async function world(): Promise<World> {
  let now = T0;
  const emu = await startEmulator({ owner: 'acme', repo: 'shop', now: () => new Date(now) });
  open.push(emu);
  const gh = await createGitHubPort({
    token: TOKEN,
    owner: 'acme',
    repo: 'shop',
    baseUrl: emu.url,
    logger: silentLogger,
    retries: 0,
    retryAfterBaseMs: 1,
  });
  return {
    emu,
    gh,
    tick: (s) => (now += s * 1000),
    iso: () => new Date(now).toISOString().replace(/\.\d{3}Z$/, 'Z'),
  };
}

/** A ledger deployment as canary and rollback record it: ref = the commit, the payload names the rest. */
async function deploy(
  w: World,
  o: {
    tag: string;
    sha: string;
    environment?: string;
    actor: string;
    runId: number;
    kind?: 'canary' | 'rollback';
    statuses: [DeploymentState, string][];
  },
): Promise<number> {
  const environment = o.environment ?? 'production';
  const d = await w.gh.createDeployment({
    ref: o.sha,
    environment,
    description: `${o.kind ?? 'canary'} ${o.tag}`,
    payload: ledgerPayload({
      kind: o.kind ?? 'canary',
      tag: o.tag,
      run_url: RUN(o.runId),
      run_id: String(o.runId),
      actor: o.actor,
    }),
    productionEnvironment: environment === 'production',
    transientEnvironment: false,
    requiredContexts: [],
  });
  for (const [state, description] of o.statuses) {
    w.tick(60);
    await w.gh.createDeploymentStatus(d.id, { state, description });
  }
  return d.id;
}

async function status(
  w: World,
  args: string[] = [],
  o: { token?: string | null; config?: string } = {},
): Promise<{ code: number; stdout: string; stderr: string }> {
  const cwd = mkdtempSync(path.join(os.tmpdir(), 'status-'));
  if (o.config) writeFileSync(path.join(cwd, 'release-ops.yml'), o.config);
  let stdout = '';
  let stderr = '';
  const code = await cli({
    argv: ['status', ...(o.config ? ['--config', 'release-ops.yml'] : []), ...args],
    env: {
      PATH: process.env.PATH,
      ...(o.token === null ? {} : { GITHUB_TOKEN: o.token ?? TOKEN }),
      GITHUB_REPOSITORY: 'acme/shop',
      GITHUB_API_URL: w.emu.url,
    },
    cwd,
    stdout: (s) => (stdout += s),
    stderr: (s) => (stderr += s),
  });
  return { code, stdout, stderr };
}

async function statusJson(w: World, args: string[] = [], o: { config?: string } = {}): Promise<StatusJson> {
  const out = await status(w, ['--json', ...args], o);
  expect({ code: out.code, stderr: out.stderr }).toEqual({ code: 0, stderr: '' });
  // Exactly one JSON document, on one line.
  expect(out.stdout.endsWith('\n')).toBe(true);
  expect(out.stdout.trimEnd().split('\n')).toHaveLength(1);
  return JSON.parse(out.stdout) as StatusJson;
}

/**
 * v1.0.0 (c0) went live in production; then v1.1.0-rc1 (c1) by bob, and v1.1.0 was promoted from it
 * (the same commit). Returns the commits and when c1 went live.
 */
async function shipped(w: World): Promise<{ c0: string; c1: string; liveSince: string }> {
  const c0 = w.emu.seed.commit('feat: checkout');
  w.emu.seed.release({ tag: 'v1.0.0', sha: c0 });
  await deploy(w, {
    tag: 'v1.0.0',
    sha: c0,
    actor: 'alice',
    runId: 41,
    statuses: [
      ['in_progress', 'step 1/2: 50 %'],
      ['success', 'promoted: 100 %'],
    ],
  });
  w.tick(3600);
  const c1 = w.emu.seed.commit('feat: tenant filter');
  w.emu.seed.release({ tag: 'v1.1.0-rc1', sha: c1, prerelease: true });
  await deploy(w, {
    tag: 'v1.1.0-rc1',
    sha: c1,
    actor: 'bob',
    runId: 42,
    statuses: [
      ['in_progress', 'step 1/2: 50 %'],
      ['success', 'promoted: 100 %; analysis passed (error_rate_pct 0.2 <= 2)'],
    ],
  });
  const liveSince = w.iso();
  w.tick(3600);
  w.emu.seed.release({ tag: 'v1.1.0', sha: c1 });
  return { c0, c1, liveSince };
}

const ENVIRONMENT_KEYS = [
  'actor',
  'environment',
  'incident_url',
  'last_result',
  'rolled_back',
  'run_url',
  'sha',
  'since',
  'tag',
  'tags',
  'unsettled',
];

describe('release-ops status (GitHub emulator)', () => {
  it('production is live on the newest successful deployment: tag, sha, actor and run URL from the payload', async () => {
    const w = await world();
    const { c1, liveSince } = await shipped(w);
    const s = await statusJson(w);

    expect(s.environments).toHaveLength(1);
    expect(Object.keys(s.environments[0]!).sort()).toEqual(ENVIRONMENT_KEYS);
    expect(s.environments[0]).toEqual({
      environment: 'production',
      tag: 'v1.1.0-rc1',
      sha: c1,
      tags: ['v1.1.0-rc1', 'v1.1.0'],
      since: liveSince,
      actor: 'bob',
      run_url: RUN(42),
      rolled_back: false,
      incident_url: null,
      last_result: 'promoted: 100 %; analysis passed (error_rate_pct 0.2 <= 2)',
      unsettled: [],
    });
    // GitHub made the build it replaced inactive: one live deployment per environment.
    const [first] = w.emu.state.deployments;
    expect(first!.statuses.map((x) => x.state)).toEqual(['in_progress', 'success', 'inactive']);
  });

  it('the RC and the GA of one commit are one build', async () => {
    const w = await world();
    const { c1 } = await shipped(w);
    const s = await statusJson(w);

    expect(s.releases.latest).toMatchObject({ tag: 'v1.1.0', sha: c1, tags: ['v1.1.0', 'v1.1.0-rc1'] });
    expect(s.releases.newest_rc).toEqual({
      '1.1': expect.objectContaining({ tag: 'v1.1.0-rc1', sha: c1, tags: ['v1.1.0-rc1', 'v1.1.0'] }),
    });
    expect(s.releases.rolled_back).toEqual([]);
    const table = (await status(w)).stdout;
    expect(table).toContain(`v1.1.0-rc1 = v1.1.0 (${c1.slice(0, 12)})`);
    expect(table).toContain(`v1.1.0 = v1.1.0-rc1 (${c1.slice(0, 12)})`);
  });

  it('a newer deployment that never settled is reported; what is live stays the last success', async () => {
    const w = await world();
    const { c1 } = await shipped(w);
    const c2 = w.emu.seed.commit('feat: invoices');
    w.emu.seed.release({ tag: 'v1.2.0-rc1', sha: c2, prerelease: true });
    await deploy(w, {
      tag: 'v1.2.0-rc1',
      sha: c2,
      actor: 'carol',
      runId: 43,
      statuses: [['in_progress', 'step 1/3: 10 %']],
    });
    const stuckSince = w.iso();
    await deploy(w, {
      tag: 'v1.2.0-rc1',
      sha: c2,
      environment: 'staging',
      actor: 'carol',
      runId: 44,
      statuses: [],
    });

    const s = await statusJson(w);
    // Environments in the order of their newest deployment; staging has nothing live yet.
    expect(s.environments.map((e) => e.environment)).toEqual(['staging', 'production']);
    const [staging, production] = s.environments;
    expect(production).toMatchObject({ tag: 'v1.1.0-rc1', sha: c1, actor: 'bob' });
    expect(production!.unsettled).toEqual([
      {
        tag: 'v1.2.0-rc1',
        sha: c2,
        state: 'in_progress',
        since: stuckSince,
        actor: 'carol',
        run_url: RUN(43),
        description: 'step 1/3: 10 %',
      },
    ]);
    // Nothing live yet; a deployment without any status is what GitHub shows as pending.
    expect(staging).toMatchObject({ tag: null, sha: null, rolled_back: false });
    expect(staging!.unsettled).toEqual([expect.objectContaining({ tag: 'v1.2.0-rc1', state: 'pending' })]);
    expect(s.releases.newest_rc).toEqual({
      '1.2': expect.objectContaining({ tag: 'v1.2.0-rc1', sha: c2 }),
      '1.1': expect.objectContaining({ tag: 'v1.1.0-rc1', sha: c1 }),
    });

    const table = (await status(w)).stdout;
    expect(table).toContain('Not settled (newer than what is live)');
    expect(table).toContain(`production: v1.2.0-rc1 (${c2.slice(0, 12)}) in_progress since 2026-01-05`);
    expect(table).toContain('step 1/3: 10 %, by carol');

    const only = await statusJson(w, ['--environment', 'production']);
    expect(only.environments.map((e) => e.environment)).toEqual(['production']);
  });

  it('releases created from a branch name are matched to their commit through the tags', async () => {
    const w = await world();
    const c0 = w.emu.seed.commit('feat: checkout');
    // `gh release create v2.0.0-rc1 --target main`: the release names a branch, not the commit.
    w.emu.seed.release({ tag: 'v2.0.0-rc1', prerelease: true });
    w.emu.seed.tag('v2.0.0', c0, { annotated: true });
    w.emu.seed.release({ tag: 'v2.0.0' });
    expect(w.emu.state.releases.map((r) => r.target_commitish)).toEqual(['main', 'main']);
    const s = await statusJson(w);
    expect(s.releases.latest).toMatchObject({ tag: 'v2.0.0', sha: c0, tags: ['v2.0.0', 'v2.0.0-rc1'] });
    expect(s.releases.newest_rc['2.0']).toMatchObject({ tag: 'v2.0.0-rc1', sha: c0 });
    expect(s.environments).toEqual([]);
    expect((await status(w)).stdout).toContain('No deployment recorded in acme/shop');
  });

  it('a queued deployment counts as unsettled too', async () => {
    const w = await world();
    await shipped(w);
    const c2 = w.emu.seed.commit('feat: invoices');
    await deploy(w, {
      tag: 'v1.2.0-rc1',
      sha: c2,
      actor: 'carol',
      runId: 45,
      statuses: [['queued', 'waiting for a runner']],
    });
    const [production] = (await statusJson(w)).environments;
    expect(production!.tag).toBe('v1.1.0-rc1');
    expect(production!.unsettled.map((u) => [u.tag, u.state])).toEqual([['v1.2.0-rc1', 'queued']]);
  });

  it('a build whose release carries our banner is rolled back, whichever of its tags is live', async () => {
    const w = await world();
    const { c0, c1 } = await shipped(w);
    // The rollback of v1.1.0: banner on its notes, an incident, v1.0.0 redeployed in production.
    const incident = await openIncident(w, { from: 'v1.1.0', to: 'v1.0.0', fromSha: c1 });
    const ga = (await w.gh.getReleaseByTag('v1.1.0'))!;
    await w.gh.updateRelease(ga.id, {
      prerelease: true,
      makeLatest: 'false',
      body: withBanner(ga.body, {
        at: T0 + 3 * 3_600_000,
        reason: 'error rate 9 % > 2 %',
        toTag: 'v1.0.0',
        incidentUrl: incident.htmlUrl,
      }),
    });
    await deploy(w, {
      tag: 'v1.0.0',
      sha: c0,
      kind: 'rollback',
      actor: 'release-bot',
      runId: 50,
      statuses: [
        ['in_progress', 'rolling back v1.1.0'],
        ['success', 'rolled back from v1.1.0; health verified'],
      ],
    });
    // Staging still runs the RC of the same commit.
    await deploy(w, {
      tag: 'v1.1.0-rc1',
      sha: c1,
      environment: 'staging',
      actor: 'bob',
      runId: 51,
      statuses: [['success', 'promoted: 100 %']],
    });

    const s = await statusJson(w);
    const env = Object.fromEntries(s.environments.map((e) => [e.environment, e]));
    expect(env.production).toMatchObject({
      tag: 'v1.0.0',
      sha: c0,
      rolled_back: false,
      // Restored by the open incident: the environment is still under it.
      incident_url: incident.htmlUrl,
      last_result: 'rolled back from v1.1.0; health verified',
    });
    expect(env.staging).toMatchObject({
      tag: 'v1.1.0-rc1',
      sha: c1,
      rolled_back: true,
      incident_url: incident.htmlUrl,
    });
    expect(s.releases.rolled_back).toEqual([
      {
        tag: 'v1.1.0',
        sha: c1,
        tags: ['v1.1.0', 'v1.1.0-rc1'],
        at: '2026-01-05 12:00:00 UTC',
        reason: 'error rate 9 % > 2 %',
        restored: 'v1.0.0',
        incident_url: incident.htmlUrl,
      },
    ]);
    expect(s.releases.latest).toMatchObject({ tag: 'v1.0.0', sha: c0, rolled_back: false });
    expect(s.releases.newest_rc['1.1']).toMatchObject({ tag: 'v1.1.0-rc1', rolled_back: true });

    const table = (await status(w)).stdout;
    expect(table).toContain(
      `v1.1.0 = v1.1.0-rc1 (${c1.slice(0, 12)}) was rolled back at 2026-01-05 12:00:00 UTC: error rate 9 % > 2 %; v1.0.0 was restored; incident ${incident.htmlUrl}`,
    );
  });

  it('an open incident alone marks its build rolled back; a closed one does not', async () => {
    const w = await world();
    const { c1 } = await shipped(w);
    const incident = await openIncident(w, { from: 'v1.1.0-rc1', to: 'v1.0.0' });

    let s = await statusJson(w);
    expect(s.environments[0]).toMatchObject({
      tag: 'v1.1.0-rc1',
      rolled_back: true,
      incident_url: incident.htmlUrl,
    });
    expect(s.releases.rolled_back).toEqual([
      expect.objectContaining({
        tag: 'v1.1.0-rc1',
        sha: c1,
        reason: 'p95 1.9 s > 1.2 s',
        restored: 'v1.0.0',
      }),
    ]);

    await w.gh.updateIssue(incident.number, { state: 'closed' });
    s = await statusJson(w);
    expect(s.environments[0]).toMatchObject({ rolled_back: false, incident_url: null });
    expect(s.releases.rolled_back).toEqual([]);
  });

  it('reads incidents under the label the config names', async () => {
    const w = await world();
    await shipped(w);
    const incident = await openIncident(w, { from: 'v1.1.0-rc1', to: 'v1.0.0', labels: ['sev-page'] });
    expect((await statusJson(w)).environments[0]!.rolled_back).toBe(false);
    const s = await statusJson(w, [], { config: 'rollback:\n  incident:\n    labels: [sev-page]\n' });
    expect(s.environments[0]).toMatchObject({ rolled_back: true, incident_url: incident.htmlUrl });
  });

  it('without --json: the table, and the same report as Markdown for the job summary', async () => {
    const w = await world();
    const { c1 } = await shipped(w);
    const out = await status(w);
    expect(out.code).toBe(0);
    expect(out.stdout).not.toContain('json=');
    expect(out.stdout).toContain('status of acme/shop');
    expect(out.stdout).toMatch(
      new RegExp(
        `production +v1\\.1\\.0-rc1 = v1\\.1\\.0 \\(${c1.slice(0, 12)}\\) +2026-01-05 10:04:00 UTC +bob`,
      ),
    );

    const read = await runStatus(
      { gh: w.gh, clock: new FakeClock(T0), logger: silentLogger },
      { incidentLabel: 'incident' },
    );
    expect(read.journal.of('step').map((e) => `${e.name}: ${e.status}`)).toEqual([
      'deployments: done',
      'releases: done',
      'commits: done',
      'rolled-back builds: done',
    ]);
    const md = toMarkdown(statusReport(read.status, { repository: 'acme/shop' }));
    expect(md).toContain(
      '| environment | live build | since (UTC) | actor | last result | rolled back | incident | run |',
    );
    expect(md).toContain(
      `| production | v1.1.0-rc1 = v1.1.0 (${c1.slice(0, 12)}) | 2026-01-05 10:04:00 UTC | bob | promoted: 100 %; analysis passed (error_rate_pct 0.2 <= 2) | no | — | ${RUN(42)} |`,
    );
    expect(md).toContain(`| latest GA | v1.1.0 = v1.1.0-rc1 (${c1.slice(0, 12)}) |`);
    expect(md).toContain('None: no release carries the rollback banner, no incident is open.');
  });

  it('as the root action: the json output and the table as the summary', async () => {
    const w = await world();
    const { c1 } = await shipped(w);
    const specs = Object.fromEntries(Object.entries(statusCommand.inputs).filter(([, s]) => !s.cliOnly));
    const ctx = createContext({
      host: 'action',
      specs,
      get: () => undefined,
      logger: silentLogger,
      env: { GITHUB_REPOSITORY: 'acme/shop', GITHUB_API_URL: w.emu.url },
      cwd: mkdtempSync(path.join(os.tmpdir(), 'status-action-')),
      signal: new AbortController().signal,
      token: TOKEN,
    });
    const outcome = await statusCommand.run(ctx);
    expect(outcome.exitCode).toBe(0);
    // no directory named for a snapshot: none is written
    expect(outcome.outputs).toEqual({ json: expect.any(String), 'report-path': '' });
    const s = JSON.parse(outcome.outputs.json!) as StatusJson;
    expect(s.environments[0]).toMatchObject({ environment: 'production', sha: c1 });
    expect(toMarkdown(outcome.report)).toContain('| production | v1.1.0-rc1 = v1.1.0');
  });

  it('with OPS_ARTIFACTS_DIR: a snapshot as evidence, valid against the published schema', async () => {
    const w = await world();
    const { c1 } = await shipped(w);
    const dir = mkdtempSync(path.join(os.tmpdir(), 'status-evidence-'));
    const ctx = createContext({
      host: 'action',
      specs: Object.fromEntries(Object.entries(statusCommand.inputs).filter(([, s]) => !s.cliOnly)),
      get: (n) => (n === 'environment' ? 'production' : undefined),
      logger: silentLogger,
      env: { GITHUB_REPOSITORY: 'acme/shop', GITHUB_API_URL: w.emu.url, OPS_ARTIFACTS_DIR: dir },
      cwd: dir,
      signal: new AbortController().signal,
      token: TOKEN,
    });
    const outcome = await statusCommand.run(ctx);
    const files = readdirSync(dir);
    expect(files).toEqual([expect.stringMatching(/^status_report_\d{8}T\d{6}Z\.json$/)]);
    expect(outcome.outputs['report-path']).toBe(path.join(dir, files[0]!));
    const ev = JSON.parse(readFileSync(path.join(dir, files[0]!), 'utf8'));
    expect(evidenceProblems(ev)).toEqual([]);
    expect(ev).toMatchObject({
      command: 'status',
      build: { tag: 'v1.1.0-rc1', sha: c1 },
      settings: { environment: 'production' },
      details: { environments: [{ environment: 'production', sha: c1 }] },
    });
    expect(ev.details.releases.newest_rc).toEqual([
      expect.objectContaining({ name: '1.1', tag: 'v1.1.0-rc1' }),
    ]);
  });

  it('no GitHub token: a usage error (exit 2) that says what to set, and no request', async () => {
    const w = await world();
    w.emu.resetRequests();
    const out = await status(w, ['--json'], { token: null });
    expect(out.code).toBe(2);
    expect(out.stdout).toBe('');
    expect(out.stderr).toContain('input github-token: a GitHub token is required: export GITHUB_TOKEN');
    expect(w.emu.requests).toEqual([]);
  });

  it(`makes at most ${BUDGET} requests with 1,500 releases and 1,000 deployments`, async () => {
    const w = await world();
    const seeded = seedBusyRepository(w.emu);
    expect(seeded).toMatchObject({ releases: 1500, deployments: 1000 });
    for (const args of [[], ['--environment', 'production']]) {
      w.emu.resetRequests();
      const s = await statusJson(w, args);
      expect(s.environments[0]).toMatchObject({ tag: seeded.live.tag, sha: seeded.live.sha });
      expect(s.releases.latest).toMatchObject({ sha: seeded.live.sha });
      expect(w.emu.requests.length).toBeLessThanOrEqual(BUDGET);
      expect(w.emu.requests.every((r) => r.method === 'GET')).toBe(true);
    }
  }, 60_000);
});

async function openIncident(
  w: World,
  o: { from: string; to: string; fromSha?: string; labels?: string[] },
): Promise<Issue> {
  return w.gh.createIssue({
    title: `Rollback of ${o.from} to ${o.to} (severity high)`,
    body: incidentBody({
      from: o.from,
      to: o.to,
      phase: 'rolled-back',
      at: T0 + 3 * 3_600_000,
      severity: 'high',
      reason: 'p95 1.9 s > 1.2 s',
      environment: 'production',
      targetKind: 'previous stable',
      ...(o.fromSha ? { fromSha: o.fromSha } : {}),
    }),
    labels: o.labels ?? ['incident', 'severity:high'],
  });
}
