import { describe, expect, it } from '@jest/globals';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { cli, parseOptions } from '../../src/cli/main.js';
import { ROOT } from '../helpers/run-bundle.js';

async function run(argv: string[], files: Record<string, string> = {}, env: Record<string, string> = {}) {
  const cwd = mkdtempSync(path.join(os.tmpdir(), 'ro-cli-'));
  for (const [f, text] of Object.entries(files)) writeFileSync(path.join(cwd, f), text);
  let stdout = '';
  let stderr = '';
  const code = await cli({
    argv,
    env: { PATH: process.env.PATH, OPS_ARTIFACTS_DIR: path.join(cwd, 'artifacts'), ...env },
    cwd,
    stdout: (s) => (stdout += s),
    stderr: (s) => (stderr += s),
  });
  return { code, stdout, stderr };
}

const BAD = `gate:
  checks:
    - { name: a, type: command, run: ["true"], timeout: 5 }
    - { name: b, type: http, url: "http://127.0.0.1:1/x", samples: many }
    - { name: c, type: command, run: ["true"], retrys: 2 }
`;

describe('release-ops CLI', () => {
  it('without a command prints usage and exits 2', async () => {
    const r = await run([]);
    expect(r.code).toBe(2);
    expect(r.stdout).toMatch(/Usage: release-ops <command>/);
    for (const c of ['gate', 'canary', 'promote', 'rollback', 'hotfix', 'schema'])
      expect(r.stdout).toContain(`  ${c}`);
  });

  it('an unknown command or option exits 2 with a readable message', async () => {
    expect((await run(['deploy'])).code).toBe(2);
    const r = await run(['gate', '--no-such-option', 'x']);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('unknown option --no-such-option');
  });

  it('a malformed config gives one line per problem with file:line, exit 2, no stack trace', async () => {
    const r = await run(['gate', '--config', 'ro.yml'], { 'ro.yml': BAD });
    expect(r.code).toBe(2);
    const lines = r.stderr.trim().split('\n');
    expect(lines).toEqual([
      expect.stringMatching(/^ro\.yml:3:\d+ gate\.checks\[0\]\.timeout: expected a duration with a unit/),
      expect.stringMatching(
        /^ro\.yml:4:\d+ gate\.checks\[1\]\.samples: expected number, found the string "many"$/,
      ),
      expect.stringMatching(/^ro\.yml:5:\d+ gate\.checks\[2\]\.retrys: unknown key "retrys"/),
    ]);
    expect(r.stderr).not.toMatch(/\bat .*\.ts:\d+/);
  });

  it('bad YAML and a missing file are config errors too (exit 2)', async () => {
    const r = await run(['gate', '--config', 'ro.yml'], { 'ro.yml': 'gate:\n  checks: [\n' });
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/^ro\.yml:\d+:\d+: YAML /);
    const missing = await run(['gate']);
    expect(missing.code).toBe(2);
    expect(missing.stderr).toContain('.github/release-ops.yml: config file not found');
  });

  it('each command documents its options with --help', async () => {
    for (const c of ['gate', 'canary', 'promote', 'rollback', 'hotfix']) {
      const r = await run([c, '--help']);
      expect(r.code).toBe(0);
      expect(r.stdout).toContain(`Usage: release-ops ${c} [options]`);
      expect(r.stdout).toContain('--dry-run');
      expect(r.stdout).not.toContain('--github-token');
    }
  });

  it('schema prints the JSON Schema', async () => {
    const r = await run(['schema']);
    expect(r.code).toBe(0);
    expect(JSON.parse(r.stdout)).toMatchObject({ type: 'object', properties: { gate: {}, canary: {} } });
  });

  it("schema --evidence prints the evidence files' JSON Schema", async () => {
    const r = await run(['schema', '--evidence']);
    expect(r.code).toBe(0);
    expect(JSON.parse(r.stdout)).toMatchObject({
      $id: 'release-ops/evidence@2',
      properties: { run: { properties: { actor: {}, url: {} } }, tool: {}, build: {}, journal: {} },
    });
    expect((await run(['schema', '--evidnce'])).code).toBe(2);
  });

  it('--summary FILE appends the report as Markdown, pass or fail; $GITHUB_STEP_SUMMARY is the default', async () => {
    const cfg = (ok: boolean) =>
      `gate:\n  checks:\n    - { name: smoke, type: command, run: ["${ok ? 'true' : 'false'}"] }\n`;
    const pass = await run(['gate', '--config', 'ro.yml', '--summary', 'sum.md'], { 'ro.yml': cfg(true) });
    expect(pass.code).toBe(0);
    const dir = mkdtempSync(path.join(os.tmpdir(), 'ro-sum-'));
    const file = path.join(dir, 'step-summary.md');
    writeFileSync(file, '# earlier step\n');
    const fail = await run(
      ['gate', '--config', 'ro.yml'],
      { 'ro.yml': cfg(false) },
      { GITHUB_STEP_SUMMARY: file },
    );
    expect(fail.code).toBe(1);
    const text = readFileSync(file, 'utf8');
    expect(text.startsWith('# earlier step\n')).toBe(true);
    expect(text).toMatch(/smoke/);
    expect(text).toMatch(/\|.*\|/); // the Markdown table, not the terminal rendering
    const explicit = await run(['gate', '--config', 'ro.yml', '--summary=', 'x'], { 'ro.yml': cfg(true) });
    expect(explicit.code).toBe(2);
    expect(explicit.stderr).toMatch(/--summary needs a file/);
  });

  it('public_vars keeps a credential-looking variable readable; secret and public at once is a config error', async () => {
    const cfg = (extra: string) =>
      `${extra}gate:\n  checks:\n    - { name: svc, type: command, run: [sh, -c, 'echo "reached $SVC"; exit 1'], env: { SVC: "\${AUTH_SERVICE_URL}/health" } }\n`;
    const env = { AUTH_SERVICE_URL: 'http://127.0.0.1:1' };
    const masked = await run(['gate', '--config', 'ro.yml'], { 'ro.yml': cfg('') }, env);
    expect(masked.code).toBe(1);
    expect(masked.stdout + masked.stderr).not.toContain('127.0.0.1:1');
    expect(masked.stdout).toContain('***');
    const shown = await run(
      ['gate', '--config', 'ro.yml'],
      { 'ro.yml': cfg('public_vars: [AUTH_SERVICE_URL]\n') },
      env,
    );
    expect(shown.code).toBe(1);
    expect(shown.stdout).toContain('http://127.0.0.1:1/health');
    const both = await run(
      ['gate', '--config', 'ro.yml'],
      { 'ro.yml': cfg('secret_vars: [AUTH_SERVICE_URL]\npublic_vars: [AUTH_SERVICE_URL]\n') },
      env,
    );
    expect(both.code).toBe(2);
    expect(both.stderr).toMatch(/ro\.yml:2.*AUTH_SERVICE_URL is listed in secret_vars too/);
  });

  it('the bundled bin runs (shebang, executable) and exits 2 on bad config', () => {
    const cwd = mkdtempSync(path.join(os.tmpdir(), 'ro-bin-'));
    writeFileSync(path.join(cwd, 'ro.yml'), BAD);
    const r = spawnSync(path.join(ROOT, 'dist/cli/index.js'), ['gate', '--config', 'ro.yml'], {
      cwd,
      encoding: 'utf8',
    });
    expect(r.status).toBe(2);
    expect(r.stderr.trim().split('\n')).toHaveLength(3);
  });
});

describe('parseOptions', () => {
  const specs = { 'rc-tag': { description: '' }, 'dry-run': { description: '', kind: 'boolean' as const } };
  it('maps --name value, --name=value and bare booleans', () => {
    expect(Object.fromEntries(parseOptions(['--rc-tag', 'v1.0.0-rc4', '--dry-run'], specs))).toEqual({
      'rc-tag': 'v1.0.0-rc4',
      'dry-run': 'true',
    });
    expect(Object.fromEntries(parseOptions(['--rc-tag=v1', '--dry-run', 'false'], specs))).toEqual({
      'rc-tag': 'v1',
      'dry-run': 'false',
    });
  });
  it('refuses positional arguments, repeated and valueless options', () => {
    expect(() => parseOptions(['v1'], specs)).toThrow('unexpected argument');
    expect(() => parseOptions(['--rc-tag', 'a', '--rc-tag', 'b'], specs)).toThrow('given twice');
    expect(() => parseOptions(['--rc-tag'], specs)).toThrow('needs a value');
  });
  it('keeps hostile values as plain data', () => {
    const v = parseOptions(['--rc-tag', '$(touch /tmp/pwned); `id`'], specs);
    expect(v.get('rc-tag')).toBe('$(touch /tmp/pwned); `id`');
  });
});
