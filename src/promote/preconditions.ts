/**
 * The promotion's preconditions (reads only), evaluated in the order of PRECONDITIONS. Each one
 * holds (`pass`), fails, or fails but was skipped by name (`skipped`: the report says what it would
 * have said). `rc-release` failing stops the evaluation: without the RC there is nothing to check.
 */
import { formatDuration } from '../config/duration.js';
import { CancelledError, ExternalError } from '../errors.js';
import { firstDeployedAt } from '../ledger/ledger.js';
import type { Release } from '../ports/github.js';
import { evaluateChecks } from '../release/checks.js';
import type { RcLookup } from '../release/find.js';
import type { PromoteRun, Target } from './run.js';
import { short } from './write.js';
import { SKIPPABLE, type PreconditionName, type Skippable } from './settings.js';

/** How a precondition came out: it holds, it fails, or it fails but was skipped by name. */
export type PreconditionStatus = 'pass' | 'fail' | 'skipped';

export interface Precondition {
  name: PreconditionName;
  status: PreconditionStatus;
  detail: string;
}

/** The `preconditions` step: the target to write to when every precondition holds, else null. */
export async function checkPreconditions(run: PromoteRun, lookup: RcLookup): Promise<Target | null> {
  let target: Target | null = null;
  await run.journal.step('preconditions', async () => {
    target = await evaluate(run, lookup);
    const failed = run.p.preconditions.filter((c) => c.status === 'fail').map((c) => c.name);
    const counts = (['pass', 'fail', 'skipped'] as const)
      .map((k) => [k, run.p.preconditions.filter((c) => c.status === k).length] as const)
      .filter(([, n]) => n > 0)
      .map(([k, n]) => `${n} ${k}`);
    return failed.length
      ? { status: 'failed', detail: `${counts.join(', ')}: blocked by ${failed.join(', ')}` }
      : { status: 'done', detail: counts.join(', ') };
  });
  return run.p.preconditions.some((c) => c.status === 'fail') ? null : target;
}

async function evaluate(run: PromoteRun, lookup: RcLookup): Promise<Target | null> {
  const rc = rcRelease(run, lookup);
  if (!rc) return null;
  const rcCommit =
    lookup.rcRef!.type === 'commit' ? lookup.rcRef!.sha : await run.gh.resolveTagCommit(lookup.rcTag);
  if (!rcCommit)
    throw new ExternalError(`cannot resolve tag ${lookup.rcTag} to a commit`, {
      hint: 'check that the tag exists and the token can read the repository',
    });
  run.p.rcCommit = rcCommit;
  if (run.signal?.aborted) throw new CancelledError();
  const gaName = (run.s.name ?? '{tag}').split('{tag}').join(lookup.gaTag);
  const alreadyInPlace =
    run.s.strategy === 'edit-release' && !rc.prerelease && !rc.draft && rc.name === gaName;
  const target: Target = { lookup, rc, rcCommit, gaName, alreadyInPlace };
  rcPrerelease(run, target);
  await commitChecks(run, rcCommit);
  await soak(run, rc, rcCommit);
  newerRc(run, lookup);
  await gaTag(run, target);
  return target;
}

/** Records one precondition (a failure of a skipped one as `skipped`), and logs it. */
function record(run: PromoteRun, name: PreconditionName, ok: boolean, detail: string): void {
  const skipped =
    !ok && (SKIPPABLE as readonly string[]).includes(name) && run.s.skip.includes(name as Skippable);
  const status: PreconditionStatus = ok ? 'pass' : skipped ? 'skipped' : 'fail';
  const text = skipped ? `skipped by input skip-checks; would fail: ${detail}` : detail;
  run.p.preconditions.push({ name, status, detail: text });
  run.logger.info(`precondition ${name}: ${status} — ${text}`);
}

/** rc-release: nothing to promote without it; never skippable. */
function rcRelease(run: PromoteRun, lookup: RcLookup): Release | null {
  const { s } = run;
  if (!lookup.rcRef) {
    const what = s.rcTag ? `tag ${s.rcTag}` : `a release candidate of ${s.version}`;
    record(run, 'rc-release', false, `no ${what} (looked for tags ${lookup.searched.join(', ')})`);
    return null;
  }
  const rc = lookup.release;
  if (!rc) {
    record(
      run,
      'rc-release',
      false,
      `tag ${lookup.rcTag} has no published release (a draft is not found by tag: publish the RC as a prerelease first)`,
    );
    return null;
  }
  record(run, 'rc-release', true, `${lookup.rcTag} → release ${rc.id} (${rc.htmlUrl})`);
  return rc;
}

function rcPrerelease(run: PromoteRun, t: Target): void {
  const { rc } = t;
  if (t.alreadyInPlace)
    record(
      run,
      'rc-prerelease',
      true,
      `already promoted in place (named ${t.gaName}, not a prerelease): the run converges`,
    );
  else if (rc.draft) record(run, 'rc-prerelease', false, 'the RC release is a draft');
  else if (!rc.prerelease)
    record(run, 'rc-prerelease', false, `release ${t.lookup.rcTag} is not marked prerelease (already GA?)`);
  else
    record(
      run,
      'rc-prerelease',
      true,
      `published prerelease${rc.publishedAt ? ` (published ${rc.publishedAt})` : ''}`,
    );
}

/** commit-checks: the two reads are saved when the precondition is skipped. */
async function commitChecks(run: PromoteRun, rcCommit: string): Promise<void> {
  if (run.s.skip.includes('commit-checks')) {
    run.p.preconditions.push({
      name: 'commit-checks',
      status: 'skipped',
      detail: `skipped by input skip-checks (commit ${short(rcCommit)} not inspected)`,
    });
    return;
  }
  const runs = await run.gh.listCheckRuns(rcCommit);
  const statuses = await run.gh.listCommitStatuses(rcCommit);
  const v = evaluateChecks(runs, statuses, { allowNone: run.s.allowNoChecks, ignore: run.s.ignoreChecks });
  record(run, 'commit-checks', v.ok, `commit ${short(rcCommit)}: ${v.summary}`);
}

/**
 * soak: from when the commit was first deployed (the ledger), not from a release whose tag may have
 * been moved onto it since; a commit never deployed counts from its release's publication.
 */
async function soak(run: PromoteRun, rc: Release, rcCommit: string): Promise<void> {
  const min = run.s.minSoakMs;
  if (min <= 0) return record(run, 'soak', true, 'no minimum soak set');
  const deployed = await firstDeployedAt(run.gh, rcCommit);
  const since = deployed ?? rc.publishedAt ?? rc.createdAt;
  const age = run.clock.now() - Date.parse(since);
  record(
    run,
    'soak',
    age >= min,
    deployed
      ? `commit ${short(rcCommit)} first deployed ${formatAge(age)} ago (${since}); minimum ${formatDuration(min)}`
      : `published ${formatAge(age)} ago (${since}; no deployment of the commit recorded); minimum ${formatDuration(min)}`,
  );
}

function newerRc(run: PromoteRun, lookup: RcLookup): void {
  if (lookup.newer.length === 0)
    record(run, 'newer-rc', true, `${lookup.rcTag} is the newest prerelease of ${lookup.gaTag}`);
  else record(run, 'newer-rc', false, `newer: ${lookup.newer.map((t) => t.tag).join(', ')}`);
}

/** ga-tag: never skippable — release-ops never moves a release tag or reuses one at another commit. */
async function gaTag(run: PromoteRun, t: Target): Promise<void> {
  const { lookup, rcCommit } = t;
  const ref = lookup.gaRef;
  const gaCommit = !ref
    ? null
    : ref.type === 'commit'
      ? ref.sha
      : await run.gh.resolveTagCommit(lookup.gaTag);
  if (run.s.strategy === 'edit-release') {
    if (!ref)
      record(
        run,
        'ga-tag',
        true,
        `${lookup.gaTag} does not exist (edit-release keeps the tag ${lookup.rcTag})`,
      );
    else
      record(
        run,
        'ga-tag',
        false,
        `tag ${lookup.gaTag} already exists (at ${short(gaCommit)}): the version looks promoted with new-release; editing the RC would make a second GA release`,
      );
  } else if (!ref) record(run, 'ga-tag', true, `${lookup.gaTag} does not exist yet`);
  else if (gaCommit === rcCommit)
    record(
      run,
      'ga-tag',
      true,
      `${lookup.gaTag} exists at the RC commit ${short(rcCommit)}: the run converges`,
    );
  else
    record(
      run,
      'ga-tag',
      false,
      `${lookup.gaTag} exists at ${short(gaCommit)}, not at the RC commit ${short(rcCommit)}; release-ops never moves a release tag — delete it or promote another version`,
    );
}

/** `30h`, `2d6h`, `12m5s`: an age for the soak line. */
export function formatAge(ms: number): string {
  if (ms < 0) return `-${formatAge(-ms)}`;
  const d = Math.floor(ms / 86_400_000);
  const h = Math.floor(ms / 3_600_000);
  const m = Math.floor((ms % 3_600_000) / 60_000);
  const sec = Math.floor((ms % 60_000) / 1000);
  if (h >= 48) return `${d}d${h % 24 ? `${h % 24}h` : ''}`;
  return h ? `${h}h${m ? `${m}m` : ''}` : m ? `${m}m${sec ? `${sec}s` : ''}` : `${sec}s`;
}
