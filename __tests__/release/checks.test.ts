import { describe, expect, it } from '@jest/globals';
import { evaluateChecks } from '../../src/release/checks.js';
import type { CheckRun, CommitStatus } from '../../src/ports/github.js';

let nextId = 1;
const run = (name: string, status: string, conclusion: string | null = null, id = nextId++): CheckRun => ({
  id,
  name,
  status,
  conclusion,
  htmlUrl: null,
});
const status = (context: string, state: string): CommitStatus => ({
  context,
  state,
  description: null,
  targetUrl: null,
});

describe('evaluateChecks (the github-checks rule)', () => {
  it.each([
    ['success', true],
    ['skipped', true],
    ['neutral', true],
    ['failure', false],
    ['cancelled', false],
    ['timed_out', false],
    ['action_required', false],
    ['stale', false],
  ])('a completed check run concluded %s passes: %p', (conclusion, ok) => {
    const v = evaluateChecks([run('build', 'completed', conclusion)], []);
    expect(v.ok).toBe(ok);
    expect(ok ? v.passed : v.failed).toEqual(['check build']);
  });

  it.each(['queued', 'in_progress', 'waiting', 'requested', 'pending'])(
    'a check run %s is pending, not green',
    (s) => {
      const v = evaluateChecks([run('build', s)], [status('ci', 'success')]);
      expect(v).toMatchObject({ ok: false, pending: ['check build'], passed: ['status ci'] });
      expect(v.summary).toBe('1 passed, 1 pending (check build)');
    },
  );

  it.each([
    ['success', 'passed', true],
    ['pending', 'pending', false],
    ['failure', 'failed', false],
    ['error', 'failed', false],
  ])('a commit status %s is %s', (state, bucket, ok) => {
    const v = evaluateChecks([], [status('ci/deploy', state)]);
    expect(v.ok).toBe(ok);
    expect((v as unknown as Record<string, string[]>)[bucket]).toEqual(['status ci/deploy']);
  });

  it('no checks at all is not green unless allowed', () => {
    expect(evaluateChecks([], [])).toMatchObject({
      ok: false,
      total: 0,
      summary: 'no checks reported for this commit',
    });
    expect(evaluateChecks([], [], { allowNone: true })).toMatchObject({
      ok: true,
      summary: 'no checks reported (allowed)',
    });
  });

  it('only the newest run per name and the newest status per context count', () => {
    const runs = [
      run('build', 'completed', 'failure', 10),
      run('build', 'completed', 'success', 11),
      run('lint', 'completed', 'success', 12),
    ];
    // statuses come newest first from the API
    const statuses = [
      status('ci', 'success'),
      status('ci', 'failure'),
      status('deploy', 'failure'),
      status('deploy', 'pending'),
    ];
    const v = evaluateChecks(runs, statuses);
    expect(v.passed).toEqual(['check build', 'check lint', 'status ci']);
    expect(v.failed).toEqual(['status deploy']);
    expect(v.summary).toBe('3 passed, 1 failed (status deploy: failure)');
  });

  it('ignored names count for nothing, and a commit with only ignored checks has none', () => {
    const v = evaluateChecks([run('promote', 'in_progress'), run('build', 'completed', 'success')], [], {
      ignore: ['promote'],
    });
    expect(v).toMatchObject({ ok: true, ignored: ['check promote'], passed: ['check build'] });
    expect(evaluateChecks([run('promote', 'in_progress')], [], { ignore: ['promote'] }).ok).toBe(false);
  });

  it('summarises failures with their conclusions', () => {
    const v = evaluateChecks(
      [run('e2e', 'completed', 'timed_out'), run('unit', 'completed', null)],
      [status('sec', 'error')],
    );
    expect(v.summary).toBe('3 failed (check e2e: timed_out, check unit: no conclusion, status sec: error)');
  });
});
