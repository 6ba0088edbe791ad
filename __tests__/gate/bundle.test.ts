import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { startEmulator } from '../../support/github-emulator/index.js';
import { runBundle } from '../helpers/run-bundle.js';
import { serve, removeTempDirs, tempDir } from './real.js';

/** dist/readiness-gate/index.js run as the runner runs it: INPUT_*, GITHUB_OUTPUT, GITHUB_STEP_SUMMARY. */
const SECRET = 'bundle-tenant-a-secret-token';
let svc: { url: string; close: () => Promise<void> };
beforeAll(async () => {
  svc = await serve((req, res) => {
    if (req.url === '/health') return void res.end('{"status":"ok"}');
    res.statusCode = req.headers.authorization === `Bearer ${SECRET}` ? 403 : 401;
    res.end();
  });
});
afterAll(async () => {
  await svc.close();
  removeTempDirs();
});

const withoutMasks = (stdout: string) =>
  stdout
    .split('\n')
    .filter((l) => !l.startsWith('::add-mask::'))
    .join('\n');

function workspace(config: string): string {
  const dir = tempDir('ro-gate-bundle-');
  writeFileSync(path.join(dir, 'release-ops.yml'), config.replaceAll('SVC', svc.url));
  return dir;
}

const CONFIG = `gate:
  checks:
    - { name: health-p95, type: http, url: "SVC/health", samples: 20, concurrency: 2, p95_ms: 2000 }
    - name: tenant-isolation
      type: http
      url: "SVC/tenants/b/stock"
      headers: { Authorization: "Bearer \${TENANT_A_TOKEN}" }
      expect_status: [403, 404]
    - { name: smoke, type: command, run: [node, -e, "console.log('token', process.env.TENANT_A_TOKEN)"] }
`;

describe('readiness-gate bundle', () => {
  it('PASS: outputs, the job summary table with the result last, exit 0, and the secret nowhere', async () => {
    const cwd = workspace(CONFIG);
    const run = await runBundle('readiness-gate', {
      inputs: { config: 'release-ops.yml' },
      env: { TENANT_A_TOKEN: SECRET },
      cwd,
    });
    expect(run.stderr).toBe('');
    expect(run.exitCode).toBe(0);
    expect(run.outputs).toEqual({
      result: 'PASS',
      failed: '',
      'report-path': expect.stringMatching(/^\/.*\/artifacts\/gate_report_\d{8}T\d{6}Z\.json$/),
      sha: '',
    });
    expect(run.summary).toContain('### Go-Live Checklist Summary');
    expect(run.summary).toMatch(/\| health-p95 \| PASS \| [^|]+ \| 20\/20 ok, p95 [\d.]+ ms ≤ 2000 ms \|/);
    expect(run.summary).toMatch(/\| tenant-isolation \| PASS \|/);
    expect(run.summary).toContain('No GitHub token: skipped the PR status check "readiness-gate"');
    expect(run.summary.trimEnd().split('\n').at(-1)).toBe('**Go-live checklist result: PASS** ✅');
    expect(path.dirname(run.outputs['report-path']!)).toBe(path.join(cwd, 'artifacts'));
    const evidence = readFileSync(run.outputs['report-path']!, 'utf8');
    expect(JSON.parse(evidence)).toMatchObject({ command: 'gate', result: 'PASS' });
    // The smoke program printed the secret: it is masked in the evidence and never reaches the outputs.
    expect(JSON.parse(evidence).details.checks[2].output_tail).toEqual(['token ***']);
    // `::add-mask::` is how the runner learns what to mask; every other line must not carry the value.
    expect(run.stdout).toContain(`::add-mask::${SECRET}`);
    for (const text of [
      withoutMasks(run.stdout),
      run.stderr,
      run.summary,
      JSON.stringify(run.outputs),
      evidence,
    ])
      expect(text).not.toContain(SECRET);
  });

  it('FAIL: exit 1, the failed names, and the step failure message', async () => {
    const cwd = workspace(`gate:
  checks:
    - { name: smoke, type: command, run: [node, -e, "process.exit(4)"] }
    - { name: health, type: http, url: "SVC/health" }
    - { name: stuck, type: command, run: [sleep, "30"], timeout: 300ms }
`);
    const run = await runBundle('readiness-gate', { inputs: { config: 'release-ops.yml' }, cwd });
    expect(run.exitCode).toBe(1);
    expect(run.outputs).toMatchObject({ result: 'FAIL', failed: 'smoke,stuck' });
    expect(run.summary).toContain('| smoke | FAIL |');
    expect(run.summary).toContain('| stuck | FAIL (timeout) |');
    expect(run.summary).toContain('timed out after 300ms (process group killed)');
    expect(run.commands).toContainEqual(
      expect.objectContaining({
        command: 'error',
        message: 'Readiness gate FAIL: 2 checks failed (smoke, stuck)',
      }),
    );
    expect(run.summary.trimEnd().split('\n').at(-1)).toBe('**Go-live checklist result: FAIL** ❌');
  });

  it('dry-run: DRY-RUN lines, result DRY-RUN, nothing run or written', async () => {
    const cwd = workspace(
      CONFIG.replace('[node, -e, "console.log(\'token\', process.env.TENANT_A_TOKEN)"]', '[touch, ran]'),
    );
    const run = await runBundle('readiness-gate', {
      inputs: { config: 'release-ops.yml', 'dry-run': 'true' },
      env: { TENANT_A_TOKEN: SECRET },
      cwd,
    });
    expect(run.exitCode).toBe(0);
    expect(run.outputs).toEqual({ result: 'DRY-RUN', failed: '', 'report-path': '', sha: '' });
    expect(run.summary).toContain('- smoke ... DRY-RUN touch ran');
    expect(run.summary).toContain('- tenant-isolation ... DRY-RUN GET');
    expect(run.summary.trimEnd().split('\n').at(-1)).toBe('**Go-live checklist result: DRY-RUN**');
    expect(existsSync(path.join(cwd, 'ran'))).toBe(false);
    expect(existsSync(path.join(cwd, 'artifacts'))).toBe(false);
  });

  it('reports a config error with its file and line', async () => {
    const cwd = workspace('gate:\n  checks:\n    - { name: x, type: http, url: "SVC/health", p95: 120 }\n');
    const run = await runBundle('readiness-gate', { inputs: { config: 'release-ops.yml' }, cwd });
    expect(run.exitCode).toBe(1);
    expect(run.commands).toContainEqual(
      expect.objectContaining({
        command: 'error',
        properties: expect.objectContaining({ file: 'release-ops.yml', line: '3' }),
      }),
    );
  });

  it('with a token, creates the check run on the commit through the GitHub API', async () => {
    const emu = await startEmulator({ owner: 'acme', repo: 'shop' });
    try {
      const sha = emu.seed.commit('feat: gate');
      const cwd = workspace(
        'gate:\n  checks:\n    - { name: smoke, type: command, run: [node, -e, "process.exit(1)"] }\n',
      );
      const run = await runBundle('readiness-gate', {
        inputs: {
          config: 'release-ops.yml',
          'github-token': 'ghs_bundletoken123456',
          'check-name': 'gate/ready',
        },
        env: { GITHUB_API_URL: emu.url, GITHUB_REPOSITORY: 'acme/shop', GITHUB_SHA: sha },
        cwd,
      });
      expect(run.exitCode).toBe(1);
      const created = emu.state.checkRuns.filter((r) => r.head_sha === sha && r.name === 'gate/ready');
      expect(created).toEqual([expect.objectContaining({ conclusion: 'failure' })]);
      expect(created[0]!.output.annotations).toEqual([
        expect.objectContaining({ path: 'release-ops.yml', start_line: 3 }),
      ]);
      expect(run.summary).toContain('Check run "gate/ready" created on');
      expect(withoutMasks(run.stdout) + run.summary).not.toContain('ghs_bundletoken123456');
    } finally {
      await emu.close();
    }
  });
});
