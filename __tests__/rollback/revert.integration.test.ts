import { afterEach, describe, expect, it } from '@jest/globals';
import { execFileSync } from 'node:child_process';
import { chmodSync, mkdirSync, writeFileSync } from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { processRunner } from '../../src/adapters/process.js';
import { openRevertPullRequest } from '../../src/rollback/revert.js';
import { world, type World } from './world.js';

/**
 * strategy revert-commit against real git: a bare repository is the remote, a clone is the checked-out
 * workspace, and a post-receive hook mirrors pushed `revert/*` branches into the GitHub emulator (as
 * pushing to GitHub would make the branch exist there), so the pull request can be opened.
 */
const git = (cwd: string, ...args: string[]) =>
  execFileSync(
    'git',
    ['-c', 'user.name=dev', '-c', 'user.email=dev@example.com', '-c', 'init.defaultBranch=main', ...args],
    {
      cwd,
      encoding: 'utf8',
      stdio: ['ignore', 'pipe', 'pipe'],
    },
  ).trim();

interface Repos {
  remote: string;
  work: string;
  mirror: http.Server;
}

async function repos(w: World): Promise<Repos> {
  // The mirror: a pushed branch becomes a branch in the emulator (one new commit on top of main).
  const mirror = http.createServer((req, res) => {
    let body = '';
    req.on('data', (d) => (body += d));
    req.on('end', () => {
      const branch = body.replace(/^refs\/heads\//, '');
      w.emu.seed.commit(`pushed ${branch}`, { branch });
      res.end('ok');
    });
  });
  await new Promise<void>((r) => mirror.listen(0, '127.0.0.1', r));
  const url = `http://127.0.0.1:${(mirror.address() as AddressInfo).port}/`;

  const remote = path.join(w.dir, 'remote.git');
  const work = path.join(w.dir, 'work');
  git(w.dir, 'init', '--bare', '-q', remote);
  const hook = path.join(remote, 'hooks', 'post-receive');
  writeFileSync(
    hook,
    `#!/bin/sh\nwhile read old new ref; do\n  case "$ref" in refs/heads/revert/*) "${process.execPath}" -e 'fetch(process.argv[1], { method: "POST", body: process.argv[2] }).then((r) => process.exit(r.ok ? 0 : 1))' "${url}" "$ref" ;; esac\ndone\n`,
  );
  chmodSync(hook, 0o755);
  mkdirSync(work);
  git(work, 'init', '-q');
  git(work, 'remote', 'add', 'origin', remote);
  writeFileSync(path.join(work, 'app.txt'), 'catalogue\nlogin\n');
  git(work, 'add', '.');
  git(work, 'commit', '-q', '-m', 'feat: login');
  git(work, 'tag', 'v1.0.0');
  writeFileSync(path.join(work, 'checkout.txt'), 'new checkout\n');
  git(work, 'add', '.');
  git(work, 'commit', '-q', '-m', 'feat: new checkout');
  writeFileSync(path.join(work, 'app.txt'), 'catalogue\nlogin\ncheckout link\n');
  git(work, 'commit', '-q', '-am', 'feat: checkout link');
  git(work, 'tag', 'v1.1.0');
  git(work, 'push', '-q', 'origin', 'main', '--tags');
  // main moved on after the release: the revert must apply on top of it
  writeFileSync(path.join(work, 'docs.txt'), 'docs\n');
  git(work, 'add', '.');
  git(work, 'commit', '-q', '-m', 'docs: readme');
  git(work, 'push', '-q', 'origin', 'main');
  return { remote, work, mirror };
}

const opened: { w: World; r: Repos }[] = [];
afterEach(async () => {
  for (const { w, r } of opened.splice(0)) {
    await new Promise((res) => r.mirror.close(res));
    await w.close();
  }
});

describe('strategy revert-commit', () => {
  it('demotes the release and opens a pull request that reverts its commits on the default branch', async () => {
    const w = await world();
    const r = await repos(w);
    opened.push({ w, r });
    const headBefore = git(r.work, 'rev-parse', 'HEAD');
    const out = await w.run(
      { from: 'v1.1.0', reason: 'checkout corrupts carts', strategy: 'revert-commit' },
      { config: w.config({ run: false, more: '  revert: { directory: work }' }) },
    );
    expect(out.exitCode).toBe(0);
    expect(out.outputs).toMatchObject({
      result: 'revert-opened',
      'rolled-back': 'false',
      'to-tag': 'v1.0.0',
    });

    const pull = w.emu.state.pulls.find((p) => p.head === 'revert/v1.1.0');
    expect(pull).toMatchObject({
      base: 'main',
      title: 'Revert v1.1.0 (rolled back to v1.0.0)',
      state: 'open',
    });
    expect(pull!.body).toContain('checkout corrupts carts');
    expect(out.outputs['revert-pr-url']).toMatch(new RegExp(`/pull/${pull!.number}$`));

    // the pushed branch: main's later work kept, both commits of v1.1.0 reverted, one revert commit
    expect(git(r.remote, 'show', 'revert/v1.1.0:app.txt')).toBe('catalogue\nlogin');
    expect(git(r.remote, 'show', 'revert/v1.1.0:docs.txt')).toBe('docs');
    expect(() => git(r.remote, 'show', 'revert/v1.1.0:checkout.txt')).toThrow();
    expect(git(r.remote, 'log', '-1', '--format=%s', 'revert/v1.1.0')).toBe(
      'Revert v1.1.0 (rolled back to v1.0.0)',
    );
    expect(git(r.remote, 'rev-parse', 'revert/v1.1.0^')).toBe(git(r.remote, 'rev-parse', 'main'));
    // the workspace's own checkout is untouched, and no worktree is left behind
    expect(git(r.work, 'rev-parse', 'HEAD')).toBe(headBefore);
    expect(git(r.work, 'status', '--porcelain')).toBe('');
    expect(git(r.work, 'worktree', 'list').split('\n')).toHaveLength(1);
    expect(w.emu.state.releases.find((x) => x.tag_name === 'v1.1.0')!.prerelease).toBe(true);

    // a re-run: nothing to do; the revert itself is idempotent too
    const again = await w.run(
      { from: 'v1.1.0', strategy: 'revert-commit' },
      { config: w.config({ run: false, more: '  revert: { directory: work }' }) },
    );
    expect(again.outputs.result).toBe('nothing-to-do');
    const direct = await openRevertPullRequest(w.gh, processRunner, {
      fromTag: 'v1.1.0',
      toTag: 'v1.0.0',
      dir: r.work,
      remote: 'origin',
      reason: 'x',
    });
    expect(direct).toMatchObject({ already: true, branch: 'revert/v1.1.0' });
    expect(w.emu.state.pulls).toHaveLength(1);
  });
});
