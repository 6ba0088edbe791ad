import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { FakeClock } from '../../src/adapters/clock.js';
import gate, { inputs } from '../../src/commands/gate.js';
import { createContext } from '../../src/commands/context.js';
import type { Context } from '../../src/commands/types.js';
import { ConfigError } from '../../src/errors.js';
import { evidenceProblems } from '../../src/evidence/envelope.js';
import { toMarkdown, toTerminal } from '../../src/report/doc.js';
import type { GitHubPort, Logger } from '../../src/ports/index.js';
import { startEmulator, type Emulator } from '../../support/github-emulator/index.js';
import { portOn } from '../release/emulator-repo.js';
import { serve, removeTempDirs, tempDir } from './real.js';

const SECRET = 'tenant-a-very-secret-token';
let svc: { url: string; close: () => Promise<void> };
let emu: Emulator;
beforeAll(async () => {
  emu = await startEmulator({ owner: 'acme', repo: 'shop' });
  svc = await serve((req, res) => {
    if (req.url === '/health') return void res.end('{"status":"ok"}');
    res.statusCode = req.headers.authorization === `Bearer ${SECRET}` ? 403 : 401;
    res.end();
  });
});
afterAll(async () => {
  await svc.close();
  await emu.close();
  removeTempDirs();
});

/** A workspace with the config file, and a Context over it like the CLI builds one. */
function workspace(
  config: string,
  opts: { inputs?: Record<string, string>; env?: Record<string, string>; github?: GitHubPort | null } = {},
) {
  const dir = tempDir('ro-gate-cmd-');
  writeFileSync(path.join(dir, 'release-ops.yml'), config.replaceAll('SVC', svc.url));
  const logged: string[] = [];
  const logger: Logger = {
    info: (m) => logged.push(m),
    warn: (m) => logged.push(m),
    error: (m) => logged.push(m),
    debug: () => {},
  };
  const values: Record<string, string> = { config: 'release-ops.yml', ...opts.inputs };
  const base = createContext({
    host: 'cli',
    specs: inputs,
    get: (n) => values[n],
    logger,
    env: { PATH: process.env.PATH, TENANT_A_TOKEN: SECRET, ...opts.env },
    cwd: dir,
    signal: new AbortController().signal,
  });
  const ctx: Context = opts.github !== undefined ? { ...base, github: async () => opts.github! } : base;
  return { dir, ctx, logged };
}

const PASSING = `gate:
  checks:
    - { name: health-p95, type: http, url: "SVC/health", samples: 10, p95_ms: 2000 }
    - name: tenant-isolation
      type: http
      url: "SVC/tenants/b/stock"
      headers: { Authorization: "Bearer \${TENANT_A_TOKEN}" }
      expect_status: [403, 404]
    - { name: smoke, type: command, run: [node, -e, "console.log('ok')"] }
`;

const FAILING = `gate:
  concurrency: 2
  checks:
    - { name: smoke, type: command, run: [node, -e, "console.log('Bearer ${SECRET}'); process.exit(1)"] }
    - { name: health, type: http, url: "SVC/health" }
    - name: leaky
      type: http
      url: "SVC/tenants/b/stock"
      headers: { Authorization: "Bearer \${TENANT_A_TOKEN}" }
    - { name: docs, type: command, run: [node, -e, "process.exit(2)"], severity: warning }
`;

/** The one evidence file: valid against the published schema; the gate's own facts are its details. */
function evidence(dir: string): any {
  const files = readdirSync(path.join(dir, 'artifacts'));
  expect(files).toHaveLength(1);
  expect(files[0]).toMatch(/^gate_report_\d{8}T\d{6}Z\.json$/);
  const ev = JSON.parse(readFileSync(path.join(dir, 'artifacts', files[0]!), 'utf8'));
  expect(evidenceProblems(ev)).toEqual([]);
  return ev;
}

describe('gate command', () => {
  it('an evidence directory that cannot be made is a warning: the result, outputs and report stand', async () => {
    const { dir, ctx, logged } = workspace(PASSING, { inputs: { 'artifacts-dir': 'in-the-way/evidence' } });
    writeFileSync(path.join(dir, 'in-the-way'), 'a file, not a directory\n');
    const out = await gate.run(ctx);
    expect(out.exitCode).toBe(0);
    expect(out.outputs).toEqual({ result: 'PASS', failed: '', 'report-path': '', sha: '' });
    expect(out.report.blocks.at(-1)).toMatchObject({ kind: 'result', value: 'PASS' });
    expect(toMarkdown(out.report)).not.toContain('Evidence');
    expect(
      logged.filter((l) => /cannot write the evidence file .*\(ENOTDIR\).*its outcome stands/.test(l)),
    ).toHaveLength(1);
    expect(logged.some((l) => l.startsWith('Evidence written'))).toBe(false);
  });

  it('PASS: outputs, the checklist table with the result last, and evidence without the secret', async () => {
    const { dir, ctx, logged } = workspace(PASSING);
    const out = await gate.run(ctx);
    expect(out.exitCode).toBe(0);
    expect(out.outputs).toEqual({
      result: 'PASS',
      failed: '',
      // absolute, like every command's
      'report-path': expect.stringMatching(/^\/.*\/artifacts\/gate_report_\d{8}T\d{6}Z\.json$/),
      // no sha input, no tag, no GITHUB_SHA: the gate checked no particular commit
      sha: '',
    });
    expect(path.dirname(out.outputs['report-path']!)).toBe(path.join(dir, 'artifacts'));
    expect(existsSync(out.outputs['report-path']!)).toBe(true);

    const md = toMarkdown(out.report);
    expect(md).toContain('### Go-Live Checklist Summary');
    expect(md).toContain('| Check | Result | Duration | Detail |');
    expect(md).toMatch(/\| health-p95 \| PASS \| \d+m?s \| 10\/10 ok, p95 [\d.]+ ms ≤ 2000 ms \|/);
    expect(md).toMatch(/\| tenant-isolation \| PASS \| .* \| status 403 in [\d.]+ ms \|/);
    expect(md).toContain('No GitHub token: skipped the PR status check "readiness-gate"');
    expect(out.report.blocks.at(-1)).toEqual({
      kind: 'result',
      label: 'Go-live checklist result',
      value: 'PASS',
      ok: true,
    });
    expect(md.trimEnd().split('\n').at(-1)).toBe('**Go-live checklist result: PASS** ✅');

    const ev = evidence(dir);
    expect(ev).toMatchObject({
      command: 'gate',
      result: 'PASS',
      build: { sha: null },
      settings: { config_file: 'release-ops.yml' },
      details: { failed: [] },
    });
    expect(ev.journal.map((e: { kind: string; name: string }) => `${e.kind} ${e.name}`)).toEqual([
      'step checks',
      'decision PASS',
      'step report on the commit',
    ]);
    expect(ev.details.github).toMatchObject({ kind: 'skipped' });
    const [health, iso, smoke] = ev.details.checks;
    expect(health).toMatchObject({
      name: 'health-p95',
      verdict: 'pass',
      config_line: 3,
      settings: { samples: 10, p95_ms: 2000 },
    });
    expect(health.measurements.samples).toHaveLength(10);
    expect(health.attempts).toHaveLength(1);
    expect(typeof health.duration_ms).toBe('number');
    expect(iso).toMatchObject({
      settings: { headers: [{ name: 'Authorization', value: '***' }] },
      config_line: 4,
    });
    expect(smoke).toMatchObject({ verdict: 'pass', measurements: { exit_code: 0 } });

    const everything = [
      readFileSync(out.outputs['report-path']!, 'utf8'),
      md,
      toTerminal(out.report),
      JSON.stringify(out.outputs),
      logged.join('\n'),
    ].join('\n');
    expect(everything).not.toContain(SECRET);
  });

  it('FAIL: exit 1, failed names, warnings shown, command output tail redacted', async () => {
    const { dir, ctx } = workspace(FAILING);
    const out = await gate.run(ctx);
    expect(out.exitCode).toBe(1);
    expect(out.outputs).toMatchObject({ result: 'FAIL', failed: 'smoke,leaky' });
    expect(out.failMessage).toBe('Readiness gate FAIL: 2 checks failed (smoke, leaky)');
    const md = toMarkdown(out.report);
    expect(md).toContain('| smoke | FAIL |');
    expect(md).toContain('| leaky | FAIL |');
    expect(md).toContain('status 403, expected 200');
    expect(md).toContain('| docs | WARN |');
    expect(md).toContain('#### smoke: last 1 lines of output');
    expect(md).toContain('Bearer ***');
    expect(md.trimEnd().split('\n').at(-1)).toBe('**Go-live checklist result: FAIL** ❌');
    const ev = evidence(dir);
    expect(ev).toMatchObject({ result: 'FAIL', details: { failed: ['smoke', 'leaky'], warned: ['docs'] } });
    expect(ev.details.checks[0]).toMatchObject({ verdict: 'fail', output_tail: ['Bearer ***'] });
    expect(JSON.stringify(ev) + md).not.toContain(SECRET);
  });

  it('dry-run: validates, lists DRY-RUN <what it would run> per check, runs and writes nothing', async () => {
    const { dir, ctx } = workspace(
      `gate:
  checks:
    - { name: smoke, type: command, run: [touch, ran] }
    - { name: tenant-isolation, type: http, url: "SVC/tenants/b/stock", headers: { Authorization: "Bearer \${TENANT_A_TOKEN}" }, expect_status: [403] }
    - { name: no-friday-deploys, type: freeze, timezone: Europe/Madrid, deny: [{ days: [fri] }] }
`,
      { inputs: { 'dry-run': 'true' } },
    );
    const out = await gate.run(ctx);
    expect(out).toMatchObject({ exitCode: 0, outputs: { result: 'DRY-RUN', failed: '', 'report-path': '' } });
    const text = toTerminal(out.report);
    expect(text).toContain('smoke ... DRY-RUN touch ran');
    expect(text).toContain(`tenant-isolation ... DRY-RUN GET ${svc.url}/tenants/b/stock, expect status 403`);
    expect(text).toContain('no-friday-deploys ... DRY-RUN freeze: deny fri (Europe/Madrid)');
    expect(text.trimEnd().split('\n').at(-1)).toBe('Go-live checklist result: DRY-RUN');
    expect(text).toMatch(
      /Nothing was run and no evidence was written \(a run would write \/\S+\/artifacts\/gate_report_\d{8}T\d{6}Z\.json\)/,
    );
    expect(existsSync(path.join(dir, 'ran'))).toBe(false);
    expect(existsSync(path.join(dir, 'artifacts'))).toBe(false);
    expect(text).not.toContain(SECRET);
  });

  it('records a freeze override by a critical hotfix in the report and the evidence', async () => {
    const { dir, ctx } = workspace(
      'gate:\n  checks:\n    - { name: no-friday-deploys, type: freeze, timezone: Europe/Madrid, deny: [{ days: [fri] }] }\n',
      { inputs: { 'freeze-override': 'critical' } },
    );
    const clock = new FakeClock(Date.UTC(2026, 0, 9, 15, 5));
    const out = await gate.run({ ...ctx, clock });
    expect(out.outputs.result).toBe('PASS');
    const md = toMarkdown(out.report);
    expect(md).toContain('#### Freeze overrides');
    expect(md).toContain(
      'no-friday-deploys: deny window fri at Fri 16:05 Europe/Madrid overridden by a severity critical hotfix (2026-01-09T15:05:00.000Z)',
    );
    const ev = evidence(dir);
    expect(ev.settings.freeze_override).toBe('critical');
    expect(ev.details.overrides).toEqual([
      {
        check: 'no-friday-deploys',
        severity: 'critical',
        windows: ['fri'],
        at: '2026-01-09T15:05:00.000Z',
        local_time: 'Fri 16:05 Europe/Madrid',
      },
    ]);
    expect(readdirSync(path.join(dir, 'artifacts'))).toEqual(['gate_report_20260109T150500Z.json']);
  });

  it('refuses a config without gate:, a bad sha and an unknown freeze-override severity', async () => {
    await expect(gate.run(workspace('version: 1\n').ctx)).rejects.toThrow(
      /release-ops.yml:1:1: has no gate: section/,
    );
    await expect(gate.run(workspace(PASSING, { inputs: { sha: 'main' } }).ctx)).rejects.toThrow(ConfigError);
    await expect(
      gate.run(workspace(PASSING, { inputs: { 'freeze-override': 'urgent' } }).ctx),
    ).rejects.toThrow('input freeze-override: expected one of low, medium, high, critical, found "urgent"');
  });

  it('reports a check run with annotations on the config lines of failed checks', async () => {
    const sha = emu.seed.commit('feat: checkout');
    const github = await portOn(emu);
    const { dir, ctx } = workspace(FAILING, { inputs: { 'check-name': 'pre-deploy', sha }, github });
    const out = await gate.run(ctx);
    const created = emu.state.checkRuns.filter((c) => c.head_sha === sha);
    expect(created).toHaveLength(1);
    const run = created[0]!;
    expect(run).toMatchObject({
      name: 'pre-deploy',
      status: 'completed',
      conclusion: 'failure',
      output: { title: 'FAIL: 1/4 checks passed; failed: smoke, leaky; warnings: docs' },
    });
    expect(run.output.summary).toContain('| smoke | FAIL |');
    expect(run.output.summary).not.toContain(SECRET);
    expect(run.output.annotations).toEqual([
      expect.objectContaining({
        path: 'release-ops.yml',
        start_line: 4,
        end_line: 4,
        annotation_level: 'failure',
        title: 'smoke (command): FAIL',
      }),
      expect.objectContaining({
        path: 'release-ops.yml',
        start_line: 6,
        annotation_level: 'failure',
        message: 'status 403, expected 200',
      }),
      expect.objectContaining({
        path: 'release-ops.yml',
        start_line: 10,
        annotation_level: 'warning',
        title: 'docs (command): WARN',
      }),
    ]);
    expect(toMarkdown(out.report)).toMatch(
      new RegExp(`Check run "pre-deploy" created on ${sha.slice(0, 7)} \\(3 annotations\\): \\S+`),
    );
    const ev = evidence(dir);
    expect(ev.details.github).toMatchObject({ kind: 'check_run', id: run.id, name: 'pre-deploy', sha });
    expect(ev.journal.find((e: { kind: string }) => e.kind === 'effect')).toMatchObject({
      name: 'createCheckRun',
      status: 'done',
      data: { args: { name: 'pre-deploy', head_sha: sha } },
    });
  });

  it('falls back to a commit status when the token may not create check runs (403)', async () => {
    const sha = emu.seed.commit('feat: checkout');
    const fault = emu.faults.add({ method: 'POST', path: /\/check-runs$/, kind: 'status', status: 403 });
    try {
      const github = await portOn(emu);
      const { dir, ctx } = workspace(PASSING, { inputs: { sha }, github });
      const out = await gate.run(ctx);
      expect(emu.state.checkRuns.filter((c) => c.head_sha === sha)).toEqual([]);
      expect(
        emu.state.statuses
          .filter((x) => x.sha === sha)
          .map((x) => ({ state: x.state, context: x.context, description: x.description })),
      ).toEqual([{ state: 'success', context: 'readiness-gate', description: 'PASS: 3/3 checks passed' }]);
      expect(toMarkdown(out.report)).toContain(
        `reported commit status "readiness-gate" on ${sha.slice(0, 7)} instead`,
      );
      expect(evidence(dir).details.github).toMatchObject({
        kind: 'commit_status',
        check_run_error: expect.stringContaining('403'),
      });
    } finally {
      fault.remove();
    }
  });

  it('reports on the pull request head, not the merge commit', async () => {
    const head = emu.seed.commit('feat: the pull request');
    const merge = emu.seed.commit('Merge the pull request');
    const github = await portOn(emu);
    const { dir, ctx } = workspace(PASSING, { github });
    const eventPath = path.join(dir, 'event.json');
    writeFileSync(eventPath, JSON.stringify({ pull_request: { head: { sha: head } } }));
    const pr = {
      ...ctx,
      env: { ...ctx.env, GITHUB_EVENT_PATH: eventPath },
      run: { ...ctx.run, eventName: 'pull_request', sha: merge },
    };
    const out = await gate.run(pr);
    expect(out.outputs.sha).toBe(head);
    expect(emu.state.checkRuns.filter((c) => c.name === 'readiness-gate').map((c) => c.head_sha)).toEqual([
      head,
    ]);
  });

  it('without a token, says which GitHub parts were skipped and fails github-checks with a clear message', async () => {
    const { ctx } = workspace(
      'gate:\n  checks:\n    - { name: ci, type: github-checks, wait: 0s }\n    - { name: ok, type: command, run: [node, -e, "0"] }\n',
    );
    const out = await gate.run(ctx);
    expect(out.outputs).toMatchObject({ result: 'FAIL', failed: 'ci' });
    const md = toMarkdown(out.report);
    expect(md).toContain(
      'No GitHub token: skipped the PR status check "readiness-gate"; github-checks failed: ci',
    );
    expect(md).toMatch(
      /\| ci \| FAIL \| \d+m?s \| needs the GitHub API but no token was given: set input github-token/,
    );
    expect(md).toContain('| ok | PASS |');
  });
});
