/**
 * `release-ops promote` / rc-to-ga: inputs and config → settings → engine → outputs, report, evidence.
 */
import { afterEach, describe, expect, it } from '@jest/globals';
import { existsSync, mkdtempSync, readdirSync, readFileSync, writeFileSync, mkdirSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { FakeClock } from '../../src/adapters/clock.js';
import { cli } from '../../src/cli/main.js';
import { createContext } from '../../src/commands/context.js';
import command from '../../src/commands/promote.js';
import type { Context } from '../../src/commands/types.js';
import { ConfigError, ExternalError } from '../../src/errors.js';
import { evidenceProblems } from '../../src/evidence/envelope.js';
import { silentLogger } from '../../src/ports/index.js';
import { skipList } from '../../src/promote/settings.js';
import { toMarkdown, toTerminal } from '../../src/report/doc.js';
import { runBundle } from '../helpers/run-bundle.js';
import { emuRepo, gaState, NOW, type EmuRepo } from './emulator-repo.js';

const TOKEN = 'ghs_commandtesttoken123';
const open: EmuRepo[] = [];
afterEach(async () => {
  await Promise.all(open.splice(0).map((r) => r.close()));
});

async function setup(opts: Parameters<typeof emuRepo>[0] = {}) {
  const r = await emuRepo(opts);
  open.push(r);
  const dir = mkdtempSync(path.join(os.tmpdir(), 'ro-promote-'));
  const ctxFor = (inputs: Record<string, string>, o: { token?: string } = { token: TOKEN }): Context => {
    const base = createContext({
      host: 'cli',
      specs: command.inputs,
      get: (n) => inputs[n],
      logger: silentLogger,
      env: { GITHUB_REPOSITORY: 'acme/shop', GITHUB_API_URL: r.emu.url },
      cwd: dir,
      signal: new AbortController().signal,
      token: o.token,
    });
    // the emulator-backed port with test-sized waits (the context's own would space writes 1 s apart)
    return { ...base, clock: new FakeClock(NOW), github: async () => (o.token ? r.gh : null) };
  };
  return {
    r,
    dir,
    ctxFor,
    evidence: () =>
      readdirSync(path.join(dir, 'artifacts')).filter((f) => /^promote_report_\d{8}T\d{6}Z\.json$/.test(f)),
    readEvidence: (file: string) => JSON.parse(readFileSync(file, 'utf8')),
  };
}

describe('promote command', () => {
  it('promotes, sets every output, reports preconditions and writes, writes redacted evidence', async () => {
    const { r, dir, ctxFor, evidence } = await setup();
    const out = await command.run(ctxFor({ 'rc-tag': 'v1.0.0-rc4', 'artifacts-dir': 'artifacts' }));
    const ga = gaState(r.emu).published[0]!;
    const files = evidence();
    expect(files).toHaveLength(1);
    expect(out.exitCode).toBe(0);
    expect(out.outputs).toEqual({
      'ga-tag': 'v1.0.0',
      'release-id': String(ga.id),
      'release-url': expect.stringMatching(/\/releases\/tag\/v1\.0\.0$/),
      strategy: 'new-release',
      changed: 'true',
      // absolute, like every command's
      'report-path': path.join(dir, 'artifacts', files[0]!),
    });
    const md = toMarkdown(out.report);
    expect(md).toContain('## rc-to-ga: v1.0.0-rc4 → v1.0.0');
    expect(md).toMatch(/\| commit-checks \| ✅ pass \| commit \w{7}: 2 passed \|/);
    expect(md).toContain('### Writes made');
    expect(md).toMatch(
      /\| 1 \| createTagObject \| tag=v1\.0\.0 object_sha=\w{40} message=\(\d+ characters\) \| done: \w{40} \|/,
    );
    expect(md).toMatch(/\| shop-linux-x64\.tar\.gz \| 300000 \| [0-9a-f]{64} \| copied \|/);
    expect(md).toContain('**Result: promoted v1.0.0-rc4 to v1.0.0');
    expect(md).toContain(`Evidence: ${out.outputs['report-path']}`);
    const text = readFileSync(path.join(dir, 'artifacts', files[0]!), 'utf8');
    expect(text).not.toContain(TOKEN);
    const ev = JSON.parse(text);
    expect(evidenceProblems(ev)).toEqual([]);
    expect(ev).toMatchObject({
      command: 'promote',
      run: { repository: 'acme/shop', dry_run: false },
      build: { tag: 'v1.0.0-rc4', sha: r.rcSha },
      result: 'promoted',
      reason: 'promoted v1.0.0-rc4 to v1.0.0',
      settings: { rc_tag: 'v1.0.0-rc4', strategy: 'new-release' },
      details: { ga_tag: 'v1.0.0', changed: true },
    });
    expect(ev.details.preconditions).toHaveLength(6);
    const writes = ev.journal.filter((e: { kind: string }) => e.kind === 'effect');
    expect(writes.map((w: { name: string; status: string }) => `${w.name}:${w.status}`)).toEqual([
      'createTagObject:done',
      'createRef:done',
      'createRelease:done',
      'uploadReleaseAsset:done',
      'uploadReleaseAsset:done',
      'updateRelease:done',
    ]);

    const again = await command.run(ctxFor({ 'rc-tag': 'v1.0.0-rc4', 'artifacts-dir': 'artifacts' }));
    expect(again.outputs).toMatchObject({
      'ga-tag': 'v1.0.0',
      'release-id': String(ga.id),
      changed: 'false',
    });
    expect(toTerminal(again.report)).toContain('None: everything was already in place.');
    expect(toTerminal(again.report)).toContain('Result: v1.0.0 is already GA: nothing to do');
  });

  it('config gives defaults, inputs override them; a failed precondition exits 1 and says why', async () => {
    const { ctxFor } = await setup();
    const cfg = 'promote:\n  min_soak: 48h\n  strategy: edit-release\n';
    const blocked = await command.run(
      ctxFor({ 'rc-tag': 'v1.0.0-rc4', 'config-inline': cfg, 'artifacts-dir': 'a' }),
    );
    expect(blocked.exitCode).toBe(1);
    expect(blocked.failMessage).toMatch(/^promotion blocked: soak \(published 30h ago .*minimum 48h\)$/);
    expect(blocked.outputs).toMatchObject({ strategy: 'edit-release', changed: 'false', 'release-id': '' });
    expect(toMarkdown(blocked.report)).toContain('**Result: blocked by soak** ❌');

    const ok = await command.run(
      ctxFor({
        'rc-tag': 'v1.0.0-rc4',
        'config-inline': cfg,
        'min-soak': '24h',
        strategy: 'new-release',
        'dry-run': 'true',
        'artifacts-dir': 'a',
      }),
    );
    expect(ok.exitCode).toBe(0);
    expect(ok.outputs).toMatchObject({ strategy: 'new-release', 'ga-tag': 'v1.0.0', changed: 'false' });
    expect(toMarkdown(ok.report)).toContain('### Writes that would be made');

    const skipped = await command.run(
      ctxFor({ 'rc-tag': 'v1.0.0-rc4', 'config-inline': cfg, 'skip-checks': 'soak', 'artifacts-dir': 'a' }),
    );
    expect(skipped.exitCode).toBe(0);
    expect(skipped.outputs).toMatchObject({
      strategy: 'edit-release',
      'ga-tag': 'v1.0.0-rc4',
      changed: 'true',
    });
    expect(toMarkdown(skipped.report)).toMatch(
      /\| soak \| ⏭️ skipped \| skipped by input skip-checks; would fail: published 30h ago/,
    );
    expect(toMarkdown(skipped.report)).toContain('edit-release keeps the tag v1.0.0-rc4');
  });

  it('the config file is optional at its default path, required when named', async () => {
    const { ctxFor, dir } = await setup();
    expect((await command.run(ctxFor({ version: '1.0.0', 'dry-run': 'true' }))).exitCode).toBe(0);
    await expect(command.run(ctxFor({ version: '1.0.0', config: 'ops.yml' }))).rejects.toThrow(
      'config file not found',
    );
    mkdirSync(path.join(dir, '.github'));
    writeFileSync(path.join(dir, '.github/release-ops.yml'), 'promote:\n  strategy: sideways\n');
    await expect(command.run(ctxFor({ version: '1.0.0' }))).rejects.toThrow(
      /release-ops\.yml:2:\d+ promote\.strategy: expected one of "new-release", "edit-release"/,
    );
  });

  it.each([
    [{}, 'input rc-tag: name the release candidate'],
    [{ 'rc-tag': 'v1.0.0-rc4', version: '1.0.0' }, 'input rc-tag: set rc-tag or version, not both'],
    [
      { 'rc-tag': 'v1.0.0-rc4', strategy: 'copy' },
      'input strategy: expected one of new-release, edit-release, found "copy"',
    ],
    [{ 'rc-tag': 'v1.0.0-rc4', 'min-soak': '24' }, 'input min-soak: expected a duration'],
    [{ 'rc-tag': 'v1.0.0-rc4', 'skip-checks': 'ga-tag' }, 'input skip-checks: ga-tag cannot be skipped'],
    [{ 'rc-tag': 'v1.0.0-rc4', 'floating-tags': 'maybe' }, 'input floating-tags: expected true or false'],
    [{ 'rc-tag': 'main' }, 'input rc-tag: expected a release candidate tag such as v1.0.0-rc4, found "main"'],
  ])('refuses %j as an input error', async (inputs, message) => {
    const { ctxFor } = await setup();
    const err = await command.run(ctxFor(inputs)).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ConfigError);
    expect((err as Error).message).toContain(message);
  });

  it('a failure after writes leaves evidence of what was done, then the error stands', async () => {
    const { r, dir, ctxFor, evidence, readEvidence } = await setup();
    // the second asset's download will not match the digest the RC reports
    const rc = r.emu.state.releases.find((x) => x.tag_name === 'v1.0.0-rc4')!;
    r.emu.state.assets.filter((a) => a.release_id === rc.id)[1]!.digest = `sha256:${'0'.repeat(64)}`;
    const err = await command.run(ctxFor({ 'rc-tag': 'v1.0.0-rc4' })).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ExternalError);
    const files = evidence();
    expect(files).toHaveLength(1);
    const ev = readEvidence(path.join(dir, 'artifacts', files[0]!));
    expect(evidenceProblems(ev)).toEqual([]);
    expect(ev).toMatchObject({ result: 'failed', reason: (err as Error).message });
    expect(
      ev.journal
        .filter((e: { kind: string }) => e.kind === 'effect')
        .map((e: { name: string; status: string }) => `${e.name}:${e.status}`),
    ).toEqual([
      'createTagObject:done',
      'createRef:done',
      'createRelease:done',
      'uploadReleaseAsset:done',
      'uploadReleaseAsset:failed',
    ]);
  });

  it('without a token it is a clear input error, before any request', async () => {
    const { r, ctxFor } = await setup();
    const err = await command.run(ctxFor({ 'rc-tag': 'v1.0.0-rc4' }, {})).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ConfigError);
    expect((err as Error).message).toBe(
      'input github-token: a GitHub token is required: export GITHUB_TOKEN (with contents: write) and GITHUB_REPOSITORY',
    );
    expect(r.emu.requests).toEqual([]);
  });
});

describe('skipList', () => {
  it.each([
    [[], false, []],
    [[], true, ['rc-prerelease', 'commit-checks', 'soak', 'newer-rc']],
    [[], ['soak'], ['soak']],
    [['false'], true, []],
    [['none'], ['soak'], []],
    [['true'], false, ['rc-prerelease', 'commit-checks', 'soak', 'newer-rc']],
    [['ALL'], false, ['rc-prerelease', 'commit-checks', 'soak', 'newer-rc']],
    [['soak', 'newer-rc', 'soak'], true, ['soak', 'newer-rc']],
  ] as const)('%j with config %j → %j', (values, config, expected) => {
    expect(skipList([...values], config as never)).toEqual(expected);
  });

  it.each([
    [['rc-release'], 'rc-release cannot be skipped'],
    [
      ['checks'],
      'unknown precondition "checks": expected true, false, or a list of rc-prerelease, commit-checks, soak, newer-rc',
    ],
    [['true', 'soak'], 'unknown precondition "true"'],
  ])('%j is refused', (values, message) => {
    expect(() => skipList(values, false)).toThrow(message);
  });
});

describe('release-ops promote (CLI)', () => {
  it('dry run through GITHUB_TOKEN / GITHUB_REPOSITORY / GITHUB_API_URL: plans, writes nothing, exits 0', async () => {
    const { r, dir } = await setup();
    let stdout = '';
    let stderr = '';
    const code = await cli({
      argv: ['promote', '--version', '1.0.0', '--dry-run', '--floating-tags', '--artifacts-dir', 'out'],
      env: { GITHUB_TOKEN: TOKEN, GITHUB_REPOSITORY: 'acme/shop', GITHUB_API_URL: r.emu.url },
      cwd: dir,
      stdout: (s) => (stdout += s),
      stderr: (s) => (stderr += s),
    });
    expect({ code, stderr: stderr.includes('error') }).toEqual({ code: 0, stderr: false });
    expect(stdout).toContain('rc-to-ga: v1.0.0-rc4 → v1.0.0');
    expect(stdout).toContain('Writes that would be made');
    expect(stdout).toMatch(/8 +createRef +ref=refs\/tags\/v1\.0 sha=\w+…? +planned/);
    expect(stdout).toContain('ga-tag=v1.0.0');
    expect(stdout).not.toContain(TOKEN);
    expect(r.emu.requests.length).toBeGreaterThan(0);
    expect(r.emu.requests.every((q) => q.method === 'GET')).toBe(true);
    // a dry run writes no file: it says which one a run would write
    expect(existsSync(path.join(dir, 'out'))).toBe(false);
    expect(stdout).toMatch(
      /Evidence: none written \(dry run\); a run would write \S+\/out\/promote_report_\d{8}T\d{6}Z\.json/,
    );
    expect(stdout).toContain('report-path=');
    expect(stdout).not.toMatch(/report-path=\S/);
  });

  it('exits 2 on bad input and 1 when blocked', async () => {
    const { r, dir } = await setup();
    const env = { GITHUB_TOKEN: TOKEN, GITHUB_REPOSITORY: 'acme/shop', GITHUB_API_URL: r.emu.url };
    const io = { env, cwd: dir, stdout: () => undefined, stderr: () => undefined };
    expect(
      await cli({ ...io, argv: ['promote', '--rc-tag', 'v1.0.0-rc4', '--skip-checks', 'everything'] }),
    ).toBe(2);
    // an unknown RC tag is a usage error, refused before anything is read or written further
    expect(await cli({ ...io, argv: ['promote', '--rc-tag', 'v1.0.0-rc9', '--dry-run'] })).toBe(2);
  });
});

describe('rc-to-ga action bundle', () => {
  it('runs as the runner runs it: outputs, job summary, and a failed step with a clear message', async () => {
    const { r } = await setup();
    const env = {
      GITHUB_REPOSITORY: 'acme/shop',
      GITHUB_API_URL: r.emu.url,
      OPS_ARTIFACTS_DIR: mkdtempSync(path.join(os.tmpdir(), 'ro-art-')),
    };
    const ok = await runBundle('rc-to-ga', {
      inputs: { 'rc-tag': 'v1.0.0-rc4', strategy: 'edit-release', 'github-token': TOKEN },
      env,
    });
    expect({ exitCode: ok.exitCode, stderr: ok.stderr }).toEqual({ exitCode: 0, stderr: '' });
    expect(ok.outputs).toMatchObject({
      'ga-tag': 'v1.0.0-rc4',
      strategy: 'edit-release',
      changed: 'true',
      'release-url': expect.stringContaining('/releases/tag/v1.0.0-rc4'),
    });
    expect(ok.summary).toContain('### Preconditions');
    const logged = ok.stdout.split('\n').filter((l) => !l.startsWith('::add-mask::'));
    expect(logged.join('\n') + ok.summary).not.toContain(TOKEN);
    expect(ok.summary).toContain('## rc-to-ga: v1.0.0-rc4 → v1.0.0');
    expect(ok.summary).toContain(
      '**Result: promoted v1.0.0-rc4 to GA v1.0.0 in place (the release keeps tag v1.0.0-rc4)',
    );
    expect(r.emu.state.releases.find((x) => x.tag_name === 'v1.0.0-rc4')).toMatchObject({
      prerelease: false,
      name: 'v1.0.0',
    });

    const noToken = await runBundle('rc-to-ga', {
      inputs: { 'rc-tag': 'v1.0.0-rc4', 'github-token': '' },
      env,
    });
    expect(noToken.exitCode).toBe(1);
    expect(noToken.commands.find((c) => c.command === 'error')?.message).toContain(
      'a GitHub token is required: pass github-token',
    );
  });
});
