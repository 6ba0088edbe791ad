/**
 * "Is this commit green?" — the rule the promotion's `commit-checks` precondition applies to a commit's
 * check runs and commit statuses. It is the same rule as the readiness gate's `github-checks` check:
 * - a check run passes when completed with `success`, `skipped` or `neutral`; it is pending while
 *   queued or in progress; any other conclusion fails;
 * - a commit status passes when `success`, is pending when `pending`, fails on `failure` or `error`;
 * - only the newest check run per name and the newest status per context count (re-runs);
 * - a commit with no checks at all fails, unless `allowNone` (nothing proves it green).
 * The classification itself lives in src/commit-status/classify.ts, shared with the gate.
 */
import { classify, GREEN_CONCLUSIONS, type CheckItem } from '../commit-status/classify.js';
import type { CheckRun, CommitStatus } from '../ports/github.js';

export const PASSING_CONCLUSIONS: readonly string[] = [...GREEN_CONCLUSIONS];

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
  const { items, ignored: ignoredItems } = classify(runs, statuses, new Set(opts.ignore ?? []));
  const label = (i: CheckItem) => `${i.kind === 'check_run' ? 'check' : 'status'} ${i.name}`;
  const of = (state: CheckItem['state']) => items.filter((i) => i.state === state);
  const passed = of('green').map(label);
  const failedItems = of('red');
  const failed = failedItems.map(label);
  const pending = of('pending').map(label);
  const ignored = ignoredItems.map(label);
  const details = failedItems.map((i) => `${label(i)}: ${i.raw === 'none' ? 'no conclusion' : i.raw}`);

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
