/**
 * Regression tests for the bugs the hardening suite found and fixed in src/ (one block per fix; the
 * fault, injection, secret and corpus tests cover them end to end too).
 */
import { afterAll, describe, expect, it } from '@jest/globals';
import { mkdtempSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { PassThrough } from 'node:stream';
import { FakeClock } from '../../src/adapters/clock.js';
import { fileSystem } from '../../src/adapters/fs.js';
import { cli } from '../../src/cli/main.js';
import { COMMON_INPUTS, Inputs } from '../../src/commands/inputs.js';
import { parseDuration } from '../../src/config/duration.js';
import { parseConfig } from '../../src/config/load.js';
import { ConfigError, ExternalError } from '../../src/errors.js';
import { Redactor, redactingCalls } from '../../src/evidence/redact.js';
import { artifactsDir, writeEvidence } from '../../src/evidence/write.js';
import { Notifier } from '../../src/notify/index.js';
import type { HttpRequest } from '../../src/ports/index.js';
import { silentLogger } from '../../src/ports/index.js';
import { promote } from '../../src/promote/run.js';
import type { PromoteSettings } from '../../src/promote/settings.js';
import { acquireLock } from '../../src/rollback/lock.js';
import { startEmulator } from '../../support/github-emulator/index.js';
import { startLossyProxy } from './lib/lossy-proxy.js';
import { openWorld, port, removeWorkspaces } from './lib/world.js';

afterAll(() => removeWorkspaces());

describe('src/evidence/write.ts: an evidence directory that cannot be written is an ExternalError', () => {
  const deps = { fs: fileSystem, clock: new FakeClock(Date.UTC(2026, 0, 5)), redactor: new Redactor() };
  it('a file in the way (EEXIST / ENOTDIR), with a hint', async () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'ro-reg-'));
    writeFileSync(path.join(dir, 'file'), 'x');
    for (const target of [path.join(dir, 'file'), path.join(dir, 'file', 'sub')]) {
      const err = await writeEvidence(deps, { dir: target, prefix: 'gate_report', data: {} }).catch(
        (e: unknown) => e,
      );
      expect(err).toBeInstanceOf(ExternalError);
      expect((err as Error).message).toMatch(
        /cannot write the evidence file .* \((EEXIST|ENOTDIR)\) — set artifacts-dir/,
      );
    }
  });
  it('a NUL in the directory is a ConfigError naming where it came from', () => {
    expect(() => artifactsDir({}, 'out\0x')).toThrow(
      ConfigError.input('artifacts-dir', 'contains a NUL character, which no path may hold'),
    );
    expect(() => artifactsDir({ OPS_ARTIFACTS_DIR: 'a\0' })).toThrow(
      /environment OPS_ARTIFACTS_DIR: contains a NUL/,
    );
    expect(artifactsDir({ OPS_ARTIFACTS_DIR: '/tmp/e' })).toBe('/tmp/e');
  });
});

describe('src/config/duration.ts: 0 needs no unit', () => {
  it('the number 0 (YAML `pause: 0`) is zero; other bare numbers are still refused', () => {
    expect(parseDuration(0)).toEqual({ ms: 0 });
    expect(parseDuration(5)).toEqual({ error: expect.stringContaining('bare number 5') });
    const { config } = parseConfig(
      'canary:\n  deploy: [x]\n  steps: [{ weight: 100, pause: 0 }]\npromote: { min_soak: 0 }\n',
      'f.yml',
    );
    expect(config.canary!.steps[0]!.pause).toBe(0);
    expect(config.promote!.min_soak).toBe(0);
    expect(() =>
      parseConfig('canary:\n  deploy: [x]\n  steps: [{ weight: 100 }]\n  program_timeout: 0\n', 'f.yml'),
    ).toThrow(/program_timeout: expected a duration greater than zero/);
  });
});

describe('src/commands/inputs.ts: single-line inputs refuse line breaks and control characters', () => {
  const specs = {
    ...COMMON_INPUTS,
    tag: { description: 't' },
    reason: { description: 'r', multiline: true },
  };
  const inputs = (v: Record<string, string>) => new Inputs(specs, (n) => v[n]);
  it('a line break in a tag is a ConfigError (it would be a workflow command in the log)', () => {
    expect(() => inputs({ tag: 'v1\n::set-output name=result::x' }).string('tag')).toThrow(
      ConfigError.input('tag', 'must be a single line of text, found a line break (U+000A)'),
    );
    expect(() => inputs({ tag: 'v1\u0000' }).string('tag')).toThrow(/found a control character \(U\+0000\)/);
    expect(() => inputs({ tag: 'v1\u2028x' }).enum('tag')).toThrow(/single line/);
    expect(inputs({ tag: ' v1.0.0\t' }).string('tag')).toBe('v1.0.0');
  });
  it('config-inline and free text may span lines', () => {
    expect(inputs({ 'config-inline': 'gate:\n  checks: []' }).string('config-inline')).toBe(
      'gate:\n  checks: []',
    );
    expect(inputs({ reason: 'a\nb' }).string('reason')).toBe('a\nb');
  });
});

describe('src/commands/canary.ts, rollback.ts: a malformed webhook URL is refused before it becomes a secret', () => {
  it('the message is not garbled by masking', async () => {
    // each with a valid config, so that the URL is what is refused
    for (const argv of [
      [
        'canary',
        '--tag',
        'v1',
        '--webhook-url',
        'http://',
        '--config-inline',
        'canary: { deploy: [x], steps: [{ weight: 100 }] }',
      ],
      ['rollback', '--from', 'v1', '--webhook-url', 'http://', '--config-inline', '{}'],
    ]) {
      const cmd = argv[0];
      let err = '';
      const code = await cli({
        argv,
        env: { PATH: process.env.PATH },
        cwd: os.tmpdir(),
        stdout: () => undefined,
        stderr: (s) => (err += s),
      });
      expect({ cmd, code, err: err.trim() }).toEqual({
        cmd,
        code: 2,
        err: 'input webhook-url: expected an http:// or https:// URL',
      });
    }
  });
});

describe('src/cli/main.ts: no command is a usage error on stderr', () => {
  it('`release-ops ""` says so on stderr (usage still on stdout)', async () => {
    let out = '';
    let err = '';
    const code = await cli({
      argv: [''],
      env: {},
      cwd: os.tmpdir(),
      stdout: (s) => (out += s),
      stderr: (s) => (err += s),
    });
    expect(code).toBe(2);
    expect(err).toMatch(/^release-ops: no command given/);
    expect(out).toMatch(/Usage: release-ops <command>/);
  });
});

describe('src/config/schema/rollback.ts: a git remote cannot be an option', () => {
  it('revert.remote starting with "-" is a ConfigError on its line', () => {
    expect(() => parseConfig('rollback:\n  revert: { remote: "--upload-pack=touch x;" }\n', 'f.yml')).toThrow(
      /f\.yml:2:\d+ rollback\.revert\.remote: a git remote cannot start with "-"/,
    );
    expect(
      parseConfig('rollback:\n  revert: { remote: upstream }\n', 'f.yml').config.rollback!.revert.remote,
    ).toBe('upstream');
  });
});

describe('src/evidence/redact.ts, src/notify/index.ts: text sent to others is redacted', () => {
  it('redactingCalls redacts free text (bodies, comments), never identifiers; leaves streams and buffers alone', async () => {
    const r = new Redactor();
    r.add('s3cr3t-value');
    const seen: unknown[] = [];
    const target = {
      repo: { owner: 'a', repo: 'b' },
      async write(...args: unknown[]) {
        seen.push(...args);
        return this.repo;
      },
      async createIssueComment(...args: unknown[]) {
        seen.push(...args);
      },
    };
    const stream = new PassThrough();
    const buf = Buffer.from('s3cr3t-value');
    const wrapped = redactingCalls(target, r);
    expect(wrapped.repo).toBe(target.repo);
    expect(
      await wrapped.write('x s3cr3t-value', { body: ['s3cr3t-value'], n: 1, data: stream, raw: buf }),
    ).toBe(target.repo);
    // a positional string is an identifier (a tag, an environment): never rewritten
    expect(seen[0]).toBe('x s3cr3t-value');
    expect(seen[1]).toEqual({ body: ['***'], n: 1, data: stream, raw: buf });
    expect((seen[1] as { data: unknown }).data).toBe(stream);
    await wrapped.createIssueComment(7, 'a comment with s3cr3t-value');
    expect(seen.slice(2)).toEqual([7, 'a comment with ***']);
    // the defect: a non-secret value that happens to equal a registered one rewrote request arguments
    seen.length = 0;
    await wrapped.write({ tag: 's3cr3t-value', environment: 's3cr3t-value', description: 's3cr3t-value' });
    expect(seen[0]).toEqual({ tag: 's3cr3t-value', environment: 's3cr3t-value', description: '***' });
  });
  it('the Notifier masks a secret in a message before it is posted', async () => {
    const r = new Redactor();
    r.add('TOKEN123456');
    const posted: HttpRequest[] = [];
    const n = new Notifier(
      {
        http: {
          request: async (q) => (posted.push(q), { status: 200, headers: {}, body: '', durationMs: 1 }),
        },
        clock: new FakeClock(0),
        logger: silentLogger,
        redactor: r,
      },
      { start: '{reason}', healthy: '', complete: '', abort: '', paused: '' },
      'https://hooks.example.test/x',
    );
    const m = await n.send('start', { reason: 'GET http://svc/m?k=TOKEN123456 answered 500' });
    expect(m.text).toBe('GET http://svc/m?k=*** answered 500');
    expect(JSON.parse(posted[0]!.body!)).toEqual({ text: 'GET http://svc/m?k=*** answered 500' });
  });
});

describe('src/rollback/lock.ts, src/promote/release.ts: a write whose answer was lost', () => {
  it('the lock owner ref: the retry’s 422 is recognised as our own ref', async () => {
    const emu = await startEmulator({ owner: 'acme', repo: 'shop' });
    const proxy = await startLossyProxy(emu.url);
    try {
      const sha = emu.seed.commit('x');
      proxy.lose({ method: 'POST', path: /\/git\/refs$/ });
      const gh = await port(proxy.url);
      const lock = await acquireLock(
        gh,
        { clock: new FakeClock(Date.now()), logger: silentLogger },
        {
          fromTag: 'v1.1.0',
          commitSha: sha,
          runKey: 'run1',
          ttlMs: 60_000,
        },
      );
      expect(proxy.lost).toHaveLength(1);
      expect(lock.acquired).toBe(true);
      if (lock.acquired) await lock.release();
      expect([...emu.state.refs.keys()].filter((k) => k.startsWith('refs/release-ops/'))).toEqual([]);
    } finally {
      await proxy.close();
      await emu.close();
    }
  });
  it('the GA tag: a create whose answer was lost is found at the RC commit, and the promotion goes on', async () => {
    const w = await openWorld('rc-to-ga');
    const proxy = await startLossyProxy(w.emu.url);
    try {
      proxy.lose({ method: 'POST', path: /\/git\/refs$/ });
      const settings: PromoteSettings = {
        rcTag: 'v1.0.0-rc1',
        strategy: 'new-release',
        minSoakMs: 0,
        skip: [],
        floatingTags: false,
        generateNotes: false,
        ignoreChecks: [],
        allowNoChecks: false,
        dryRun: false,
      };
      const r = await promote(
        { gh: await port(proxy.url), clock: new FakeClock(Date.now()), logger: silentLogger },
        settings,
      );
      expect(proxy.lost).toEqual([expect.stringMatching(/^POST .*\/git\/refs 201$/)]);
      expect(r.outcome).toBe('promoted');
      // the port finds the ref the lost create made (at the tag object) instead of sending it again
      expect(r.journal.of('effect').find((x) => x.name === 'createRef')).toMatchObject({ status: 'done' });
      expect(w.emu.state.releases.filter((x) => x.tag_name === 'v1.0.0').map((x) => x.draft)).toEqual([
        false,
      ]);
    } finally {
      await proxy.close();
      await w.close();
    }
  });
});
