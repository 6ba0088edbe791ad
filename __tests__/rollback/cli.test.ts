import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { cli } from '../../src/cli/main.js';
import hotfixCommand from '../../src/commands/hotfix.js';
import { createContext } from '../../src/commands/context.js';
import { evidenceProblems } from '../../src/evidence/envelope.js';
import { startSampleService, type SampleService } from '../../support/sample-service/index.js';
import { flow, RecordingLogger } from './helpers.js';
import { world } from './world.js';

let sample: SampleService;
beforeAll(async () => {
  sample = await startSampleService({ version: 'v1.1.0' });
});
afterAll(async () => {
  await sample.close();
});

async function run(argv: string[], config: string, env: Record<string, string> = {}) {
  const cwd = mkdtempSync(path.join(os.tmpdir(), 'ro-rollback-cli-'));
  writeFileSync(path.join(cwd, 'ro.yml'), config);
  let stdout = '';
  let stderr = '';
  const code = await cli({
    argv,
    env: { PATH: process.env.PATH, OPS_ARTIFACTS_DIR: path.join(cwd, 'artifacts'), ...env },
    cwd,
    stdout: (s) => (stdout += s),
    stderr: (s) => (stderr += s),
  });
  return { code, stdout, stderr, cwd };
}

const config = (program: string[]) => `rollback:
  run: ${flow(program)}
  verify:
    interval: 100ms
    window: 300ms
    metrics:
      - { name: health, provider: http, url: "${sample.url}/health", samples: 2, conditions: ["error_rate_pct == 0"], consecutive_failures: 1 }
`;
const fixes = () => [
  process.execPath,
  '-e',
  `fetch(process.argv[1], { method: 'POST', body: JSON.stringify({ reset: true, version: process.env.RELEASE_OPS_TO_TAG }) })`,
  `${sample.url}/control`,
];
const doesNothing = () => [process.execPath, '-e', 'process.exit(0)', '{to_tag}'];

describe('release-ops rollback (CLI, no GitHub token)', () => {
  it('--dry-run prints every program and check it would run, exit 0, no evidence', async () => {
    const r = await run(
      [
        'rollback',
        '--config',
        'ro.yml',
        '--from',
        'v1.1.0',
        '--to',
        'v1.0.0',
        '--reason',
        'bad deploy',
        '--dry-run',
      ],
      config(doesNothing()),
    );
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('DRY-RUN RUN');
    expect(r.stdout).toContain(
      "-e 'process.exit(0)' v1.0.0 (env RELEASE_OPS_TO_TAG=v1.0.0 RELEASE_OPS_FROM_TAG=v1.1.0",
    );
    expect(r.stdout).toContain('DRY-RUN VERIFY every 100ms for 300ms');
    expect(r.stdout).toMatch(/Result: dry-run/);
    // a dry run writes nothing, and says what it would write
    expect(() => readdirSync(path.join(r.cwd, 'artifacts'))).toThrow();
    expect(r.stdout).toMatch(/a run would write \S*artifacts\/rollback_report_\d{8}T\d{6}Z\.json/);
  });

  it('exits 0 when rolled back and verified', async () => {
    sample.inject({ errorRatePct: 100 });
    const r = await run(
      ['rollback', '--config', 'ro.yml', '--from', 'v1.1.0', '--to', 'v1.0.0', '--reason', 'checkout 500s'],
      config(fixes()),
    );
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/Result: rolled-back/);
    expect(r.stdout).toContain('rolled-back=true');
    expect(sample.version).toBe('v1.0.0');
    expect(readdirSync(path.join(r.cwd, 'artifacts'))).toEqual([
      expect.stringMatching(/^rollback_report_\d{8}T\d{6}Z\.json$/),
    ]);
    // the log says where the evidence went, as every runbook's does
    expect(r.stderr).toMatch(/evidence: \S*artifacts\/rollback_report_\d{8}T\d{6}Z\.json/);
  });

  it('exits 1, loudly, when the verification fails', async () => {
    sample.inject({ errorRatePct: 100 });
    const r = await run(
      ['rollback', '--config', 'ro.yml', '--from', 'v1.1.0', '--to', 'v1.0.0', '--reason', 'x'],
      config(doesNothing()),
    );
    expect(r.code).toBe(1);
    expect(r.stdout).toMatch(/Result: rollback-failed/);
    expect(r.stderr).toMatch(
      /rollback rollback-failed: ROLLBACK FAILED: v1.0.0 was redeployed but its health did not verify/,
    );
    sample.reset();
  });

  it('without a token the tags must be named (exit 2), and --help documents the options', async () => {
    const r = await run(['rollback', '--config', 'ro.yml', '--reason', 'x'], config(doesNothing()));
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/input from: without a GitHub token/);
    const help = await run(['rollback', '--help'], '');
    for (const o of [
      '--mode rollback|watch',
      '--from TAG',
      '--to TAG|rc',
      '--reason TEXT',
      '--impact TEXT',
      '--severity critical|high|medium|low',
      '--strategy',
      '--hypercare-window WINDOW|auto',
      '--hotfix',
      '--webhook-url URL',
    ]) {
      expect(help.stdout).toContain(o);
    }
  });

  it('hotfix --dry-run computes the next patch without a token', async () => {
    const r = await run(['hotfix', '--from', 'v1.0.1', '--dry-run'], '');
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('hotfix-branch=hotfix/1.0.2');
    expect(r.stdout).toContain('hotfix-version=1.0.2');
    // a dry run writes no evidence and its log says which file a run would write
    expect(r.stderr).toMatch(
      /dry run: no evidence written \(a run would write \S*artifacts\/hotfix_report_\d{8}T\d{6}Z\.json\)/,
    );
  });
});

describe('release-ops hotfix (GitHub emulator)', () => {
  it('creates hotfix/<next patch> from the production tag (the latest release by default), idempotently', async () => {
    const w = await world();
    try {
      const runHotfix = async (inputs: Record<string, string>) => {
        const ctx = createContext({
          host: 'cli',
          specs: hotfixCommand.inputs,
          get: (n) => inputs[n],
          logger: new RecordingLogger(),
          env: { GITHUB_REPOSITORY: 'acme/shop', OPS_ARTIFACTS_DIR: path.join(w.dir, 'artifacts') },
          cwd: w.dir,
          signal: new AbortController().signal,
        });
        return hotfixCommand.run({ ...ctx, github: async () => w.gh });
      };
      const dry = await runHotfix({ 'dry-run': 'true' });
      expect(dry.outputs).toEqual({ 'hotfix-branch': 'hotfix/1.1.1', 'hotfix-version': '1.1.1' });
      expect(w.emu.state.refs.has('refs/heads/hotfix/1.1.1')).toBe(false);
      const first = await runHotfix({});
      expect(first.outputs).toEqual({ 'hotfix-branch': 'hotfix/1.1.1', 'hotfix-version': '1.1.1' });
      const tagCommit = await w.gh.resolveTagCommit('v1.1.0');
      expect(w.emu.state.refs.get('refs/heads/hotfix/1.1.1')).toBe(tagCommit);
      // the evidence: the shared envelope around the branch (the dry run wrote none)
      const files = readdirSync(path.join(w.dir, 'artifacts')).filter((f) => f.startsWith('hotfix_report_'));
      expect(files).toHaveLength(1);
      const evidence = JSON.parse(readFileSync(path.join(w.dir, 'artifacts', files[0]!), 'utf8'));
      expect(evidenceProblems(evidence)).toEqual([]);
      expect(evidence).toMatchObject({
        command: 'hotfix',
        result: 'created',
        build: { tag: 'v1.1.0', sha: tagCommit },
        details: { branch: 'hotfix/1.1.1', version: '1.1.1', tag: 'v1.1.1' },
      });
      const again = await runHotfix({ from: 'v1.1.0' });
      expect(again.exitCode).toBe(0);
      expect(JSON.stringify(again.report)).toContain('already exists');
      const older = await runHotfix({ from: 'v0.9.0' });
      expect(older.outputs['hotfix-branch']).toBe('hotfix/0.9.1');
    } finally {
      await w.close();
    }
  });
});
