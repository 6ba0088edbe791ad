/**
 * The write steps of the two strategies. new-release: `GA tag` → `GA release` → `assets` →
 * `publish`; edit-release: `edit the RC release`. Each step first looks at what exists, so a re-run
 * completes what an earlier run left instead of duplicating it.
 */
import { ExternalError } from '../errors.js';
import type { StepOutcome } from '../journal/journal.js';
import type { Release } from '../ports/github.js';
import { findPreviousStable } from '../release/find.js';
import { oneLine } from '../rollback/banner.js';
import { copyAssets, missingAssets, planCopies } from './assets.js';
import type { PromoteRun, Target } from './run.js';
import { bodyArg, settledWrite, short, write } from './write.js';

export async function newRelease(run: PromoteRun, t: Target): Promise<void> {
  const tagExists = await gaTagStep(run, t);
  const ga = await gaReleaseStep(run, t, tagExists);
  await run.journal.step('assets', async () => {
    if (!ga) return planCopies(run, t.rc, '(the new draft)');
    if (!ga.draft) refuseImmutableGap(t, ga);
    return copyAssets(run, t.rc, ga);
  });
  await run.journal.step('publish', () => publish(run, t, ga));
}

/**
 * `GA tag`, first: its existence is how a re-run knows a draft may be left over. Returns whether the
 * tag existed before this run made it (then its release, or a leftover draft, is looked for).
 */
async function gaTagStep(run: PromoteRun, t: Target): Promise<boolean> {
  const { lookup, rcCommit, gaName } = t;
  const gaTag = lookup.gaTag;
  let existed = lookup.gaRef !== null;
  await run.journal.step('GA tag', async () => {
    if (existed) {
      run.p.recovered.push(`tag ${gaTag} already exists at the RC commit`);
      return { status: 'already', detail: `${gaTag} already exists at ${short(rcCommit)}` };
    }
    const message = `${gaName}\n\nPromoted from ${lookup.rcTag} (${rcCommit}) by release-ops.`;
    const tagSha = await write(
      run,
      'createTagObject',
      { tag: gaTag, object_sha: rcCommit, message: bodyArg(message) },
      () => run.gh.createTagObject({ tag: gaTag, message, objectSha: rcCommit }),
      (v) => v,
    );
    const made = await settledWrite(
      run,
      'createRef',
      { ref: `refs/tags/${gaTag}`, sha: tagSha ?? '(the new tag object)' },
      () => createGaRef(run, t, tagSha!),
    );
    if (made === 'already') existed = true;
    if (run.journal.dryRun)
      return { status: 'planned', detail: `annotated tag ${gaTag} at ${short(rcCommit)}` };
    return made === 'already'
      ? { status: 'already', detail: `${gaTag} appeared at ${short(rcCommit)} while this run created it` }
      : { status: 'done', detail: `annotated tag ${gaTag} at ${short(rcCommit)}` };
  });
  return existed;
}

/**
 * Creates the GA tag's ref. A 422 "Reference already exists" means the tag appeared between the look
 * and the write — this run's own write whose answer was lost and was sent again by the retry, or a
 * concurrent run. At the RC commit it is the same tag: go on as a re-run would (look for its release
 * or a leftover draft).
 */
async function createGaRef(
  run: PromoteRun,
  t: Target,
  tagSha: string,
): Promise<{ value: 'created' | 'already'; outcome: StepOutcome }> {
  const gaTag = t.lookup.gaTag;
  try {
    const ref = await run.gh.createRef(`refs/tags/${gaTag}`, tagSha);
    return { value: 'created', outcome: { status: 'done', detail: ref.sha } };
  } catch (err) {
    if (!(err instanceof ExternalError && err.status === 422)) throw err;
    if ((await run.gh.resolveTagCommit(gaTag)) !== t.rcCommit) throw err;
    run.p.recovered.push(`tag ${gaTag} appeared at the RC commit while this run created it`);
    return {
      value: 'already',
      outcome: {
        status: 'already',
        detail: 'already exists at the RC commit (GitHub answered 422): used as it is',
      },
    };
  }
}

/**
 * `GA release`: a published one (converged), a leftover draft (reused), or a new one — a draft when
 * there are assets to attach, else published at once. Null in a dry run that would create it.
 */
async function gaReleaseStep(run: PromoteRun, t: Target, tagExists: boolean): Promise<Release | null> {
  const gaTag = t.lookup.gaTag;
  let ga: Release | null = null;
  await run.journal.step('GA release', async () => {
    ga = tagExists ? await existingRelease(run, gaTag) : null;
    if (ga) return { status: 'already', detail: `release ${ga.id}${ga.draft ? ' (draft)' : ''}` };
    const body = await notes(run, t.rc, gaTag, t.rcCommit);
    const direct = t.rc.assets.length === 0;
    // targetCommitish: should the tag vanish before publication, GitHub would recreate it at the RC commit
    const input = {
      tagName: gaTag,
      targetCommitish: t.rcCommit,
      name: t.gaName,
      body,
      draft: !direct,
      prerelease: false,
      ...(direct ? { makeLatest: 'true' as const } : {}),
    };
    ga =
      (await write(
        run,
        'createRelease',
        {
          tag_name: gaTag,
          target_commitish: t.rcCommit,
          name: t.gaName,
          body: bodyArg(body),
          draft: !direct,
          prerelease: false,
          ...(direct ? { make_latest: 'true' } : {}),
        },
        () => run.gh.createRelease(input),
        (v) => `release ${v.id}`,
      )) ?? null;
    if (!ga) return { status: 'planned', detail: `${direct ? 'published release' : 'draft'} ${gaTag}` };
    return { status: 'done', detail: `release ${ga.id}${ga.draft ? ' (draft)' : ' (published)'}` };
  });
  return ga;
}

/** The published release of the GA tag, else a draft an earlier run left. */
async function existingRelease(run: PromoteRun, gaTag: string): Promise<Release | null> {
  const published = await run.gh.getReleaseByTag(gaTag);
  if (published) {
    run.p.recovered.push(`release ${published.id} for ${gaTag} is already published`);
    return published;
  }
  const draft = await findDraft(run, gaTag);
  if (draft) run.p.recovered.push(`draft release ${draft.id} for ${gaTag} left by an earlier run is reused`);
  return draft;
}

/** A draft for `tag` (drafts are not found by tag): the newest page first, the whole list if needed. */
async function findDraft(run: PromoteRun, tag: string): Promise<Release | null> {
  const pick = (list: Release[]) =>
    list.filter((x) => x.draft && x.tagName === tag).sort((a, b) => a.id - b.id)[0] ?? null;
  const first = await run.gh.listReleases({ maxPages: 1 });
  const hit = pick(first);
  if (hit || first.length < 100) return hit;
  return pick(await run.gh.listReleases());
}

/** A published immutable GA release that lacks an asset can never gain it. */
function refuseImmutableGap(t: Target, ga: Release): void {
  const missing = missingAssets(t.rc, ga);
  if (missing.length && ga.immutable) {
    throw new ExternalError(
      `release ${t.lookup.gaTag} is published and immutable but lacks ${missing.map((a) => a.name).join(', ')}`,
      { hint: 'an immutable release cannot gain assets; attach them to a new patch release' },
    );
  }
}

/** `publish`: the draft published as latest, or a published release still flagged prerelease fixed. */
async function publish(run: PromoteRun, t: Target, found: Release | null): Promise<StepOutcome> {
  const latest = { makeLatest: 'true' as const };
  if (!found) {
    if (t.rc.assets.length === 0) return { status: 'skipped', detail: 'created published' };
    const args = { id: '(the new draft)', draft: false, make_latest: 'true' };
    await write(
      run,
      'updateRelease',
      args,
      async () => undefined,
      () => '',
    );
    return { status: 'planned', detail: `the new draft, as latest` };
  }
  let ga = found;
  const change = ga.draft ? { draft: false } : ga.prerelease ? { prerelease: false } : null;
  if (change) {
    const updated = await write(
      run,
      'updateRelease',
      { id: ga.id, ...change, make_latest: 'true' },
      () => run.gh.updateRelease(ga.id, { ...change, ...latest }),
      (v) => v.htmlUrl,
    );
    if (updated) ga = updated;
  }
  run.p.release = { id: ga.id, url: ga.htmlUrl };
  if (!change) return { status: 'already', detail: ga.htmlUrl };
  return run.journal.dryRun
    ? { status: 'planned', detail: `release ${ga.id}, as latest` }
    : { status: 'done', detail: ga.htmlUrl };
}

/**
 * The GA notes: the RC's, plus (generate-notes) GitHub's generated notes since the previous stable
 * release, found through tags. `tagName` is the tag the notes are for.
 */
async function notes(
  run: PromoteRun,
  rc: Release,
  tagName: string,
  targetCommitish: string | undefined,
): Promise<string> {
  const override = run.s.allowRolledBack;
  const body = override
    ? `> [!WARNING]\n> Promoted although ${oneLine(override.mark, 400)}. Reason given: ${oneLine(override.reason, 400)}\n\n${rc.body ?? ''}`
    : (rc.body ?? '');
  if (!run.s.generateNotes) return body;
  const prev = await findPreviousStable(run.gh, run.p.gaTag);
  run.p.previousStable = prev?.tag ?? null;
  if (run.s.dryRun) {
    // generating notes changes nothing, but planning does not need it: say what would be asked
    run.logger.info(`dry run: would append notes generated since ${prev?.tag ?? 'the first commit'}`);
    return body;
  }
  const generated = await run.gh.generateReleaseNotes({
    tagName,
    targetCommitish,
    previousTagName: prev?.tag,
  });
  return body.trim() ? `${body.trimEnd()}\n\n${generated.body}` : generated.body;
}

/** edit-release: the RC release itself becomes GA (name, notes, flags); its tag stays the RC's. */
export async function editRelease(run: PromoteRun, t: Target): Promise<void> {
  const { rc, gaName } = t;
  run.p.notes.push(
    `edit-release keeps the tag ${rc.tagName}: a release cannot be moved to another tag without leaving the validated tag, so the release URL and tag name stay the RC's; only the title (now ${gaName}), the notes and the prerelease/latest flags change. Assets stay as validated.`,
  );
  await run.journal.step('edit the RC release', async () => {
    if (t.alreadyInPlace) {
      run.p.recovered.push(`release ${rc.id} is already promoted in place`);
      run.p.release = { id: rc.id, url: rc.htmlUrl };
      return { status: 'already', detail: `release ${rc.id} is named ${gaName} and not a prerelease` };
    }
    const update: { name: string; prerelease: false; makeLatest: 'true'; body?: string } = {
      name: gaName,
      prerelease: false,
      makeLatest: 'true',
    };
    if (run.s.generateNotes || run.s.allowRolledBack)
      update.body = await notes(run, rc, rc.tagName, undefined);
    const args = {
      id: rc.id,
      name: gaName,
      prerelease: false,
      make_latest: 'true',
      ...(update.body !== undefined ? { body: bodyArg(update.body) } : {}),
    };
    const edited = await write(
      run,
      'updateRelease',
      args,
      () => immutableHint(rc, () => run.gh.updateRelease(rc.id, update)),
      (v) => v.htmlUrl,
    );
    run.p.release = { id: rc.id, url: edited?.htmlUrl ?? rc.htmlUrl };
    return edited
      ? { status: 'done', detail: `release ${rc.id} is now ${gaName}` }
      : { status: 'planned', detail: `release ${rc.id} named ${gaName}, not a prerelease, latest` };
  });
}

/** An immutable RC release that GitHub refuses to edit: say which strategy works instead. */
async function immutableHint<T>(rc: Release, fn: () => Promise<T>): Promise<T> {
  try {
    return await fn();
  } catch (err) {
    if (rc.immutable && err instanceof ExternalError) {
      throw new ExternalError(
        `release ${rc.tagName} is immutable and cannot be edited to GA (${err.message})`,
        {
          hint: 'use strategy new-release, which creates the GA release as a draft and publishes it',
          status: err.status,
          cause: err,
        },
      );
    }
    throw err;
  }
}
