import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import fc from 'fast-check';
import { backupManifestCheck, parseManifest } from '../../src/gate/checks/backup-manifest.js';
import { commandCheck } from '../../src/gate/checks/command.js';
import { freezeCheck, localTime, windowCovers } from '../../src/gate/checks/freeze.js';
import { gitCheck, SEMVER } from '../../src/gate/checks/git.js';
import { classify } from '../../src/commit-status/classify.js';
import { githubChecksCheck } from '../../src/gate/checks/github-checks.js';
import { getPath, httpCheck } from '../../src/gate/checks/http.js';
import { globMatch } from '../../src/gate/glob.js';
import { longestRun, percentile } from '../../src/gate/stats.js';
import { ExternalError } from '../../src/errors.js';
import { HttpError, type HttpClient, type ProcessSpec } from '../../src/ports/index.js';
import { FakeClock } from '../../src/adapters/clock.js';
import type { GitHubPort } from '../../src/ports/index.js';
import {
  startEmulator,
  type CheckConclusion,
  type CheckStatus,
  type CommitState,
  type Emulator,
} from '../../support/github-emulator/index.js';
import { portOn } from '../release/emulator-repo.js';
import { checkCtx, checkOf, fakeDeps, FakeHttp, FakeProcess, memoryFs, result } from './fakes.js';

describe('percentiles (nearest rank) and runs', () => {
  it('takes the value at rank ceil(p/100 × n)', () => {
    const values = Array.from({ length: 100 }, (_, i) => i + 1);
    expect(percentile(values, 95)).toBe(95);
    expect(percentile(values, 99)).toBe(99);
    expect(percentile(values, 100)).toBe(100);
    expect(percentile([10, 20, 30, 40, 50], 95)).toBe(50);
    expect(percentile([10, 20, 30, 40, 50], 50)).toBe(30);
    expect(percentile([7], 95)).toBe(7);
    expect(percentile([], 95)).toBeNull();
  });

  it('always returns a measured value, never below the share of values it claims', () => {
    fc.assert(
      fc.property(
        fc.array(fc.integer({ min: 0, max: 10_000 }), { minLength: 1, maxLength: 200 }),
        fc.integer({ min: 1, max: 100 }),
        (xs, p) => {
          const sorted = [...xs].sort((a, b) => a - b);
          const v = percentile(sorted, p)!;
          expect(xs).toContain(v);
          expect(sorted.filter((x) => x <= v).length / sorted.length).toBeGreaterThanOrEqual(p / 100);
        },
      ),
    );
  });

  it('measures the longest run of failures', () => {
    expect(longestRun([false, true, true, false, true])).toBe(2);
    expect(longestRun([])).toBe(0);
  });
});

describe('branch globs', () => {
  it.each([
    ['release/*', 'release/1.2', true],
    ['release/*', 'release/1.2/fix', false],
    ['release/*', 'main', false],
    ['release/**', 'release/1.2/fix', true],
    ['hotfix/v?.*', 'hotfix/v1.2', true],
    ['main', 'main', true],
    ['release.x', 'releaseAx', false],
  ])('%s vs %s → %s', (glob, branch, ok) => {
    expect(globMatch(glob, branch)).toBe(ok);
  });
});

describe('command check', () => {
  it('runs the argument array as written, without a shell, in the resolved cwd', async () => {
    const proc = new FakeProcess(() => result({ exitCode: 0, tail: ['3 passed'] }));
    const deps = fakeDeps({ process: proc, env: { DB_PASSWORD: 'hunter2-secret' } });
    const check = checkOf<'command'>(
      '{ name: smoke, type: command, run: [pytest, -q, "tests/smoke/a b.py"], cwd: svc, env: { PW: "${DB_PASSWORD}" } }',
    );
    const out = await commandCheck.run(check, checkCtx(deps));
    expect(out).toMatchObject({ ok: true, detail: 'exit code 0', tail: ['3 passed'] });
    expect(proc.calls[0]).toMatchObject({
      argv: ['pytest', '-q', 'tests/smoke/a b.py'],
      shell: false,
      cwd: '/work/svc',
      env: { PW: 'hunter2-secret' },
    });
    expect(deps.redactor.redact('pw=hunter2-secret')).toBe('pw=***');
    expect(commandCheck.describe(check, deps)).toBe("pytest -q 'tests/smoke/a b.py'");
  });

  it('fails with the exit code and the last line of output', async () => {
    const deps = fakeDeps({
      process: new FakeProcess(() => result({ exitCode: 2, tail: ['collected 4', 'FAILED test_stock', ''] })),
    });
    const out = await commandCheck.run(checkOf('{ name: t, type: command, run: [pytest] }'), checkCtx(deps));
    expect(out).toMatchObject({ ok: false, detail: 'exit code 2: FAILED test_stock' });
    expect(out.limits).toEqual([{ what: 'exit code', value: 2, limit: 0, ok: false }]);
  });

  it('reports a program that cannot start, a kill by signal, and its own timeout', async () => {
    const check = checkOf<'command'>(
      '{ name: t, type: command, run: [alembic, upgrade, head], timeout: 10m }',
    );
    const run = (r: ReturnType<typeof result>) =>
      commandCheck.run(
        check,
        checkCtx(fakeDeps({ process: new FakeProcess(() => r) }), { timeoutMs: 600_000 }),
      );
    expect((await run(result({ exitCode: null, spawnError: 'program not found: alembic' }))).detail).toBe(
      'program not found: alembic',
    );
    expect((await run(result({ exitCode: null, signal: 'SIGKILL' }))).detail).toBe('killed by SIGKILL');
    const t = await run(result({ exitCode: null, signal: 'SIGTERM', timedOut: true }));
    expect(t).toMatchObject({
      ok: false,
      timedOut: true,
      detail: 'timed out after 10m (process group killed)',
    });
  });

  it('gives the process runner the time left before the deadline', async () => {
    const proc = new FakeProcess();
    const deps = fakeDeps({ process: proc });
    await commandCheck.run(
      checkOf('{ name: t, type: command, run: [make, check] }'),
      checkCtx(deps, { deadline: deps.clock.now() + 42_000 }),
    );
    expect(proc.calls[0]!.timeoutMs).toBe(42_000);
  });

  it('uses a shell only when shell: true is written', async () => {
    const proc = new FakeProcess();
    const check = checkOf<'command'>(
      '{ name: m, type: command, shell: true, run: ["alembic upgrade head && alembic downgrade base"] }',
    );
    await commandCheck.run(check, checkCtx(fakeDeps({ process: proc })));
    expect(proc.calls[0]).toMatchObject({
      shell: true,
      argv: ['alembic upgrade head && alembic downgrade base'],
    });
    expect(commandCheck.describe(check, fakeDeps())).toBe(
      'sh -c "alembic upgrade head && alembic downgrade base"',
    );
  });

  it('fails without running when its cwd does not exist', async () => {
    const proc = new FakeProcess();
    const out = await commandCheck.run(
      checkOf('{ name: t, type: command, run: [x], cwd: nowhere }'),
      checkCtx(fakeDeps({ process: proc })),
    );
    expect(out).toMatchObject({ ok: false, detail: 'cwd nowhere: no such directory' });
    expect(proc.calls).toHaveLength(0);
  });

  it('fails without running when an env variable it needs is unset', async () => {
    const proc = new FakeProcess();
    const out = await commandCheck.run(
      checkOf('{ name: t, type: command, run: [x], env: { A: "${NOPE}" } }'),
      checkCtx(fakeDeps({ process: proc })),
    );
    expect(out).toMatchObject({ ok: false, detail: 'env.A: environment variable NOPE is not set' });
    expect(proc.calls).toHaveLength(0);
  });
});

describe('http check', () => {
  it('passes a tenant-isolation probe only when the other tenant is refused', async () => {
    const check = checkOf<'http'>(
      '{ name: iso, type: http, url: "http://svc/tenants/b/stock", headers: { Authorization: "Bearer ${TENANT_A_TOKEN}" }, expect_status: [403, 404] }',
    );
    const env = { TENANT_A_TOKEN: 'tenant-a-secret-token' };
    const refused = fakeDeps({ env, http: new FakeHttp(() => ({ status: 403 })) });
    expect(await httpCheck.run(check, checkCtx(refused))).toMatchObject({ ok: true });
    expect((refused.http as FakeHttp).calls[0]!.headers).toEqual({
      Authorization: 'Bearer tenant-a-secret-token',
    });
    expect(refused.redactor.redact('Bearer tenant-a-secret-token')).toBe('Bearer ***');

    const leaked = fakeDeps({ env, http: new FakeHttp(() => ({ status: 200 })) });
    const out = await httpCheck.run(check, checkCtx(leaked));
    expect(out).toMatchObject({ ok: false, detail: 'status 200, expected 403 or 404' });
    expect(JSON.stringify(out)).not.toContain('tenant-a-secret-token');
  });

  it('fails when a header variable is not set, without sending anything', async () => {
    const http = new FakeHttp(() => ({ status: 200 }));
    const out = await httpCheck.run(
      checkOf('{ name: h, type: http, url: "http://svc/", headers: { X-Api-Key: "${KEY}" } }'),
      checkCtx(fakeDeps({ http })),
    );
    expect(out).toMatchObject({
      ok: false,
      detail: 'headers.X-Api-Key: environment variable KEY is not set',
    });
    expect(http.calls).toHaveLength(0);
  });

  it('holds nearest-rank p95/p99/max to their budgets and says by how much', async () => {
    const http = new FakeHttp((_, n) => ({ status: 200, durationMs: n }));
    const check = checkOf<'http'>(
      '{ name: p, type: http, url: "http://svc/health", samples: 100, p95_ms: 120, p99_ms: 90, max_ms: 150 }',
    );
    const out = await httpCheck.run(check, checkCtx(fakeDeps({ http })));
    expect(out.ok).toBe(false);
    expect(out.detail).toBe('p99 99 ms > 90 ms');
    expect(out.limits).toEqual(
      expect.arrayContaining([
        { what: 'p95', value: 95, limit: 120, unit: 'ms', ok: true },
        { what: 'p99', value: 99, limit: 90, unit: 'ms', ok: false },
        { what: 'max', value: 100, limit: 150, unit: 'ms', ok: true },
      ]),
    );
    expect(out.data).toMatchObject({
      samples_sent: 100,
      samples_ok: 100,
      percentile_method: 'nearest-rank',
      latency_ms: { p95: 95, max: 100 },
    });
    expect((out.data!.samples as unknown[]).length).toBe(100);
  });

  it('shows the recovery playbook\'s p95 budget in the gate\'s words: "p95 184 ms > 120 ms"', async () => {
    const http = new FakeHttp(() => ({ status: 200, durationMs: 184 }));
    const out = await httpCheck.run(
      checkOf('{ name: p, type: http, url: "http://svc/health", samples: 5, p95_ms: 120 }'),
      checkCtx(fakeDeps({ http })),
    );
    expect(out.detail).toBe('p95 184 ms > 120 ms');
  });

  it('tolerates up to consecutive_failures failed samples in a row', async () => {
    const pattern = [200, 503, 503, 200, 503, 503, 200, 200];
    const http = new FakeHttp((_, n) => ({ status: pattern[n - 1]! }));
    const check = checkOf<'http'>(
      `{ name: r, type: http, url: "http://svc/ready", samples: ${pattern.length}, consecutive_failures: 2 }`,
    );
    const out = await httpCheck.run(check, checkCtx(fakeDeps({ http })));
    expect(out).toMatchObject({ ok: true, detail: '4/8 ok, p95 1 ms' });
  });

  it('fails and stops sampling once one more failure than tolerated happens in a row', async () => {
    const http = new FakeHttp((_, n) => ({ status: n >= 3 ? 503 : 200 }));
    const check = checkOf<'http'>(
      '{ name: r, type: http, url: "http://svc/ready", samples: 50, consecutive_failures: 2 }',
    );
    const out = await httpCheck.run(check, checkCtx(fakeDeps({ http })));
    expect(out.ok).toBe(false);
    expect(out.detail).toBe('3 consecutive failures > 2 tolerated (first: status 503, expected 200)');
    expect(http.calls).toHaveLength(5);
    expect(out.data).toMatchObject({ samples_sent: 5, stopped_early: '3 consecutive failed samples' });
  });

  it('asserts JSON body values by dotted path', async () => {
    const body = JSON.stringify({ status: 'ok', checks: { db: { status: 'degraded' } }, items: [{ id: 7 }] });
    const http = new FakeHttp(() => ({ status: 200, body }));
    const run = (assertions: string) =>
      httpCheck.run(
        checkOf(`{ name: j, type: http, url: "http://svc/ready", expect_json: ${assertions} }`),
        checkCtx(fakeDeps({ http })),
      );
    expect(
      await run(
        '[{ path: status, equals: ok }, { path: "items[0].id", equals: 7 }, { path: items.0.id, equals: 7 }]',
      ),
    ).toMatchObject({ ok: true });
    expect((await run('[{ path: checks.db.status, equals: ok }]')).detail).toBe(
      'body checks.db.status = "degraded", expected "ok"',
    );
    expect((await run('[{ path: checks.cache, equals: true }]')).detail).toBe(
      'body has no checks.cache, expected true',
    );
    const notJson = new FakeHttp(() => ({ status: 200, body: '<html>' }));
    const out = await httpCheck.run(
      checkOf('{ name: j, type: http, url: "http://svc/", expect_json: [{ path: a, equals: 1 }] }'),
      checkCtx(fakeDeps({ http: notJson })),
    );
    expect(out.detail).toBe('body is not JSON (<html>)');
  });

  it('reads dotted paths', () => {
    const doc = { a: { b: [1, { c: null }] } };
    expect(getPath(doc, 'a.b[1].c')).toEqual({ found: true, value: null });
    expect(getPath(doc, 'a.b.0')).toEqual({ found: true, value: 1 });
    expect(getPath(doc, 'a.x')).toEqual({ found: false });
    expect(getPath(doc, 'a.b[5]')).toEqual({ found: false });
  });

  it('reports timeouts and network errors as failed samples', async () => {
    const http = new FakeHttp((_, n) =>
      n === 1 ? new HttpError('timeout', 'slow', 2000) : new HttpError('network', 'ECONNREFUSED', 1),
    );
    const check = checkOf<'http'>(
      '{ name: t, type: http, url: "http://svc/", samples: 2, request_timeout: 2s, consecutive_failures: 1 }',
    );
    const out = await httpCheck.run(check, checkCtx(fakeDeps({ http })));
    expect(out.detail).toBe('2 consecutive failures > 1 tolerated (first: no complete response within 2s)');
    expect((out.data!.samples as { reason: string }[])[1]!.reason).toBe('network error ECONNREFUSED');
  });

  it('never has more than `concurrency` requests in flight', async () => {
    let inFlight = 0;
    let most = 0;
    const http: HttpClient = {
      async request() {
        most = Math.max(most, ++inFlight);
        await new Promise((r) => setImmediate(r));
        inFlight--;
        return { status: 200, headers: {}, body: '', durationMs: 1 };
      },
    };
    const out = await httpCheck.run(
      checkOf('{ name: c, type: http, url: "http://svc/", samples: 40, concurrency: 4 }'),
      checkCtx(fakeDeps({ http })),
    );
    expect(out.ok).toBe(true);
    expect(most).toBe(4);
    expect(out.data).toMatchObject({ samples_sent: 40, samples_ok: 40 });
    expect((out.data!.samples as { i: number }[]).map((x) => x.i)).toEqual(
      Array.from({ length: 40 }, (_, i) => i),
    );
  });
});

describe('git check', () => {
  const git = (answers: Record<string, string[] | { exit: number; err: string }>) =>
    new FakeProcess((spec: ProcessSpec) => {
      const a = answers[spec.argv.slice(1).join(' ')];
      if (!a) return result({ exitCode: 0, tail: [] });
      if (Array.isArray(a)) return result({ exitCode: 0, tail: a });
      spec.onLine?.(a.err, 'stderr');
      return result({ exitCode: a.exit });
    });
  const all = '{ name: g, type: git, branch: "release/*", clean: true, semver_tag: true }';

  it('runs git with argument arrays and passes a clean tagged release branch', async () => {
    const proc = git({
      'branch --show-current': ['release/1.2'],
      'status --porcelain': [],
      'tag --points-at HEAD': ['v1.2.0'],
    });
    const out = await gitCheck.run(checkOf(all), checkCtx(fakeDeps({ process: proc })));
    expect(out).toMatchObject({
      ok: true,
      detail: 'branch release/1.2 matches release/*, working tree clean, HEAD tagged v1.2.0',
    });
    expect(proc.calls.map((c) => c.argv)).toEqual([
      ['git', 'branch', '--show-current'],
      ['git', 'status', '--porcelain'],
      ['git', 'tag', '--points-at', 'HEAD'],
    ]);
  });

  it('lists every problem: wrong branch, dirty tree, no semver tag', async () => {
    const proc = git({
      'branch --show-current': ['main'],
      'status --porcelain': [' M src/a.ts', '?? notes.txt'],
      'tag --points-at HEAD': ['nightly'],
    });
    const out = await gitCheck.run(checkOf(all), checkCtx(fakeDeps({ process: proc })));
    expect(out.ok).toBe(false);
    expect(out.detail).toBe(
      'branch main does not match release/*; 2 uncommitted changes (M src/a.ts, ?? notes.txt); HEAD has no semver tag (tags: nightly)',
    );
  });

  it('on a detached HEAD takes the branch from GITHUB_HEAD_REF, and fails without it', async () => {
    const proc = git({ 'branch --show-current': [] });
    const check = checkOf<'git'>('{ name: g, type: git, branch: "release/*", clean: false }');
    const pr = await gitCheck.run(
      check,
      checkCtx(fakeDeps({ process: proc, env: { GITHUB_HEAD_REF: 'release/2.0' } })),
    );
    expect(pr).toMatchObject({
      ok: true,
      data: { branch: 'release/2.0', branch_source: 'GITHUB_HEAD_REF (detached HEAD)' },
    });
    const bare = await gitCheck.run(check, checkCtx(fakeDeps({ process: proc })));
    expect(bare).toMatchObject({ ok: false, detail: 'detached HEAD, expected a branch matching release/*' });
  });

  it('reports git failing (not a repository)', async () => {
    const proc = git({ 'status --porcelain': { exit: 128, err: 'fatal: not a git repository' } });
    const out = await gitCheck.run(checkOf('{ name: g, type: git }'), checkCtx(fakeDeps({ process: proc })));
    expect(out.ok).toBe(false);
    expect(out.detail).toMatch(/^git status --porcelain failed in \/work: fatal: not a git repository$/);
  });

  it('knows semver', () => {
    for (const t of ['v1.2.3', '1.0.0', 'v1.0.0-rc.4', '2.0.0+build.7']) expect(t).toMatch(SEMVER);
    for (const t of ['v1.2', 'v01.2.3', 'release-1', 'v1.2.3-']) expect(t).not.toMatch(SEMVER);
  });
});

describe('freeze check', () => {
  // FakeClock starts Monday 2026-01-05 10:00 UTC; Madrid is UTC+1 in January.
  const FRI_1605_MADRID = Date.UTC(2026, 0, 9, 15, 5);
  const THU_1605_MADRID = Date.UTC(2026, 0, 8, 15, 5);
  const noFriday =
    '{ name: no-friday-deploys, type: freeze, timezone: Europe/Madrid, deny: [{ days: [fri] }] }';

  it('reads the weekday and time in the named zone', () => {
    expect(localTime(FRI_1605_MADRID, 'Europe/Madrid')).toMatchObject({ day: 'fri', text: 'Fri 16:05' });
    // Friday 23:30 UTC is already Saturday in Tokyo and still Friday in Los Angeles.
    expect(localTime(Date.UTC(2026, 0, 9, 23, 30), 'Asia/Tokyo').day).toBe('sat');
    expect(localTime(Date.UTC(2026, 0, 9, 23, 30), 'America/Los_Angeles').text).toBe('Fri 15:30');
    // Summer time: Madrid is UTC+2 in July.
    expect(localTime(Date.UTC(2026, 6, 3, 22, 30), 'Europe/Madrid').text).toBe('Sat 00:30');
  });

  it('fails on a Friday and passes on a Thursday (the release and incident flow: no Friday deploys)', async () => {
    const deps = fakeDeps();
    deps.clock.advance(FRI_1605_MADRID - deps.clock.now());
    const fri = await freezeCheck.run(checkOf(noFriday), checkCtx(deps));
    expect(fri.ok).toBe(false);
    expect(fri.detail).toBe(
      'Fri 16:05 Europe/Madrid is inside deny window fri; only a severity high or critical hotfix may override it (input freeze-override)',
    );
    const thu = fakeDeps();
    thu.clock.advance(THU_1605_MADRID - thu.clock.now());
    expect(await freezeCheck.run(checkOf(noFriday), checkCtx(thu))).toMatchObject({
      ok: true,
      detail: 'Thu 16:05 Europe/Madrid is outside every deny window',
    });
  });

  it('lets a high or critical hotfix through and records the override', async () => {
    const deps = fakeDeps({ freezeOverride: 'critical' });
    deps.clock.advance(FRI_1605_MADRID - deps.clock.now());
    const out = await freezeCheck.run(checkOf(noFriday), checkCtx(deps));
    expect(out).toMatchObject({
      ok: true,
      detail: 'Fri 16:05 Europe/Madrid is inside deny window fri: overridden by a severity critical hotfix',
      override: {
        severity: 'critical',
        windows: ['fri'],
        at: '2026-01-09T15:05:00.000Z',
        local_time: 'Fri 16:05 Europe/Madrid',
      },
    });
    expect(out.data!.override).toEqual(out.override);
  });

  it('refuses an override by a severity not allowed', async () => {
    const deps = fakeDeps({ freezeOverride: 'medium' });
    deps.clock.advance(FRI_1605_MADRID - deps.clock.now());
    const out = await freezeCheck.run(checkOf(noFriday), checkCtx(deps));
    expect(out.ok).toBe(false);
    expect(out.detail).toContain('override severity medium is not allowed (allowed: high or critical)');
  });

  it('handles time windows, overnight windows belonging to the day they start', () => {
    const at = (day: 'fri' | 'sat' | 'mon', hhmm: string) => ({
      day,
      minutes: Number(hhmm.slice(0, 2)) * 60 + Number(hhmm.slice(3)),
      text: '',
    });
    const evening = { days: ['fri' as const], from: '18:00' };
    expect(windowCovers(evening, at('fri', '17:59'))).toBe(false);
    expect(windowCovers(evening, at('fri', '18:00'))).toBe(true);
    const overnight = { days: ['fri' as const], from: '22:00', to: '06:00' };
    expect(windowCovers(overnight, at('fri', '23:00'))).toBe(true);
    expect(windowCovers(overnight, at('sat', '05:59'))).toBe(true);
    expect(windowCovers(overnight, at('sat', '06:00'))).toBe(false);
    expect(windowCovers(overnight, at('fri', '05:00'))).toBe(false);
    const daily = { from: '09:00', to: '10:00' };
    expect(windowCovers(daily, at('mon', '09:30'))).toBe(true);
    expect(windowCovers(daily, at('mon', '10:00'))).toBe(false);
  });
});

describe('github-checks check', () => {
  const check = (extra = '') =>
    checkOf<'github-checks'>(`{ name: ci, type: github-checks, wait: 2m, poll_interval: 30s${extra} }`);
  let emu: Emulator;
  let github: GitHubPort;
  beforeAll(async () => {
    emu = await startEmulator({ owner: 'acme', repo: 'shop' });
    github = await portOn(emu);
  });
  afterAll(() => emu.close());

  /** A new commit with these check runs and statuses (GitHub's emulator, through the real port). */
  function commit(
    runs: { name: string; status?: CheckStatus; conclusion?: CheckConclusion }[] = [],
    statuses: { context: string; state: CommitState }[] = [],
  ): string {
    const sha = emu.seed.commit('feat: checkout');
    for (const { name, status = 'completed', conclusion = 'success' } of runs)
      emu.seed.checkRun(sha, { name, status, conclusion: status === 'completed' ? conclusion : null });
    for (const st of statuses) emu.seed.status(sha, st);
    return sha;
  }
  const checkRunReads = (ref: string) =>
    emu.requests.filter((q) => q.path.split('?')[0]!.endsWith(`/commits/${ref}/check-runs`)).length;

  /** A fake clock that, at each pause between polls, moves the commit's checks on to their next state. */
  class PollingClock extends FakeClock {
    constructor(private readonly next: (() => void)[]) {
      super();
    }
    override async sleep(ms: number, signal?: AbortSignal): Promise<void> {
      await super.sleep(ms, signal);
      this.next.shift()?.();
    }
  }

  it('fails with a clear message without a token', async () => {
    const out = await githubChecksCheck.run(check(), checkCtx(fakeDeps({ sha: commit() })));
    expect(out.ok).toBe(false);
    expect(out.detail).toMatch(/^needs the GitHub API but no token was given: set input github-token/);
  });

  it('passes when every check run and status is success, skipped or neutral', async () => {
    const sha = commit(
      [{ name: 'build' }, { name: 'docs', conclusion: 'skipped' }, { name: 'lint', conclusion: 'neutral' }],
      [{ context: 'ci/jenkins', state: 'success' }],
    );
    const out = await githubChecksCheck.run(check(), checkCtx(fakeDeps({ github, sha })));
    expect(out).toMatchObject({
      ok: true,
      detail: `4 green on ${sha.slice(0, 7)}: 3 check runs, 1 status (docs (skipped), lint (neutral))`,
    });
    expect(checkRunReads(sha)).toBe(1);
  });

  it('fails at once on a red check run or status', async () => {
    const sha = commit(
      [
        { name: 'build', conclusion: 'failure' },
        { name: 'e2e', status: 'in_progress' },
      ],
      [{ context: 'ci/x', state: 'error' }],
    );
    const deps = fakeDeps({ github, sha });
    const before = deps.clock.now();
    const out = await githubChecksCheck.run(check(), checkCtx(deps));
    expect(out).toMatchObject({
      ok: false,
      detail: `2 red on ${sha.slice(0, 7)}: build (failure), ci/x (error)`,
    });
    expect(deps.clock.now()).toBe(before);
  });

  it('waits for pending checks, polling with the clock', async () => {
    const sha = commit([{ name: 'build', status: 'in_progress' }], [{ context: 'deploy', state: 'pending' }]);
    const build = emu.state.checkRuns.find((r) => r.head_sha === sha)!;
    const clock = new PollingClock([
      () => Object.assign(build, { status: 'completed', conclusion: 'success' }),
      () => emu.seed.status(sha, { context: 'deploy', state: 'success' }),
    ]);
    const deps = fakeDeps({ github, sha, clock });
    const before = clock.now();
    const out = await githubChecksCheck.run(check(), checkCtx(deps));
    expect(out).toMatchObject({ ok: true, data: { polls: 3 } });
    expect(out.detail).toBe(`2 green on ${sha.slice(0, 7)}: 1 check run, 1 status, after waiting 1m`);
    expect(clock.now() - before).toBe(60_000);
  });

  it('fails when checks stay pending beyond wait', async () => {
    const sha = commit([{ name: 'build', status: 'queued' }]);
    const out = await githubChecksCheck.run(check(), checkCtx(fakeDeps({ github, sha })));
    expect(out).toMatchObject({
      ok: false,
      detail: `1 still pending on ${sha.slice(0, 7)} after 2m: build (queued)`,
    });
    expect(out.data).toMatchObject({ polls: 5, waited_ms: 120_000 });
  });

  it('reports a commit with no checks as a failure unless allow_none', async () => {
    const sha = commit();
    expect((await githubChecksCheck.run(check(), checkCtx(fakeDeps({ github, sha })))).detail).toBe(
      `no check runs or commit statuses on ${sha.slice(0, 7)}: nothing says it is green (set allow_none: true to accept that)`,
    );
    expect(
      await githubChecksCheck.run(check(', allow_none: true'), checkCtx(fakeDeps({ github, sha }))),
    ).toMatchObject({ ok: true });
  });

  it('ignores the gate itself, this job and the ignore list', async () => {
    const sha = commit([
      { name: 'readiness-gate', status: 'in_progress' },
      { name: 'gate', status: 'in_progress' },
      { name: 'flaky', conclusion: 'failure' },
      { name: 'build' },
    ]);
    const deps = fakeDeps({ github, sha, selfNames: ['readiness-gate', 'gate'] });
    const out = await githubChecksCheck.run(check(', ignore: [flaky]'), checkCtx(deps));
    expect(out).toMatchObject({ ok: true, data: { ignored: ['flaky', 'gate', 'readiness-gate'] } });
  });

  it('judges the latest run per name and the newest status per context', () => {
    const { items } = classify(
      [
        { id: 1, name: 'build', status: 'completed', conclusion: 'failure', htmlUrl: null },
        { id: 5, name: 'build', status: 'completed', conclusion: 'success', htmlUrl: null },
      ],
      [
        { context: 'ci', state: 'success', description: null, targetUrl: null },
        { context: 'ci', state: 'failure', description: null, targetUrl: null },
      ],
      new Set(),
    );
    expect(items.map((i) => `${i.name}:${i.state}`)).toEqual(['build:green', 'ci:green']);
  });

  it('inspects `ref` when written, and fails without any commit', async () => {
    const tagged = commit([{ name: 'b' }]);
    emu.seed.tag('v1.2.0', tagged);
    const sha = commit();
    const out = await githubChecksCheck.run(check(', ref: v1.2.0'), checkCtx(fakeDeps({ github, sha })));
    expect(out).toMatchObject({ ok: true });
    expect([checkRunReads('v1.2.0'), checkRunReads(sha)]).toEqual([1, 0]);
    expect((await githubChecksCheck.run(check(), checkCtx(fakeDeps({ github })))).detail).toMatch(
      /^no commit to inspect/,
    );
  });

  it('gets a default time limit long enough for its wait', () => {
    expect(githubChecksCheck.defaultTimeoutMs!(checkOf('{ name: c, type: github-checks, wait: 20m }'))).toBe(
      20 * 60_000 + 10_000 + 60_000,
    );
    expect(githubChecksCheck.defaultTimeoutMs!(checkOf('{ name: c, type: github-checks, wait: 0s }'))).toBe(
      300_000,
    );
  });

  it('surfaces a GitHub error the port raises', async () => {
    const sha = commit([{ name: 'build' }]);
    const fault = emu.faults.add({ method: 'GET', path: /\/check-runs$/, kind: 'status', status: 403 });
    try {
      const err = await githubChecksCheck
        .run(check(), checkCtx(fakeDeps({ github, sha })))
        .catch((e: unknown) => e);
      expect(err).toBeInstanceOf(ExternalError);
      expect((err as Error).message).toContain('checks: read');
    } finally {
      fault.remove();
    }
  });
});

describe('backup-manifest check', () => {
  const sha = (c: string) => c.repeat(64);
  const manifest = (over: object = {}) =>
    JSON.stringify({
      created_at: '2026-01-05T08:00:00Z',
      files: [
        { path: 'db.dump', sha256: sha('a'), size: 4 },
        { path: 'media/files.tar', sha256: sha('b'), size: 3 },
      ],
      ...over,
    });
  const deps = (
    text: string,
    files: Record<string, string> = { '/work/backup/db.dump': 'abcd', '/work/backup/media/files.tar': 'xyz' },
  ) =>
    fakeDeps({
      fs: memoryFs({ '/work/backup/manifest.json': text, ...files }),
      hashFile: async (p) => ({
        sha256: p.endsWith('db.dump') ? sha('a') : sha('b'),
        size: p.endsWith('db.dump') ? 4 : 3,
      }),
    });
  const check = (extra = '') =>
    checkOf<'backup-manifest'>(`{ name: b, type: backup-manifest, path: backup/manifest.json${extra} }`);

  it('passes when every listed file has its size and sha256, and the manifest is young enough', async () => {
    const out = await backupManifestCheck.run(check(', max_age: 24h'), checkCtx(deps(manifest())));
    expect(out).toMatchObject({ ok: true, detail: '2 files, 7 B verified; age 2h ≤ 24h' });
    expect(out.data).toMatchObject({ base_dir: 'backup', age_ms: 7_200_000, verified_bytes: 7 });
  });

  it('fails an old manifest: "age 26h > 24h"', async () => {
    const out = await backupManifestCheck.run(
      check(', max_age: 24h'),
      checkCtx(deps(manifest({ created_at: '2026-01-04T08:00:00Z' }))),
    );
    expect(out).toMatchObject({ ok: false, detail: 'age 26h > 24h' });
  });

  it('names missing files, wrong sizes and wrong digests', async () => {
    const files = { '/work/backup/db.dump': 'abcde' };
    const out = await backupManifestCheck.run(check(), checkCtx(deps(manifest(), files)));
    expect(out.detail).toBe('db.dump: size 5 B, listed 4 B; media/files.tar: missing');
    const d = deps(manifest());
    d.hashFile = async () => ({ sha256: sha('c'), size: 4 });
    const wrong = await backupManifestCheck.run(check(), checkCtx(d));
    expect(wrong.detail).toMatch(/^db\.dump: sha256 cccccccccccc… differs from the listed aaaaaaaaaaaa…/);
  });

  it('resolves file paths against base_dir when given', async () => {
    const d = fakeDeps({
      fs: memoryFs({
        '/work/backup/manifest.json': manifest(),
        '/data/db.dump': 'abcd',
        '/data/media/files.tar': 'xyz',
      }),
      hashFile: async (p) =>
        p.endsWith('db.dump') ? { sha256: sha('a'), size: 4 } : { sha256: sha('b'), size: 3 },
    });
    expect(await backupManifestCheck.run(check(', base_dir: /data, root: /'), checkCtx(d))).toMatchObject({
      ok: true,
    });
    // outside the workspace (/work) only with a root that holds it
    expect(await backupManifestCheck.run(check(', base_dir: /data'), checkCtx(d))).toMatchObject({
      ok: false,
      detail: 'base_dir /data: outside the workspace (set root to an absolute directory to allow it)',
    });
  });

  it('explains a malformed manifest', async () => {
    expect(parseManifest('{')).toMatchObject({ error: expect.stringMatching(/^not valid JSON/) });
    expect(parseManifest('{"files": []}')).toEqual({
      error: 'created_at: expected an ISO 8601 time with a zone, e.g. 2026-01-05T09:00:00Z',
    });
    expect(parseManifest('{"created_at": "2026-01-05T08:00:00Z", "files": []}')).toEqual({
      error: 'files: the manifest lists no files',
    });
    expect(parseManifest(manifest({ files: [{ path: 'x', sha256: 'abc', size: 1 }] }))).toEqual({
      error: 'files[0].sha256: expected 64 hexadecimal characters',
    });
    const missing = await backupManifestCheck.run(check(), checkCtx(fakeDeps()));
    expect(missing.detail).toBe('backup/manifest.json: manifest not found');
  });
});
