/**
 * This repository's workflows (.github/workflows/), run by nektos/act against the GitHub emulator, as
 * one release story: each run starts from what the runs before it left in the emulator.
 *
 *   pr-readiness  pull_request: the readiness-gate check run on the head commit, passing and failing
 *   go-live       workflow_dispatch: gate → canary → promote (v1.1.0); then a canary that fails at
 *                 25 % (v1.2.0-rc1), where the rollback job runs because of its `if:`
 *   hypercare     schedule: v1.1.0 was published this hour, so the plan starts the watch
 *   rollback      workflow_dispatch with a choice input: v1.1.0 → v1.0.0, the floating tag moved back
 *   hotfix        workflow_dispatch: hotfix/1.0.1 from the production tag
 *   release       push of an RC tag: the prerelease, then the go-live composite ships it
 *   check-dist    push: dist/ rebuilt and compared with the commit
 *   ci            listed only: it runs .ci/run, which runs this suite
 *
 * Only one of these runs at a time: the workflows start their drill service on 127.0.0.1:8080.
 */
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { listJobs, type ActRun } from './harness.js';
import { publishRc, startRepoWorld, testConfig, TOKEN, type RepoWorld } from './repo-world.js';

let world: RepoWorld;
const RUN = 600_000;
let last: ActRun | undefined;

/** One scene of the story; when it fails, the error ends with act's log of the scene's last run. */
function scene(title: string, fn: () => Promise<void>): void {
  it(
    title,
    async () => {
      last = undefined;
      try {
        await fn();
      } catch (error) {
        const run = last as ActRun | undefined;
        if (run && error instanceof Error) error.message += `\n\nact's log of the last run:\n${run.text}`;
        throw error;
      }
    },
    RUN,
  );
}
const act = async (...args: Parameters<RepoWorld['act']>): Promise<ActRun> =>
  (last = await world.act(...args));

beforeAll(async () => {
  world = await startRepoWorld();
}, 120_000);
afterAll(async () => {
  await world?.close();
});

const checkRuns = (sha: string, name = 'readiness-gate') =>
  world.emu.state.checkRuns.filter((c) => c.head_sha === sha && c.name === name);
const artifacts = (name: string) => {
  const dir = path.join(world.scratch, 'artifacts', name);
  return existsSync(dir) ? readdirSync(dir) : [];
};
/** workflow_dispatch inputs as GitHub's event payload carries them: strings. */
const dispatch = (inputs: Record<string, string>) => ({ inputs });
/** act's log when a run did not end as expected: the first thing a reader of a failure needs. */
function expectJobs(run: ActRun, jobs: Record<string, string>): void {
  if (!Object.entries(jobs).every(([j, r]) => run.jobs[j] === r))
    throw new Error(`jobs ${JSON.stringify(run.jobs)}, expected ${JSON.stringify(jobs)}\n\n${run.text}`);
}
const noToken = (run: ActRun) =>
  expect(
    run.entries
      .filter((e) => e.level !== 'debug' && e.command !== 'add-mask')
      .some((e) => e.msg.includes(TOKEN) || (e.arg ?? '').includes(TOKEN)),
  ).toBe(false);

describe('pr-readiness.yml (pull_request)', () => {
  const pullRequest = (number: number, head: string, branch: string) => ({
    number,
    pull_request: {
      number,
      head: { sha: head, ref: branch },
      base: { sha: world.sha.get('v1.0.0'), ref: 'main' },
    },
  });

  scene('reports the readiness-gate check run on the head commit: success, evidence uploaded', async () => {
    const head = world.commit('feature/gift-cards', 'feat: gift cards', { from: 'main' });
    world.checkout('feature/gift-cards');
    const run = await act('pr-readiness', 'pull_request', pullRequest(7, head, 'feature/gift-cards'));
    expectJobs(run, { gate: 'success' });
    expect(run.code).toBe(0);
    expect(checkRuns(head).map((c) => [c.status, c.conclusion])).toEqual([['completed', 'success']]);
    expect(run.outputs('gate', 'gate')).toMatchObject({ result: 'PASS', failed: '', sha: head });
    expect(run.summary('gate')).toContain('**Go-live checklist result: PASS**');
    expect(artifacts('readiness-evidence')).toEqual([expect.stringMatching(/^gate_report_\w+\.json$/)]);
    noToken(run);
  });

  scene('fails the check run when CI is red on the head commit, and the job with it', async () => {
    const head = world.commit('feature/saved-carts', 'feat: saved carts', { from: 'main' });
    world.emu.seed.checkRun(head, { name: 'ci', conclusion: 'failure' });
    world.checkout('feature/saved-carts');
    const run = await act('pr-readiness', 'pull_request', pullRequest(8, head, 'feature/saved-carts'));
    expectJobs(run, { gate: 'failure' });
    expect(run.code).not.toBe(0);
    expect(run.steps('gate')).toMatchObject({ gate: 'failure' });
    const [check] = checkRuns(head);
    expect(check).toMatchObject({ status: 'completed', conclusion: 'failure' });
    expect(run.outputs('gate', 'gate')).toMatchObject({ result: 'FAIL', failed: 'ci-green' });
    expect(run.summary('gate')).toContain('**Go-live checklist result: FAIL**');
    // the evidence is uploaded on failure too (`if: always()`)
    expect(artifacts('readiness-evidence').length).toBeGreaterThan(0);
  });
});

describe('go-live.yml (workflow_dispatch)', () => {
  scene('gate → canary → promote: v1.1.0-rc1 becomes v1.1.0; the rollback job is skipped', async () => {
    const rc = world.commit('main', 'feat: gift cards');
    world.tag('v1.1.0-rc1', rc);
    publishRc(world, 'v1.1.0-rc1', 'feat: gift cards');
    world.checkout('main');
    const before = world.webhook.messages.length;
    const run = await act(
      'go-live',
      'workflow_dispatch',
      dispatch({ 'rc-tag': 'v1.1.0-rc1', 'previous-tag': '', environment: 'drill', promote: 'true' }),
    );
    expectJobs(run, { gate: 'success', canary: 'success', promote: 'success', rollback: 'skipped' });
    expect(run.code).toBe(0);
    // the gate checked out the RC and reported on its commit
    expect(run.outputs('gate', 'rc')).toEqual({ sha: rc });
    expect(run.outputs('gate', 'gate')).toMatchObject({ result: 'PASS', sha: rc });
    expect(checkRuns(rc).map((c) => c.conclusion)).toEqual(['success']);
    // the canary resolved the previous release once, and rolled out
    expect(run.outputs('canary', 'previous')).toEqual({ tag: 'v1.0.0' });
    const canary = run.outputs('canary', 'canary');
    expect(canary).toMatchObject({ result: 'promoted', 'failed-step': '' });
    const deployment = world.emu.state.deployments.find((d) => String(d.id) === canary['deployment-id']);
    expect(deployment).toMatchObject({ environment: 'drill' });
    expect(['v1.1.0-rc1', rc]).toContain(deployment!.ref);
    expect(deployment!.statuses.at(-1)?.state).toBe('success');
    // promote: the GA release, the floating tags, and the job's own summary line
    expect(run.outputs('promote', 'promote')).toMatchObject({ 'ga-tag': 'v1.1.0', changed: 'true' });
    expect(world.emu.latestRelease()).toMatchObject({ tag_name: 'v1.1.0', prerelease: false });
    expect(world.emu.state.refs.get('refs/tags/v1')).toBe(rc);
    expect(run.summary('promote')).toMatch(
      /GA v1\.1\.0 at http:\/\/127\.0\.0\.1:\d+\/acme\/release-ops\/releases\/tag\/v1\.1\.0/,
    );
    expect(artifacts('gate-evidence')).toEqual([expect.stringMatching(/^gate_report_/)]);
    expect(world.webhook.messages.length).toBeGreaterThan(before);
    noToken(run);
  });

  scene(
    'a canary that fails at 25 %: promote is skipped and the rollback job runs because of its if:',
    async () => {
      // v1.2.0-rc1's build: 40 % of requests fail once it takes 25 % of the traffic
      const source = readFileSync(path.join(world.ws, '.github/release-ops.yml'), 'utf8');
      const rc = world.commit('rc/1.2', 'fix: connection pool', {
        from: 'main',
        config: testConfig(source.replace(/^#.*\n/, ''), { faultAt25: true }),
      });
      world.tag('v1.2.0-rc1', rc);
      publishRc(world, 'v1.2.0-rc1', 'fix: connection pool');
      world.checkout('main');
      const run = await act(
        'go-live',
        'workflow_dispatch',
        dispatch({ 'rc-tag': 'v1.2.0-rc1', 'previous-tag': '', environment: 'drill', promote: 'true' }),
      );
      expectJobs(run, { gate: 'success', canary: 'failure', promote: 'skipped', rollback: 'success' });
      expect(run.code).not.toBe(0);
      const canary = run.outputs('canary', 'canary');
      expect(canary).toMatchObject({ result: 'rolled-back', 'failed-step': '2' });
      expect(canary.reason).toMatch(/^step 2 \(25%\) analysis failed: /);
      // the rollback job got the failed job's outputs: what to roll back, to what, and why
      const rollback = run.outputs('rollback', 'rollback');
      expect(rollback).toMatchObject({ 'from-tag': 'v1.2.0-rc1', 'to-tag': 'v1.1.0' });
      expect(rollback.result).toMatch(/^(rolled-back|nothing-to-do)$/);
      expect(run.summary('rollback')).toContain(`rollback of v1.2.0-rc1 to v1.1.0 - ${rollback.result}`);
      expect(rollback.reason).toContain('go-live of v1.2.0-rc1 failed in run');
      expect(rollback.reason).toContain(`canary rolled-back ${canary.reason}`);
      // never beyond the canary: v1.1.0 stays the latest release, no v1.2.0
      expect(world.emu.latestRelease()?.tag_name).toBe('v1.1.0');
      expect(world.emu.state.releases.find((r) => r.tag_name === 'v1.2.0')).toBeUndefined();
      // `to` was handed over (needs.canary.outputs.previous-tag), not defaulted: the evidence says so
      const evidence = artifacts('rollback-evidence').filter((f) => f.startsWith('rollback_report_'));
      expect(evidence).toHaveLength(1);
      const report = readFileSync(
        path.join(world.scratch, 'artifacts/rollback-evidence', evidence[0]!),
        'utf8',
      );
      expect(report).toMatch(/"target_kind": ?"explicit"/);
    },
  );
});

describe('hypercare.yml (schedule)', () => {
  scene(
    'v1.1.0 was published this hour: the plan sets window 0h and the watch finds it healthy',
    async () => {
      world.checkout('main');
      const run = await act('hypercare', 'schedule', { schedule: '5 * * * *' });
      expectJobs(run, { plan: 'success', watch: 'success' });
      expect(run.outputs('plan', 'plan')).toEqual({ tag: 'v1.1.0', window: '0h' });
      expect(run.summary('plan')).toMatch(/Latest release v1\.1\.0, published .* \(0 h ago\): 0h/);
      expect(run.outputs('watch', 'watch')).toMatchObject({ result: 'healthy', 'rolled-back': 'false' });
      // the floating-tag step is skipped: nothing was rolled back
      expect(Object.values(run.steps('watch'))).not.toContain('failure');
      expect(world.emu.latestRelease()?.tag_name).toBe('v1.1.0');
    },
  );
});

describe('rollback.yml (workflow_dispatch, choice input)', () => {
  scene('rolls v1.1.0 back to v1.0.0 with severity critical, and moves v1 back on origin', async () => {
    world.checkout('main');
    const issuesBefore = world.emu.state.issues.length;
    const run = await act(
      'rollback',
      'workflow_dispatch',
      dispatch({
        to: '',
        // named: v1.1.0 is live because the failed canary of v1.2.0-rc1 was rolled back to it, and
        // with `from` empty auto-rollback does not roll back a restored release on its own
        from: 'v1.1.0',
        reason: 'checkout errors after v1.1.0',
        severity: 'critical',
        environment: 'drill',
        hotfix: 'false',
        'dry-run': 'false',
      }),
    );
    expectJobs(run, { rollback: 'success' });
    expect(run.outputs('rollback', 'live')).toEqual({ tag: 'v1.1.0' });
    const out = run.outputs('rollback', 'rollback');
    expect(out).toMatchObject({
      result: 'rolled-back',
      'rolled-back': 'true',
      'from-tag': 'v1.1.0',
      'to-tag': 'v1.0.0',
    });
    expect(world.emu.latestRelease()?.tag_name).toBe('v1.0.0');
    const incident = world.emu.state.issues
      .slice(issuesBefore)
      .find((i) => out['incident-url']?.endsWith(`/${i.number}`));
    expect(incident?.body).toContain('checkout errors after v1.1.0');
    expect(JSON.stringify(incident)).toMatch(/critical/);
    // the workflow's own step: `git push --force origin refs/tags/v1.0.0~0:refs/tags/v1`
    expect(run.summary('rollback')).toContain('v1 now points at v1.0.0');
    expect(world.originRef('refs/tags/v1')).toBe(world.sha.get('v1.0.0'));
  });
});

describe('hotfix.yml (workflow_dispatch)', () => {
  scene('creates hotfix/1.0.1 at the production tag and lists the next steps', async () => {
    world.checkout('main');
    const run = await act('hotfix', 'workflow_dispatch', dispatch({ from: '', severity: 'high' }));
    expectJobs(run, { branch: 'success', gate: 'skipped' });
    expect(run.outputs('branch', 'hotfix')).toMatchObject({
      'hotfix-branch': 'hotfix/1.0.1',
      'hotfix-version': '1.0.1',
    });
    expect(world.emu.state.refs.get('refs/heads/hotfix/1.0.1')).toBe(world.sha.get('v1.0.0'));
    expect(run.summary('branch')).toContain('### Hotfix 1.0.1 (severity high)');
    expect(run.summary('branch')).toContain('Tag `v1.0.1-rc1` on the branch');
  });
});

describe('release.yml (push of an RC tag)', () => {
  scene('publishes the prerelease, then ships it with the go-live composite: v1.3.0 and v1', async () => {
    const rc = world.commit('main', 'feat: wish lists');
    world.tag('v1.3.0-rc1', rc);
    world.emu.seed.tag('v1.3.0-rc1', rc); // the pushed tag, as GitHub has it
    world.checkout('main');
    const run = await act('release', 'push', {
      ref: 'refs/tags/v1.3.0-rc1',
      after: rc,
      repository: { full_name: 'acme/release-ops', name: 'release-ops', owner: { login: 'acme' } },
    });
    expectJobs(run, { prerelease: 'success', ship: 'success' });
    const pre = world.emu.state.releases.find((r) => r.tag_name === 'v1.3.0-rc1');
    expect(pre).toMatchObject({ prerelease: true, name: 'v1.3.0-rc1' });
    // the composite ran gate → canary → promote from ./actions/go-live
    expect(run.summary('ship')).toContain('## go-live of v1.3.0-rc1: live');
    expect(world.emu.latestRelease()).toMatchObject({ tag_name: 'v1.3.0' });
    expect(world.emu.state.refs.get('refs/tags/v1')).toBe(rc);
    expect(checkRuns(rc).map((c) => c.conclusion)).toEqual(['success']);
    noToken(run);
  });
});

describe('check-dist.yml (push)', () => {
  scene('rebuilds dist/, finds it equal to the commit, and skips the upload of a stale one', async () => {
    world.checkout('main');
    const run = await act('check-dist', 'push', { ref: 'refs/heads/main' });
    expectJobs(run, { 'check-dist': 'success' });
    expect(run.steps('check-dist')).toMatchObject({ diff: 'success', '5': 'skipped' });
  });
});

describe('ci.yml', () => {
  // It runs .ci/run, which runs this suite: act lists its job and runs nothing. (`act -n` is no
  // help: in host mode a dry run still runs the steps.)
  it('is a workflow act reads, with its one job', () => {
    expect(listJobs(world.ws, '.github/workflows/ci.yml', world.tools)).toEqual(['test']);
  });
});
