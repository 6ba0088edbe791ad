/**
 * actions/go-live, run as the runner runs a composite action (see ./composite.ts), from a workspace
 * that is NOT this repository — as for an outside caller, whose workspace has no actions/ folder —
 * against the GitHub emulator and the sample service:
 *   - a passing go-live: gate → canary → promote, the rollback step skipped;
 *   - a canary that breaks at 25 %: promote skipped, the rollback step runs with the canary's outputs;
 *   - a gate that fails: nothing deployed, nothing rolled back.
 */
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { REPO_ROOT } from '../../support/demo/runner.js';
import {
  createWorkspace,
  demoConfig,
  FAKE_TOKEN,
  OWNER,
  REPO,
  startWorld,
  type World,
} from '../../support/demo/world.js';
import { readAction, runComposite, type CompositeRun } from './composite.js';

const ACTION = path.join(REPO_ROOT, 'actions/go-live');
let world: World;
let ws: string;

beforeAll(async () => {
  world = await startWorld();
  ws = mkdtempSync(path.join(os.tmpdir(), 'ro-golive-caller-'));
  createWorkspace(ws, demoConfig(world.service.url));
});
afterAll(async () => {
  await world?.close();
  if (ws) rmSync(ws, { recursive: true, force: true });
});

let run = 0;
function goLive(tag: string, extra: Record<string, string> = {}): Promise<CompositeRun> {
  const sha = world.commits.get(tag)!;
  run += 1;
  return runComposite(ACTION, {
    inputs: { tag, sha, 'webhook-url': world.webhook.url, 'artifacts-dir': 'artifacts/go-live', ...extra },
    token: FAKE_TOKEN,
    cwd: ws,
    env: {
      GITHUB_API_URL: world.emu.url,
      GITHUB_SERVER_URL: world.emu.url,
      GITHUB_REPOSITORY: `${OWNER}/${REPO}`,
      GITHUB_RUN_ID: String(700 + run),
      GITHUB_EVENT_NAME: 'workflow_dispatch',
      GITHUB_ACTOR: 'release-captain',
      GITHUB_JOB: 'go-live',
      GITHUB_SHA: sha,
      RELEASE_OPS_GITHUB_WAIT_BASE_MS: '5',
    },
  });
}

const outcomes = (r: CompositeRun) => Object.fromEntries(r.steps.map((s) => [s.id, s.outcome]));

describe('actions/go-live metadata', () => {
  const action = readAction(ACTION);

  it('is a composite whose steps run the sibling bundles by action_path, never `uses: ./…`', () => {
    expect(action.runs.using).toBe('composite');
    for (const step of action.runs.steps) {
      expect(step).not.toHaveProperty('uses');
      expect(step.shell).toBe('bash');
      // inputs reach a script only through env:, never pasted into it
      expect(step.run).not.toMatch(/\$\{\{\s*(inputs|steps)\./);
    }
    const bundles = action.runs.steps
      .map((s) =>
        /node "\$\{\{ github\.action_path \}\}\/\.\.\/\.\.\/dist\/([a-z-]+)\/index\.js"/.exec(s.run ?? ''),
      )
      .filter((m): m is RegExpExecArray => m !== null)
      .map((m) => m[1]);
    expect(bundles).toEqual(['readiness-gate', 'canary-promote', 'rc-to-ga', 'auto-rollback']);
    for (const b of bundles) expect(existsSync(path.join(ACTION, '../../dist', b!, 'index.js'))).toBe(true);
  });

  it('hands each sibling only inputs it declares, and every input it requires', () => {
    for (const step of action.runs.steps) {
      const m = /dist\/([a-z-]+)\/index\.js/.exec(step.run ?? '');
      if (!m) continue;
      const sibling = readAction(path.join(REPO_ROOT, 'actions', m[1]!));
      const passed = Object.keys(step.env ?? {})
        .filter((k) => k.startsWith('INPUT_'))
        .map((k) => k.slice('INPUT_'.length).toLowerCase());
      const declared = Object.keys(sibling.inputs);
      expect({ step: step.id, unknown: passed.filter((p) => !declared.includes(p)) }).toEqual({
        step: step.id,
        unknown: [],
      });
      // every input is set explicitly: an unset INPUT_* would not get the sibling's default either
      expect({ step: step.id, missing: declared.filter((d) => !passed.includes(d)) }).toEqual({
        step: step.id,
        missing: [],
      });
    }
  });
});

describe('actions/go-live run as the runner would, from an outside workspace', () => {
  it('ships v1.1.0-rc1: gate PASS → canary promoted → v1.1.0 GA; no rollback', async () => {
    expect(existsSync(path.join(ws, 'actions'))).toBe(false);
    const r = await goLive('v1.1.0-rc1');
    expect(outcomes(r)).toEqual({
      gate: 'success',
      canary: 'success',
      promote: 'success',
      rollback: 'skipped',
      outcome: 'success',
    });
    expect(r.failed).toBe(false);
    // what each step was handed
    expect(r.step('gate').env).toMatchObject({
      INPUT_SHA: world.commits.get('v1.1.0-rc1'),
      'INPUT_GITHUB-TOKEN': FAKE_TOKEN, // the default ${{ github.token }}
      'INPUT_CHECK-NAME': 'readiness-gate',
      INPUT_CONFIG: '.github/release-ops.yml',
    });
    expect(r.step('canary').env).toMatchObject({
      INPUT_TAG: 'v1.1.0-rc1',
      'INPUT_ARTIFACTS-DIR': 'artifacts/go-live',
    });
    expect(r.step('promote').env).toMatchObject({ 'INPUT_RC-TAG': 'v1.1.0-rc1' });
    expect(r.step('outcome').env).toMatchObject({
      GATE_RESULT: 'PASS',
      CANARY_RESULT: 'promoted',
      PROMOTE_OUTCOME: 'success',
      GA_TAG: 'v1.1.0',
      ROLLBACK_RESULT: '',
    });
    // the composite's outputs, taken from the steps
    expect(r.outputs).toMatchObject({
      result: 'live',
      'gate-result': 'PASS',
      'gate-failed': '',
      'canary-result': 'promoted',
      'failed-step': '',
      'ga-tag': 'v1.1.0',
      'rollback-result': '',
      'incident-url': '',
    });
    expect(r.outputs['deployment-id']).toBe(r.step('canary').outputs['deployment-id']);
    expect(r.outputs['release-url']).toMatch(/\/acme\/shop\/releases\/tag\/v1\.1\.0$/);
    const reports = r.outputs['report-paths']!.split('\n');
    expect(reports).toHaveLength(2);
    expect(reports.map((p) => path.basename(p))).toEqual([
      expect.stringMatching(/^gate_report_\w+\.json$/),
      expect.stringMatching(/^canary_report_\w+\.json$/),
    ]);
    for (const p of reports) expect(existsSync(path.resolve(ws, p))).toBe(true);
    expect(r.step('outcome').summary).toContain('## go-live of v1.1.0-rc1: live');
    // and the world agrees
    expect(world.emu.latestRelease()?.tag_name).toBe('v1.1.0');
    expect(world.service.version).toBe('v1.1.0-rc1');
    const checkRun = world.emu.state.checkRuns.find((c) => c.name === 'readiness-gate');
    expect(checkRun?.conclusion).toBe('success');
    // the token went in through env and came out nowhere
    const shown = r.steps
      .map((s) => [
        s.summary,
        s.stderr,
        s.stdout.replace(/^::add-mask::.*$/gm, ''),
        JSON.stringify(s.outputs),
      ])
      .flat()
      .join('\n');
    expect(shown).not.toContain(FAKE_TOKEN);
  }, 60_000);

  it('a canary that breaks at 25 %: promote skipped, the rollback step runs with the canary outputs', async () => {
    world.cutRc('v1.3.0-rc1', 'fix: close database connections');
    const r = await goLive('v1.3.0-rc1', { severity: 'critical' });
    expect(outcomes(r)).toEqual({
      gate: 'success',
      canary: 'failure',
      promote: 'skipped',
      rollback: 'success',
      outcome: 'success',
    });
    expect(r.failed).toBe(true); // the caller's step fails: the go-live did not happen
    const canary = r.step('canary').outputs;
    expect(canary).toMatchObject({ result: 'rolled-back', 'failed-step': '2' });
    expect(canary.reason).toMatch(/^step 2 \(25%\) analysis failed: /);
    // the rollback step got the canary's outputs and the composite's inputs
    const rollback = r.step('rollback');
    expect(rollback.env).toMatchObject({
      INPUT_FROM: 'v1.3.0-rc1',
      INPUT_MODE: 'rollback',
      INPUT_SEVERITY: 'critical',
      INPUT_REASON: `go-live of v1.3.0-rc1 failed: canary rolled-back at step 2: ${canary.reason}`,
    });
    expect(rollback.outputs['from-tag']).toBe('v1.3.0-rc1');
    expect(rollback.outputs['to-tag']).toBe('v1.1.0');
    // The canary already rolled back and verified: auto-rollback finds production back on v1.1.0 (the
    // RC never became a release users were sent to) and reports it; should it act (a redeploy and an
    // incident), its outputs say so.
    expect(rollback.outputs.result).toMatch(/^(rolled-back|nothing-to-do)$/);
    if (rollback.outputs.result === 'rolled-back')
      expect(rollback.outputs['incident-url']).toMatch(/\/issues\/\d+$/);
    expect(r.outputs).toMatchObject({
      result: 'rolled-back',
      'canary-result': 'rolled-back',
      'failed-step': '2',
      reason: canary.reason,
      'ga-tag': '',
      'rollback-result': rollback.outputs.result,
    });
    const reports = r.outputs['report-paths']!.split('\n').map((p) => path.basename(p));
    expect(reports).toEqual([
      expect.stringMatching(/^gate_report_/),
      expect.stringMatching(/^canary_report_/),
      expect.stringMatching(/^rollback_report_/),
    ]);
    const evidence = JSON.parse(
      readFileSync(path.resolve(ws, r.outputs['report-paths']!.split('\n')[2]!), 'utf8'),
    );
    expect(JSON.stringify(evidence)).toContain('go-live of v1.3.0-rc1 failed: canary rolled-back at step 2');
    // never beyond the canary: production is back on v1.1.0, which stays the latest release
    expect(world.service.version).toBe('v1.1.0');
    expect(world.emu.latestRelease()?.tag_name).toBe('v1.1.0');
    expect(world.emu.state.releases.find((x) => x.tag_name === 'v1.3.0')).toBeUndefined();
  }, 60_000);

  it('a gate that fails deploys nothing and rolls nothing back', async () => {
    const sha = world.cutRc('v1.2.0-rc1', 'feat: saved carts');
    world.emu.seed.checkRun(sha, { name: 'ci', conclusion: 'failure' });
    const before = world.webhook.messages.length;
    const r = await goLive('v1.2.0-rc1');
    expect(outcomes(r)).toEqual({
      gate: 'failure',
      canary: 'skipped',
      promote: 'skipped',
      rollback: 'skipped',
      outcome: 'success',
    });
    expect(r.failed).toBe(true);
    expect(r.outputs).toMatchObject({
      result: 'blocked',
      'gate-result': 'FAIL',
      'gate-failed': 'ci-green',
      'canary-result': '',
      'rollback-result': '',
    });
    expect(world.service.version).toBe('v1.1.0');
    expect(world.webhook.messages.length).toBe(before);
  }, 60_000);
});
