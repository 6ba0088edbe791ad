import { describe, expect, it } from '@jest/globals';
import { DEFAULT_CHECK_TIMEOUT_MS, describeCheck, runGate, timeoutOf } from '../../src/gate/runner.js';
import type { Verdict } from '../../src/gate/types.js';
import type { HttpClient, Logger, ProcessSpec } from '../../src/ports/index.js';
import { startEmulator } from '../../support/github-emulator/index.js';
import { portOn } from '../release/emulator-repo.js';
import { fakeDeps, FakeProcess, gateOf, hangUntilAborted, result } from './fakes.js';

/** A process runner whose programs finish when the test says so, counting how many run at once. */
function gatedProcess() {
  let running = 0;
  let most = 0;
  const waiting: (() => void)[] = [];
  const proc = new FakeProcess(async (spec: ProcessSpec) => {
    most = Math.max(most, ++running);
    await new Promise<void>((r) => waiting.push(r));
    running--;
    return result({ exitCode: spec.argv[0] === 'fail' ? 1 : 0 });
  });
  const releaseAll = async () => {
    while (proc.calls.length < 6 || waiting.length > 0) {
      waiting.shift()?.();
      await new Promise((r) => setImmediate(r));
    }
  };
  return { proc, releaseAll, most: () => most };
}

describe('the gate runner', () => {
  it('runs at most `concurrency` checks at once and returns verdicts in config order', async () => {
    const { proc, releaseAll, most } = gatedProcess();
    const gate = gateOf(`concurrency: 2
checks:
${['a', 'b', 'c', 'd', 'e'].map((n) => `  - { name: ${n}, type: command, run: [ok] }`).join('\n')}
  - { name: f, type: command, run: [fail] }
`);
    const done = runGate(gate, fakeDeps({ process: proc }));
    await releaseAll();
    const r = await done;
    expect(most()).toBe(2);
    expect(r.verdicts.map((v) => `${v.name}:${v.verdict}`)).toEqual([
      'a:pass',
      'b:pass',
      'c:pass',
      'd:pass',
      'e:pass',
      'f:fail',
    ]);
    expect(r).toMatchObject({ result: 'FAIL', failed: ['f'], warned: [], concurrency: 2 });
  });

  it('passes when every blocker passes; a failed warning check shows as warn and does not fail the gate', async () => {
    const proc = new FakeProcess((spec) => result({ exitCode: spec.argv[0] === 'lint' ? 1 : 0 }));
    const gate = gateOf(`checks:
  - { name: smoke, type: command, run: [pytest] }
  - { name: style, type: command, run: [lint], severity: warning }
`);
    const r = await runGate(gate, fakeDeps({ process: proc }));
    expect(r).toMatchObject({ result: 'PASS', failed: [], warned: ['style'] });
    expect(r.verdicts[1]).toMatchObject({ verdict: 'warn', severity: 'warning', detail: 'exit code 1' });
  });

  it('stops a hung command at its time limit and reports FAIL (timeout) while the others finish', async () => {
    const proc = new FakeProcess((spec) => (spec.argv[0] === 'hang' ? hangUntilAborted(spec) : result()));
    const gate = gateOf(`checks:
  - { name: stuck, type: command, run: [hang], timeout: 150ms }
  - { name: quick, type: command, run: [ok] }
`);
    const r = await runGate(gate, fakeDeps({ process: proc }));
    expect(r.verdicts[0]).toMatchObject({
      verdict: 'fail',
      timedOut: true,
      detail: 'timed out after 150ms (process group killed): still working',
      tail: ['still working'],
    });
    expect(r.verdicts[0]!.attempts).toEqual([
      expect.objectContaining({ attempt: 1, ok: false, timed_out: true }),
    ]);
    expect(r.verdicts[1]!.verdict).toBe('pass');
    expect(proc.calls[0]!.signal!.aborted).toBe(true);
  });

  it('never waits on a check that ignores its abort signal', async () => {
    const deaf: HttpClient = { request: () => new Promise(() => {}) };
    const gate = gateOf(`checks:
  - { name: deaf, type: http, url: "http://svc/", timeout: 100ms }
`);
    const r = await runGate(gate, fakeDeps({ http: deaf, settleMs: 50 }));
    expect(r.verdicts[0]).toMatchObject({ verdict: 'fail', timedOut: true, detail: 'timed out after 100ms' });
    expect(r.result).toBe('FAIL');
  });

  it('retries a failed check with doubling pauses on the clock, and says which attempt passed', async () => {
    let n = 0;
    const proc = new FakeProcess(() => result({ exitCode: ++n < 3 ? 1 : 0 }));
    const deps = fakeDeps({ process: proc });
    const before = deps.clock.now();
    const r = await runGate(
      gateOf('checks:\n  - { name: flaky, type: command, run: [x], retries: 2, retry_delay: 2s }\n'),
      deps,
    );
    expect(r.verdicts[0]).toMatchObject({ verdict: 'pass', detail: 'exit code 0 (passed on attempt 3)' });
    expect(r.verdicts[0]!.attempts.map((a) => a.ok)).toEqual([false, false, true]);
    expect(deps.clock.now() - before).toBe(2000 + 4000);
  });

  it('fails after the last retry and records every attempt', async () => {
    const proc = new FakeProcess(() => result({ exitCode: 1, tail: ['boom'] }));
    const r = await runGate(
      gateOf('checks:\n  - { name: f, type: command, run: [x], retries: 1 }\n'),
      fakeDeps({ process: proc }),
    );
    expect(r.verdicts[0]).toMatchObject({ verdict: 'fail', detail: 'exit code 1: boom (2 attempts)' });
    expect(proc.calls).toHaveLength(2);
  });

  it('does not retry once the retry pause would pass the deadline', async () => {
    const proc = new FakeProcess(() => result({ exitCode: 1 }));
    const r = await runGate(
      gateOf(
        'checks:\n  - { name: f, type: command, run: [x], retries: 5, retry_delay: 20s, timeout: 15s }\n',
      ),
      fakeDeps({ process: proc }),
    );
    expect(proc.calls).toHaveLength(1);
    expect(r.verdicts[0]!.verdict).toBe('fail');
  });

  it('turns an error thrown by a check into a failed verdict with its message', async () => {
    const emu = await startEmulator({ owner: 'acme', repo: 'shop' });
    try {
      const sha = emu.seed.commit('feat: checkout');
      emu.faults.add({ method: 'GET', path: /\/check-runs$/, kind: 'status', status: 403 });
      const r = await runGate(
        gateOf('checks:\n  - { name: ci, type: github-checks, wait: 0s }\n'),
        fakeDeps({ github: await portOn(emu), sha }),
      );
      expect(r.verdicts[0]).toMatchObject({ verdict: 'fail' });
      // the port's ExternalError, with its hint, is the detail
      expect(r.verdicts[0]!.detail).toMatch(/403.*checks: read/);
    } finally {
      await emu.close();
    }
  });

  it('on cancellation stops running checks, skips the rest, and fails', async () => {
    const ctl = new AbortController();
    const proc = new FakeProcess((spec) => {
      setTimeout(() => ctl.abort(), 10);
      return hangUntilAborted(spec);
    });
    const gate = gateOf(`concurrency: 1
checks:
  - { name: running, type: command, run: [hang] }
  - { name: later, type: command, run: [ok] }
`);
    const r = await runGate(gate, fakeDeps({ process: proc, signal: ctl.signal }));
    expect(r.cancelled).toBe(true);
    expect(r.result).toBe('FAIL');
    expect(r.verdicts[0]).toMatchObject({
      verdict: 'fail',
      timedOut: false,
      detail: 'cancelled (process group killed): still working',
    });
    expect(r.verdicts[1]).toMatchObject({ verdict: 'skipped', detail: 'not run: the job was cancelled' });
    expect(proc.calls).toHaveLength(1);
  });

  it('redacts secrets from details and output tails', async () => {
    const deps = fakeDeps({
      process: new FakeProcess(() => result({ exitCode: 1, tail: ['token=s3cr3t-value'] })),
    });
    deps.redactor.add('s3cr3t-value');
    const logged: string[] = [];
    const logger: Logger = { info: (m) => logged.push(m), warn: () => {}, error: () => {}, debug: () => {} };
    const r = await runGate(gateOf('checks:\n  - { name: leak, type: command, run: [x] }\n'), {
      ...deps,
      logger,
    });
    expect(r.verdicts[0]).toMatchObject({ detail: 'exit code 1: token=***', tail: ['token=***'] });
    expect(JSON.stringify(r) + logged.join('\n')).not.toContain('s3cr3t-value');
  });

  it('reports progress as each verdict arrives', async () => {
    const seen: Verdict[] = [];
    await runGate(gateOf('checks:\n  - { name: a, type: command, run: [x] }\n'), fakeDeps(), {
      onVerdict: (v) => seen.push(v),
    });
    expect(seen.map((v) => v.name)).toEqual(['a']);
  });

  it('defaults each check to 5 minutes, github-checks to its wait plus a minute and a poll', () => {
    const g = gateOf(`checks:
  - { name: a, type: command, run: [x] }
  - { name: b, type: command, run: [x], timeout: 10m }
  - { name: c, type: github-checks, wait: 15m, poll_interval: 30s }
`);
    expect(g.checks.map(timeoutOf)).toEqual([
      DEFAULT_CHECK_TIMEOUT_MS,
      600_000,
      15 * 60_000 + 30_000 + 60_000,
    ]);
  });

  it('describes each check type for a dry run without running anything', () => {
    const g = gateOf(`checks:
  - { name: smoke, type: command, run: [pytest, -q, tests/smoke/test_post_merge_readiness.py], timeout: 10m }
  - { name: health-p95, type: http, url: "http://127.0.0.1:8080/health", samples: 50, p95_ms: 120 }
  - { name: iso, type: http, url: "http://h/t/b", headers: { Authorization: "Bearer \${TOKEN}" }, expect_status: [403, 404] }
  - { name: branch, type: git, branch: "release/*", semver_tag: true }
  - { name: no-friday-deploys, type: freeze, timezone: Europe/Madrid, deny: [{ days: [fri] }, { days: [sat, sun], from: "18:00" }] }
  - { name: ci, type: github-checks, wait: 5m }
  - { name: backup, type: backup-manifest, path: artifacts/manifest.json, max_age: 24h }
`);
    const lines = g.checks.map((c) =>
      describeCheck(c, { env: {}, sha: 'f'.repeat(40), freezeOverride: 'high' }),
    );
    expect(lines).toEqual([
      'pytest -q tests/smoke/test_post_merge_readiness.py',
      'GET http://127.0.0.1:8080/health, ×50 (concurrency 1), expect status 200, p95 ≤ 120 ms',
      'GET http://h/t/b, expect status 403 or 404',
      'git branch --show-current matches release/*; git status --porcelain is empty; git tag --points-at HEAD has a semver tag',
      'freeze: deny fri; sat,sun 18:00-24:00 (Europe/Madrid), override severity high',
      `GitHub check runs and commit statuses on ${'f'.repeat(40)} all green (wait up to 5m)`,
      'verify artifacts/manifest.json (sha256 and size of every file, younger than 24h)',
    ]);
  });
});
