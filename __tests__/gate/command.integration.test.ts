import { afterAll, describe, expect, it } from '@jest/globals';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { runFactsOf } from '../../src/evidence/envelope.js';
import { gateEvidence } from '../../src/gate/evidence.js';
import { gateReport } from '../../src/gate/report.js';
import { runReadinessGate } from '../../src/gate/run.js';
import { runGate } from '../../src/gate/runner.js';
import { toMarkdown, toTerminal } from '../../src/report/doc.js';
import { secretFragments } from '../hardening/lib/expect.js';
import { gateOf, settingsOf } from './fakes.js';
import { alive, realDeps, removeTempDirs, tempDir } from './real.js';

const NODE = JSON.stringify(process.execPath);

afterAll(removeTempDirs);

describe('command check with real child processes', () => {
  it('passes on exit 0 and fails with the exit code and the last line of output', async () => {
    const r = await runGate(
      gateOf(`checks:
  - { name: ok, type: command, run: [${NODE}, -e, "console.log('3 passed')"] }
  - { name: red, type: command, run: [${NODE}, -e, "console.log('collected 2'); console.error('FAILED test_stock'); process.exit(3)"] }
`),
      realDeps(),
    );
    expect(r.verdicts[0]).toMatchObject({ verdict: 'pass', detail: 'exit code 0', tail: ['3 passed'] });
    expect(r.verdicts[1]).toMatchObject({
      verdict: 'fail',
      detail: 'exit code 3: FAILED test_stock',
      tail: ['collected 2', 'FAILED test_stock'],
    });
    expect(r.verdicts[1]!.data).toMatchObject({ exit_code: 3, timed_out: false });
    expect(r).toMatchObject({ result: 'FAIL', failed: ['red'] });
  });

  it('kills a hung command with its whole process group — the grandchild too — and reports FAIL (timeout)', async () => {
    const dir = tempDir('ro-gate-hang-');
    const pidFile = path.join(dir, 'grandchild.pid');
    const r = await runGate(
      gateOf(`checks:
  - name: hang
    type: command
    run: [sh, -c, "sleep 60 & echo $! > ${pidFile}; echo started; wait"]
    timeout: 400ms
`),
      realDeps(),
    );
    expect(r.verdicts[0]).toMatchObject({
      verdict: 'fail',
      timedOut: true,
      detail: 'timed out after 400ms (process group killed): started',
    });
    const grandchild = Number(readFileSync(pidFile, 'utf8'));
    expect(grandchild).toBeGreaterThan(0);
    // The runner SIGKILLs the group once the leader is gone; give the kernel a moment to deliver it.
    for (let i = 0; i < 50 && alive(grandchild); i++) await new Promise((res) => setTimeout(res, 20));
    expect(alive(grandchild)).toBe(false);
  });

  it('escalates to SIGKILL when the program ignores SIGTERM, so the gate still returns', async () => {
    const r = await runGate(
      gateOf(`checks:
  - { name: stubborn, type: command, run: [sh, -c, "trap '' TERM; echo ignoring; sleep 60"], timeout: 300ms }
`),
      realDeps(),
    );
    expect(r.verdicts[0]).toMatchObject({
      verdict: 'fail',
      timedOut: true,
      detail: 'timed out after 300ms (process group killed): ignoring',
    });
    expect(r.verdicts[0]!.data).toMatchObject({ signal: 'SIGKILL' });
  });

  it('keeps only the last lines of a large output', async () => {
    const r = await runGate(
      gateOf(`checks:
  - { name: chatty, type: command, run: [${NODE}, -e, "process.stdout.write(Array.from({ length: 200000 }, (_, i) => 'line ' + i + ' ' + 'x'.repeat(40)).join('\\\\n') + '\\\\n')"] }
`),
      realDeps(),
    );
    const v = r.verdicts[0]!;
    expect(v.verdict).toBe('pass');
    expect(v.tail).toHaveLength(20);
    expect(v.tail.at(-1)).toMatch(/^line 199999 x+$/);
  });

  it('reports a program that does not exist', async () => {
    const r = await runGate(
      gateOf('checks:\n  - { name: missing, type: command, run: [no-such-program-xyz, --version] }\n'),
      realDeps(),
    );
    expect(r.verdicts[0]).toMatchObject({
      verdict: 'fail',
      detail: 'program not found: no-such-program-xyz',
    });
  });

  it('passes arguments through untouched (no shell) and runs a shell only when asked', async () => {
    const dir = tempDir('ro-gate-args-');
    const r = await runGate(
      gateOf(`checks:
  - { name: literal, type: command, run: [${NODE}, -e, "console.log(process.argv[1])", "$HOME; echo pwned"] }
  - { name: shell, type: command, shell: true, run: ["echo one && echo two"] }
  - { name: env, type: command, cwd: ., run: [${NODE}, -e, "console.log(process.env.GREETING, process.cwd())"], env: { GREETING: "hi \${WHO} \${WHO_TOKEN}" } }
`),
      realDeps({ cwd: dir, env: { WHO: 'release-ops-who', WHO_TOKEN: 'ghs_whoToken0123' } }),
    );
    expect(r.verdicts[0]!.tail).toEqual(['$HOME; echo pwned']);
    expect(r.verdicts[1]!.tail).toEqual(['one', 'two']);
    // Only a credential is a secret: a variable named like one is masked in the output kept as
    // evidence; a plain value stays readable.
    expect(r.verdicts[2]!.tail).toEqual([`hi release-ops-who *** ${dir}`]);
  });

  it('masks a secret a failing program prints across the cut of a line longer than 64 KB', async () => {
    const secret = 'Qz7Kp2Wm9Xv4Tn8Rb6Yc3Hd5Jf1Lg0';
    const deps = realDeps({ env: { API_TOKEN: secret } });
    const print = `process.stdout.write(("token=" + process.env.T).repeat(28000) + "\\n"); process.exit(1)`;
    const gate = gateOf(`checks:
  - { name: leaky, type: command, run: [${NODE}, -e, ${JSON.stringify(print)}], env: { T: "\${API_TOKEN}" } }
`);
    const settings = settingsOf(gate);
    const run = await runReadinessGate(deps, settings);
    const r = run.result!;
    expect(r.verdicts[0]).toMatchObject({ verdict: 'fail' });
    expect(r.verdicts[0]!.tail.length).toBeGreaterThan(1); // the line arrived in pieces
    const facts = runFactsOf({});
    const trigger = { host: 'cli' as const, ref: null, event: null };
    const texts = {
      tail: r.verdicts[0]!.tail.join('\n'),
      detail: r.verdicts[0]!.detail,
      evidence: JSON.stringify(deps.redactor.redactDeep(gateEvidence(run, settings, facts, trigger))),
      summary: deps.redactor.redact(toMarkdown(gateReport(r))),
      terminal: deps.redactor.redact(toTerminal(gateReport(r))),
    };
    for (const [where, text] of Object.entries(texts))
      expect([where, secretFragments(text, secret)]).toEqual([where, []]);
  });
});
