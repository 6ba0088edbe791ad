import { afterAll, beforeAll, beforeEach, describe, expect, it } from '@jest/globals';
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import gate, { inputs } from '../../src/commands/gate.js';
import { createContext } from '../../src/commands/context.js';
import { toMarkdown } from '../../src/report/doc.js';
import { silentLogger } from '../../src/ports/index.js';
import { startEmulator } from '../../support/github-emulator/index.js';
import { removeTempDirs, tempDir } from './real.js';

type Emulator = Awaited<ReturnType<typeof startEmulator>>;
const TOKEN = 'ghs_emulatortoken0123456789';
let emu: Emulator;
let sha: string;

beforeAll(async () => {
  emu = await startEmulator({ owner: 'acme', repo: 'shop' });
});
afterAll(async () => {
  await emu.close();
  removeTempDirs();
});
beforeEach(() => {
  sha = emu.seed.commit('feat: checkout');
  emu.faults.clear();
});

/** Runs the gate command as the action would, against the emulator (a real GitHubPort over Octokit). */
async function runGateCommand(config: string, extraInputs: Record<string, string> = {}) {
  const dir = tempDir('ro-gate-gh-');
  writeFileSync(path.join(dir, 'release-ops.yml'), config);
  const values: Record<string, string> = { config: 'release-ops.yml', ...extraInputs };
  const ctx = createContext({
    host: 'action',
    specs: inputs,
    get: (n) => values[n],
    logger: silentLogger,
    env: {
      PATH: process.env.PATH,
      GITHUB_API_URL: emu.url,
      GITHUB_REPOSITORY: 'acme/shop',
      GITHUB_SHA: sha,
      GITHUB_JOB: 'gate',
    },
    cwd: dir,
    signal: new AbortController().signal,
    token: TOKEN,
  });
  const out = await gate.run(ctx);
  const [file] = readdirSync(path.join(dir, 'artifacts'));
  const evidence = JSON.parse(readFileSync(path.join(dir, 'artifacts', file!), 'utf8'));
  return { out, evidence, md: toMarkdown(out.report) };
}

const ownRun = (name = 'readiness-gate') =>
  emu.state.checkRuns.filter((r) => r.head_sha === sha && r.name === name);
const CHECKS = (extra = '') => `gate:
  checks:
    - { name: ci-green, type: github-checks, wait: 3s, poll_interval: 100ms${extra} }
`;

describe('github-checks and the PR status check against the GitHub emulator', () => {
  it('green: success, skipped and neutral check runs plus a success status pass; the gate reports a green check run', async () => {
    emu.seed.checkRun(sha, { name: 'build', status: 'completed', conclusion: 'success' });
    emu.seed.checkRun(sha, { name: 'docs', status: 'completed', conclusion: 'skipped' });
    emu.seed.checkRun(sha, { name: 'lint', status: 'completed', conclusion: 'neutral' });
    emu.seed.status(sha, { context: 'ci/jenkins', state: 'success' });
    const { out, evidence } = await runGateCommand(CHECKS());
    expect(out.outputs.result).toBe('PASS');
    expect(out.report.blocks[1]).toMatchObject({
      rows: [
        [
          'ci-green',
          'PASS',
          expect.any(String),
          `4 green on ${sha.slice(0, 7)}: 3 check runs, 1 status (docs (skipped), lint (neutral))`,
        ],
      ],
    });
    const [run] = ownRun();
    expect(run).toMatchObject({
      status: 'completed',
      conclusion: 'success',
      output: { title: 'PASS: 1/1 checks passed' },
    });
    expect(run!.output.summary).toContain('Go-Live Checklist Summary');
    expect(evidence.details.checks[0].measurements).toMatchObject({ ref: sha, polls: 1 });
    expect(evidence.details.github).toMatchObject({ kind: 'check_run', name: 'readiness-gate', sha });
    expect(JSON.stringify(evidence)).not.toContain(TOKEN);
  });

  it('red: a failed check run fails the gate; the check run is red with an annotation on the config line', async () => {
    emu.seed.checkRun(sha, { name: 'build', status: 'completed', conclusion: 'success' });
    emu.seed.checkRun(sha, { name: 'e2e', status: 'completed', conclusion: 'failure' });
    emu.seed.status(sha, { context: 'security/scan', state: 'error' });
    const { out, evidence } = await runGateCommand(CHECKS(), { 'check-name': 'pre-deploy gate' });
    expect(out.exitCode).toBe(1);
    expect(out.outputs).toMatchObject({ result: 'FAIL', failed: 'ci-green' });
    expect(evidence.details.checks[0]).toMatchObject({
      verdict: 'fail',
      detail: `2 red on ${sha.slice(0, 7)}: e2e (failure), security/scan (error)`,
    });
    const [run] = ownRun('pre-deploy gate');
    expect(run).toMatchObject({ conclusion: 'failure' });
    expect(run!.output.annotations).toEqual([
      expect.objectContaining({
        path: 'release-ops.yml',
        start_line: 3,
        end_line: 3,
        annotation_level: 'failure',
        message: expect.stringContaining('2 red'),
      }),
    ]);
  });

  it('pending: waits for a running check to complete, then passes', async () => {
    emu.seed.checkRun(sha, { name: 'build', status: 'in_progress' });
    emu.seed.status(sha, { context: 'deploy/preview', state: 'pending' });
    // the checks complete once the gate has seen them pending: when its second poll arrives
    const polls = { method: 'GET', path: new RegExp(`/commits/${sha}/check-runs$`) };
    void emu
      .waitForRequest(polls)
      .then(() => {
        emu.resetRequests(); // the next arrival is the second poll
        return emu.waitForRequest(polls);
      })
      .then(() => {
        const build = emu.state.checkRuns.find((r) => r.head_sha === sha && r.name === 'build')!;
        build.status = 'completed';
        build.conclusion = 'success';
        emu.seed.status(sha, { context: 'deploy/preview', state: 'success' });
      });
    const { out, evidence } = await runGateCommand(CHECKS());
    expect(out.outputs.result).toBe('PASS');
    expect(evidence.details.checks[0].measurements.polls).toBeGreaterThan(1);
    expect(evidence.details.checks[0].detail).toMatch(
      /^2 green on \w{7}: 1 check run, 1 status, after waiting \d+ms$/,
    );
  });

  it('pending beyond wait: fails naming what is still pending', async () => {
    emu.seed.checkRun(sha, { name: 'slow-e2e', status: 'queued' });
    const { out, evidence } = await runGateCommand(CHECKS().replace('wait: 3s', 'wait: 300ms'));
    expect(out.outputs.result).toBe('FAIL');
    expect(evidence.details.checks[0].detail).toMatch(
      /^1 still pending on \w{7} after \d+ms: slow-e2e \(queued\)$/,
    );
  });

  it('none: a commit without checks fails (reported, never silently passed) unless allow_none', async () => {
    const none = await runGateCommand(CHECKS());
    expect(none.out.outputs.result).toBe('FAIL');
    expect(none.evidence.details.checks[0].detail).toMatch(
      /^no check runs or commit statuses on \w{7}: nothing says it is green/,
    );
    const allowed = await runGateCommand(CHECKS(', allow_none: true'));
    expect(allowed.out.outputs.result).toBe('PASS');
  });

  it("ignores the gate's own check run and this job's", async () => {
    emu.seed.checkRun(sha, { name: 'readiness-gate', status: 'completed', conclusion: 'failure' });
    emu.seed.checkRun(sha, { name: 'gate', status: 'in_progress' });
    emu.seed.checkRun(sha, { name: 'build', status: 'completed', conclusion: 'success' });
    const { out, evidence } = await runGateCommand(CHECKS());
    expect(out.outputs.result).toBe('PASS');
    expect(evidence.details.checks[0].measurements.ignored).toEqual(['gate', 'readiness-gate']);
  });

  it('falls back to a commit status when creating the check run is forbidden (403)', async () => {
    emu.seed.checkRun(sha, { name: 'build', status: 'completed', conclusion: 'success' });
    emu.faults.add({ method: 'POST', path: /\/check-runs$/, kind: 'status', status: 403 });
    const { out, evidence, md } = await runGateCommand(CHECKS());
    expect(out.outputs.result).toBe('PASS');
    expect(ownRun()).toEqual([]);
    const status = emu.state.statuses.filter((s) => s.sha === sha && s.context === 'readiness-gate');
    expect(status).toEqual([
      expect.objectContaining({ state: 'success', description: 'PASS: 1/1 checks passed' }),
    ]);
    expect(evidence.details.github).toMatchObject({ kind: 'commit_status' });
    expect(md).toContain('reported commit status "readiness-gate"');
  });
});
