/**
 * Chain of custody against the GitHub emulator, through the CLI as a user runs it: a tag is resolved
 * before anything runs, gate → canary → GA are bound to one commit, the ledger (GitHub Deployments)
 * says what is live, and a build marked rolled back is refused unless overridden with a reason.
 */
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { existsSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { cli } from '../../src/cli/main.js';
import { createGitHubPort } from '../../src/github/create.js';
import { ledgerPayload, readEnvironment } from '../../src/ledger/ledger.js';
import { silentLogger, type GitHubPort } from '../../src/ports/index.js';
import { startEmulator, type Emulator } from '../../support/github-emulator/index.js';

const TOKEN = 'ghs_custodyToken0123456789';
let emu: Emulator;
let gh: GitHubPort;
let dir: string;
let programLog: string;
let prodSha: string;
let rcSha: string;

/** Appends `<tag> <what>` to the program log: proof of whether a program ran. */
const PROGRAM = `import { appendFileSync } from 'node:fs';
appendFileSync(process.argv[2], process.argv.slice(3).join(' ') + '\\n');
`;

const CONFIG = (log: string) => `
canary:
  deploy: [node, program.mjs, ${JSON.stringify(log)}, "{tag}", "{weight}"]
  rollback: [node, program.mjs, ${JSON.stringify(log)}, "{previous_tag}", rollback]
  steps: [{ weight: 50 }, { weight: 100 }]
promote:
  allow_no_checks: true
  skip_checks: [newer-rc]
rollback:
  run: [node, program.mjs, ${JSON.stringify(log)}, "{to_tag}", restore]
`;

async function run(
  argv: string[],
  extraEnv: Record<string, string> = {},
): Promise<{ code: number; stdout: string; stderr: string }> {
  let stdout = '';
  let stderr = '';
  const prev = process.env.RELEASE_OPS_GITHUB_WAIT_BASE_MS;
  process.env.RELEASE_OPS_GITHUB_WAIT_BASE_MS = '1';
  try {
    const code = await cli({
      argv,
      env: {
        PATH: process.env.PATH,
        GITHUB_TOKEN: TOKEN,
        GITHUB_REPOSITORY: 'acme/shop',
        GITHUB_API_URL: emu.url,
        GITHUB_ACTOR: 'ops-alice',
        ...extraEnv,
      },
      cwd: dir,
      stdout: (s) => (stdout += s),
      stderr: (s) => (stderr += s),
    });
    return { code, stdout, stderr };
  } finally {
    if (prev === undefined) delete process.env.RELEASE_OPS_GITHUB_WAIT_BASE_MS;
    else process.env.RELEASE_OPS_GITHUB_WAIT_BASE_MS = prev;
  }
}

const programRuns = () => (existsSync(programLog) ? readFileSync(programLog, 'utf8').trim().split('\n') : []);
const writes = () => emu.requests.filter((r) => r.method !== 'GET' && r.method !== 'HEAD').length;
const tagOf = (d: { payload: unknown; ref: string }) =>
  (d.payload as { release_ops?: { tag?: string } }).release_ops?.tag ?? d.ref;

beforeAll(async () => {
  emu = await startEmulator({ owner: 'acme', repo: 'shop' });
  prodSha = emu.seed.commit('feat: login');
  emu.seed.release({ tag: 'v1.0.0', sha: prodSha, publishedAt: '2025-12-15T00:00:00Z' });
  rcSha = emu.seed.commit('feat: new checkout');
  emu.seed.release({ tag: 'v1.1.0-rc1', sha: rcSha, prerelease: true, publishedAt: '2026-01-03T00:00:00Z' });
  const rc2 = emu.seed.commit('fix: checkout rounding');
  emu.seed.tag('v1.1.0-rc2', rc2);
  gh = await createGitHubPort({
    token: TOKEN,
    owner: 'acme',
    repo: 'shop',
    baseUrl: emu.url,
    logger: silentLogger,
    retries: 1,
    retryAfterBaseMs: 1,
  });
  // v1.0.0 is live in production, as an earlier release-ops run recorded it
  const d = await gh.createDeployment({
    ref: prodSha,
    environment: 'production',
    payload: ledgerPayload({ kind: 'canary', tag: 'v1.0.0', run_url: null, run_id: null, actor: 'ops-bob' }),
    requiredContexts: [],
  });
  await gh.createDeploymentStatus(d.id, { state: 'success', description: 'promoted: v1.0.0 at 100%' });

  dir = mkdtempSync(path.join(os.tmpdir(), 'ro-custody-'));
  programLog = path.join(dir, 'programs.log');
  writeFileSync(path.join(dir, 'program.mjs'), PROGRAM);
  writeFileSync(path.join(dir, 'release-ops.yml'), CONFIG(programLog));
});
afterAll(async () => {
  await emu.close();
});

describe('build identity before any side effect', () => {
  it('a mistyped tag exits 2 listing the real candidates; no program runs, nothing is written', async () => {
    const before = { writes: writes(), deployments: emu.state.deployments.length };
    const r = await run(['canary', '--config', 'release-ops.yml', '--tag', 'v1.1.0-rc9']);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('no tag v1.1.0-rc9; candidates of 1.1.0: v1.1.0-rc2, v1.1.0-rc1');
    expect(programRuns()).toEqual([]);
    expect({ writes: writes(), deployments: emu.state.deployments.length }).toEqual(before);
    expect(readdirSync(dir).sort()).toEqual(['program.mjs', 'release-ops.yml']);
  });

  it('a tag that starts with "-" or that no git ref can hold is refused the same way', async () => {
    for (const tag of ['--help-me', 'v1.1.0 rc1', 'v1..0']) {
      const r = await run(['canary', '--config', 'release-ops.yml', `--tag=${tag}`]);
      expect(r.code).toBe(2);
      expect(r.stderr).toMatch(/is not a tag name/);
    }
    expect(programRuns()).toEqual([]);
  });

  it('expected-sha: a tag that is not the commit checked earlier is refused before anything runs', async () => {
    const before = writes();
    const canary = await run([
      'canary',
      '--config',
      'release-ops.yml',
      '--tag',
      'v1.1.0-rc1',
      '--expected-sha',
      prodSha,
    ]);
    expect(canary.code).toBe(2);
    expect(canary.stderr).toContain(`v1.1.0-rc1 is commit ${rcSha}, not ${prodSha}: the tag moved`);
    const promote = await run([
      'promote',
      '--config',
      'release-ops.yml',
      '--rc-tag',
      'v1.1.0-rc1',
      '--expected-sha',
      prodSha,
    ]);
    expect(promote.code).toBe(2);
    const gate = await run([
      'gate',
      '--config-inline',
      'gate: { checks: [] }',
      '--tag',
      'v1.1.0-rc1',
      '--expected-sha',
      prodSha,
    ]);
    expect(gate.code).toBe(2);
    expect(programRuns()).toEqual([]);
    expect(writes()).toBe(before);
  });
});

describe('the ledger through canary → GA → rollback, and the refusals', () => {
  it('GitHub (the emulator) refuses a deployment of an unknown ref with 422 "No ref found for"', async () => {
    await expect(
      gh.createDeployment({ ref: 'v1.1.0-rc9', environment: 'production', requiredContexts: [] }),
    ).rejects.toMatchObject({
      status: 422,
      message: expect.stringContaining('No ref found for: v1.1.0-rc9'),
    });
  });

  it('canary of the RC: production on the RC commit; the build it replaced becomes inactive', async () => {
    const r = await run([
      'canary',
      '--config',
      'release-ops.yml',
      '--tag',
      'v1.1.0-rc1',
      '--expected-sha',
      rcSha,
    ]);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain(`sha=${rcSha}\n`);
    // previous tag from the ledger: the build live in production
    expect(r.stderr).toContain('previous-tag not given: v1.0.0 is live in production (ledger)');
    expect(programRuns()).toEqual(['v1.1.0-rc1 50', 'v1.1.0-rc1 100']);
    const view = await readEnvironment(gh, 'production');
    expect(view.live).toMatchObject({ sha: rcSha, tag: 'v1.1.0-rc1', actor: 'ops-alice', kind: 'canary' });
    const old = emu.state.deployments.find((d) => d.sha === prodSha)!;
    expect(old.statuses.at(-1)!.state).toBe('inactive');
  });

  it('promote to GA, then roll back the GA: production is back on the previous build, the RC deployment ends inactive', async () => {
    const p = await run([
      'promote',
      '--config',
      'release-ops.yml',
      '--rc-tag',
      'v1.1.0-rc1',
      '--expected-sha',
      rcSha,
    ]);
    expect(p.code).toBe(0);
    expect(await gh.resolveTagCommit('v1.1.0')).toBe(rcSha);

    const rb = await run([
      'rollback',
      '--config',
      'release-ops.yml',
      '--from',
      'v1.1.0',
      '--reason',
      'error rate 7% over 5%',
    ]);
    expect(rb.code).toBe(0);
    // the canary recorded v1.1.0-rc1: the GA is the same commit, found by sha
    expect(rb.stdout).toMatch(/deployment \d+ of v1.1.0 in production marked inactive/);
    expect(rb.stderr + rb.stdout).toContain('v1.0.0');
    const rcDeployment = emu.state.deployments.find((d) => d.sha === rcSha)!;
    expect(['inactive', 'failure']).toContain(rcDeployment.statuses.at(-1)!.state);
    const view = await readEnvironment(gh, 'production');
    expect(view.live).toMatchObject({ sha: prodSha, tag: 'v1.0.0', kind: 'rollback' });
    expect(programRuns().at(-1)).toBe('v1.0.0 restore');

    // what a user sees: production on the previous build, the GA marked rolled back
    const st = await run(['status', '--json', '--config', 'release-ops.yml']);
    expect(st.code).toBe(0);
    const doc = JSON.parse(st.stdout) as {
      environments: { environment: string; tag: string; sha: string; rolled_back: boolean }[];
      releases: { rolled_back: { tag: string }[] };
    };
    expect(doc.environments).toEqual([
      expect.objectContaining({ environment: 'production', tag: 'v1.0.0', sha: prodSha, rolled_back: false }),
    ]);
    expect(doc.releases.rolled_back.map((r) => r.tag)).toContain('v1.1.0');
  });

  it('canary and promote of the rolled-back build exit 1 naming when, why and the incident; nothing is written', async () => {
    const before = { writes: writes(), runs: programRuns().length };
    const c = await run(['canary', '--config', 'release-ops.yml', '--tag', 'v1.1.0-rc1']);
    expect(c.code).toBe(1);
    expect(c.stderr).toMatch(
      /refused: v1\.1\.0 \([0-9a-f]{12}\) was rolled back at \d{4}-\d\d-\d\d \d\d:\d\d:\d\d UTC: error rate 7% over 5%; v1\.0\.0 was restored; incident http\S+\/issues\/\d+/,
    );
    expect(c.stderr).toContain('allow-rolled-back');
    const p = await run(['promote', '--config', 'release-ops.yml', '--rc-tag', 'v1.1.0-rc1']);
    expect(p.code).toBe(1);
    expect(p.stderr).toContain('refused: v1.1.0');
    expect({ writes: writes(), runs: programRuns().length }).toEqual(before);
  });

  it('rollback will not restore a build marked rolled back on its own', async () => {
    // the ledger's last live build before v1.0.0's restore is the rolled-back RC: it is skipped, and
    // v1.0.0 itself is what is live — rolling it back names the previous stable release instead
    const r = await run([
      'rollback',
      '--config',
      'release-ops.yml',
      '--from',
      'v1.0.0',
      '--dry-run',
      '--reason',
      'drill',
    ]);
    expect(r.stdout + r.stderr).not.toMatch(/would roll back v1\.0\.0 to v1\.1\.0/);
  });

  it('the override ships it, and its reason is recorded on the deployment and in the evidence', async () => {
    const r = await run([
      'canary',
      '--config',
      'release-ops.yml',
      '--tag',
      'v1.1.0-rc1',
      '--allow-rolled-back',
      'fixed by a config change, verified in staging',
    ]);
    expect(r.code).toBe(0);
    const d = emu.state.deployments.at(-1)!;
    expect(tagOf(d)).toBe('v1.1.0-rc1');
    expect(d.payload).toMatchObject({ allow_rolled_back: 'fixed by a config change, verified in staging' });
    const evidence = readdirSync(path.join(dir, 'artifacts')).filter((f) => f.startsWith('canary_report'));
    const last = JSON.parse(readFileSync(path.join(dir, 'artifacts', evidence.sort().at(-1)!), 'utf8')) as {
      details: { custody: { allow_rolled_back: boolean; rolled_back_mark: { tag: string } } };
    };
    expect(last.details.custody).toMatchObject({
      allow_rolled_back: true,
      rolled_back_mark: { tag: 'v1.1.0' },
    });
  });
});

describe('stale deployments', () => {
  it("a deployment an earlier attempt of this run left in_progress is marked error; another run's is left alone", async () => {
    const mk = async (runId: string) => {
      const d = await gh.createDeployment({
        ref: rcSha,
        environment: 'staging',
        payload: ledgerPayload({
          kind: 'canary',
          tag: 'v1.1.0-rc1',
          run_url: null,
          run_id: runId,
          actor: 'ops-bob',
        }),
        requiredContexts: [],
      });
      await gh.createDeploymentStatus(d.id, {
        state: 'in_progress',
        description: 'step 1/2: 50% of traffic',
      });
      return d.id;
    };
    const crashed = await mk('41');
    const running = await mk('99');
    const r = await run(
      [
        'canary',
        '--config',
        'release-ops.yml',
        '--tag',
        'v1.0.0',
        '--environment',
        'staging',
        '--previous-tag',
        'v1.0.0',
      ],
      { GITHUB_RUN_ID: '41' },
    );
    expect(r.code).toBe(0);
    expect(r.stderr).toContain(
      `deployment ${crashed} of v1.1.0-rc1 marked error: left in_progress by an earlier attempt of this run`,
    );
    const state = (id: number) => emu.state.deployments.find((d) => d.id === id)!.statuses.at(-1)!.state;
    expect(state(crashed)).toBe('error');
    // the other run may still be running: not touched (the canary's own success makes it inactive only if it had succeeded)
    expect(state(running)).toBe('in_progress');
  });
});
