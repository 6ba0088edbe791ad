import { afterAll, describe, expect, it } from '@jest/globals';
import { execFileSync } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { runGate } from '../../src/gate/runner.js';
import { gateOf } from './fakes.js';
import { realDeps, removeTempDirs, tempDir } from './real.js';

/** A real repository in a temporary directory, on `branch`, with one commit. */
function repo(branch: string): { dir: string; git: (...args: string[]) => string } {
  const dir = tempDir('ro-gate-git-');
  const env = {
    ...process.env,
    GIT_AUTHOR_NAME: 't',
    GIT_AUTHOR_EMAIL: 't@example.com',
    GIT_COMMITTER_NAME: 't',
    GIT_COMMITTER_EMAIL: 't@example.com',
  };
  const git = (...args: string[]) => execFileSync('git', args, { cwd: dir, env, encoding: 'utf8' });
  git('init', '-q', '-b', branch);
  writeFileSync(path.join(dir, 'app.txt'), 'v1\n');
  git('add', 'app.txt');
  git('commit', '-q', '-m', 'first');
  return { dir, git };
}

const CHECK =
  'checks:\n  - { name: branch, type: git, branch: "release/*", clean: true, semver_tag: true }\n';

afterAll(removeTempDirs);

describe('git check in real temporary repositories', () => {
  it('passes a clean release branch whose HEAD carries a semver tag', async () => {
    const { dir, git } = repo('release/1.2');
    git('tag', 'v1.2.0');
    const r = await runGate(gateOf(CHECK), realDeps({ cwd: dir }));
    expect(r.verdicts[0]).toMatchObject({
      verdict: 'pass',
      detail: 'branch release/1.2 matches release/*, working tree clean, HEAD tagged v1.2.0',
    });
    expect(r.verdicts[0]!.data).toMatchObject({
      branch: 'release/1.2',
      uncommitted_count: 0,
      tags_at_head: ['v1.2.0'],
    });
  });

  it('fails a dirty tree on the wrong branch without a tag, naming each problem', async () => {
    const { dir, git } = repo('main');
    git('tag', 'nightly');
    writeFileSync(path.join(dir, 'app.txt'), 'v2\n');
    writeFileSync(path.join(dir, 'new file.txt'), 'x\n');
    const r = await runGate(gateOf(CHECK), realDeps({ cwd: dir }));
    expect(r.verdicts[0]!.verdict).toBe('fail');
    expect(r.verdicts[0]!.detail).toBe(
      'branch main does not match release/*; 2 uncommitted changes (M app.txt, ?? "new file.txt"); HEAD has no semver tag (tags: nightly)',
    );
  });

  it('on a detached HEAD (a tag checkout) uses GITHUB_REF for the branch', async () => {
    const { dir, git } = repo('release/3.0');
    git('tag', 'v3.0.0');
    git('checkout', '-q', '--detach', 'v3.0.0');
    const detached = await runGate(gateOf(CHECK), realDeps({ cwd: dir }));
    expect(detached.verdicts[0]!.detail).toBe('detached HEAD, expected a branch matching release/*');
    const inCi = await runGate(
      gateOf(CHECK),
      realDeps({ cwd: dir, env: { GITHUB_REF: 'refs/heads/release/3.0' } }),
    );
    expect(inCi.verdicts[0]).toMatchObject({
      verdict: 'pass',
      data: { branch_source: 'GITHUB_REF (detached HEAD)' },
    });
  });

  it('resolves cwd against the workspace and fails outside a repository or without the directory', async () => {
    const outside = tempDir('ro-gate-nogit-');
    mkdirSync(path.join(outside, 'sub'));
    const r = await runGate(
      gateOf('checks:\n  - { name: g, type: git, cwd: sub }\n  - { name: h, type: git, cwd: nowhere }\n'),
      realDeps({ cwd: outside }),
    );
    expect(r.verdicts[0]!.detail).toMatch(
      /^git status --porcelain failed in .*ro-gate-nogit-.*\/sub: fatal: not a git repository/,
    );
    expect(r.verdicts[1]!.detail).toBe('cwd nowhere: no such directory');
  });
});
