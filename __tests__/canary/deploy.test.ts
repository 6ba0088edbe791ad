import { describe, expect, it } from '@jest/globals';
import { mkdtempSync, readFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { processRunner } from '../../src/adapters/process.js';
import {
  CANARY_PLACEHOLDERS,
  ROLLBACK_PLACEHOLDERS,
  placeholdersIn,
  renderArgv,
  renderString,
  runProgram,
  templateEnv,
  TemplateError,
  unknownPlaceholders,
} from '../../src/deploy/index.js';
import { Redactor } from '../../src/evidence/redact.js';
import type { Logger } from '../../src/ports/index.js';

const logger = (lines: string[] = []): Logger => ({
  info: (m) => lines.push(m),
  warn: (m) => lines.push(m),
  error: (m) => lines.push(m),
  debug() {},
});
/** Running (a zombie waiting for a reaper counts as dead: it runs nothing). */
const alive = (pid: number) => {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    return !/^\d+ \(.*\) [ZX]/.test(stat);
  } catch {
    return false;
  }
};

describe('argument templating', () => {
  const vars = { weight: '25', step: '2', tag: 'v1.1.0', previous_tag: 'v1.0.0' };
  it('replaces placeholders inside single arguments', () => {
    expect(
      renderArgv(
        [
          './deploy.sh',
          '--env',
          'prod',
          '--batch',
          '{weight}',
          '--image=app:{tag}',
          'from-{previous_tag}-step{step}',
        ],
        vars,
      ),
    ).toEqual(['./deploy.sh', '--env', 'prod', '--batch', '25', '--image=app:v1.1.0', 'from-v1.0.0-step2']);
  });
  it('a value with spaces or shell syntax stays one argument, verbatim', () => {
    const out = renderArgv(['echo', '{tag}'], { tag: 'v1; rm -rf / $(id) "x y"' });
    expect(out).toEqual(['echo', 'v1; rm -rf / $(id) "x y"']);
  });
  it('JSON arguments pass through; a placeholder without a value is an error naming it', () => {
    expect(renderString('{"w":{"batch":{weight}}}', vars)).toBe('{"w":{"batch":25}}');
    expect(() => renderArgv(['x', '{to_tag}', '{from_tag}'], vars)).toThrow(
      new TemplateError('no value for {to_tag}, {from_tag}', ['to_tag', 'from_tag']),
    );
  });
  it('lists placeholders and the unknown ones (for config validation); rollback names are reusable', () => {
    expect(placeholdersIn(['a{weight}', '{tag}{weight}', '{"Not":1}'])).toEqual(['weight', 'tag']);
    expect(unknownPlaceholders(['--batch', '{wieght}'], CANARY_PLACEHOLDERS)).toEqual(['wieght']);
    expect(unknownPlaceholders(['--to', '{to_tag}'], ROLLBACK_PLACEHOLDERS)).toEqual([]);
    expect(renderArgv(['--to', '{to_tag}'], { to_tag: 'v1.0.0', from_tag: 'v1.1.0' })).toEqual([
      '--to',
      'v1.0.0',
    ]);
  });
  it('the same values go to RELEASE_OPS_* variables', () => {
    expect(templateEnv(vars)).toEqual({
      RELEASE_OPS_WEIGHT: '25',
      RELEASE_OPS_STEP: '2',
      RELEASE_OPS_TAG: 'v1.1.0',
      RELEASE_OPS_PREVIOUS_TAG: 'v1.0.0',
    });
    expect(templateEnv({ to_tag: 'v1', from_tag: 'v2' })).toEqual({
      RELEASE_OPS_TO_TAG: 'v1',
      RELEASE_OPS_FROM_TAG: 'v2',
    });
  });
});

describe('runProgram (real processes)', () => {
  const deps = (lines: string[] = [], redactor = new Redactor()) => ({
    process: processRunner,
    logger: logger(lines),
    redactor,
  });
  const node = (code: string) => [process.execPath, '-e', code];

  it('passes arguments without a shell and the values in the environment', async () => {
    const lines: string[] = [];
    const r = await runProgram(deps(lines), {
      label: 'deploy',
      argv: [
        ...node(
          'console.log(JSON.stringify([process.argv.slice(1), process.env.RELEASE_OPS_WEIGHT, process.env.RELEASE_OPS_TAG]))',
        ),
        '{tag}',
        '--batch',
        '{weight}',
      ],
      vars: { weight: '10', step: '1', tag: 'v1 $(x)', previous_tag: 'v0' },
      timeoutMs: 10_000,
    });
    expect(r).toMatchObject({
      ok: true,
      exit: 'exit code 0',
      exitCode: 0,
      timedOut: false,
      cancelled: false,
    });
    expect(JSON.parse(r.tail[0]!)).toEqual([['v1 $(x)', '--batch', '10'], '10', 'v1 $(x)']);
    expect(lines.some((l) => l.startsWith('  deploy | '))).toBe(true);
  });

  it('a failing program is not ok and says how it ended; its output is redacted', async () => {
    const redactor = new Redactor();
    redactor.add('hunter2-secret');
    const r = await runProgram(deps([], redactor), {
      label: 'deploy',
      argv: node('console.log("token hunter2-secret"); process.exit(3)'),
      vars: {},
      timeoutMs: 10_000,
    });
    expect(r).toMatchObject({ ok: false, exit: 'exit code 3', exitCode: 3 });
    expect(r.tail).toEqual(['token ***']);
    const missing = await runProgram(deps(), {
      label: 'deploy',
      argv: ['/nonexistent/deploy.sh'],
      vars: {},
      timeoutMs: 10_000,
    });
    expect(missing).toMatchObject({ ok: false, exit: 'program not found: /nonexistent/deploy.sh' });
  });

  it('a program that hangs is killed with its whole process group at the time limit', async () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'ro-deploy-'));
    const pidFile = path.join(dir, 'pids');
    // The user's program starts a background child and waits: both must die with the group.
    const argv = ['/bin/sh', '-c', `sleep 30 & echo "$$ $!" > ${pidFile}; wait`];
    const r = await runProgram(deps(), {
      label: 'deploy',
      argv,
      vars: {},
      timeoutMs: 1000,
      killGraceMs: 300,
    });
    expect(r).toMatchObject({ ok: false, timedOut: true });
    expect(r.exit).toContain('timed out');
    const [leader, child] = readFileSync(pidFile, 'utf8').trim().split(' ').map(Number);
    await new Promise((res) => setTimeout(res, 100));
    expect([alive(leader!), alive(child!)]).toEqual([false, false]);
  });

  it('cancellation kills the process group', async () => {
    const ctl = new AbortController();
    setTimeout(() => ctl.abort(new Error('received SIGTERM')), 150);
    const r = await runProgram(deps(), {
      label: 'deploy',
      argv: node('setInterval(() => {}, 1000)'),
      vars: {},
      timeoutMs: 10_000,
      signal: ctl.signal,
      killGraceMs: 300,
    });
    expect(r).toMatchObject({ ok: false, cancelled: true, exit: 'cancelled (process group killed)' });
  });
});
