/**
 * Rollout control through the CLI against the GitHub emulator: a `{ pause: approve }` step ends the run
 * paused; `--resume` continues it from the next step on the same deployment (after a re-check);
 * `--promote-now` finishes it without analysis; `--abort` rolls back a build live at partial weight; a
 * resume for another build is refused. Plus per-step deploy programs and preflight. The deploy and
 * rollback programs append to a log: proof of what ran.
 */
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { existsSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parseProgress } from '../../src/canary/progress.js';
import { cli } from '../../src/cli/main.js';
import { evidenceProblems } from '../../src/evidence/envelope.js';
import { startSampleService, type SampleService } from '../../support/sample-service/index.js';
import { startGitHub, type GitHubWorld } from './helpers.js';

const TOKEN = 'ghs_controlTests0123456789';
let gh: GitHubWorld;
let svc: SampleService;
let v120: string;

/** Appends its arguments to the log: proof of whether a program ran, and with what. */
const PROGRAM = `import { appendFileSync } from 'node:fs';
appendFileSync(process.argv[2], process.argv.slice(3).join(' ') + '\\n');
`;

beforeAll(async () => {
  gh = await startGitHub(TOKEN);
  v120 = gh.emu.seed.commit('feat: wishlist');
  gh.emu.seed.tag('v1.2.0', v120);
  svc = await startSampleService({ version: 'v1.0.0' });
});
afterAll(async () => {
  await svc.close();
  await gh.close();
});

interface World {
  dir: string;
  log: string;
  /** Runs `release-ops canary …` in the world's directory, with a token for the emulator. */
  canary(
    args: string[],
  ): Promise<{ code: number; stdout: string; stderr: string; outputs: Record<string, string> }>;
  programs(): string[];
  evidence(): Record<string, any>[];
}

function world(config: (log: string) => string): World {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'ro-control-'));
  const log = path.join(dir, 'programs.log');
  writeFileSync(path.join(dir, 'program.mjs'), PROGRAM);
  writeFileSync(path.join(dir, 'release-ops.yml'), config(log));
  return {
    dir,
    log,
    async canary(args) {
      let stdout = '';
      let stderr = '';
      const prev = process.env.RELEASE_OPS_GITHUB_WAIT_BASE_MS;
      process.env.RELEASE_OPS_GITHUB_WAIT_BASE_MS = '1';
      try {
        const code = await cli({
          argv: ['canary', '--config', 'release-ops.yml', ...args],
          env: {
            PATH: process.env.PATH,
            GITHUB_TOKEN: TOKEN,
            GITHUB_REPOSITORY: 'acme/shop',
            GITHUB_API_URL: gh.emu.url,
            GITHUB_ACTOR: 'ops-alice',
          },
          cwd: dir,
          stdout: (s) => (stdout += s),
          stderr: (s) => (stderr += s),
        });
        const outputs = Object.fromEntries(
          [...stdout.matchAll(/^\s*([a-z-]+)=(.*)$/gm)].map((m) => [m[1]!, m[2]!]),
        );
        return { code, stdout, stderr, outputs };
      } finally {
        if (prev === undefined) delete process.env.RELEASE_OPS_GITHUB_WAIT_BASE_MS;
        else process.env.RELEASE_OPS_GITHUB_WAIT_BASE_MS = prev;
      }
    },
    programs: () => (existsSync(log) ? readFileSync(log, 'utf8').trim().split('\n') : []),
    evidence: () => {
      const d = path.join(dir, 'artifacts');
      return existsSync(d)
        ? readdirSync(d)
            .sort()
            .map((f) => JSON.parse(readFileSync(path.join(d, f), 'utf8')))
        : [];
    },
  };
}

const health = () =>
  `    metrics:\n      - { name: health, provider: http, url: "${svc.url}/health", conditions: ["error_rate_pct == 0"], consecutive_failures: 1 }`;

/** 10 % then wait for approval, 50 %, 100 %; a rollback program; an analysis of 3 × 100 ms. */
const APPROVAL = (log: string) => `canary:
  deploy: [node, program.mjs, ${JSON.stringify(log)}, deploy, "{tag}", "{weight}"]
  rollback: [node, program.mjs, ${JSON.stringify(log)}, rollback, "{previous_tag}", "{weight}"]
  steps: [{ weight: 10, pause: approve }, { weight: 50 }, { weight: 100 }]
  program_timeout: 10s
  analysis:
    interval: 100ms
    window: 300ms
${health()}
`;

const deploymentIn = (environment: string) =>
  gh.emu.state.deployments.filter((d) => d.environment === environment);
const described = (environment: string) =>
  deploymentIn(environment).map((d) => d.statuses.map((s) => `${s.state}: ${s.description}`));

describe('an approval step, then resume', () => {
  let w: World;
  beforeAll(() => {
    w = world(APPROVAL);
  });
  const args = (env: string, ...more: string[]) => ['--tag', 'v1.1.0', '--environment', env, ...more];

  it('a { pause: approve } step ends the run paused (exit 0) with resume-step; the deployment says where it waits', async () => {
    const r = await w.canary(args('approve'));
    expect(r.code).toBe(0);
    expect(r.outputs).toMatchObject({ result: 'paused', 'resume-step': '2', 'failed-step': '' });
    expect(w.programs()).toEqual(['deploy v1.1.0 10']);
    const [d, ...more] = deploymentIn('approve');
    expect(more).toEqual([]);
    expect(d!.statuses.at(-1)).toMatchObject({
      state: 'in_progress',
      description: 'paused after step 1/3 (10%): awaiting approval',
    });
    expect(parseProgress(d!.statuses.at(-1)!.description)).toEqual({
      state: 'paused',
      step: 1,
      weight: 10,
      resumeStep: 2,
    });
    expect(r.stdout).toContain('canary --resume` continues at step 2');
    const [e] = w.evidence();
    expect(evidenceProblems(e)).toEqual([]);
    expect(e!.result).toBe('paused');
    expect(e!.details.resume_step).toBe(2);
  });

  it('resume for another build is refused: exit 1, nothing runs, nothing is written', async () => {
    const before = { deployments: gh.emu.state.deployments.length, programs: w.programs().length };
    const r = await w.canary(['--tag', 'v1.2.0', '--environment', 'approve', '--resume']);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain(
      `refused: resume of v1.2.0 in approve: the rollout there is v1.1.0 (${gh.sha.v110.slice(0, 12)}), another build than v1.2.0 (${v120.slice(0, 12)})`,
    );
    expect({ deployments: gh.emu.state.deployments.length, programs: w.programs().length }).toEqual(before);
    expect(deploymentIn('approve')[0]!.statuses.at(-1)!.description).toMatch(/^paused after step 1\/3/);
  });

  it('--resume re-checks at 10 %, then continues from step 2 on the same deployment to 100 %', async () => {
    const r = await w.canary(args('approve', '--resume'));
    expect(r.code).toBe(0);
    expect(r.outputs).toMatchObject({ result: 'promoted', 'resume-step': '' });
    expect(w.programs()).toEqual(['deploy v1.1.0 10', 'deploy v1.1.0 50', 'deploy v1.1.0 100']);
    expect(described('approve')).toEqual([
      [
        'in_progress: starting canary of v1.1.0',
        'in_progress: step 1/3: 10% of traffic on v1.1.0',
        'in_progress: paused after step 1/3 (10%): awaiting approval',
        'in_progress: resuming canary of v1.1.0 at step 2/3 (10% live)',
        'in_progress: step 2/3: 50% of traffic on v1.1.0',
        'in_progress: step 3/3: 100% of traffic on v1.1.0',
        'success: promoted: v1.1.0 at 100%, analysis passed',
      ],
    ]);
    expect(r.outputs['deployment-id']).toBe(String(deploymentIn('approve')[0]!.id));
    const e = w.evidence().at(-1)!;
    expect(evidenceProblems(e)).toEqual([]);
    expect(e.details.recheck).toMatchObject({ label: 're-check at 10%', decision: 'successful' });
    expect(e.details.steps.map((s: { step: number }) => s.step)).toEqual([2, 3]);
    expect(r.stdout).toContain('Re-check at 10%: successful');
  });

  it('a resume of a promoted rollout is refused', async () => {
    const r = await w.canary(args('approve', '--resume'));
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('it was promoted to 100%');
  });
});

describe('promote-now and abort of a paused rollout', () => {
  let w: World;
  beforeAll(() => {
    w = world(APPROVAL);
  });
  const args = (env: string, ...more: string[]) => ['--tag', 'v1.1.0', '--environment', env, ...more];

  it('--promote-now needs a reason, then finishes the remaining steps without pauses or analysis', async () => {
    expect((await w.canary(args('now'))).outputs.result).toBe('paused');
    const noReason = await w.canary(args('now', '--promote-now'));
    expect(noReason.code).toBe(2);
    expect(noReason.stderr).toContain('input reason: is required with promote-now');
    const r = await w.canary(args('now', '--promote-now', '--reason', 'verified by hand in the dashboard'));
    expect(r.code).toBe(0);
    expect(r.outputs.result).toBe('promoted');
    expect(r.outputs.reason).toBe(
      'v1.1.0 promoted to 100% now by ops-alice: verified by hand in the dashboard; the remaining pauses and analysis were skipped',
    );
    expect(w.programs()).toEqual(['deploy v1.1.0 10', 'deploy v1.1.0 50', 'deploy v1.1.0 100']);
    const e = w.evidence().at(-1)!;
    expect(e.details.steps.map((s: { analysis: unknown }) => s.analysis)).toEqual([null, null]);
    expect(deploymentIn('now')[0]!.statuses.at(-1)).toMatchObject({
      state: 'success',
      description: 'promoted: v1.1.0 at 100%',
    });
  });

  it('--abort rolls back the build live at 10 %: the rollback program, the verification, the redeploy recorded', async () => {
    expect((await w.canary(args('abort'))).outputs.result).toBe('paused');
    const before = w.programs().length;
    const r = await w.canary(args('abort', '--abort', '--reason', 'checkout errors reported by support'));
    expect(r.code).toBe(0);
    expect(r.outputs).toMatchObject({ result: 'rolled-back', 'failed-step': '1' });
    expect(r.outputs.reason).toBe(
      'aborted by hand by ops-alice: checkout errors reported by support; rolled back to v1.0.0 and verified healthy',
    );
    expect(w.programs().slice(before)).toEqual(['rollback v1.0.0 10']);
    const [canary, redeploy] = deploymentIn('abort');
    expect(canary!.statuses.slice(-2).map((s) => `${s.state}: ${s.description}`)).toEqual([
      'in_progress: aborted at step 1/3 (10%): rolling back to v1.0.0',
      'failure: aborted at step 1/3 (10%): rolled back to v1.0.0, verified',
    ]);
    expect(redeploy).toMatchObject({ sha: gh.sha.v100, payload: { release_ops: { kind: 'redeploy' } } });
    const e = w.evidence().at(-1)!;
    expect(e.details.messages.map((m: { text: string }) => m.text)).toEqual([
      'shop v1.1.0 rolled back by hand by ops-alice: checkout errors reported by support. Rollback in progress to v1.0.0.',
    ]);
    // rolled back: the redeploy is the newest deployment, nothing is left to resume
    const again = await w.canary(args('abort', '--resume'));
    expect(again.code).toBe(1);
    expect(again.stderr).toContain('a rollback or a redeploy came after it');
  });
});

describe('per-step programs and preflight', () => {
  it('a step may override deploy: the first batch as a canary, the rest rolling', async () => {
    const w = world(
      (log) => `canary:
  deploy: [node, program.mjs, ${JSON.stringify(log)}, rolling, "{tag}", "{weight}"]
  steps:
    - { weight: 10, deploy: [node, program.mjs, ${JSON.stringify(log)}, canary, "{tag}", "{weight}"] }
    - { weight: 100 }
`,
    );
    const r = await w.canary(['--tag', 'v1.1.0', '--environment', 'per-step']);
    expect(r.code).toBe(0);
    expect(w.programs()).toEqual(['canary v1.1.0 10', 'rolling v1.1.0 100']);
  });

  it('an unreachable metric fails preflight: exit 1 naming the metric and its config line, no deploy program run', async () => {
    const w = world(
      (log) => `canary:
  deploy: [node, program.mjs, ${JSON.stringify(log)}, deploy, "{tag}", "{weight}"]
  rollback: [node, program.mjs, ${JSON.stringify(log)}, rollback, "{previous_tag}"]
  steps: [{ weight: 10 }, { weight: 100 }]
  analysis:
    interval: 100ms
    window: 300ms
    metrics:
      - { name: health, provider: http, url: "${svc.url}/health", conditions: ["error_rate_pct == 0"] }
      - { name: errors, provider: json, url: "http://127.0.0.1:1/metrics", conditions: ["error_rate_pct <= 2"] }
`,
    );
    const r = await w.canary(['--tag', 'v1.1.0', '--environment', 'preflight']);
    expect(r.code).toBe(1);
    expect(r.outputs.result).toBe('aborted');
    expect(r.outputs.reason).toMatch(
      /^a metric could not be read before the rollout \(errors: GET http:\/\/127\.0\.0\.1:1\/metrics failed: .*ECONNREFUSED.* \(release-ops\.yml:10 canary\.analysis\.metrics\[1\]\)\); nothing was deployed$/,
    );
    expect(w.programs()).toEqual([]);
    expect(deploymentIn('preflight')[0]!.statuses.at(-1)).toMatchObject({
      state: 'failure',
      description: expect.stringMatching(/^not started: a metric could not be read/),
    });
  });
});
