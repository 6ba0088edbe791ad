/**
 * Builds marked rolled back. A build (a commit) is marked when a release of it carries our rollback
 * banner (the rollback demoted it) or an open incident names it. Canary and promote refuse a marked
 * build unless overridden with a reason; rollback will not restore one it picked by itself.
 */
import { ExternalError } from '../errors.js';
import type { GitHubPort, Release } from '../ports/index.js';
import { listVersionTags } from '../release/find.js';
import { coreVersion, parseVersion } from '../release/version.js';
import { parseBanner } from '../rollback/banner.js';
import { listIncidents } from '../rollback/incident.js';

export interface RolledBackMark {
  sha: string;
  /** The tag whose release carries the banner, or that the incident names. */
  tag: string;
  /** When it was rolled back (`2026-01-05 10:00:00 UTC`), when known. */
  at: string | null;
  reason: string | null;
  /** The release restored in its place. */
  restored: string | null;
  incidentUrl: string | null;
}

/** The tags of one build: `tag` and every tag of the same version (`v1.1.0-rc1`, `v1.1.0`) on its commit. */
export async function tagsOfBuild(gh: GitHubPort, build: { tag: string; sha: string }): Promise<string[]> {
  const tags = new Set([build.tag]);
  const v = parseVersion(build.tag);
  if (!v) return [...tags];
  for (const t of await listVersionTags(gh, `${v.prefix}${coreVersion(v)}`)) {
    if (tags.has(t.tag) || coreVersion(t.version) !== coreVersion(v)) continue;
    const sha = t.ref.type === 'commit' ? t.ref.sha : await gh.resolveTagCommit(t.tag);
    if (sha === build.sha) tags.add(t.tag);
  }
  return [...tags];
}

/** The banner's facts as a mark; null when the release has none. */
export function bannerMark(release: Release, sha: string): RolledBackMark | null {
  const b = parseBanner(release.body);
  if (!b) return null;
  return {
    sha,
    tag: release.tagName,
    at: b.at || null,
    reason: b.reason || null,
    restored: b.toTag || null,
    incidentUrl: b.incidentUrl,
  };
}

/**
 * Whether a build is marked rolled back: a release of any of its tags with our banner, or an open
 * incident (labelled `incidentLabel`) for one of its tags. Null when it is not.
 */
export async function findRolledBackMark(
  gh: GitHubPort,
  build: { tag: string; sha: string },
  incidentLabel: string,
): Promise<RolledBackMark | null> {
  const tags = await tagsOfBuild(gh, build);
  let mark: RolledBackMark | null = null;
  for (const tag of tags) {
    const release = await gh.getReleaseByTag(tag);
    mark = release ? bannerMark(release, build.sha) : null;
    if (mark) break;
  }
  const open = await listIncidents(gh, incidentLabel, 'open');
  const incident = open.find(
    (f) => f.state && (tags.includes(f.state.from) || f.state.fromSha === build.sha),
  );
  if (!incident) return mark;
  const url = incident.issue.htmlUrl;
  if (mark) return { ...mark, incidentUrl: mark.incidentUrl ?? url };
  return {
    sha: build.sha,
    tag: incident.state!.from,
    at: new Date(incident.state!.at)
      .toISOString()
      .replace('T', ' ')
      .replace(/\.\d{3}Z$/, ' UTC'),
    reason: incident.state!.reason,
    restored: incident.state!.to,
    incidentUrl: url,
  };
}

/** One sentence for a refusal or the status table. */
export function describeMark(m: RolledBackMark): string {
  const when = m.at ? ` at ${m.at}` : '';
  const why = m.reason ? `: ${m.reason}` : '';
  const restored = m.restored ? `; ${m.restored} was restored` : '';
  const incident = m.incidentUrl ? `; incident ${m.incidentUrl}` : '';
  return `${m.tag} (${m.sha.slice(0, 12)}) was rolled back${when}${why}${restored}${incident}`;
}

/**
 * Refuses a build marked rolled back unless `allow` gives the reason to ship it anyway. Returns the
 * mark when it was overridden (for the evidence and the notes), null when there was none.
 */
export async function refuseRolledBack(
  gh: GitHubPort,
  build: { tag: string; sha: string },
  incidentLabel: string,
  allow: string | undefined,
): Promise<RolledBackMark | null> {
  const mark = await findRolledBackMark(gh, build, incidentLabel);
  if (mark && !allow) {
    throw new ExternalError(`refused: ${describeMark(mark)}`, {
      hint: 'fix forward with a new release candidate; to ship this build anyway, pass allow-rolled-back (CLI --allow-rolled-back) with the reason',
    });
  }
  return mark;
}
