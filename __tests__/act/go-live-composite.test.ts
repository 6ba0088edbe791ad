/**
 * The composite actions/go-live as an outside repository uses it — `uses: acme-ops/release-ops/
 * actions/go-live@v1` in the shop's workflow, served to act from a copy of this repository — so that
 * act, not us, interprets `github.action_path`, the inputs and their defaults, the steps' `if:`,
 * `steps.<id>.outputs` / `.outcome` and the action's `outputs:`. Against the GitHub emulator and the
 * sample service of the demo's world (on ports of their own: this file runs beside the others).
 *   - a passing go-live: gate → canary → promote, the rollback step skipped;
 *   - a canary that breaks at 25 %: promote skipped, the rollback step runs with the canary's outputs;
 *   - a gate that fails: nothing deployed, nothing rolled back.
 */
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createWorkspace, demoConfig, FAKE_TOKEN, startWorld, type World } from '../../support/demo/world.js';
import { git, snapshotRepository, runAct, tools, type ActRun, type Tools } from './harness.js';

// The shop's workflow. The last step hands the composite's outputs to the test (a file in the
// artifacts folder), since act prints a composite's outputs nowhere.
const CALLER = `name: ship
on:
  workflow_dispatch:
    inputs:
      tag: { required: true, type: string }
      sha: { required: true, type: string }
      severity: { type: string, default: '' }
permissions: {}
jobs:
  go-live:
    runs-on: ubuntu-latest
    permissions: { contents: write, checks: write, statuses: write, deployments: write, issues: write }
    steps:
      - uses: actions/checkout@v4
      - id: go-live
        uses: acme-ops/release-ops/actions/go-live@v1
        with:
          tag: \${{ inputs.tag }}
          sha: \${{ inputs.sha }}
          severity: \${{ inputs.severity }}
          webhook-url: \${{ secrets.OPS_SLACK_WEBHOOK }}
          artifacts-dir: artifacts/go-live
      - id: report
        if: always()
        env:
          OUTCOME: \${{ steps.go-live.outcome }}
          OUTPUTS: \${{ toJSON(steps.go-live.outputs) }}
        run: |
          printf '{"outcome":"%s","outputs":%s}\\n' "$OUTCOME" "$OUTPUTS" > "$RELEASE_OPS_ACT_ARTIFACTS/go-live.json"
          echo "go-live $OUTCOME"
`;

let world: World;
let t: Tools;
let scratch: string;
let ws: string;
let actionRepo: string;

beforeAll(async () => {
  t = tools();
  world = await startWorld();
  scratch = mkdtempSync(path.join(os.tmpdir(), 'ro-act-composite-'));
  ws = path.join(scratch, 'shop');
  createWorkspace(ws, demoConfig(world.service.url));
  mkdirSync(path.join(ws, '.github/workflows'), { recursive: true });
  writeFileSync(path.join(ws, '.github/workflows/ship.yml'), CALLER);
  git(ws, 'add', '-A');
  git(ws, 'commit', '-q', '-m', 'ship workflow');
  // this repository as `acme-ops/release-ops@v1` has it: sources and bundles, no node_modules
  actionRepo = path.join(scratch, 'release-ops');
  mkdirSync(actionRepo);
  snapshotRepository(actionRepo);
  mkdirSync(path.join(scratch, 'artifacts'));
}, 120_000);
afterAll(async () => {
  await world?.close();
  if (scratch) rmSync(scratch, { recursive: true, force: true });
});

let last: ActRun | undefined;
/** A test; when it fails, the error ends with act's log of its last run. */
function story(title: string, fn: () => Promise<void>): void {
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
    300_000,
  );
}

interface GoLive {
  run: ActRun;
  outcome: string;
  outputs: Record<string, string>;
  steps: Record<string, string>;
}

async function goLive(tag: string, inputs: Record<string, string> = {}): Promise<GoLive> {
  const report = path.join(scratch, 'artifacts/go-live.json');
  rmSync(report, { force: true });
  const run = await runAct({
    cwd: ws,
    workflow: '.github/workflows/ship.yml',
    event: 'workflow_dispatch',
    payload: { inputs: { tag, sha: world.commits.get(tag)!, severity: '', ...inputs } },
    emu: world.emu,
    token: FAKE_TOKEN,
    secrets: { OPS_SLACK_WEBHOOK: world.webhook.url },
    env: { RELEASE_OPS_GITHUB_WAIT_BASE_MS: '5' },
    scratch,
    tools: t,
    localRepositories: [`acme-ops/release-ops@v1=${actionRepo}`],
    noDrill: true,
    copyIgnored: true, // the shop's backups/ (git-ignored) hold the manifest the gate checks
  });
  if (!existsSync(report)) throw new Error(`the report step did not run\n\n${run.text}`);
  last = run;
  const r = JSON.parse(readFileSync(report, 'utf8')) as { outcome: string; outputs: Record<string, string> };
  return { run, ...r, steps: run.compositeSteps('go-live', 'go-live') };
}

describe('actions/go-live from an outside repository, run by act', () => {
  story('ships v1.1.0-rc1: gate PASS → canary promoted → v1.1.0 GA; the rollback step skipped', async () => {
    const r = await goLive('v1.1.0-rc1');
    expect(r.steps).toEqual({
      gate: 'success',
      canary: 'success',
      promote: 'success',
      rollback: 'skipped',
      outcome: 'success',
    });
    expect(r.outcome).toBe('success');
    expect(r.run.jobs).toEqual({ 'go-live': 'success' });
    // the composite's outputs, taken from its steps
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
    expect(r.outputs['deployment-id']).toMatch(/^\d+$/);
    expect(r.outputs['release-url']).toMatch(/\/acme\/shop\/releases\/tag\/v1\.1\.0$/);
    expect(r.outputs['report-paths']!.split('\n').map((p) => path.basename(p))).toEqual([
      expect.stringMatching(/^gate_report_\w+\.json$/),
      expect.stringMatching(/^canary_report_\w+\.json$/),
    ]);
    expect(r.run.summary('go-live')).toContain('## go-live of v1.1.0-rc1: live');
    // and the world agrees
    expect(world.emu.latestRelease()?.tag_name).toBe('v1.1.0');
    expect(world.service.version).toBe('v1.1.0-rc1');
    const check = world.emu.state.checkRuns.find(
      (c) => c.name === 'readiness-gate' && c.head_sha === world.commits.get('v1.1.0-rc1'),
    );
    expect(check?.conclusion).toBe('success');
    // the token went in as the default of github-token (${{ github.token }}) and came out nowhere
    expect(
      r.run.entries
        .filter((e) => e.level !== 'debug' && e.command !== 'add-mask')
        .some((e) => e.msg.includes(FAKE_TOKEN) || (e.arg ?? '').includes(FAKE_TOKEN)),
    ).toBe(false);
  });

  story(
    'a canary that breaks at 25 %: promote skipped, the rollback step runs with the canary outputs',
    async () => {
      world.cutRc('v1.3.0-rc1', 'fix: close database connections');
      const r = await goLive('v1.3.0-rc1', { severity: 'critical' });
      expect(r.steps).toEqual({
        gate: 'success',
        canary: 'failure',
        promote: 'skipped',
        rollback: 'success',
        outcome: 'success',
      });
      expect(r.outcome).toBe('failure'); // the caller's step fails: the go-live did not happen
      expect(r.run.jobs).toEqual({ 'go-live': 'failure' });
      expect(r.outputs).toMatchObject({
        result: 'rolled-back',
        'canary-result': 'rolled-back',
        'failed-step': '2',
        'ga-tag': '',
      });
      expect(r.outputs.reason).toMatch(/^step 2 \(25%\) analysis failed: /);
      expect(r.outputs['rollback-result']).toMatch(/^(rolled-back|nothing-to-do)$/);
      const reports = r.outputs['report-paths']!.split('\n');
      expect(reports.map((p) => path.basename(p))).toEqual([
        expect.stringMatching(/^gate_report_/),
        expect.stringMatching(/^canary_report_/),
        expect.stringMatching(/^rollback_report_/),
      ]);
      // the rollback step was handed the canary's outputs and the caller's severity; its evidence says
      // so (the files are in the job's workspace, gone with it: the reason is in the step's log)
      const rollbackLog = r.run.log('go-live', 'go-live');
      expect(rollbackLog).toContain(
        `go-live of v1.3.0-rc1 failed: canary rolled-back at step 2: ${r.outputs.reason}`,
      );
      expect(world.service.version).toBe('v1.1.0');
      expect(world.emu.latestRelease()?.tag_name).toBe('v1.1.0');
      expect(world.emu.state.releases.find((x) => x.tag_name === 'v1.3.0')).toBeUndefined();
    },
  );

  story('a gate that fails deploys nothing and rolls nothing back', async () => {
    const sha = world.cutRc('v1.2.0-rc1', 'feat: saved carts');
    world.emu.seed.checkRun(sha, { name: 'ci', conclusion: 'failure' });
    const before = world.webhook.messages.length;
    const r = await goLive('v1.2.0-rc1');
    expect(r.steps).toEqual({
      gate: 'failure',
      canary: 'skipped',
      promote: 'skipped',
      rollback: 'skipped',
      outcome: 'success',
    });
    expect(r.outcome).toBe('failure');
    expect(r.outputs).toMatchObject({
      result: 'blocked',
      'gate-result': 'FAIL',
      'gate-failed': 'ci-green',
      'canary-result': '',
      'rollback-result': '',
    });
    expect(world.service.version).toBe('v1.1.0');
    expect(world.webhook.messages.length).toBe(before);
  });
});
