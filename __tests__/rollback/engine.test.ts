import { afterEach, describe, expect, it } from '@jest/globals';
import { FakeClock } from '../../src/adapters/clock.js';
import { ConfigError } from '../../src/errors.js';
import { BANNER_START } from '../../src/rollback/banner.js';
import { parseState } from '../../src/rollback/incident.js';
import { runRollback } from '../../src/rollback/run.js';
import { evidenceProblems } from '../../src/evidence/envelope.js';
import { rollbackEvidence } from '../../src/rollback/evidence.js';
import type { RollbackSettings } from '../../src/rollback/settings.js';
import { CONFIG, fakeDeps, FakeRunner, planOf, settingsFrom, stepsOf } from './helpers.js';
import { closeRepos, productionRepo, type Repo } from './repo.js';

afterEach(closeRepos);

const repo = () => productionRepo();
const healthy = () => ({ status: 200 });
const broken = () => ({ status: 503 });

async function rollback(r: Repo, s: RollbackSettings, o: Parameters<typeof fakeDeps>[1] = {}) {
  const deps = fakeDeps(r.gh, o);
  const result = await runRollback(deps, s);
  return { result, deps };
}

const stepComments = (r: Repo) =>
  r.incidents()[0]!.comments.map((c) => /release-ops:step (\S+) (\S+)/.exec(c.body)!.slice(1).join(' '));

describe('rollback engine (GitHub emulator, fake clock)', () => {
  it('demotes the bad release, restores the previous stable as latest, redeploys, verifies, records', async () => {
    const r = await repo();
    const { result, deps } = await rollback(r, settingsFrom(CONFIG, { reason: 'checkout 500s' }), {
      http: healthy,
    });
    expect(result).toMatchObject({
      result: 'rolled-back',
      fromTag: 'v1.1.0',
      toTag: 'v1.0.0',
      targetKind: 'previous-stable',
      reason: 'checkout 500s',
    });

    const bad = r.release('v1.1.0');
    expect(bad.prerelease).toBe(true);
    expect(bad.body!.startsWith(BANNER_START)).toBe(true);
    expect(bad.body).toContain('checkout 500s');
    expect(bad.body).toContain('## What changed');
    expect(r.latest()).toBe('v1.0.0');
    expect(r.emu.state.refs.has('refs/tags/v1.1.0')).toBe(true); // never deletes a tag or a release
    expect(r.emu.state.releases).toHaveLength(4);

    // the program ran once, with the target tag in its own argument and in its environment
    const runs = (deps.runner as FakeRunner).runs;
    expect(runs).toHaveLength(1);
    expect(runs[0]!.argv).toEqual(['./deploy.sh', '--env', 'prod', '--rollback', '--to', 'v1.0.0']);
    expect(runs[0]!.env).toMatchObject({ RELEASE_OPS_TO_TAG: 'v1.0.0', RELEASE_OPS_FROM_TAG: 'v1.1.0' });

    // deployments: the bad one inactive (a manual dispatch), one for the target, success
    expect(r.deploymentsOf('v1.1.0')[0]!.statuses.map((x) => x.state)).toEqual(['success', 'inactive']);
    const target = r.deploymentsOf('v1.0.0');
    expect(target).toHaveLength(1);
    expect(target[0]!.statuses.map((x) => x.state)).toEqual(['in_progress', 'success']);

    // the incident: labels, the release runbook fields, final state, a comment per step
    expect(r.incidents()).toHaveLength(1);
    const issue = r.incidents()[0]!;
    expect(issue.labels.sort()).toEqual(['incident', 'severity:high']);
    expect(issue.body).toContain('all tenants: checkout broken');
    expect(issue.body).toContain('| Started by | manual rollback by octocat |');
    expect(parseState(issue.body)).toMatchObject({ from: 'v1.1.0', to: 'v1.0.0', phase: 'rolled-back' });
    expect(result.incidentUrl).toMatch(new RegExp(`/issues/${issue.number}$`));
    expect(stepComments(r).sort()).toEqual(
      [
        'notify done',
        'demote done',
        'banner done',
        'latest done',
        'deployment done',
        'target-deployment done',
        'program done',
        'verify done',
      ].sort(),
    );
    // the lock is gone; the verification read health through the analysis engine
    expect(r.refsUnder('refs/release-ops/')).toEqual([]);
    expect(deps.httpFake.requests.length).toBe(3);
    expect(result.timings.healthRestoredAt).toBeDefined();
  });

  it('a second run is a no-op with a clear message and no write', async () => {
    const r = await repo();
    await rollback(r, settingsFrom(CONFIG, { from: 'v1.1.0' }), { http: healthy });
    const before = r.writes().length;
    const again = await rollback(r, settingsFrom(CONFIG, { from: 'v1.1.0' }), { http: healthy });
    expect(again.result.result).toBe('nothing-to-do');
    expect(again.result.message).toMatch(
      /v1.1.0 is already rolled back: it is demoted and v1.0.0 is the latest release \(incident #\d+\)/,
    );
    expect(r.writes()).toHaveLength(before);
    expect((again.deps.runner as FakeRunner).runs).toHaveLength(0);
  });

  it('never cascades: without from, the restored release is not rolled back again; a watch that fires on it refuses', async () => {
    const r = await repo();
    await rollback(r, settingsFrom(CONFIG), { http: healthy });
    const before = r.writes().length;
    const manual = await rollback(r, settingsFrom(CONFIG), { http: healthy });
    expect(manual.result.result).toBe('nothing-to-do');
    expect(manual.result.message).toMatch(
      /v1.0.0 is live because v1.1.0 was rolled back to it \(incident #\d+, still open\)/,
    );
    const watch = await rollback(r, settingsFrom(CONFIG, { mode: 'watch' }), { http: broken });
    expect(watch.result.result).toBe('refused');
    expect(r.writes()).toHaveLength(before);
    expect(r.latest()).toBe('v1.0.0');
  });

  it('a failed verification ends rollback-failed, loudly, once: no retry, no cascade', async () => {
    const r = await repo();
    const { result, deps } = await rollback(r, settingsFrom(CONFIG, { from: 'v1.1.0' }), { http: broken });
    expect(result.result).toBe('rollback-failed');
    expect(result.message).toMatch(
      /^ROLLBACK FAILED: v1.0.0 was redeployed but its health did not verify \(health: error_rate_pct 100/,
    );
    expect((deps.runner as FakeRunner).runs).toHaveLength(1);
    expect(deps.httpFake.requests.length).toBe(2); // consecutive_failures 1: the 2nd failed measurement decides
    const issue = r.incidents()[0]!;
    expect(parseState(issue.body)?.phase).toBe('rollback-failed');
    expect(issue.title).toMatch(/^FAILED rollback of v1.1.0/);
    expect(issue.comments.some((c) => c.body.includes('release-ops:step notify-failed done'))).toBe(true);
    expect(r.deploymentsOf('v1.0.0')[0]!.statuses.map((x) => x.state)).toEqual(['in_progress', 'failure']);
    // an automatic run afterwards (no from) refuses instead of rolling v1.0.0 back to v0.9.0
    const auto = await rollback(r, settingsFrom(CONFIG), { http: broken });
    expect(auto.result.result).toBe('refused');
    expect(auto.result.message).toMatch(/that rollback failed/);
    expect((auto.deps.runner as FakeRunner).runs).toHaveLength(0);
    // a human naming the release retries the redeploy and verification
    const retry = await rollback(r, settingsFrom(CONFIG, { from: 'v1.1.0' }), { http: healthy });
    expect(retry.result.result).toBe('rolled-back');
    expect((retry.deps.runner as FakeRunner).runs).toHaveLength(1);
    expect(parseState(r.incidents()[0]!.body)?.phase).toBe('rolled-back');
    expect(r.incidents()).toHaveLength(1);
  });

  it('a failing program ends rollback-failed without verifying', async () => {
    const r = await repo();
    const { result, deps } = await rollback(r, settingsFrom(CONFIG, { from: 'v1.1.0' }), {
      http: healthy,
      runner: new FakeRunner(3),
    });
    expect(result.result).toBe('rollback-failed');
    expect(result.message).toMatch(/the rollback program exit code 3/);
    expect(deps.httpFake.requests).toHaveLength(0);
    expect(r.deploymentsOf('v1.0.0')[0]!.statuses.map((x) => x.state)).toEqual(['in_progress', 'failure']);
  });

  it('dry-run resolves the target and lists every write and program, changing nothing', async () => {
    const r = await repo();
    const s = settingsFrom(CONFIG, { dryRun: true, reason: 'bad', hotfix: true, strategy: 'both' }, {});
    s.webhookUrl = 'https://hooks.example/T000/B000/XXXX';
    const { result, deps } = await rollback(r, s, { http: healthy });
    expect(result.result).toBe('dry-run');
    expect(r.writes()).toEqual([]);
    expect((deps.runner as FakeRunner).runs).toEqual([]);
    expect(deps.httpFake.requests).toEqual([]);
    const plan = planOf(result);
    for (const line of [
      'LOCK create refs/release-ops/rollback/v1.1.0/lock-1',
      'INCIDENT open an issue "Rollback of v1.1.0 to v1.0.0 (severity high)" labelled incident, severity:high',
      'NOTIFY POST to the webhook (URL masked): "shop v1.1.0 rolled back by hand by octocat: bad. Rollback in progress to v1.0.0.',
      'RELEASE update v1.1.0 (id',
      'RELEASE update v1.0.0 (id',
      'DEPLOYMENT mark the latest deployment of v1.1.0 in production inactive',
      'PULL REQUEST open "Revert v1.1.0 (rolled back to v1.0.0)" from revert/v1.1.0',
      'DEPLOYMENT create a deployment of v1.0.0 in production (in_progress)',
      'RUN ./deploy.sh --env prod --rollback --to v1.0.0 (env RELEASE_OPS_TO_TAG=v1.0.0 RELEASE_OPS_FROM_TAG=v1.1.0',
      'VERIFY every 10s for 30s',
      'DEPLOYMENT v1.0.0: success when verified, failure otherwise',
      'BRANCH create hotfix/1.1.1 at v1.1.0',
      'INCIDENT update the mitigation state',
    ]) {
      expect(plan).toContain(line);
    }
    expect(plan).not.toContain('T000/B000');
    // the same steps as a run, in the same order
    expect(stepsOf(result).filter((x) => x.endsWith('planned'))).toEqual([
      'lock planned',
      'incident planned',
      'notify planned',
      'demote planned',
      'banner planned',
      'latest planned',
      'deployment planned',
      'revert planned',
      'target-deployment planned',
      'program planned',
      'verify planned',
      'target-status planned',
      'hotfix planned',
      'record planned',
    ]);
  });

  it('to: rc restores the validated RC as the operative reference (the release runbook)', async () => {
    const r = await repo();
    const { result, deps } = await rollback(r, settingsFrom(CONFIG, { from: 'v1.1.0', to: 'rc' }), {
      http: healthy,
    });
    expect(result).toMatchObject({ result: 'rolled-back', toTag: 'v1.1.0-rc1', targetKind: 'rc' });
    expect((deps.runner as FakeRunner).runs[0]!.argv.at(-1)).toBe('v1.1.0-rc1');
    expect(stepsOf(result)).toContain('latest skipped');
    expect(r.deploymentsOf('v1.1.0-rc1')).toHaveLength(1);
    expect(r.release('v1.1.0').prerelease).toBe(true);
  });

  it('converges when re-run after a crash at any GitHub request', async () => {
    const clean = await repo();
    await rollback(clean, settingsFrom(CONFIG, { from: 'v1.1.0' }), { http: healthy });
    const requests = [...clean.emu.requests];
    await closeRepos();
    for (let n = 0; n < requests.length; n++) {
      const r = await repo();
      r.emu.faults.add({ kind: 'crash', afterRequests: n });
      const first: unknown = await rollback(r, settingsFrom(CONFIG, { from: 'v1.1.0' }, { runId: '77' }), {
        http: healthy,
      }).catch((e: unknown) => e);
      expect({ n, crashed: r.emu.faults.crashed }).toEqual({ n, crashed: true });
      if (!(first instanceof Error)) {
        // only a crash while releasing the lock leaves a finished rollback standing (the re-run sweeps it)
        const recorded = requests.slice(0, n).some((q) => q.operationId === 'issues/update');
        const releasing =
          recorded && /^git\/(delete-ref|list-matching-refs)$/.test(requests[n]!.operationId ?? '');
        expect({ n, result: (first as { result: { result: string } }).result.result }).toEqual({
          n,
          result: releasing ? 'rolled-back' : 'rollback-failed',
        });
      }
      r.emu.faults.clear();
      const again = await rollback(r, settingsFrom(CONFIG, { from: 'v1.1.0' }, { runId: '77' }), {
        http: healthy,
      });
      expect({ n, result: again.result.result }).toEqual({
        n,
        result: expect.stringMatching(/^(rolled-back|nothing-to-do)$/),
      });
      // one converged state whatever the crash point
      expect({ n, bad: r.release('v1.1.0').prerelease, latest: r.latest() }).toEqual({
        n,
        bad: true,
        latest: 'v1.0.0',
      });
      expect(r.release('v1.1.0').body!.split(BANNER_START).length).toBe(2);
      expect(r.incidents()).toHaveLength(1);
      expect(parseState(r.incidents()[0]!.body)?.phase).toBe('rolled-back');
      const targets = r.deploymentsOf('v1.0.0');
      expect({ n, deployments: targets.length, last: targets[0]?.statuses.at(-1)?.state }).toEqual({
        n,
        deployments: 1,
        last: 'success',
      });
      const markers = stepComments(r);
      expect({ n, duplicates: markers.filter((m, i) => markers.indexOf(m) !== i) }).toEqual({
        n,
        duplicates: [],
      });
      expect({ n, refs: r.refsUnder('refs/release-ops/') }).toEqual({ n, refs: [] });
      await closeRepos();
    }
  }, 300_000);

  it('watch mode: no write while healthy; on a trigger, rolls back with the decision as the reason', async () => {
    const r = await repo();
    const quiet = await rollback(r, settingsFrom(CONFIG, { mode: 'watch', hypercareWindow: '4h' }), {
      http: healthy,
    });
    expect(quiet.result).toMatchObject({ result: 'healthy', hypercareWindow: '4h' });
    expect(r.writes()).toEqual([]);
    expect(quiet.deps.httpFake.requests).toHaveLength(12); // 2m / 10s

    let n = 0;
    const clock = new FakeClock();
    // healthy for 3 probes, then down: the 3rd consecutive failure (consecutive_failures 2) fires
    const fired = await rollback(r, settingsFrom(CONFIG, { mode: 'watch' }), {
      clock,
      http: (url) => (url.includes('svc.test') && ++n > 3 && n <= 6 ? { status: 503 } : { status: 200 }),
    });
    expect(fired.result.result).toBe('rolled-back');
    expect(fired.result.reason).toBe(
      'health: error_rate_pct 100 != 0 on 3 consecutive measurements (limit 2)',
    );
    expect(r.deploymentsOf('v1.1.0')[0]!.statuses.map((x) => x.state)).toEqual(['success', 'failure']);
    expect(r.incidents()[0]!.comments[0]!.body).toContain('release-ops:step trigger done');
    expect(fired.result.timings.triggeredAt).toBe(new Date(Date.UTC(2026, 0, 5, 10, 1, 0)).toISOString());
  });

  it("watch mode: the release and incident flow's triggers — error rate > 5 % sustained 2 minutes, latency +50 % over the watch's baseline", async () => {
    const yaml = `rollback:
  watch:
    interval: 30s
    window: 10m
    metrics:
      - { name: errors, provider: json, url: "http://svc.test/metrics.json", conditions: ["error_rate_pct <= 5"], sustained_for: 2m }
      - { name: latency, provider: json, url: "http://svc.test/latency.json", conditions: ["p95_ms <= baseline * 1.5"], consecutive_failures: 2 }
`;
    const json = (v: object) => ({ status: 200, body: JSON.stringify(v) });
    // errors: one 9 % blip at the 2nd reading (no trigger), then 7 % from the 6th reading on; the
    // trigger fires at the 10th (2 minutes of 7 %), and the program-less rollback "restores" health:
    // the verification's readings after it are 0 %
    let e = 0;
    const r1 = await repo();
    const sustained = await rollback(r1, settingsFrom(yaml, { mode: 'watch' }), {
      http: (url) =>
        url.endsWith('metrics.json')
          ? json({ error_rate_pct: ++e > 10 ? 0 : e === 2 ? 9 : e >= 6 ? 7 : 1 })
          : json({ p95_ms: 100 }),
    });
    expect(sustained.result.result).toBe('rolled-back');
    expect(sustained.result.reason).toMatch(
      /^errors: error_rate_pct 7 > 5 sustained for 2m over 5 measurements \(limit 2m\)$/,
    );
    expect((sustained.result.watch as { ticks: number }).ticks).toBe(10);

    // latency: baseline 100 ms read when the watch starts; 160 ms three times in a row (the 6th to the
    // 8th reading) fires; the verification's readings after it are 100 ms again
    let l = 0;
    const r2 = await repo();
    const slow = await rollback(r2, settingsFrom(yaml, { mode: 'watch' }), {
      http: (url) =>
        url.endsWith('metrics.json')
          ? json({ error_rate_pct: 0 })
          : json({ p95_ms: ++l > 5 && l <= 8 ? 160 : 100 }),
    });
    expect(slow.result.result).toBe('rolled-back');
    expect(slow.result.reason).toMatch(
      /^latency: p95_ms 160 > 150 .*on 3 consecutive measurements \(limit 2\)$/,
    );
  });

  it('a cancelled job stops, marks the target deployment error, and leaves the incident "in progress" for a re-run', async () => {
    const r = await repo();
    const ctl = new AbortController();
    const runner = new FakeRunner();
    const orig = runner.run.bind(runner);
    runner.run = async (spec) => {
      const res = await orig(spec);
      ctl.abort(); // SIGTERM arrives while the program finishes
      return res;
    };
    const { result } = await rollback(r, settingsFrom(CONFIG, { from: 'v1.1.0' }), {
      http: healthy,
      runner,
      signal: ctl.signal,
    });
    expect(result.result).toBe('rollback-failed');
    expect(result.message).toMatch(
      /^cancelled during the rollback of v1.1.0 to v1.0.0; the incident stays "in progress"/,
    );
    expect(r.deploymentsOf('v1.0.0')[0]!.statuses.map((x) => x.state)).toEqual(['in_progress', 'error']);
    expect(parseState(r.incidents()[0]!.body)?.phase).toBe('in-progress');
    // the next run (no from) resumes it
    const next = await rollback(r, settingsFrom(CONFIG), { http: healthy });
    expect(next.result).toMatchObject({ result: 'rolled-back', fromTag: 'v1.1.0', toTag: 'v1.0.0' });
    expect(parseState(r.incidents()[0]!.body)?.phase).toBe('rolled-back');
  });

  it('without a token: program and verification only, both tags named', async () => {
    const s = settingsFrom(CONFIG, { from: 'v1.1.0', to: 'v1.0.0' });
    const deps = fakeDeps(null, { http: healthy });
    const res = await runRollback(deps, s);
    expect(res.result).toBe('rolled-back');
    expect(stepsOf(res)).toEqual(['github skipped', 'program done', 'verify done']);
    await expect(runRollback(fakeDeps(null), settingsFrom(CONFIG, { from: 'v1.1.0' }))).rejects.toThrow(
      ConfigError,
    );
  });

  it("hypercare-window auto: counted from the build's first deployment in the environment, past 24 h", async () => {
    const h = 3_600_000;
    // v1.1.0 went live on Jan 2, 09:00; it was published again (notes edited, re-released) on Jan 5, 08:00
    const clock = new FakeClock(Date.UTC(2026, 0, 2, 9, 0, 0));
    const r = await productionRepo({ now: () => new Date(clock.now()) });
    clock.advance(30 * h);
    const again = await r.gh.createDeployment({
      ref: 'v1.1.0',
      environment: 'production',
      requiredContexts: [],
    });
    await r.gh.createDeploymentStatus(again.id, { state: 'success' });
    clock.advance(43 * h); // T+73h
    r.emu.resetRequests();
    const quiet = await rollback(r, settingsFrom(CONFIG, { mode: 'watch', hypercareWindow: 'auto' }), {
      clock,
      http: healthy,
    });
    expect(quiet.result).toMatchObject({
      result: 'healthy',
      hypercareWindow: '72h',
      deployedSince: '2026-01-02T09:00:00.000Z',
    });
    expect(r.writes()).toEqual([]);
    clock.advance(24 * h);
    const late = await rollback(r, settingsFrom(CONFIG, { mode: 'watch', hypercareWindow: 'auto' }), {
      clock,
      http: healthy,
    });
    expect(late.result.hypercareWindow).toBe('after hypercare');
  });

  it("watch mode: the severity matrix gives the trigger's severity to the incident; input severity overrides it", async () => {
    const matrix = CONFIG.replace('    window: 2m\n', '    window: 2m\n    severity: { health: critical }\n');
    // health answers 503 until the rollback program has redeployed
    const down = (runner: FakeRunner) => (url: string) =>
      url.includes('svc.test') && runner.runs.length === 0 ? { status: 503 } : { status: 200 };
    const r = await repo();
    const runner = new FakeRunner();
    const fired = await rollback(r, settingsFrom(matrix, { mode: 'watch' }, { eventName: 'schedule' }), {
      runner,
      http: down(runner),
    });
    expect(fired.result).toMatchObject({
      result: 'rolled-back',
      severity: 'critical',
      severitySource: { kind: 'trigger', trigger: 'health' },
    });
    const issue = r.incidents()[0]!;
    expect(issue.labels).toContain('severity:critical');
    expect(issue.title).toBe('Rollback of v1.1.0 to v1.0.0 (severity critical)');
    expect(issue.body).toContain('| Started by | the hypercare watch (trigger health) |');
    // the same trigger with input severity: the person's choice wins
    const r2 = await repo();
    const runner2 = new FakeRunner();
    const chosen = await rollback(r2, settingsFrom(matrix, { mode: 'watch', severity: 'medium' }), {
      runner: runner2,
      http: down(runner2),
    });
    expect(chosen.result).toMatchObject({ severity: 'medium', severitySource: { kind: 'input' } });
    expect(r2.incidents()[0]!.labels).toContain('severity:medium');
  });

  it('evidence: the shared envelope, snake_case, with the journal of every step (a run and a dry run)', async () => {
    const r = await repo();
    const s = settingsFrom(CONFIG, { from: 'v1.1.0', reason: 'checkout 500s' });
    const { result } = await rollback(r, s, { http: healthy });
    const run = { actor: 'octocat', url: s.run.url!, id: '1001', repository: 'acme/shop' };
    const ev = rollbackEvidence(s, result, run);
    expect(evidenceProblems(ev)).toEqual([]);
    expect(ev).toMatchObject({
      command: 'rollback',
      result: 'rolled-back',
      run: { actor: 'octocat', dry_run: false },
      build: { tag: 'v1.1.0', sha: await r.gh.resolveTagCommit('v1.1.0') },
      details: { from_tag: 'v1.1.0', to_tag: 'v1.0.0', reason: 'checkout 500s' },
    });
    expect(ev.journal.map((e) => e.name)).toEqual(
      expect.arrayContaining([
        'resolve',
        'lock',
        'roll-back',
        'incident',
        'notify',
        'program',
        'verify',
        'record',
      ]),
    );
    const dry = await rollback(await repo(), settingsFrom(CONFIG, { dryRun: true }), { http: healthy });
    const dryEv = rollbackEvidence(settingsFrom(CONFIG, { dryRun: true }), dry.result, run);
    expect(evidenceProblems(dryEv)).toEqual([]);
    expect(dryEv.run.dry_run).toBe(true);
  });

  it('a GitHub record that breaks off does not stop the recovery, and the message names the step', async () => {
    const r = await repo();
    r.emu.faults.add({ method: 'POST', path: /\/issues$/, kind: 'status', status: 403 });
    const { result, deps } = await rollback(r, settingsFrom(CONFIG, { from: 'v1.1.0' }), { http: healthy });
    expect(result.result).toBe('rollback-failed');
    expect(result.message).toMatch(
      /^rolled back v1.1.0 to v1.0.0; health verified \(3 measurements\); but the GitHub record stopped at step incident: .*issues: write/,
    );
    expect((deps.runner as FakeRunner).runs).toHaveLength(1);
    expect(r.deploymentsOf('v1.0.0')[0]!.statuses.map((x) => x.state)).toEqual(['in_progress', 'success']);
    expect(r.refsUnder('refs/release-ops/')).toEqual([]);
  });
});
