import { afterEach, describe, expect, it } from '@jest/globals';
import { FakeClock } from '../../src/adapters/clock.js';
import { ConfigError, ExternalError } from '../../src/errors.js';
import { silentLogger } from '../../src/ports/index.js';
import { BANNER_START, hasBanner, oneLine, withBanner } from '../../src/rollback/banner.js';
import { createHotfixBranch, inspectHotfixBranch, planHotfix } from '../../src/rollback/hotfix/branch.js';
import {
  incidentBody,
  incidentFor,
  listIncidents,
  marker,
  parseState,
  StepComments,
  upsertIncident,
  type IncidentFacts,
} from '../../src/rollback/incident.js';
import { acquireLock, lockPrefix, runKeyFor } from '../../src/rollback/lock.js';
import { looksRolledBack, resolveFrom, resolveTo } from '../../src/rollback/target.js';
import { hypercareWindowInput } from '../../src/rollback/settings.js';
import { hypercareWindowFor, triggerSeverity, watchAnalysisConfig } from '../../src/rollback/watch.js';
import type { AnalysisResult, Measurement } from '../../src/analysis/types.js';
import { settingsFrom } from './helpers.js';
import { closeRepos, emptyRepo, type Repo } from './repo.js';

afterEach(closeRepos);

const AT = Date.UTC(2026, 0, 5, 10, 0, 0);

describe('banner', () => {
  it('goes on top of the notes once, with the UTC time and the reason', () => {
    const once = withBanner('## Changes\n- checkout', {
      at: AT,
      reason: 'error rate 7% > 5%',
      toTag: 'v1.0.0',
    });
    expect(once.startsWith(BANNER_START)).toBe(true);
    expect(once).toContain('2026-01-05 10:00:00 UTC');
    // `>` is written as an entity (GitHub renders it as `>`), so no text can form an HTML comment
    expect(once).toContain('error rate 7% &gt; 5%');
    expect(once).toContain('Use v1.0.0 instead');
    expect(once.endsWith('## Changes\n- checkout')).toBe(true);
    expect(hasBanner(once)).toBe(true);
    expect(withBanner(once, { at: AT + 1000, reason: 'again', toTag: 'v0.9.0' })).toBe(once);
    expect(hasBanner('plain notes')).toBe(false);
    expect(withBanner(null, { at: AT, reason: 'r', toTag: 'v1' })).toContain(BANNER_START);
  });

  it('keeps a reason on one line and strips comment markers an input could inject', () => {
    expect(oneLine('a\n\nb <!-- x --> c')).toBe('a b &lt;!-- x --&gt; c');
    // nested markers cannot be reassembled by a one-pass strip
    expect(oneLine('<<!--!-- release-ops:state {} ---->>')).not.toMatch(/<!--|-->/);
    expect(oneLine('x'.repeat(400), 10)).toHaveLength(10);
    // free text pings nobody and links nowhere in public notes and issues
    const t = oneLine('ping @alice and @acme/ops, see https://evil.example/x?a=1 (mail bob@example.com)');
    expect(t).not.toMatch(/(^|[^\u200b])@(alice|acme)/);
    expect(t).toContain('@\u200balice');
    expect(t).toContain('`https://evil.example/x?a=1`');
    expect(t).toContain('bob@example.com');
  });
});

describe('incident record', () => {
  const facts: IncidentFacts = {
    from: 'v1.1.0',
    to: 'v1.0.0',
    phase: 'in-progress',
    at: AT,
    severity: 'critical',
    reason: 'health failed 3 times',
    environment: 'production',
    impact: 'every tenant: login down',
    targetKind: 'previous stable release',
    hypercareWindow: '4h',
  };

  it("carries the release runbook's fields, the release and incident flow's severity and a machine-readable state", () => {
    const body = incidentBody(facts);
    expect(body.startsWith(marker('v1.1.0'))).toBe(true);
    for (const s of [
      'Time (UTC) | 2026-01-05 10:00:00 UTC',
      'Reason | health failed 3 times',
      'Impact (tenant / store / user) | every tenant: login down',
      'Mitigation state | Rollback in progress to v1.0.0',
      '**critical**: system down or multi-tenant data leak',
      'Hypercare window | 4h',
    ]) {
      expect(body).toContain(s);
    }
    expect(parseState(body)).toEqual({
      from: 'v1.1.0',
      to: 'v1.0.0',
      phase: 'in-progress',
      at: AT,
      severity: 'critical',
      reason: 'health failed 3 times',
    });
    expect(incidentBody({ ...facts, phase: 'rollback-failed', detail: 'exit 1' })).toContain('NOT mitigated');
    expect(parseState('no state')).toBeNull();
  });

  it('is found again by its marker and updated only when something changed', async () => {
    const r = await emptyRepo();
    const gh = r.gh;
    await gh.createIssue({ title: 'unrelated', body: 'x', labels: ['incident'] });
    const first = await upsertIncident(gh, null, facts, ['incident', 'severity:critical']);
    expect(first.action).toBe('opened');
    const found = incidentFor(await listIncidents(gh, 'incident'), 'v1.1.0');
    expect(found?.issue.number).toBe(first.issue.number);
    expect(incidentFor(await listIncidents(gh, 'incident'), 'v1.2.0')).toBeNull();
    const writes = r.writes().length;
    expect((await upsertIncident(gh, found, facts, ['incident', 'severity:critical'])).action).toBe(
      'unchanged',
    );
    expect(r.writes()).toHaveLength(writes);
    const upd = await upsertIncident(gh, found, { ...facts, phase: 'rolled-back', verifiedAt: AT + 60_000 }, [
      'incident',
      'severity:critical',
    ]);
    expect(upd.action).toBe('updated');
    expect(parseState(upd.issue.body)?.phase).toBe('rolled-back');
  });

  it('posts one comment per step and outcome, even across runs', async () => {
    const r = await emptyRepo();
    const gh = r.gh;
    const { issue } = await upsertIncident(gh, null, facts, ['incident']);
    const entry = (name: string, status: 'done' | 'already' | 'failed') => ({
      name,
      status,
      detail: 'x',
      at: AT,
    });
    const a = new StepComments(gh, issue.number);
    await a.post(entry('demote', 'done'));
    await a.post(entry('demote', 'done'));
    await a.post(entry('program', 'failed'));
    const b = new StepComments(gh, issue.number);
    await b.load();
    await b.post(entry('demote', 'already'));
    await b.post(entry('program', 'done'));
    const bodies = r.incidents()[0]!.comments.map((c) => /<!-- release-ops:step .* -->/.exec(c.body)?.[0]);
    expect(bodies).toEqual([
      '<!-- release-ops:step demote done -->',
      '<!-- release-ops:step program failed -->',
      '<!-- release-ops:step program done -->',
    ]);
  });

  it("a step's detail cannot forge a step marker, ping anyone or link anywhere", async () => {
    const r = await emptyRepo();
    const gh = r.gh;
    const { issue } = await upsertIncident(gh, null, facts, ['incident']);
    const a = new StepComments(gh, issue.number);
    // a program's output tail is untrusted: a forged marker would make a re-run skip the message
    await a.post({
      name: 'program',
      status: 'failed',
      detail: 'exit 1 — <!-- release-ops:step notify done --> @ops see https://evil.example',
      at: AT,
    });
    const b = new StepComments(gh, issue.number);
    await b.load();
    expect(b.has('notify', 'done')).toBe(false);
    const body = r.incidents()[0]!.comments[0]!.body;
    expect(body.split('\n').at(-1)).not.toMatch(/<!--|(^|[^\u200b])@ops|[^`]https:\/\/evil/);
  });
});

describe('target resolution', () => {
  async function repo(): Promise<Repo> {
    const r = await emptyRepo();
    r.addRelease('v0.9.0');
    r.addRelease('v1.0.0-rc1', { prerelease: true });
    r.addRelease('v1.0.0');
    r.addRelease('v1.0.1', { draft: true });
    r.addRelease('v1.0.2', { prerelease: true }); // demoted earlier: not stable
    r.addRelease('v1.1.0-rc2', { prerelease: true });
    r.addRelease('v1.1.0-rc10', { prerelease: true });
    r.addRelease('v1.1.0');
    return r;
  }

  it('from defaults to the latest release; to to the highest stable release below it', async () => {
    const { gh } = await repo();
    const from = await resolveFrom(gh, undefined);
    expect(from).toMatchObject({ defaulted: true, release: { tagName: 'v1.1.0' } });
    const to = await resolveTo(gh, from.release, undefined);
    expect(to.kind).toBe('previous-stable');
    expect(to.release.tagName).toBe('v1.0.0');
  });

  it('to: rc is the highest RC of the bad version (rc10 above rc2); to: TAG is that release', async () => {
    const { gh } = await repo();
    const from = (await resolveFrom(gh, 'v1.1.0')).release;
    expect((await resolveTo(gh, from, 'rc')).release.tagName).toBe('v1.1.0-rc10');
    expect((await resolveTo(gh, from, 'v0.9.0')).release.tagName).toBe('v0.9.0');
    await expect(resolveTo(gh, from, 'v1.1.0')).rejects.toThrow(ConfigError);
    await expect(resolveTo(gh, from, 'v7.0.0')).rejects.toThrow(/no published release has the tag "v7.0.0"/);
  });

  it('the first release has nothing to roll back to: a clear error', async () => {
    const r = await emptyRepo();
    r.addRelease('v1.0.0');
    const gh = r.gh;
    const from = (await resolveFrom(gh, undefined)).release;
    const err = await resolveTo(gh, from, undefined).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ExternalError);
    expect((err as Error).message).toMatch(/no stable release below v1.0.0: it is the first release/);
    await expect(resolveFrom((await emptyRepo()).gh, undefined)).rejects.toThrow(/no latest release/);
    await expect(resolveFrom(gh, 'v2.0.0')).rejects.toThrow(ConfigError);
  });

  it('a non-semver bad tag needs an explicit target', async () => {
    const r = await emptyRepo();
    r.addRelease('nightly-42');
    const from = (await resolveFrom(r.gh, 'nightly-42')).release;
    await expect(resolveTo(r.gh, from, undefined)).rejects.toThrow(/not a semantic version tag/);
  });

  it('"already rolled back" means: bad demoted by a rollback (banner) and target latest (or a prerelease target)', async () => {
    const { gh } = await repo();
    const release = async (tag: string) => (await gh.getReleaseByTag(tag))!;
    const from = await release('v1.1.0');
    const to = await release('v1.0.0');
    const demoted = {
      ...from,
      prerelease: true,
      body: withBanner(from.body, { at: AT, reason: 'errors', toTag: 'v1.0.0' }),
    };
    expect(looksRolledBack({ from, to, kind: 'previous-stable' }, from)).toBe(false);
    expect(looksRolledBack({ from: demoted, to, kind: 'previous-stable' }, to)).toBe(true);
    expect(looksRolledBack({ from: demoted, to, kind: 'previous-stable' }, await release('v0.9.0'))).toBe(
      false,
    );
    // A release candidate that was never promoted is a prerelease without a banner: rolling it back
    // after a failed canary must still redeploy and verify.
    const rc = { ...from, tagName: 'v1.1.0-rc1', prerelease: true };
    expect(looksRolledBack({ from: rc, to, kind: 'previous-stable' }, to)).toBe(false);
  });
});

describe('the rollback lock', () => {
  const clock = new FakeClock(AT);
  const deps = { clock, logger: silentLogger };
  let commitSha = '';
  async function repo(): Promise<Repo> {
    const r = await emptyRepo();
    commitSha = r.emu.seed.commit('feat: checkout');
    return r;
  }
  const opts = (runKey: string) => ({ fromTag: 'v1.1.0', commitSha, runKey, ttlMs: 600_000 });

  it('two runs at once: exactly one acquires, the other is told who holds it', async () => {
    const r = await repo();
    const gh = r.gh;
    const [a, b] = await Promise.all([
      acquireLock(gh, deps, opts('run1')),
      acquireLock(gh, deps, opts('run2')),
    ]);
    expect([a.acquired, b.acquired].sort()).toEqual([false, true]);
    const busy = (a.acquired ? b : a) as Extract<typeof a, { acquired: false }>;
    expect(busy.message).toMatch(/another run is handling this rollback of v1.1.0 \(run\d/);
    // the loser cleaned its owner ref; the winner's lock and owner remain until released
    expect(r.refsUnder(`refs/${lockPrefix('v1.1.0')}`)).toHaveLength(2);
    const held = (a.acquired ? a : b) as Extract<typeof a, { acquired: true }>;
    await held.release();
    expect(r.refsUnder('refs/release-ops/')).toEqual([]);
  });

  it('a re-run of the same workflow run takes over its own lock (after a crash)', async () => {
    const r = await repo();
    const gh = r.gh;
    const first = await acquireLock(gh, deps, opts('run7'));
    expect(first.acquired).toBe(true);
    const other = await acquireLock(gh, deps, opts('run8'));
    expect(other.acquired).toBe(false);
    const again = await acquireLock(gh, deps, opts('run7'));
    expect(again).toMatchObject({ acquired: true, generation: 2 });
    expect((again as { tookOver?: string }).tookOver).toMatch(/earlier attempt of this run/);
    await (again as { release(): Promise<void> }).release();
    expect(r.refsUnder('refs/release-ops/')).toEqual([]);
  });

  it('a lock older than the TTL is taken over; a younger one is not', async () => {
    const { gh } = await repo();
    const c = new FakeClock(AT);
    expect((await acquireLock(gh, { clock: c, logger: silentLogger }, opts('run1'))).acquired).toBe(true);
    c.advance(599_000);
    expect((await acquireLock(gh, { clock: c, logger: silentLogger }, opts('run2'))).acquired).toBe(false);
    c.advance(2_000);
    const late = await acquireLock(gh, { clock: c, logger: silentLogger }, opts('run3'));
    expect(late).toMatchObject({ acquired: true, generation: 2 });
    expect((late as { tookOver?: string }).tookOver).toMatch(/more than the lock TTL/);
  });

  it('run keys are ref-safe: the run id inside Actions, random in a terminal', () => {
    expect(runKeyFor('12345')).toBe('run12345');
    expect(runKeyFor(undefined)).toMatch(/^cli[0-9a-f]{12}$/);
    expect(runKeyFor('../x')).toMatch(/^cli/);
  });
});

describe('hotfix branch', () => {
  it('next patch from the production tag: v1.0.1 → hotfix/1.0.2 at v1.0.1, idempotent', async () => {
    expect(planHotfix('v1.0.1')).toEqual({
      fromTag: 'v1.0.1',
      version: '1.0.2',
      tag: 'v1.0.2',
      branch: 'hotfix/1.0.2',
    });
    expect(planHotfix('2.3.9')).toMatchObject({ version: '2.3.10', tag: '2.3.10' });
    expect(() => planHotfix('latest')).toThrow(ConfigError);
    const r = await emptyRepo();
    const sha = r.addRelease('v1.0.1');
    const a = await createHotfixBranch(r.gh, planHotfix('v1.0.1'));
    expect(a.status).toBe('done');
    expect(r.emu.state.refs.get('refs/heads/hotfix/1.0.2')).toBe(sha);
    expect((await createHotfixBranch(r.gh, planHotfix('v1.0.1'))).status).toBe('already');
    const other = r.emu.seed.commit('elsewhere', { branch: 'scratch' });
    r.emu.seed.branch('hotfix/1.0.2', other);
    await expect(createHotfixBranch(r.gh, planHotfix('v1.0.1'))).rejects.toThrow(
      new RegExp(`already exists at ${other.slice(0, 12)}, not at v1.0.1`),
    );
  });

  it('refuses a next patch that is already tagged; looking first writes nothing', async () => {
    const r = await emptyRepo();
    r.addRelease('v1.0.1');
    r.addRelease('v1.0.2');
    r.emu.resetRequests();
    await expect(createHotfixBranch(r.gh, planHotfix('v1.0.1'))).rejects.toThrow(/v1.0.2, is already tagged/);
    const seen = await inspectHotfixBranch(r.gh, planHotfix('v1.0.2'));
    expect(seen).toMatchObject({ exists: false, sha: await r.gh.resolveTagCommit('v1.0.2') });
    expect(r.writes()).toEqual([]);
  });
});

describe('watch settings', () => {
  it('health and ready probes follow the go-live runbook: the 3rd consecutive non-200 fires', () => {
    const cfg = watchAnalysisConfig({
      health_url: 'http://svc/health',
      ready_url: 'http://svc/ready',
      interval: 10_000,
      window: 300_000,
      consecutive_failures: 2,
    });
    expect(
      cfg?.metrics.map((m) => [
        m.name,
        m.provider,
        (m as { samples?: number }).samples,
        m.conditions,
        m.consecutive_failures,
      ]),
    ).toEqual([
      ['health', 'http', 1, ['error_rate_pct == 0'], 2],
      ['ready', 'http', 1, ['error_rate_pct == 0'], 2],
    ]);
    expect(watchAnalysisConfig({ interval: 1, window: 1, consecutive_failures: 2 })).toBeNull();
  });

  it('mode watch without rollback.watch is a config error with the line', () => {
    expect(() => settingsFrom('rollback:\n  environment: prod\n', { mode: 'watch' })).toThrow(
      /release-ops.yml:\d+:\d+ rollback.watch: mode watch needs rollback.watch/,
    );
    expect(() => settingsFrom('rollback:\n  run: [./d.sh, "{tag}"]\n')).toThrow(
      /rollback.run: unknown placeholder \{tag\}/,
    );
  });

  it('without rollback.verify, the verification is the watch over three intervals', () => {
    const s = settingsFrom(
      'rollback:\n  watch: { health_url: "http://svc/health", interval: 5s, window: 10m }\n',
    );
    expect(s.verify).toMatchObject({ intervalMs: 5000, windowMs: 15000 });
    expect(s.verify?.metrics.map((m) => m.name)).toEqual(['health']);
    expect(s.lockTtlMs).toBe(600_000 + 15_000 + 600_000);
  });

  it('hypercare windows (the release runbook): 0h, 1h, 4h, 8h, 24h by age; the last one lasts a day', () => {
    const h = 3_600_000;
    const runbook = [0, 1, 4, 8, 24].map((x) => x * h);
    expect(
      [0, 0.5 * h, 1.2 * h, 4 * h, 7.9 * h, 8 * h, 30 * h, 50 * h].map((a) => hypercareWindowFor(a, runbook)),
    ).toEqual(['0h', '0h', '1h', '4h', '4h', '8h', '24h', 'after hypercare']);
  });

  it('hypercare windows past 24 h: T+72h is accepted, and auto names it among the default windows', () => {
    const h = 3_600_000;
    expect(hypercareWindowInput('T+72h')).toBe('72h');
    expect(hypercareWindowInput('3d')).toBe('72h');
    expect(hypercareWindowInput('90m')).toBe('1h30m');
    expect(hypercareWindowInput('AUTO')).toBe('auto');
    expect(() => hypercareWindowInput('tomorrow')).toThrow(
      /input hypercare-window: expected auto or a time after the go-live such as 4h or T\+72h/,
    );
    const s = settingsFrom('rollback:\n  environment: production\n', { hypercareWindow: 'T+72h' });
    expect(s.hypercareWindow).toBe('T+72h'); // as given to resolveRollback: the command reads it through hypercareWindowInput
    expect(s.hypercareWindowsMs).toEqual([0, 1, 4, 8, 24, 72].map((x) => x * h));
    expect([50 * h, 73 * h, 95 * h, 97 * h].map((a) => hypercareWindowFor(a, s.hypercareWindowsMs))).toEqual([
      '24h',
      '72h',
      '72h',
      'after hypercare',
    ]);
    const custom = settingsFrom('rollback:\n  hypercare_windows: [5d, 0h, 2h]\n');
    expect(custom.hypercareWindowsMs).toEqual([0, 2 * h, 120 * h]);
  });

  it("the severity matrix per trigger names the watch's triggers only; input severity wins over it", () => {
    const yaml = `rollback:
  watch:
    health_url: "http://svc/health"
    metrics:
      - { name: errors, provider: json, url: "http://svc/m.json", conditions: ["error_rate_pct <= 5"] }
    severity: { health: critical, errors: medium, latency: low }
`;
    expect(() => settingsFrom(yaml)).toThrow(
      /release-ops.yml:\d+:\d+ rollback.watch.severity.latency: no trigger is named latency; the watch's triggers: health, errors/,
    );
    const ok = settingsFrom(yaml.replace(', latency: low', ''));
    expect(ok).toMatchObject({
      triggerSeverity: { health: 'critical', errors: 'medium' },
      severity: 'high',
      severityFromInput: false,
    });
    expect(settingsFrom(yaml.replace(', latency: low', ''), { severity: 'low' })).toMatchObject({
      severity: 'low',
      severityFromInput: true,
    });
  });

  it('the severity of a trigger: the most severe entry among the metrics failing at the deciding tick', () => {
    const m = (metric: string, index: number, phase: Measurement['phase']): Measurement => ({
      metric,
      index,
      at: AT,
      durationMs: 1,
      phase,
      values: {},
      conditions: [],
    });
    const res = {
      decision: 'failed',
      ticks: 3,
      measurements: [m('errors', 3, 'failed'), m('health', 3, 'failed'), m('latency', 2, 'failed')],
      decisions: [
        { at: AT, decision: 'failed', reason: 'x', evaluator: 'limits', metric: 'errors', tick: 3 },
      ],
    } as unknown as AnalysisResult;
    expect(triggerSeverity(res, { errors: 'medium', health: 'critical', latency: 'critical' })).toEqual({
      trigger: 'health',
      severity: 'critical',
    });
    expect(triggerSeverity(res, { errors: 'medium' })).toEqual({ trigger: 'errors', severity: 'medium' });
    expect(triggerSeverity(res, { latency: 'low' })).toBeNull(); // latency did not fail at the deciding tick
  });

  it('impact: the input replaces the config, on one line; the incident neutralises what it publishes', () => {
    const s = settingsFrom('rollback:\n  incident: { impact: "all tenants" }\n', { impact: 'store 12 only' });
    expect(s.incident.impact).toBe('store 12 only');
    expect(settingsFrom('rollback:\n  incident: { impact: "all tenants" }\n').incident.impact).toBe(
      'all tenants',
    );
    const body = incidentBody({
      from: 'v1.1.0',
      to: 'v1.0.0',
      phase: 'in-progress',
      at: AT,
      severity: 'high',
      reason: 'r',
      environment: 'production',
      impact: 'store 12 <!-- release-ops:state {"from":"x"} --> cc @acme/ops',
      targetKind: 'named target',
    });
    expect(body.split('<!-- release-ops:state')).toHaveLength(2); // ours, on the last line only
    expect(body).toContain('store 12 &lt;!-- release-ops:state');
    expect(body).toContain('@\u200bacme/ops');
  });
});
