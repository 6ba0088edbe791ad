/**
 * The `floating tags` step: `v1` and `v1.0` move to the GA commit, unless a higher stable release of
 * that line exists (then the tag is left where it is, and the report says why).
 */
import {
  compareVersions,
  floatingTagsFor,
  gaVersion,
  isPrerelease,
  parseVersion,
  type Version,
} from '../release/version.js';
import type { GitRef } from '../ports/github.js';
import type { PromoteRun, Target } from './run.js';
import { short, write } from './write.js';

export async function moveFloatingTags(run: PromoteRun, t: Target): Promise<void> {
  await run.journal.step('floating tags', async () => {
    const ga = gaVersion(t.lookup.rcVersion!);
    const [majorTag, minorTag] = floatingTagsFor(ga) as [string, string];
    // one listing: the floating refs themselves and every version of the major line
    const refs = await run.gh.listMatchingRefs(`tags/${majorTag}`);
    const byName = new Map(refs.map((x) => [x.ref.replace(/^refs\/tags\//, ''), x]));
    // floating tags (`v1`, `v1.0`) are not versions; full versions of the line above the GA hold them back
    const line = [...byName.keys()]
      .map((tag) => ({ tag, v: parseVersion(tag) }))
      .filter(
        (x): x is { tag: string; v: Version } =>
          x.v !== null && x.v.prefix === ga.prefix && x.v.major === ga.major && !isPrerelease(x.v),
      );
    const moved: string[] = [];
    for (const [tag, scope] of [
      [majorTag, (v: Version) => v.major === ga.major],
      [minorTag, (v: Version) => v.major === ga.major && v.minor === ga.minor],
    ] as const) {
      const higher = line.filter((x) => scope(x.v) && compareVersions(x.v, ga) > 0).map((x) => x.tag);
      if (higher.length) {
        run.p.notes.push(
          `floating tag ${tag} left where it is: ${higher[0]} is a higher release of that line`,
        );
        continue;
      }
      if (await moveTag(run, tag, byName.get(tag), t.rcCommit)) moved.push(tag);
    }
    if (moved.length === 0) return { status: 'already', detail: 'nothing to move' };
    const what = `${moved.join(', ')} → ${short(t.rcCommit)}`;
    return run.journal.dryRun ? { status: 'planned', detail: what } : { status: 'done', detail: what };
  });
}

/** Points `tag` at `commit`; false when it already does. */
async function moveTag(
  run: PromoteRun,
  tag: string,
  existing: GitRef | undefined,
  commit: string,
): Promise<boolean> {
  if (existing && existing.type === 'commit' && existing.sha === commit) {
    run.p.recovered.push(`floating tag ${tag} already points at ${short(commit)}`);
    return false;
  }
  if (existing)
    await write(
      run,
      'updateRef',
      { ref: `tags/${tag}`, sha: commit, force: true },
      () => run.gh.updateRef(`tags/${tag}`, commit, true),
      (v) => v.sha,
    );
  else
    await write(
      run,
      'createRef',
      { ref: `refs/tags/${tag}`, sha: commit },
      () => run.gh.createRef(`refs/tags/${tag}`, commit),
      (v) => v.sha,
    );
  return true;
}
