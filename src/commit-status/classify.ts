/**
 * "Is this commit green?" as GitHub's required status checks see it — the one rule shared by the
 * readiness gate's `github-checks` check and rc-to-ga's `commit-checks` precondition:
 * - only the latest check run per name (highest id: re-runs) and the latest status per context
 *   (GitHub lists statuses newest first) count;
 * - a check run completed with `success`, `skipped` or `neutral` is green; one not completed is
 *   pending; every other conclusion (failure, cancelled, timed_out, action_required, stale) is red;
 * - a commit status `success` is green, `pending` is pending, `failure` and `error` are red;
 * - names in `ignore` are left out (e.g. the gate's own check run).
 * What "no checks at all" means is the caller's policy; both callers refuse it unless told otherwise.
 */
import type { CheckRun, CommitStatus } from '../ports/github.js';

export interface CheckItem {
  kind: 'check_run' | 'status';
  name: string;
  /** The raw GitHub value: a check run's conclusion (or status while running), a commit status's state. */
  raw: string;
  state: 'green' | 'red' | 'pending';
}

/** Conclusions GitHub's required status checks accept. */
export const GREEN_CONCLUSIONS: ReadonlySet<string> = new Set(['success', 'skipped', 'neutral']);

export function classify(
  runs: readonly CheckRun[],
  statuses: readonly CommitStatus[],
  ignore: ReadonlySet<string>,
): { items: CheckItem[]; ignored: CheckItem[] } {
  const byName = (a: { name: string }, b: { name: string }) =>
    a.name < b.name ? -1 : a.name > b.name ? 1 : 0;
  const latestRun = new Map<string, CheckRun>();
  for (const r of runs) {
    const prev = latestRun.get(r.name);
    if (!prev || r.id > prev.id) latestRun.set(r.name, r);
  }
  const runItems: CheckItem[] = [...latestRun.values()].map((r) =>
    r.status !== 'completed'
      ? { kind: 'check_run', name: r.name, raw: r.status, state: 'pending' }
      : {
          kind: 'check_run',
          name: r.name,
          raw: r.conclusion ?? 'none',
          state: GREEN_CONCLUSIONS.has(r.conclusion ?? '') ? 'green' : 'red',
        },
  );
  const seen = new Set<string>();
  const statusItems: CheckItem[] = [];
  for (const s of statuses) {
    if (seen.has(s.context)) continue;
    seen.add(s.context);
    const state = s.state === 'success' ? 'green' : s.state === 'pending' ? 'pending' : 'red';
    statusItems.push({ kind: 'status', name: s.context, raw: s.state, state });
  }
  const all = [...runItems.sort(byName), ...statusItems.sort(byName)];
  return { items: all.filter((i) => !ignore.has(i.name)), ignored: all.filter((i) => ignore.has(i.name)) };
}
