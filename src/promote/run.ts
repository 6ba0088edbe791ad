/**
 * Promotion: a release candidate (`v1.0.0-rc4`) becomes the GA release (`v1.0.0`) — the release runbook.
 *
 * The steps, each recorded in the journal:
 * 1. `find the RC` and `preconditions` (reads only): the RC and every tag of its version through one
 *    matching-refs listing, the RC commit and its checks; a failed precondition that was not skipped
 *    by name blocks the run before any write (decision `blocked`; else `promote`).
 * 2. By strategy:
 *    - `new-release`: `GA tag` (an annotated tag at the RC commit) → `GA release` (created as a draft
 *      with the RC's notes) → `assets` (each copied, streamed, sha256 computed on the way, size and
 *      digest verified) → `publish` (make_latest). Without assets the release is created published in
 *      one call (nothing to attach, so immutable releases are not a concern).
 *    - `edit-release`: the RC release itself gets the GA name, prerelease false, make_latest.
 * 3. Optionally `floating tags` (`v1`, `v1.0`) move to the GA commit.
 *
 * Every GitHub write is a journal effect: a dry run makes the same reads and records each write it
 * would make, with its arguments, as `planned`. Every step first looks at what exists, so a re-run
 * after a crash at any point completes the promotion instead of duplicating it. The tag is created
 * before the release; "GA tag exists, no published release" is therefore the only state in which a
 * leftover draft can exist, and the only time the release list is read. A re-run on a finished
 * promotion writes nothing (`changed` false). Nothing is ever deleted except an asset copy that failed
 * verification.
 */
import { Journal } from '../journal/journal.js';
import type { Clock, GitHubPort, Logger } from '../ports/index.js';
import type { Release } from '../ports/github.js';
import type { RcLookup } from '../release/find.js';
import { findRc } from '../release/find.js';
import { editRelease, newRelease } from './release.js';
import { moveFloatingTags } from './floating.js';
import { checkPreconditions, type Precondition } from './preconditions.js';
import type { PromoteSettings, Strategy } from './settings.js';

export interface PromoteDeps {
  gh: GitHubPort;
  clock: Clock;
  logger: Logger;
  signal?: AbortSignal;
}

export interface AssetRecord {
  name: string;
  size: number;
  sha256: string | null;
  /** copied: uploaded now; present: already there and verified; replaced: a mismatching copy was replaced. */
  action: 'copied' | 'present' | 'replaced' | 'planned';
}

/** What a promotion found and did; filled in as it goes, so a caller that catches an error still has it. */
export interface Promotion {
  /** promoted: writes made; converged: nothing left to do; blocked: a precondition failed; planned: dry run. */
  outcome: 'promoted' | 'converged' | 'blocked' | 'planned';
  strategy: Strategy;
  rcTag: string;
  /** The GA tag name for the version (`v1.0.0`). */
  gaTag: string;
  /** The tag the GA release is on: `gaTag` for new-release, the RC tag for edit-release. */
  releaseTag: string;
  rcCommit: string | null;
  preconditions: Precondition[];
  assets: AssetRecord[];
  release: { id: number; url: string } | null;
  changed: boolean;
  /** What was found and reused from an earlier run (recovery), for the report. */
  recovered: string[];
  /** What the user should know (what cannot change, what was left as it was). */
  notes: string[];
  previousStable: string | null;
  /** The steps, the decision and every write (done, or planned in a dry run). */
  journal: Journal;
  startedAt: number;
  endedAt: number | null;
}

/** What the write steps need about the RC, once the preconditions hold. */
export interface Target {
  lookup: RcLookup;
  rc: Release;
  rcCommit: string;
  /** The GA release title. */
  gaName: string;
  /** edit-release found the RC release already named and flagged as GA. */
  alreadyInPlace: boolean;
}

/** One run's state, handed to each step. */
export interface PromoteRun extends PromoteDeps {
  s: PromoteSettings;
  p: Promotion;
  journal: Journal;
}

export function newPromotion(deps: PromoteDeps, s: PromoteSettings): Promotion {
  return {
    outcome: 'planned',
    strategy: s.strategy,
    rcTag: s.rcTag ?? '',
    gaTag: '',
    releaseTag: '',
    rcCommit: null,
    preconditions: [],
    assets: [],
    release: null,
    changed: false,
    recovered: [],
    notes: [],
    previousStable: null,
    journal: new Journal(deps.clock, deps.logger, s.dryRun),
    startedAt: deps.clock.now(),
    endedAt: null,
  };
}

/** Runs a promotion: find, check, write (or plan), move the floating tags. */
export async function promote(
  deps: PromoteDeps,
  s: PromoteSettings,
  p = newPromotion(deps, s),
): Promise<Promotion> {
  const run: PromoteRun = { ...deps, s, p, journal: p.journal };
  try {
    const lookup = await findStep(run);
    const target = await checkPreconditions(run, lookup);
    if (!target) {
      p.outcome = 'blocked';
      await run.journal.decide('blocked', blockedReason(p));
      return p;
    }
    await run.journal.decide('promote', promoteReason(p));
    if (s.strategy === 'edit-release') await editRelease(run, target);
    else await newRelease(run, target);
    if (s.floatingTags) await moveFloatingTags(run, target);
    p.outcome = s.dryRun ? 'planned' : anyDone(p) ? 'promoted' : 'converged';
  } finally {
    p.endedAt = deps.clock.now();
    p.changed = anyDone(p);
  }
  return p;
}

async function findStep(run: PromoteRun): Promise<RcLookup> {
  const { s, p } = run;
  let lookup: RcLookup | undefined;
  await run.journal.step('find the RC', async () => {
    lookup = await findRc(run.gh, { rcTag: s.rcTag, version: s.version });
    p.rcTag = lookup.rcTag;
    p.gaTag = lookup.gaTag;
    p.releaseTag = s.strategy === 'edit-release' ? lookup.rcTag : lookup.gaTag;
    return lookup.rcRef
      ? { status: 'done', detail: `${lookup.rcTag}, to become ${lookup.gaTag}` }
      : { status: 'failed', detail: `no tag found (looked for ${lookup.searched.join(', ')})` };
  });
  return lookup!;
}

const anyDone = (p: Promotion) => p.journal.of('effect').some((e) => e.status === 'done');

function blockedReason(p: Promotion): string {
  const failed = p.preconditions.filter((c) => c.status === 'fail');
  return `blocked: ${failed.map((c) => `${c.name} (${c.detail})`).join('; ')}`;
}

function promoteReason(p: Promotion): string {
  const skipped = p.preconditions.filter((c) => c.status === 'skipped').map((c) => c.name);
  return `every precondition holds${skipped.length ? ` (skipped: ${skipped.join(', ')})` : ''}`;
}
