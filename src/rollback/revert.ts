/**
 * strategy `revert-commit` (the release and incident flow: `git revert HEAD --no-edit`): a pull request that reverts the
 * commits the bad release added over the target (`git rev-list --no-merges <to>..<from>`) on the default
 * branch. The revert is made with the local `git` (argument arrays, never a shell) in a temporary
 * worktree of the checked-out repository, so the workspace's own checkout is left alone; the branch
 * `revert/<from_tag>` is pushed to the remote and the pull request opened through the GitHub port.
 * Idempotent: an existing remote branch is reused, and an existing pull request is reported, not doubled.
 */
import { randomBytes } from 'node:crypto';
import os from 'node:os';
import path from 'node:path';
import { ExternalError } from '../errors.js';
import type { GitHubPort, ProcessRunner, ProcessResult } from '../ports/index.js';
import { oneLine } from './banner.js';

export interface RevertOptions {
  fromTag: string;
  toTag: string;
  /** The checked-out repository. */
  dir: string;
  remote: string;
  reason: string;
  incidentUrl?: string;
  signal?: AbortSignal;
}

export interface RevertOutcome {
  branch: string;
  base: string;
  commits: string[];
  pullRequestUrl?: string;
  /** true when the branch or the pull request already existed (a re-run). */
  already: boolean;
  detail: string;
}

const IDENTITY = [
  '-c',
  'user.name=github-actions[bot]',
  '-c',
  'user.email=41898282+github-actions[bot]@users.noreply.github.com',
];

export function revertBranch(fromTag: string): string {
  return `revert/${fromTag}`;
}

class Git {
  constructor(
    private readonly runner: ProcessRunner,
    private readonly signal?: AbortSignal,
  ) {}

  async run(
    cwd: string,
    args: string[],
    opts: { allowFail?: boolean } = {},
  ): Promise<ProcessResult & { out: string }> {
    const lines: string[] = [];
    const r = await this.runner.run({
      argv: ['git', ...args],
      cwd,
      env: { GIT_TERMINAL_PROMPT: '0', LC_ALL: 'C' },
      timeoutMs: 120_000,
      tailLines: 40,
      signal: this.signal,
      onLine: (l, s) => (s === 'stdout' ? lines.push(l) : undefined),
    });
    if (!opts.allowFail && r.exitCode !== 0) {
      throw new ExternalError(
        `git ${args.filter((a) => !a.startsWith('user.')).join(' ')} failed: ${r.spawnError ?? r.tail.slice(-5).join(' / ')}`,
        {
          hint: 'the revert needs the repository checked out with history (actions/checkout with fetch-depth: 0) and a token allowed to push (contents: write)',
        },
      );
    }
    return { ...r, out: lines.join('\n').trim() };
  }
}

export async function openRevertPullRequest(
  gh: GitHubPort,
  runner: ProcessRunner,
  o: RevertOptions,
): Promise<RevertOutcome> {
  const branch = revertBranch(o.fromTag);
  const base = await gh.getDefaultBranch();
  const already = (await gh.getRef(`heads/${branch}`)) !== null;
  const commits = already ? [] : await pushRevertBranch(new Git(runner, o.signal), o, branch, base);
  return openPullRequest(gh, o, { branch, base, commits, already });
}

/** Reverts the bad release's commits on the default branch in a temporary worktree and pushes the branch. */
async function pushRevertBranch(git: Git, o: RevertOptions, branch: string, base: string): Promise<string[]> {
  const top = (await git.run(o.dir, ['rev-parse', '--show-toplevel'])).out;
  const shallow = (await git.run(top, ['rev-parse', '--is-shallow-repository'])).out === 'true';
  await git.run(top, [
    'fetch',
    '--no-tags',
    ...(shallow ? ['--unshallow'] : []),
    o.remote,
    `+refs/heads/${base}:refs/remotes/${o.remote}/${base}`,
    `+refs/tags/${o.fromTag}:refs/tags/${o.fromTag}`,
    `+refs/tags/${o.toTag}:refs/tags/${o.toTag}`,
  ]);
  const commits = (
    await git.run(top, ['rev-list', '--no-merges', `refs/tags/${o.toTag}..refs/tags/${o.fromTag}`])
  ).out
    .split('\n')
    .filter(Boolean);
  if (commits.length === 0) {
    throw new ExternalError(`${o.fromTag} adds no commit over ${o.toTag}: there is nothing to revert`);
  }
  const worktree = path.join(os.tmpdir(), `release-ops-revert-${randomBytes(4).toString('hex')}`);
  const localBranch = `release-ops/${branch}-${randomBytes(3).toString('hex')}`;
  await git.run(top, ['worktree', 'add', '-b', localBranch, worktree, `refs/remotes/${o.remote}/${base}`]);
  try {
    await revertCommits(git, worktree, o, base, commits);
    await git.run(worktree, ['push', o.remote, `HEAD:refs/heads/${branch}`]);
  } finally {
    await git.run(top, ['worktree', 'remove', '--force', worktree], { allowFail: true });
    await git.run(top, ['branch', '-D', localBranch], { allowFail: true });
  }
  return commits;
}

async function revertCommits(
  git: Git,
  worktree: string,
  o: RevertOptions,
  base: string,
  commits: string[],
): Promise<void> {
  // Newest first, as `git revert <to>..<from>` would; one commit for the whole revert.
  const rev = await git.run(worktree, [...IDENTITY, 'revert', '--no-edit', '--no-commit', ...commits], {
    allowFail: true,
  });
  if (rev.exitCode !== 0) {
    await git.run(worktree, ['revert', '--abort'], { allowFail: true });
    throw new ExternalError(
      `git revert of ${o.fromTag}'s commits on ${base} failed: ${rev.tail.slice(-4).join(' / ')}`,
      {
        hint: `the revert conflicts with later changes on ${base}: revert by hand, or use strategy redeploy`,
      },
    );
  }
  const clean = await git.run(worktree, ['diff', '--cached', '--quiet'], { allowFail: true });
  if (clean.exitCode === 0)
    throw new ExternalError(`the changes of ${o.fromTag} are already reverted on ${base}: nothing to revert`);
  const message = [
    `Revert ${o.fromTag} (rolled back to ${o.toTag})`,
    '',
    `Reason: ${o.reason}`,
    '',
    'Reverts:',
    ...commits.map((c) => `- ${c}`),
  ].join('\n');
  await git.run(worktree, [...IDENTITY, 'commit', '--no-verify', '-m', message]);
}

/** The pull request; one already open from the branch is reported, not doubled. */
async function openPullRequest(
  gh: GitHubPort,
  o: RevertOptions,
  b: { branch: string; base: string; commits: string[]; already: boolean },
): Promise<RevertOutcome> {
  const { branch, base, commits, already } = b;
  // the reason is free text: on one line, no markers, mentions or links in a public pull request
  const body = [
    `Reverts the commits ${o.fromTag} added over ${o.toTag}, because ${o.fromTag} was rolled back.`,
    '',
    `**Reason:** ${oneLine(o.reason, 500)}`,
    o.incidentUrl ? `**Incident:** ${o.incidentUrl}` : '',
    commits.length ? `\nReverted commits:\n${commits.map((c) => `- ${c}`).join('\n')}` : '',
    '',
    '_Opened by release-ops auto-rollback (strategy revert-commit)._',
  ]
    .filter((l) => l !== '')
    .join('\n');
  try {
    const pr = await gh.createPullRequest({
      title: `Revert ${o.fromTag} (rolled back to ${o.toTag})`,
      head: branch,
      base,
      body,
    });
    return {
      branch,
      base,
      commits,
      pullRequestUrl: pr.htmlUrl,
      already,
      detail: `pull request ${pr.htmlUrl} reverts ${commits.length ? `${commits.length} commit(s)` : `branch ${branch}`} on ${base}`,
    };
  } catch (err) {
    if (err instanceof ExternalError && err.status === 422 && already) {
      return {
        branch,
        base,
        commits,
        already: true,
        detail: `a pull request from ${branch} into ${base} is already open`,
      };
    }
    throw err;
  }
}
