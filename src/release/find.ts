/**
 * Finding releases by version through git tags, never through the release list: GitHub refuses to page
 * past 1,000 releases, and reading the list costs a request per 100 releases. Matching refs
 * (`GET /git/matching-refs/tags/<prefix>`) return only the tags that start with a prefix, so a lookup
 * costs the same in a repository with 10 releases or 10,000.
 *
 * - `findRc`: the release candidate named by a tag (`v1.0.0-rc4`, `v1.0.0-rc.4`, `1.0.0-rc4`: the same
 *   RC whatever the spelling) or the highest RC of a version (`1.0.0`), plus every tag of that version
 *   (newer RCs, the GA tag) from the same single listing.
 * - `findPreviousStable`: the highest non-prerelease, non-draft release below a version (rollback's
 *   target, the start of generated notes).
 */
import { ConfigError } from '../errors.js';
import type { GitHubPort, GitRef, Release } from '../ports/github.js';
import {
  compareForSort,
  compareVersions,
  coreVersion,
  formatVersion,
  gaVersion,
  isPrerelease,
  parseVersion,
  rcNumber,
  type Prefix,
  type Version,
} from './version.js';

export interface VersionTag {
  tag: string;
  version: Version;
  ref: GitRef;
}

const TAG_REF = /^refs\/tags\//;

/** Every tag starting with `prefix` that is a version, highest first. One listing (all pages). */
export async function listVersionTags(gh: GitHubPort, prefix: string): Promise<VersionTag[]> {
  const refs = await gh.listMatchingRefs(`tags/${prefix}`);
  const out: VersionTag[] = [];
  for (const ref of refs) {
    const tag = ref.ref.replace(TAG_REF, '');
    const version = parseVersion(tag);
    // matching refs are prefix matches: `tags/v1.0.0` also matches `v1.0.0.1` (not a version) — dropped
    if (version && tag.startsWith(prefix)) out.push({ tag, version, ref });
  }
  return out.sort((a, b) => compareForSort(b.version, a.version));
}

export interface RcLookup {
  /** The RC tag as it exists in the repository (or as requested when it does not exist). */
  rcTag: string;
  rcVersion: Version | null;
  /** The RC's tag ref; null when no such tag exists. */
  rcRef: GitRef | null;
  /** The RC's release; null when the tag has no published release (drafts are not found by tag). */
  release: Release | null;
  /** The GA tag in the RC's prefix style (`v1.0.0`), and its ref when it exists. */
  gaTag: string;
  gaRef: GitRef | null;
  /** Prereleases of the same version above the RC (newest first). */
  newer: VersionTag[];
  /** Every tag of the RC's version (same prefix style), highest first. */
  versionTags: VersionTag[];
  /** The tag prefixes listed, in order (for the report). */
  searched: string[];
}

function otherPrefix(p: Prefix): Prefix {
  return p === 'v' ? '' : 'v';
}

/**
 * Finds the RC named by `rcTag`, or the highest RC (`-rcN`/`-rc.N`) of `version`, through one listing of
 * the version's tags (two when the tags use the other prefix style than the input). Then one
 * `getReleaseByTag` for the RC. Throws ConfigError for input that is not a version.
 */
export async function findRc(gh: GitHubPort, sel: { rcTag?: string; version?: string }): Promise<RcLookup> {
  let wanted: Version;
  let pickHighest: boolean;
  if (sel.rcTag !== undefined) {
    const v = parseVersion(sel.rcTag);
    if (!v)
      throw ConfigError.input(
        'rc-tag',
        `expected a release candidate tag such as v1.0.0-rc4, found "${sel.rcTag}"`,
      );
    if (!isPrerelease(v)) {
      throw ConfigError.input(
        'rc-tag',
        `"${sel.rcTag}" is not a prerelease; name the RC (v1.0.0-rc4) or use input version`,
      );
    }
    wanted = v;
    pickHighest = false;
  } else if (sel.version !== undefined) {
    const v = parseVersion(sel.version);
    if (!v || isPrerelease(v) || v.build.length) {
      throw ConfigError.input(
        'version',
        `expected a version such as 1.0.0 or v1.0.0 (to name one RC use rc-tag), found "${sel.version}"`,
      );
    }
    wanted = v;
    pickHighest = true;
  } else {
    throw ConfigError.input('rc-tag', 'set rc-tag (e.g. v1.0.0-rc4) or version (e.g. 1.0.0)');
  }

  const searched: string[] = [];
  let tag: VersionTag | null = null;
  let tags: VersionTag[] = [];
  for (const prefix of [wanted.prefix, otherPrefix(wanted.prefix)]) {
    const listPrefix = `${prefix}${coreVersion(wanted)}`;
    searched.push(`${listPrefix}*`);
    // `tags/v1.0.0` also matches `v1.0.01` and `v1.0.0.5`: keep only this exact version
    const listed = (await listVersionTags(gh, listPrefix)).filter(
      (t) => coreVersion(t.version) === coreVersion(wanted),
    );
    const hit = pickHighest
      ? (listed.find((t) => rcNumber(t.version) !== null) ?? null)
      : pickSame(listed, wanted);
    if (searched.length === 1) tags = listed; // when nothing is found, report against the style as written
    if (hit) {
      tag = hit;
      tags = listed;
      break;
    }
  }
  const prefix = tag ? tag.version.prefix : wanted.prefix;
  const gaTag = formatVersion(gaVersion({ ...wanted, prefix }));
  const gaRef = tags.find((t) => t.tag === gaTag)?.ref ?? null;
  const rcVersion = tag?.version ?? (pickHighest ? null : wanted);
  const newer = rcVersion
    ? tags.filter((t) => isPrerelease(t.version) && compareVersions(t.version, rcVersion) > 0)
    : [];
  const release = tag ? await gh.getReleaseByTag(tag.tag) : null;
  return {
    rcTag: tag?.tag ?? sel.rcTag ?? `${prefix}${coreVersion(wanted)}-rc*`,
    rcVersion,
    rcRef: tag?.ref ?? null,
    release,
    gaTag,
    gaRef,
    newer,
    versionTags: tags,
    searched,
  };
}

/** The tag spelled exactly as asked, else one of the same precedence (`rc.4` for `rc4`, other build metadata). */
function pickSame(tags: VersionTag[], wanted: Version): VersionTag | null {
  const exact = formatVersion(wanted);
  return (
    tags.find((t) => t.tag === exact) ?? tags.find((t) => compareVersions(t.version, wanted) === 0) ?? null
  );
}

export interface StableRelease {
  tag: string;
  version: Version;
  release: Release;
}

/**
 * The highest semver non-prerelease, non-draft release strictly below `below`, in `below`'s prefix
 * style (or `opts.prefix`). Tags are listed through matching refs, narrowest prefix first — same
 * minor (`v1.4.`), same major (`v1.`), previous major (`v0.`), then all (`v`) — and only as far as
 * needed; candidates are checked from the highest down with `getReleaseByTag` (drafts are not found by
 * tag; tags without a release and releases marked prerelease are passed over). Never reads the release
 * list, so a repository with more than 1,000 releases is searched completely. Null when there is none.
 */
export async function findPreviousStable(
  gh: GitHubPort,
  below: string | Version,
  opts: { prefix?: Prefix } = {},
): Promise<StableRelease | null> {
  const limit = typeof below === 'string' ? parseVersion(below) : below;
  if (!limit) throw new Error(`"${String(below)}" is not a version tag such as v1.1.0`);
  const p = opts.prefix ?? limit.prefix;
  const levels: string[] = [];
  // Each level holds every version above those outside it, so the first hit is the highest overall.
  if (limit.patch > 0) levels.push(`${p}${limit.major}.${limit.minor}.`);
  if (limit.minor > 0) levels.push(`${p}${limit.major}.`);
  if (limit.major > 0) levels.push(`${p}${limit.major - 1}.`);
  levels.push(p);
  const examined = new Set<string>();
  for (const level of levels) {
    const candidates = (await listVersionTags(gh, level)).filter(
      (t) =>
        t.version.prefix === p &&
        !isPrerelease(t.version) &&
        compareVersions(t.version, limit) < 0 &&
        !examined.has(t.tag),
    );
    for (const c of candidates) {
      examined.add(c.tag);
      const release = await gh.getReleaseByTag(c.tag);
      if (release && !release.draft && !release.prerelease)
        return { tag: c.tag, version: c.version, release };
    }
  }
  return null;
}
