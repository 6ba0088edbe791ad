/**
 * "Is this commit green?" — the rule the promotion's `commit-checks` precondition applies to a commit's
 * check runs and commit statuses. It is the same rule as the readiness gate's `github-checks` check:
 * - a check run passes when completed with `success`, `skipped` or `neutral`; it is pending while
 *   queued or in progress; any other conclusion fails;
 * - a commit status passes when `success`, is pending when `pending`, fails on `failure` or `error`;
 * - only the newest check run per name and the newest status per context count (re-runs);
 * - a commit with no checks at all fails, unless `allowNone` (nothing proves it green).
 * Pure: no I/O, so the rule is tested exhaustively and the gate can share it.
 */
import type { CheckRun, CommitStatus } from '../ports/github.js';

export const PASSING_CONCLUSIONS: readonly string[] = ['success', 'skipped', 'neutral'];

export interface ChecksVerdict {
  ok: boolean;
  /** Names that passed, failed, or are not finished; each `check <name>` or `status <context>`. */
  passed: string[];
  failed: string[];
  pending: string[];
  ignored: string[];
  total: number;
  /** One line: `3 passed`, `1 failed (check build: failure), 1 pending (status ci/deploy)`. */
  summary: string;
}

export function evaluateChecks(
  runs: readonly CheckRun[],
  statuses: readonly CommitStatus[],
  opts: { allowNone?: boolean; ignore?: readonly string[] } = {},
): ChecksVerdict {
  const ignore = new Set(opts.ignore ?? []);
  const passed: string[] = [];
  const failed: string[] = [];
  const pending: string[] = [];
  const ignored: string[] = [];
  const details: string[] = [];

  // Newest run per name: the highest id (GitHub assigns ids in creation order).
  const latestRuns = new Map<string, CheckRun>();
  for (const r of runs) {
    const prev = latestRuns.get(r.name);
    if (!prev || r.id > prev.id) latestRuns.set(r.name, r);
  }
  for (const r of [...latestRuns.values()].sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0))) {
    const label = `check ${r.name}`;
    if (ignore.has(r.name)) ignored.push(label);
    else if (r.status !== 'completed') pending.push(label);
    else if (r.conclusion !== null && PASSING_CONCLUSIONS.includes(r.conclusion)) passed.push(label);
    else {
      failed.push(label);
      details.push(`${label}: ${r.conclusion ?? 'no conclusion'}`);
    }
  }

  // Statuses come newest first from the API: the first seen per context is the current one.
  const latestStatuses = new Map<string, CommitStatus>();
  for (const s of statuses) if (!latestStatuses.has(s.context)) latestStatuses.set(s.context, s);
  for (const s of [...latestStatuses.values()].sort((a, b) =>
    a.context < b.context ? -1 : a.context > b.context ? 1 : 0,
  )) {
    const label = `status ${s.context}`;
    if (ignore.has(s.context)) ignored.push(label);
    else if (s.state === 'success') passed.push(label);
    else if (s.state === 'pending') pending.push(label);
    else {
      failed.push(label);
      details.push(`${label}: ${s.state}`);
    }
  }

  const total = passed.length + failed.length + pending.length;
  const none = total === 0;
  const ok = failed.length === 0 && pending.length === 0 && (!none || opts.allowNone === true);
  const parts: string[] = [];
  if (none)
    parts.push(opts.allowNone ? 'no checks reported (allowed)' : 'no checks reported for this commit');
  if (passed.length) parts.push(`${passed.length} passed`);
  if (failed.length) parts.push(`${failed.length} failed (${details.join(', ')})`);
  if (pending.length) parts.push(`${pending.length} pending (${pending.join(', ')})`);
  if (ignored.length) parts.push(`${ignored.length} ignored`);
  return { ok, passed, failed, pending, ignored, total, summary: parts.join(', ') };
}
