import { describe, expect, it } from '@jest/globals';
import { existsSync, mkdtempSync, readFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describeExit, runProcess } from '../../src/adapters/process.js';
import { Redactor } from '../../src/evidence/redact.js';
import { secretFragments } from '../hardening/lib/expect.js';

/** Running, as opposed to gone or a zombie (in a container, pid 1 may never reap orphans). */
const alive = (pid: number) => {
  try {
    return !/^State:\s+Z/m.test(readFileSync(`/proc/${pid}/status`, 'utf8'));
  } catch {
    return false;
  }
};

describe('runProcess', () => {
  it('runs an argument array without a shell: metacharacters stay literal', async () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'ro-proc-'));
    const canary = path.join(dir, 'pwned');
    const r = await runProcess({ argv: ['echo', `$(touch ${canary})`, ';', `touch ${canary}`, '`id`'] });
    expect(r.exitCode).toBe(0);
    expect(r.tail).toEqual([`$(touch ${canary}) ; touch ${canary} \`id\``]);
    expect(existsSync(canary)).toBe(false);
  });

  it('reports exit codes and keeps the last lines of large output', async () => {
    const r = await runProcess({ argv: ['sh', '-c', 'seq 1 100000; echo boom >&2; exit 3'], tailLines: 3 });
    expect(r.exitCode).toBe(3);
    expect(r.tail).toEqual(['99999', '100000', 'boom']);
    expect(describeExit(r)).toBe('exit code 3');
  });

  it('passes env without replacing the parent environment', async () => {
    const r = await runProcess({
      argv: ['sh', '-c', 'echo "$RELEASE_OPS_WEIGHT:${PATH:+path}"'],
      env: { RELEASE_OPS_WEIGHT: '25' },
    });
    expect(r.tail).toEqual(['25:path']);
  });

  it('a program that is not there is a spawn error, not a crash', async () => {
    const r = await runProcess({ argv: ['/nonexistent/deploy.sh'] });
    expect(r.spawnError).toBe('program not found: /nonexistent/deploy.sh');
    expect(describeExit(r)).toBe('program not found: /nonexistent/deploy.sh');
  });

  it('a hung program is killed on timeout with its whole process group, grandchildren included', async () => {
    // The child starts a grandchild that ignores SIGTERM, prints its pid and sleeps.
    const r = await runProcess({
      argv: ['sh', '-c', 'sh -c \'trap "" TERM; echo $$; exec sleep 30\' & wait'],
      timeoutMs: 300,
      killGraceMs: 200,
    });
    expect(r.timedOut).toBe(true);
    const grandchild = Number(r.tail[0]);
    expect(grandchild).toBeGreaterThan(1);
    await new Promise((res) => setTimeout(res, 400));
    expect(alive(grandchild)).toBe(false);
    expect(describeExit(r, 300)).toMatch(/timed out after 0s \(process group killed\)/);
  });

  it('cancellation through an AbortSignal kills the group and says so', async () => {
    const ctl = new AbortController();
    setTimeout(() => ctl.abort(), 100);
    const r = await runProcess({ argv: ['sleep', '30'], signal: ctl.signal, killGraceMs: 100 });
    expect(r.cancelled).toBe(true);
    expect(r.timedOut).toBe(false);
    expect(r.signal).toBe('SIGTERM');
  });

  it('shell: true runs through /bin/sh -c only when asked', async () => {
    const r = await runProcess({ argv: ['echo a && echo b'], shell: true });
    expect(r.tail).toEqual(['a', 'b']);
  });

  it('masks a secret that a long line carries across the 64 KB cut, as it does in one piece', async () => {
    // One line of about 1 MB, the secret back to back with `token=`: whatever the pipe's read sizes,
    // the line is passed on in pieces, and a piece cut inside a secret would keep its start or end.
    const secret = 'Qz7Kp2Wm9Xv4Tn8Rb6Yc3Hd5Jf1Lg0';
    const redactor = new Redactor();
    redactor.add(secret);
    redactor.add('an-unrelated-longer-secret-of-48-characters-zzzz');
    const line = `token=${secret}`.repeat(28_000);
    const script = `process.stdout.write(process.env.PIECE.repeat(28000) + "\\nlast line\\n")`;
    const lines: string[] = [];
    const r = await runProcess({
      argv: [process.execPath, '-e', script],
      env: { PIECE: `token=${secret}` },
      mask: redactor,
      onLine: (l) => lines.push(l),
      tailLines: 100,
    });
    expect(r.exitCode).toBe(0);
    expect(lines.length).toBeGreaterThan(2); // the long line did arrive in pieces
    expect(lines.at(-1)).toBe('last line');
    expect(lines.slice(0, -1).join('')).toBe(line.split(secret).join('***'));
    for (const l of [...lines, ...r.tail]) expect(secretFragments(l, secret)).toEqual([]);
  });
});
