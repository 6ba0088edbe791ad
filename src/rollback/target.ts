/**
 * Which release is bad (`from`) and which one to restore (`to`):
 * - from: the input, else the current latest release;
 * - to: the input tag (restored even when marked rolled back: naming it is the override); or `rc`, the
 *   highest release candidate of the bad version ("restore the validated RC as the operative
 *   reference"); or, by default, from the ledger: the last build that was live in the environment, is
 *   not the bad build and is not marked rolled back. Only when the environment has no such deployment:
 *   the previous stable release — the highest semver non-prerelease, non-draft release below `from`,
 *   found through matching refs (src/release/find.ts), so more than 1,000 releases are searched —
 *   and the run says so. A default target that is itself marked rolled back is refused.
 * No previous release (the first release) is a clear error, not a guess.
 */
import { hasBanner } from './banner.js';
import { lastLiveBuild } from '../ledger/ledger.js';
import { describeMark, findRolledBackMark, tagsOfBuild } from '../ledger/marks.js';
import { ConfigError, ExternalError } from '../errors.js';
import type { GitHubPort, Release } from '../ports/index.js';
import { findPreviousStable, findRc } from '../release/find.js';
import { formatVersion, gaVersion, isPrerelease, parseVersion } from '../release/version.js';
import type { TargetKind } from './types.js';

export type { TargetKind } from './types.js';

/** Where the default target is looked up: the environment's ledger, and the incidents' label. */
export interface LedgerScope {
  environment: string;
  incidentLabel: string;
  /** Said when the ledger had nothing and the previous stable release is used. */
  note?: (text: string) => void;
}

export interface Target {
  from: Release;
  to: Release;
  kind: TargetKind;
}

export async function resolveFrom(
  gh: GitHubPort,
  from: string | undefined,
): Promise<{ release: Release; defaulted: boolean }> {
  if (from !== undefined) {
    const release = await gh.getReleaseByTag(from);
    if (!release) {
      throw ConfigError.input(
        'from',
        `no published release has the tag "${from}" (drafts cannot be rolled back: they were never live)`,
      );
    }
    return { release, defaulted: false };
  }
  const latest = await gh.getLatestRelease();
  if (!latest) {
    throw new ExternalError('the repository has no latest release: there is nothing live to roll back', {
      hint: 'name the bad release with input from (e.g. from: v1.1.0)',
    });
  }
  return { release: latest, defaulted: true };
}

/**
 * The release to restore for a build: its GA release when the build has one (the canary may have
 * recorded the RC tag of the same commit), else the release of the tag the ledger names.
 */
async function releaseOfBuild(gh: GitHubPort, build: { tag: string; sha: string }): Promise<Release | null> {
  const tags = await tagsOfBuild(gh, build);
  const ga = tags.filter((t) => {
    const v = parseVersion(t);
    return v !== null && !isPrerelease(v);
  });
  for (const tag of [...ga, build.tag]) {
    const release = await gh.getReleaseByTag(tag);
    if (release && !release.draft) return release;
  }
  return null;
}

export async function resolveTo(
  gh: GitHubPort,
  from: Release,
  to: string | undefined,
  scope?: LedgerScope,
): Promise<{ release: Release; kind: TargetKind }> {
  if (to === undefined && scope) {
    const fromSha = await gh.resolveTagCommit(from.tagName);
    const live = await lastLiveBuild(gh, scope.environment, async (e) => {
      if (e.sha === fromSha) return false;
      return (await findRolledBackMark(gh, e, scope.incidentLabel)) === null;
    });
    const release = live ? await releaseOfBuild(gh, live) : null;
    if (release) return { release, kind: 'last-live' };
    scope.note?.(
      live
        ? `the last build live in ${scope.environment}, ${live.tag}, has no published release: using the previous stable release`
        : `no deployment recorded in ${scope.environment}: using the previous stable release`,
    );
  }
  if (to !== undefined && to.toLowerCase() !== 'rc') {
    if (to === from.tagName)
      throw ConfigError.input('to', `the target ${to} is the release being rolled back`);
    const release = await gh.getReleaseByTag(to);
    if (!release) throw ConfigError.input('to', `no published release has the tag "${to}"`);
    return { release, kind: 'explicit' };
  }
  const version = parseVersion(from.tagName);
  if (!version) {
    throw ConfigError.input(
      to === undefined ? 'to' : 'from',
      `${from.tagName} is not a semantic version tag, so the previous stable release cannot be found: name the target with input to`,
    );
  }
  if (to !== undefined) {
    // to: rc — the validated release candidate of the bad version.
    if (isPrerelease(version)) {
      throw ConfigError.input(
        'to',
        `${from.tagName} is itself a prerelease tag (promoted in place): its RC is the release being rolled back; name the target with to: <tag>`,
      );
    }
    const rc = await findRc(gh, { version: formatVersion(gaVersion(version)) });
    if (!rc.release || rc.release.draft) {
      throw new ExternalError(
        `no published release candidate of ${from.tagName} was found (looked for ${rc.searched.join(', ')})`,
        {
          hint: 'name the target with to: <tag>, or omit to for the previous stable release',
        },
      );
    }
    return { release: rc.release, kind: 'rc' };
  }
  const prev = await findPreviousStable(gh, version);
  if (prev && scope) {
    const sha = await gh.resolveTagCommit(prev.release.tagName);
    const mark = sha
      ? await findRolledBackMark(gh, { tag: prev.release.tagName, sha }, scope.incidentLabel)
      : null;
    if (mark)
      throw new ExternalError(
        `refused to restore ${prev.release.tagName} on its own: ${describeMark(mark)}`,
        {
          hint: 'name the release to restore with to (naming it is the override)',
        },
      );
  }
  if (!prev) {
    throw new ExternalError(
      `there is no stable release below ${from.tagName}: it is the first release, so there is nothing to roll back to`,
      { hint: 'to redeploy something else, name it with input to (a tag, or rc for its release candidate)' },
    );
  }
  return { release: prev.release, kind: 'previous-stable' };
}

/**
 * True when a rollback of `from` already happened: the target is (or cannot be, being a prerelease)
 * latest, and `from` was demoted BY a rollback — it is a prerelease carrying our banner. A release
 * candidate that was never promoted is a prerelease too, but without the banner: rolling it back
 * (after a failed canary, say) still has to redeploy, verify and record the incident.
 */
export function looksRolledBack(t: Target, latest: Release | null): boolean {
  const targetLive = t.to.prerelease || latest?.id === t.to.id;
  return t.from.prerelease && hasBanner(t.from.body) && targetLive;
}
