/** Deployment statuses through the real GitHub port (Octokit) against the GitHub API emulator. */
import { afterAll, afterEach, beforeAll, describe, expect, it } from '@jest/globals';
import { existsSync, mkdtempSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { cli } from '../../src/cli/main.js';
import { createGitHubPort } from '../../src/github/create.js';
import type { CheckRunUpdate, GitHubPort } from '../../src/ports/index.js';
import { canaryLiveView, CHECK_RUN_NAME } from '../../src/canary/live.js';
import { canaryReport } from '../../src/canary/report.js';
import { runCanary } from '../../src/canary/run.js';
import { toMarkdown } from '../../src/report/doc.js';
import { startEmulator, type Emulator } from '../../support/github-emulator/index.js';
import { startSampleService, type SampleService } from '../../support/sample-service/index.js';
import { canaryYaml, quietLogger, realDeps, settingsFrom } from './helpers.js';

let emu: Emulator;
let svc: SampleService;
let gh: GitHubPort;
let rcSha: string;
const TOKEN = 'ghs_emulatorToken0123456789';

beforeAll(async () => {
  emu = await startEmulator({ owner: 'acme', repo: 'shop' });
  const old = emu.seed.commit('v1.0.0');
  emu.seed.tag('v1.0.0', old);
  emu.seed.release({ tag: 'v1.0.0', sha: old });
  const sha = emu.seed.commit('feat: checkout');
  emu.seed.tag('v1.1.0', sha);
  rcSha = sha;
  svc = await startSampleService({ version: 'v1.0.0' });
  gh = await createGitHubPort({
    token: TOKEN,
    owner: 'acme',
    repo: 'shop',
    baseUrl: emu.url,
    logger: quietLogger(),
    retries: 1,
    retryAfterBaseMs: 1,
  });
});
afterAll(async () => {
  await svc.close();
  await emu.close();
});
afterEach(() => {
  svc.reset();
  svc.setVersion('v1.0.0');
  emu.faults.clear();
});

const health = () =>
  `      - { name: health, provider: http, url: "${svc.url}/health", conditions: ["error_rate_pct == 0"], consecutive_failures: 1 }`;
const STEPS = '[{ weight: 50 }, { weight: 100 }]';
const latest = () => emu.state.deployments[emu.state.deployments.length - 1]!;

describe('GitHub deployment tracking (emulator)', () => {
  it('one deployment per run for the tag and environment: in_progress per step, success at 100%', async () => {
    const before = emu.state.deployments.length;
    const sha = rcSha;
    const run = await runCanary(
      settingsFrom(canaryYaml({ url: svc.url, steps: STEPS, metrics: health(), deployArgv: ['true'] }), {
        sha,
      }),
      realDeps({ github: gh }),
    );
    expect(run.result).toBe('promoted');
    expect(emu.state.deployments.length).toBe(before + 1);
    const d = latest();
    expect(run.deployment).toMatchObject({ tracked: true, id: d.id });
    // The ledger's record: the build is the commit; the payload names the tag, the run and the actor.
    expect(d).toMatchObject({
      ref: sha,
      sha,
      environment: 'production',
      production_environment: true,
      payload: { release_ops: { kind: 'canary', tag: 'v1.1.0', replaces: 'v1.0.0' }, steps: [50, 100] },
    });
    expect(d.statuses.map((s) => [s.state, s.description])).toEqual([
      ['in_progress', 'starting canary of v1.1.0'],
      ['in_progress', 'step 1/2: 50% of traffic on v1.1.0'],
      ['in_progress', 'step 2/2: 100% of traffic on v1.1.0'],
      ['success', 'promoted: v1.1.0 at 100%, analysis passed'],
    ]);
  });

  it('a live check run on the build: created at the start, updated at each step and decision, completed with the final summary', async () => {
    const updates: CheckRunUpdate[] = [];
    // the real port, with its check-run updates noted on their way to the emulator
    const watched = new Proxy(gh, {
      get: (t, k) =>
        k === 'updateCheckRun'
          ? (id: number, u: CheckRunUpdate) => (updates.push(u), t.updateCheckRun(id, u))
          : Reflect.get(t, k),
    });
    const s = settingsFrom(
      canaryYaml({ url: svc.url, steps: STEPS, metrics: health(), deployArgv: ['true'] }),
      {
        sha: rcSha,
      },
    );
    const live = canaryLiveView(
      s,
      { github: watched, clock: realDeps().clock, logger: quietLogger() },
      { minIntervalMs: 0 },
    );
    await live.start();
    const run = await runCanary(s, realDeps({ github: gh, live: live.live }));
    const report = canaryReport(s, run);
    await live.finish(run, report);
    expect(run.result).toBe('promoted');
    const checks = emu.state.checkRuns.filter((c) => c.name === CHECK_RUN_NAME && c.head_sha === rcSha);
    expect(checks).toHaveLength(1);
    expect(checks[0]).toMatchObject({ status: 'completed', conclusion: 'success' });
    // at least one update per step, each saying where the rollout stands
    for (const step of [1, 2])
      expect(updates.some((u) => u.title.startsWith(`canary v1.1.0 → production: step ${step}/2`))).toBe(
        true,
      );
    // the final one is the summary the job shows, charts against their thresholds included
    expect(updates.at(-1)).toMatchObject({
      status: 'completed',
      conclusion: 'success',
      summary: toMarkdown(report),
    });
    expect(checks[0]!.output.summary).toBe(toMarkdown(report));
    expect(toMarkdown(report)).toMatch(/```mermaid\nxychart-beta|```mermaid\n%%\{init/);
    expect(toMarkdown(report)).toContain('title "health.error_rate_pct — red: error_rate_pct == 0"');
  });

  it('an aborted rollout ends in failure; the redeploy of the build it replaced is recorded live again', async () => {
    const yaml = canaryYaml({
      url: svc.url,
      steps: STEPS,
      deployArgs: ['--inject-at', '50={"errorRatePct":100}'],
      metrics: health(),
    });
    const before = emu.state.deployments.length;
    const run = await runCanary(settingsFrom(yaml), realDeps({ github: gh }));
    expect(run.result).toBe('rolled-back');
    const [canary, redeploy, ...more] = emu.state.deployments.slice(before);
    expect(more).toEqual([]);
    expect(canary!.statuses.map((s) => s.state)).toEqual([
      'in_progress',
      'in_progress',
      'in_progress',
      'failure',
    ]);
    expect(canary!.statuses.at(-1)!.description).toBe(
      'aborted at step 1/2 (50%): rolled back to v1.0.0, verified',
    );
    expect(redeploy).toMatchObject({
      sha: emu.state.releases.find((r) => r.tag_name === 'v1.0.0')!.target_commitish,
      payload: { release_ops: { kind: 'redeploy', tag: 'v1.0.0', replaces: 'v1.1.0' } },
    });
    expect(redeploy!.statuses.map((s) => [s.state, s.description])).toEqual([
      ['in_progress', 'redeploying v1.0.0'],
      ['success', 'redeployed v1.0.0, verified healthy'],
    ]);
    expect(run.deployment.redeployId).toBe(redeploy!.id);
  });

  it('a cancelled job ends in error', async () => {
    const ctl = new AbortController();
    const logger = quietLogger();
    const deps = realDeps({ github: gh, signal: ctl.signal });
    const run = await runCanary(
      settingsFrom(
        canaryYaml({ url: svc.url, steps: STEPS, metrics: health(), window: '2s', deployArgv: ['true'] }),
      ),
      {
        ...deps,
        logger: {
          ...logger,
          info: (m) => (
            logger.info(m),
            m.startsWith('step 1 (50%) 1/') && ctl.abort(new Error('received SIGTERM'))
          ),
        },
      },
    );
    expect(run).toMatchObject({ result: 'aborted', cancelled: true });
    expect(latest().statuses.at(-1)).toMatchObject({
      state: 'error',
      description: 'cancelled at step 1/2 (50%)',
    });
  });

  it('a GitHub refusal (no deployments: write) stops the rollout before its first step', async () => {
    emu.faults.add({ method: 'POST', path: /\/deployments$/, kind: 'status', status: 403 });
    const marker = path.join(mkdtempSync(path.join(os.tmpdir(), 'ro-gh-')), 'deployed');
    await expect(
      runCanary(
        settingsFrom(
          canaryYaml({ url: svc.url, steps: STEPS, metrics: health(), deployArgv: ['touch', marker] }),
        ),
        realDeps({ github: gh }),
      ),
    ).rejects.toThrow(/nothing was deployed.*deployments: write/);
    expect(existsSync(marker)).toBe(false);
  });

  it('the CLI with a token: previous tag from the latest release, deployment-id output', async () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'ro-gh-'));
    writeFileSync(
      path.join(dir, 'release-ops.yml'),
      canaryYaml({ url: svc.url, steps: STEPS, metrics: health(), deployArgv: ['true'] }),
    );
    let stdout = '';
    let stderr = '';
    const prev = process.env.RELEASE_OPS_GITHUB_WAIT_BASE_MS;
    process.env.RELEASE_OPS_GITHUB_WAIT_BASE_MS = '1';
    try {
      const code = await cli({
        argv: ['canary', '--config', 'release-ops.yml', '--tag', 'v1.1.0', '--environment', 'canary-env'],
        env: {
          PATH: process.env.PATH,
          GITHUB_TOKEN: TOKEN,
          GITHUB_REPOSITORY: 'acme/shop',
          GITHUB_API_URL: emu.url,
        },
        cwd: dir,
        stdout: (s) => (stdout += s),
        stderr: (s) => (stderr += s),
      });
      expect(code).toBe(0);
    } finally {
      if (prev === undefined) delete process.env.RELEASE_OPS_GITHUB_WAIT_BASE_MS;
      else process.env.RELEASE_OPS_GITHUB_WAIT_BASE_MS = prev;
    }
    expect(stderr).toContain('nothing recorded live in canary-env: using the latest release, v1.0.0');
    const d = latest();
    expect(d.environment).toBe('canary-env');
    expect(stdout).toContain(`deployment-id=${d.id}\n`);
    expect(stdout).toContain(
      `GitHub deployment ${d.id} (v1.1.0 @ ${d.sha.slice(0, 12)} → canary-env): started → 50% → 100% → promoted (100%)`,
    );
    expect(stdout + stderr).not.toContain(TOKEN);
  });
});
