import path from 'node:path';
import type { GitCheckConfig } from '../../config/schema/gate.js';
import { clip } from '../format.js';
import { globMatch } from '../glob.js';
import type { CheckContext, CheckImpl, CheckOutcome, Limit } from '../types.js';

/** Semantic Versioning 2.0.0, with an optional leading `v`. */
export const SEMVER =
  /^v?(0|[1-9]\d*)\.(0|[1-9]\d*)\.(0|[1-9]\d*)(?:-[0-9A-Za-z-]+(?:\.[0-9A-Za-z-]+)*)?(?:\+[0-9A-Za-z-]+(?:\.[0-9A-Za-z-]+)*)?$/;

/** Changed paths listed in the report when the tree is dirty. */
const SHOW_CHANGES = 5;

/**
 * `git`: the working copy the gate runs in is on the expected branch (`release/*`), has no uncommitted
 * changes, and HEAD carries a semver tag — the recovery playbook's `git branch --show-current` and
 * `git status --short`, run through the process runner with argument arrays.
 *
 * On a detached HEAD (what actions/checkout gives a pull request or a tag build), the branch comes from
 * GITHUB_HEAD_REF (pull requests) or GITHUB_REF_NAME when GITHUB_REF is a branch.
 */
export const gitCheck: CheckImpl<GitCheckConfig> = {
  async run(check, ctx) {
    const cwd = path.resolve(ctx.cwd, check.cwd ?? '.');
    const f: Findings = { limits: [], problems: [], good: [], data: { cwd: check.cwd ?? '.' } };
    if (!(await ctx.fs.stat(cwd)))
      return { ok: false, detail: `cwd ${check.cwd ?? cwd}: no such directory`, data: f.data };
    for (const probe of [branchProbe, cleanProbe, semverProbe]) {
      const failed = await probe(check, ctx, cwd, f);
      if (failed) return failed;
    }
    if (f.limits.length === 0)
      return { ok: true, detail: 'nothing to verify (branch, clean and semver_tag all off)', data: f.data };
    return {
      ok: f.problems.length === 0,
      detail: clip(ctx.redactor, f.problems.length ? f.problems.join('; ') : f.good.join(', '), 300),
      limits: f.limits,
      data: f.data,
    };
  },

  describe(check) {
    const parts: string[] = [];
    if (check.branch !== undefined) parts.push(`git branch --show-current matches ${check.branch}`);
    if (check.clean) parts.push('git status --porcelain is empty');
    if (check.semver_tag) parts.push('git tag --points-at HEAD has a semver tag');
    return parts.join('; ') || 'nothing';
  },
};

/** What the probes found: limits, problems, what was fine, and the measurements. */
interface Findings {
  limits: Limit[];
  problems: string[];
  good: string[];
  data: Record<string, unknown>;
}

/** One thing the check verifies; returns the outcome when git itself failed (that ends the check). */
type Probe = (
  check: GitCheckConfig,
  ctx: CheckContext,
  cwd: string,
  f: Findings,
) => Promise<CheckOutcome | null>;

/** `branch`: the current branch (or, on a detached HEAD, the one the workflow names) matches. */
const branchProbe: Probe = async (check, ctx, cwd, f) => {
  if (check.branch === undefined) return null;
  const r = await git(ctx, cwd, ['branch', '--show-current']);
  if (r.error) return { ok: false, detail: r.error, data: f.data, timedOut: r.timedOut };
  let branch = r.lines[0]?.trim() ?? '';
  let source = 'git branch --show-current';
  if (!branch) {
    const fromEnv =
      ctx.env.GITHUB_HEAD_REF ||
      (ctx.env.GITHUB_REF?.startsWith('refs/heads/') ? ctx.env.GITHUB_REF.slice('refs/heads/'.length) : '');
    if (fromEnv) {
      branch = fromEnv;
      source = ctx.env.GITHUB_HEAD_REF ? 'GITHUB_HEAD_REF (detached HEAD)' : 'GITHUB_REF (detached HEAD)';
    }
  }
  const ok = branch !== '' && globMatch(check.branch, branch);
  f.data.branch = branch || null;
  f.data.branch_source = branch ? source : 'detached HEAD';
  f.limits.push({ what: 'branch', value: branch || null, limit: check.branch, ok });
  if (ok) f.good.push(`branch ${branch} matches ${check.branch}`);
  else
    f.problems.push(
      branch
        ? `branch ${branch} does not match ${check.branch}`
        : `detached HEAD, expected a branch matching ${check.branch}`,
    );
  return null;
};

/** `clean`: no uncommitted change. */
const cleanProbe: Probe = async (check, ctx, cwd, f) => {
  if (!check.clean) return null;
  const r = await git(ctx, cwd, ['status', '--porcelain']);
  if (r.error) return { ok: false, detail: r.error, data: f.data, timedOut: r.timedOut };
  const changes = r.lines.filter((l) => l.trim() !== '');
  f.data.uncommitted = changes.slice(0, 100);
  f.data.uncommitted_count = r.count;
  f.limits.push({ what: 'uncommitted changes', value: r.count, limit: 0, ok: r.count === 0 });
  if (r.count === 0) f.good.push('working tree clean');
  else {
    const shown = changes
      .slice(0, SHOW_CHANGES)
      .map((l) => l.trim())
      .join(', ');
    f.problems.push(
      `${r.count} uncommitted change${r.count === 1 ? '' : 's'} (${shown}${r.count > SHOW_CHANGES ? ', …' : ''})`,
    );
  }
  return null;
};

/** `semver_tag`: HEAD carries a semver tag. */
const semverProbe: Probe = async (check, ctx, cwd, f) => {
  if (!check.semver_tag) return null;
  const r = await git(ctx, cwd, ['tag', '--points-at', 'HEAD']);
  if (r.error) return { ok: false, detail: r.error, data: f.data, timedOut: r.timedOut };
  const tags = r.lines.map((l) => l.trim()).filter(Boolean);
  const semver = tags.filter((t) => SEMVER.test(t));
  f.data.tags_at_head = tags;
  f.limits.push({
    what: 'semver tag at HEAD',
    value: semver[0] ?? null,
    limit: 'vMAJOR.MINOR.PATCH',
    ok: semver.length > 0,
  });
  if (semver.length > 0) f.good.push(`HEAD tagged ${semver.join(', ')}`);
  else f.problems.push(tags.length ? `HEAD has no semver tag (tags: ${tags.join(', ')})` : 'HEAD has no tag');
  return null;
};

/** Runs one git command; collects its stdout lines (up to 1,000) and counts them all. */
async function git(
  ctx: CheckContext,
  cwd: string,
  args: string[],
): Promise<{ lines: string[]; count: number; error?: string; timedOut?: boolean }> {
  const lines: string[] = [];
  const errors: string[] = [];
  let count = 0;
  const res = await ctx.process.run({
    argv: ['git', ...args],
    cwd,
    env: { GIT_OPTIONAL_LOCKS: '0', GIT_TERMINAL_PROMPT: '0', LC_ALL: 'C' },
    timeoutMs: Math.max(1, ctx.deadline - ctx.clock.now()),
    killGraceMs: 1000,
    signal: ctx.signal,
    tailLines: 5,
    mask: ctx.redactor,
    onLine: (line, stream) => {
      if (stream === 'stderr') {
        if (errors.length < 5) errors.push(line);
        return;
      }
      if (line === '') return;
      count++;
      if (lines.length < 1000) lines.push(line);
    },
  });
  if (res.spawnError) return { lines, count, error: `git ${args[0]}: ${res.spawnError}` };
  if (res.timedOut || res.cancelled) {
    return { lines, count, timedOut: res.timedOut, error: `git ${args.join(' ')} did not finish in time` };
  }
  if (res.exitCode !== 0) {
    const why = errors.find((e) => e.trim()) ?? `exit code ${res.exitCode}`;
    return { lines, count, error: `git ${args.join(' ')} failed in ${cwd}: ${clip(ctx.redactor, why, 160)}` };
  }
  return { lines, count };
}
