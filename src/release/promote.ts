/**
 * Promotion: a release candidate (`v1.0.0-rc4`) becomes the GA release (`v1.0.0`) — the release runbook.
 *
 * 1. Plan (reads only): find the RC and every tag of its version through one matching-refs listing,
 *    resolve the RC commit, read its checks; evaluate the preconditions. A failed precondition that
 *    was not skipped by name blocks the run before any write.
 * 2. Act, by strategy:
 *    - `new-release`: annotated tag at the RC commit → GA release created as a draft with the RC's notes
 *      → every asset copied (streamed, sha256 computed on the way, size and digest verified) → published
 *      with make_latest. Without assets the release is created published in one call (nothing to attach,
 *      so immutable releases are not a concern).
 *    - `edit-release`: the RC release itself gets the GA name, prerelease false, make_latest.
 *    - optionally, floating tags (`v1`, `v1.0`) move to the GA commit.
 * 3. Converge: every step first looks at what exists, so a re-run after a crash at any point completes
 *    the promotion instead of duplicating it. The tag is created before the release; "GA tag exists,
 *    no published release" is therefore the only state in which a leftover draft can exist, and the
 *    only time the release list is read. A re-run on a finished promotion writes nothing (`changed`
 *    false). Nothing is ever deleted except an asset copy that failed verification.
 *
 * `dryRun` makes the same reads and records every write it would make, with its arguments, instead of
 * making it.
 */
import { firstDeployedAt } from '../ledger/ledger.js';
import { oneLine } from '../rollback/banner.js';
import { createHash } from 'node:crypto';
import { Transform, type Readable } from 'node:stream';
import { formatDuration } from '../config/duration.js';
import { SKIPPABLE_PRECONDITIONS } from '../config/schema/promote.js';
import { CancelledError, ExternalError } from '../errors.js';
import type { Clock, Logger } from '../ports/index.js';
import type { GitHubPort, Release, ReleaseAsset } from '../ports/github.js';
import { evaluateChecks } from './checks.js';
import { findPreviousStable, findRc, type RcLookup } from './find.js';
import {
  compareVersions,
  floatingTagsFor,
  gaVersion,
  isPrerelease,
  parseVersion,
  type Version,
} from './version.js';

export type Strategy = 'new-release' | 'edit-release';
export const STRATEGIES: readonly Strategy[] = ['new-release', 'edit-release'];

/** Preconditions an explicit input may skip. `rc-release` (nothing to promote) and `ga-tag` never. */
export const SKIPPABLE = SKIPPABLE_PRECONDITIONS;
export type Skippable = (typeof SKIPPABLE)[number];
export type PreconditionName = 'rc-release' | Skippable | 'ga-tag';

export const PRECONDITIONS: Record<PreconditionName, string> = {
  'rc-release': 'The RC tag exists and has a published release',
  'rc-prerelease': 'The RC release is a published prerelease',
  'commit-checks': "The RC commit's check runs and statuses are green",
  soak: 'The RC release is at least min-soak old',
  'newer-rc': 'No newer release candidate of the same version exists',
  'ga-tag': 'The GA tag does not exist yet, or exists at the RC commit (then the run converges)',
};

export interface PromoteSettings {
  /** The RC tag, or… */
  rcTag?: string;
  /** …the version whose highest RC is promoted. */
  version?: string;
  strategy: Strategy;
  minSoakMs: number;
  skip: readonly Skippable[];
  floatingTags: boolean;
  generateNotes: boolean;
  /** GA release title; `{tag}` is replaced by the GA tag. Default: the GA tag. */
  name?: string;
  /** Check names / status contexts not counted by `commit-checks`. */
  ignoreChecks: readonly string[];
  /** `commit-checks` passes on a commit with no checks at all. */
  allowNoChecks: boolean;
  dryRun: boolean;
  /**
   * The build is marked rolled back and is promoted anyway: the mark (one sentence) and the reason
   * given, written into the GA notes and the evidence.
   */
  allowRolledBack?: { mark: string; reason: string };
}

export interface PromoteDeps {
  gh: GitHubPort;
  clock: Clock;
  logger: Logger;
  signal?: AbortSignal;
}

export type Verdict = 'pass' | 'fail' | 'skipped';

export interface Precondition {
  name: PreconditionName;
  verdict: Verdict;
  detail: string;
}

export interface WriteRecord {
  /** The GitHubPort call, e.g. `createRelease`. */
  call: string;
  /** Its arguments (bodies summarised by length). */
  args: Record<string, unknown>;
  /** `planned` in a dry run; `failed` when the call threw. */
  status: 'planned' | 'done' | 'failed';
  /** What it produced: an id, a sha, a URL. */
  result?: string;
}

export interface AssetRecord {
  name: string;
  size: number;
  sha256: string | null;
  /** copied: uploaded now; present: already there and verified; replaced: a mismatching copy was replaced. */
  action: 'copied' | 'present' | 'replaced' | 'planned';
}

export interface PromoteResult {
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
  writes: WriteRecord[];
  assets: AssetRecord[];
  release: { id: number; url: string } | null;
  changed: boolean;
  /** What was found and reused from an earlier run (recovery), for the report. */
  recovered: string[];
  /** What the user should know (what cannot change, what was left as it was). */
  notes: string[];
  previousStable: string | null;
  startedAt: string;
  finishedAt: string | null;
}

export function newPromoteResult(s: PromoteSettings, clock: Clock): PromoteResult {
  return {
    outcome: 'planned',
    strategy: s.strategy,
    rcTag: s.rcTag ?? '',
    gaTag: '',
    releaseTag: '',
    rcCommit: null,
    preconditions: [],
    writes: [],
    assets: [],
    release: null,
    changed: false,
    recovered: [],
    notes: [],
    previousStable: null,
    startedAt: new Date(clock.now()).toISOString(),
    finishedAt: null,
  };
}

/**
 * Runs a promotion. `result` is filled in as the run goes, so a caller that catches an error still
 * has the preconditions and every write made before it (for the evidence file).
 */
export async function promote(
  deps: PromoteDeps,
  s: PromoteSettings,
  result = newPromoteResult(s, deps.clock),
): Promise<PromoteResult> {
  const run = new Run(deps, s, result);
  try {
    await run.execute();
  } finally {
    result.finishedAt = new Date(deps.clock.now()).toISOString();
    result.changed = result.writes.some((w) => w.status === 'done');
  }
  return result;
}

const short = (sha: string | null | undefined) => (sha ? sha.slice(0, 7) : '?');
const bodyArg = (body: string) => `(${body.length} characters)`;

class Run {
  private readonly gh: GitHubPort;
  constructor(
    private readonly deps: PromoteDeps,
    private readonly s: PromoteSettings,
    private readonly r: PromoteResult,
  ) {
    this.gh = deps.gh;
  }

  private checkCancelled(): void {
    if (this.deps.signal?.aborted) throw new CancelledError();
  }

  private precondition(name: PreconditionName, ok: boolean, detail: string): void {
    const skipped =
      !ok && (SKIPPABLE as readonly string[]).includes(name) && this.s.skip.includes(name as Skippable);
    const verdict: Verdict = ok ? 'pass' : skipped ? 'skipped' : 'fail';
    const text = skipped ? `skipped by input skip-checks; would fail: ${detail}` : detail;
    this.r.preconditions.push({ name, verdict, detail: text });
    this.deps.logger.info(`precondition ${name}: ${verdict} — ${text}`);
  }

  /** Makes a write (or records it as planned in a dry run). Returns undefined in a dry run. */
  private async write<T>(
    call: string,
    args: Record<string, unknown>,
    fn: () => Promise<T>,
    describe?: (v: T) => string,
  ): Promise<T | undefined> {
    this.checkCancelled();
    const rec: WriteRecord = { call, args, status: 'planned' };
    this.r.writes.push(rec);
    if (this.s.dryRun) {
      this.deps.logger.info(`dry run: would ${call} ${JSON.stringify(args)}`);
      return undefined;
    }
    this.deps.logger.info(`${call} ${JSON.stringify(args)}`);
    try {
      const v = await fn();
      rec.status = 'done';
      if (describe) rec.result = describe(v);
      return v;
    } catch (err) {
      rec.status = 'failed';
      throw err;
    }
  }

  async execute(): Promise<void> {
    const { s, r, gh } = this;
    const lookup = await findRc(gh, { rcTag: s.rcTag, version: s.version });
    r.rcTag = lookup.rcTag;
    r.gaTag = lookup.gaTag;
    r.releaseTag = s.strategy === 'edit-release' ? lookup.rcTag : lookup.gaTag;
    const rc = lookup.release;

    // rc-release: nothing to promote without it; never skippable
    if (!lookup.rcRef) {
      const what = s.rcTag ? `tag ${s.rcTag}` : `a release candidate of ${s.version}`;
      this.precondition('rc-release', false, `no ${what} (looked for tags ${lookup.searched.join(', ')})`);
      r.outcome = 'blocked';
      return;
    }
    if (!rc) {
      this.precondition(
        'rc-release',
        false,
        `tag ${lookup.rcTag} has no published release (a draft is not found by tag: publish the RC as a prerelease first)`,
      );
      r.outcome = 'blocked';
      return;
    }
    this.precondition('rc-release', true, `${lookup.rcTag} → release ${rc.id} (${rc.htmlUrl})`);

    const rcCommit =
      lookup.rcRef.type === 'commit' ? lookup.rcRef.sha : await gh.resolveTagCommit(lookup.rcTag);
    if (!rcCommit)
      throw new ExternalError(`cannot resolve tag ${lookup.rcTag} to a commit`, {
        hint: 'check that the tag exists and the token can read the repository',
      });
    r.rcCommit = rcCommit;
    this.checkCancelled();

    const gaName = (s.name ?? '{tag}').split('{tag}').join(lookup.gaTag);
    const alreadyInPlace = s.strategy === 'edit-release' && !rc.prerelease && !rc.draft && rc.name === gaName;

    // rc-prerelease
    if (alreadyInPlace)
      this.precondition(
        'rc-prerelease',
        true,
        `already promoted in place (named ${gaName}, not a prerelease): the run converges`,
      );
    else if (rc.draft) this.precondition('rc-prerelease', false, 'the RC release is a draft');
    else if (!rc.prerelease)
      this.precondition(
        'rc-prerelease',
        false,
        `release ${lookup.rcTag} is not marked prerelease (already GA?)`,
      );
    else
      this.precondition(
        'rc-prerelease',
        true,
        `published prerelease${rc.publishedAt ? ` (published ${rc.publishedAt})` : ''}`,
      );

    // commit-checks: the reads are saved when the precondition is skipped
    if (s.skip.includes('commit-checks')) {
      r.preconditions.push({
        name: 'commit-checks',
        verdict: 'skipped',
        detail: `skipped by input skip-checks (commit ${short(rcCommit)} not inspected)`,
      });
    } else {
      const runs = await gh.listCheckRuns(rcCommit);
      const statuses = await gh.listCommitStatuses(rcCommit);
      const v = evaluateChecks(runs, statuses, { allowNone: s.allowNoChecks, ignore: s.ignoreChecks });
      this.precondition('commit-checks', v.ok, `commit ${short(rcCommit)}: ${v.summary}`);
    }

    // soak: from when the commit was first deployed (the ledger), not from a release whose tag may
    // have been moved onto it since; a commit never deployed counts from its release's publication
    if (s.minSoakMs <= 0) this.precondition('soak', true, 'no minimum soak set');
    else {
      const deployed = await firstDeployedAt(gh, rcCommit);
      const since = deployed ?? rc.publishedAt ?? rc.createdAt;
      const age = this.deps.clock.now() - Date.parse(since);
      this.precondition(
        'soak',
        age >= s.minSoakMs,
        deployed
          ? `commit ${short(rcCommit)} first deployed ${formatAge(age)} ago (${since}); minimum ${formatDuration(s.minSoakMs)}`
          : `published ${formatAge(age)} ago (${since}; no deployment of the commit recorded); minimum ${formatDuration(s.minSoakMs)}`,
      );
    }

    // newer-rc
    if (lookup.newer.length === 0)
      this.precondition('newer-rc', true, `${lookup.rcTag} is the newest prerelease of ${lookup.gaTag}`);
    else this.precondition('newer-rc', false, `newer: ${lookup.newer.map((t) => t.tag).join(', ')}`);

    // ga-tag
    let gaCommit: string | null = null;
    if (lookup.gaRef) {
      gaCommit = lookup.gaRef.type === 'commit' ? lookup.gaRef.sha : await gh.resolveTagCommit(lookup.gaTag);
    }
    if (s.strategy === 'edit-release') {
      if (!lookup.gaRef)
        this.precondition(
          'ga-tag',
          true,
          `${lookup.gaTag} does not exist (edit-release keeps the tag ${lookup.rcTag})`,
        );
      else
        this.precondition(
          'ga-tag',
          false,
          `tag ${lookup.gaTag} already exists (at ${short(gaCommit)}): the version looks promoted with new-release; editing the RC would make a second GA release`,
        );
    } else if (!lookup.gaRef) {
      this.precondition('ga-tag', true, `${lookup.gaTag} does not exist yet`);
    } else if (gaCommit === rcCommit) {
      this.precondition(
        'ga-tag',
        true,
        `${lookup.gaTag} exists at the RC commit ${short(rcCommit)}: the run converges`,
      );
    } else {
      this.precondition(
        'ga-tag',
        false,
        `${lookup.gaTag} exists at ${short(gaCommit)}, not at the RC commit ${short(rcCommit)}; release-ops never moves a release tag — delete it or promote another version`,
      );
    }

    if (r.preconditions.some((p) => p.verdict === 'fail')) {
      r.outcome = 'blocked';
      return;
    }

    if (s.strategy === 'edit-release') await this.editRelease(rc, gaName, alreadyInPlace);
    else await this.newRelease(lookup, rc, rcCommit, gaName);

    if (s.floatingTags) await this.moveFloatingTags(lookup, rcCommit);

    r.outcome = s.dryRun ? 'planned' : r.writes.some((w) => w.status === 'done') ? 'promoted' : 'converged';
  }

  /**
   * The GA notes: the RC's, plus (generate-notes) GitHub's generated notes since the previous stable
   * release, found through tags. `tagName` is the tag the notes are for.
   */
  private async notes(rc: Release, tagName: string, targetCommitish: string | undefined): Promise<string> {
    const override = this.s.allowRolledBack;
    const body = override
      ? `> [!WARNING]\n> Promoted although ${oneLine(override.mark, 400)}. Reason given: ${oneLine(override.reason, 400)}\n\n${rc.body ?? ''}`
      : (rc.body ?? '');
    if (!this.s.generateNotes) return body;
    const prev = await findPreviousStable(this.gh, this.r.gaTag);
    this.r.previousStable = prev?.tag ?? null;
    if (this.s.dryRun) {
      // generating notes changes nothing, but planning does not need it: say what would be asked
      this.deps.logger.info(`dry run: would append notes generated since ${prev?.tag ?? 'the first commit'}`);
      return body;
    }
    const generated = await this.gh.generateReleaseNotes({
      tagName,
      targetCommitish,
      previousTagName: prev?.tag,
    });
    return body.trim() ? `${body.trimEnd()}\n\n${generated.body}` : generated.body;
  }

  private async newRelease(lookup: RcLookup, rc: Release, rcCommit: string, gaName: string): Promise<void> {
    const { gh, r } = this;
    const gaTag = lookup.gaTag;

    // 1. the annotated tag, first: its existence is how a re-run knows a draft may be left over
    let tagExists = lookup.gaRef !== null;
    if (!lookup.gaRef) {
      const message = `${gaName}\n\nPromoted from ${lookup.rcTag} (${rcCommit}) by release-ops.`;
      const tagSha = await this.write(
        'createTagObject',
        { tag: gaTag, objectSha: rcCommit, message: bodyArg(message) },
        () => gh.createTagObject({ tag: gaTag, message, objectSha: rcCommit }),
        (v) => v,
      );
      try {
        await this.write(
          'createRef',
          { ref: `refs/tags/${gaTag}`, sha: tagSha ?? '(the new tag object)' },
          () => gh.createRef(`refs/tags/${gaTag}`, tagSha!),
          (v) => v.sha,
        );
      } catch (err) {
        // 422 "Reference already exists": the tag appeared between the look and the write — this run's
        // own write whose answer was lost and was sent again by the retry, or a concurrent run. At the RC
        // commit it is the same tag: go on as a re-run would (look for its release or a leftover draft).
        if (!(err instanceof ExternalError && err.status === 422)) throw err;
        if ((await gh.resolveTagCommit(gaTag)) !== rcCommit) throw err;
        const rec = r.writes[r.writes.length - 1];
        if (rec) rec.result = 'already exists at the RC commit (GitHub answered 422): used as it is';
        r.recovered.push(`tag ${gaTag} appeared at the RC commit while this run created it`);
        tagExists = true;
      }
    } else {
      r.recovered.push(`tag ${gaTag} already exists at the RC commit`);
    }

    // 2. the GA release: a published one (converged), a leftover draft (reused), or none
    let ga: Release | null = null;
    if (tagExists) {
      ga = await gh.getReleaseByTag(gaTag);
      if (ga) r.recovered.push(`release ${ga.id} for ${gaTag} is already published`);
      else {
        ga = await this.findDraft(gaTag);
        if (ga) r.recovered.push(`draft release ${ga.id} for ${gaTag} left by an earlier run is reused`);
      }
    }

    if (!ga) {
      const body = await this.notes(rc, gaTag, rcCommit);
      const direct = rc.assets.length === 0;
      // targetCommitish: should the tag vanish before publication, GitHub would recreate it at the RC commit
      const input = {
        tagName: gaTag,
        targetCommitish: rcCommit,
        name: gaName,
        body,
        draft: !direct,
        prerelease: false,
        ...(direct ? { makeLatest: 'true' as const } : {}),
      };
      const created = await this.write(
        'createRelease',
        { ...input, body: bodyArg(body) },
        () => gh.createRelease(input),
        (v) => `release ${v.id}`,
      );
      if (!created) {
        // dry run: plan the asset copies and the publication against the draft to be
        for (const a of rc.assets) this.planCopy(a, '(the new draft)');
        if (!direct)
          await this.write(
            'updateRelease',
            { id: '(the new draft)', draft: false, makeLatest: 'true' },
            async () => undefined,
          );
        return;
      }
      ga = created;
    }

    if (ga.draft) {
      await this.copyAssets(rc, ga);
      const published = await this.write(
        'updateRelease',
        { id: ga.id, draft: false, makeLatest: 'true' },
        () => gh.updateRelease(ga!.id, { draft: false, makeLatest: 'true' }),
        (v) => v.htmlUrl,
      );
      if (published) ga = published;
    } else {
      // published already: complete what can be completed
      const missing = this.missingAssets(rc, ga);
      if (missing.length && ga.immutable) {
        throw new ExternalError(
          `release ${gaTag} is published and immutable but lacks ${missing.map((a) => a.name).join(', ')}`,
          {
            hint: 'an immutable release cannot gain assets; attach them to a new patch release',
          },
        );
      }
      await this.copyAssets(rc, ga);
      if (ga.prerelease) {
        const fixed = await this.write(
          'updateRelease',
          { id: ga.id, prerelease: false, makeLatest: 'true' },
          () => gh.updateRelease(ga!.id, { prerelease: false, makeLatest: 'true' }),
          (v) => v.htmlUrl,
        );
        if (fixed) ga = fixed;
      }
    }
    r.release = { id: ga.id, url: ga.htmlUrl };
  }

  /** A draft for `tag` (drafts are not found by tag): the newest page first, the whole list if needed. */
  private async findDraft(tag: string): Promise<Release | null> {
    const pick = (list: Release[]) =>
      list.filter((x) => x.draft && x.tagName === tag).sort((a, b) => a.id - b.id)[0] ?? null;
    const first = await this.gh.listReleases({ maxPages: 1 });
    const hit = pick(first);
    if (hit || first.length < 100) return hit;
    return pick(await this.gh.listReleases());
  }

  private missingAssets(rc: Release, ga: Release): ReleaseAsset[] {
    return rc.assets.filter((a) => !ga.assets.some((g) => g.name === a.name && sameContent(a, g)));
  }

  private planCopy(a: ReleaseAsset, target: string | number): void {
    this.r.assets.push({ name: a.name, size: a.size, sha256: hex(a.digest), action: 'planned' });
    this.r.writes.push({
      call: 'uploadReleaseAsset',
      args: {
        release: target,
        name: a.name,
        label: a.label,
        contentType: a.contentType,
        size: a.size,
        from: `asset ${a.id} (streamed)`,
      },
      status: 'planned',
    });
    this.deps.logger.info(`dry run: would copy asset ${a.name} (${a.size} bytes) to release ${target}`);
  }

  private async copyAssets(rc: Release, ga: Release): Promise<void> {
    for (const a of rc.assets) {
      this.checkCancelled();
      const existing = ga.assets.find((g) => g.name === a.name);
      if (existing && sameContent(a, existing)) {
        this.r.assets.push({
          name: a.name,
          size: a.size,
          sha256: hex(existing.digest ?? a.digest),
          action: 'present',
        });
        continue;
      }
      if (existing) {
        this.r.recovered.push(
          `asset ${a.name} on the GA release did not match the RC's (size ${existing.size}/${a.size}) and is replaced`,
        );
        await this.write(
          'deleteReleaseAsset',
          { id: existing.id, name: existing.name, reason: 'size or digest differs from the RC asset' },
          () => this.gh.deleteReleaseAsset(existing.id),
        );
      }
      if (this.s.dryRun) {
        this.planCopy(a, ga.id);
        continue;
      }
      const copied = await this.write(
        'uploadReleaseAsset',
        {
          release: ga.id,
          name: a.name,
          label: a.label,
          contentType: a.contentType,
          size: a.size,
          from: `asset ${a.id} (streamed)`,
        },
        () => copyAsset(this.gh, a, ga),
        (v) => `asset ${v.asset.id}, sha256 ${v.sha256}`,
      );
      this.r.assets.push({
        name: a.name,
        size: a.size,
        sha256: copied!.sha256,
        action: existing ? 'replaced' : 'copied',
      });
    }
  }

  private async editRelease(rc: Release, gaName: string, alreadyInPlace: boolean): Promise<void> {
    const { r, gh } = this;
    r.notes.push(
      `edit-release keeps the tag ${rc.tagName}: a release cannot be moved to another tag without leaving the validated tag, so the release URL and tag name stay the RC's; only the title (now ${gaName}), the notes and the prerelease/latest flags change. Assets stay as validated.`,
    );
    if (alreadyInPlace) {
      r.recovered.push(`release ${rc.id} is already promoted in place`);
      r.release = { id: rc.id, url: rc.htmlUrl };
      return;
    }
    const update: { name: string; prerelease: false; makeLatest: 'true'; body?: string } = {
      name: gaName,
      prerelease: false,
      makeLatest: 'true',
    };
    if (this.s.generateNotes || this.s.allowRolledBack)
      update.body = await this.notes(rc, rc.tagName, undefined);
    try {
      const edited = await this.write(
        'updateRelease',
        { id: rc.id, ...update, ...(update.body !== undefined ? { body: bodyArg(update.body) } : {}) },
        () => gh.updateRelease(rc.id, update),
        (v) => v.htmlUrl,
      );
      r.release = { id: rc.id, url: edited?.htmlUrl ?? rc.htmlUrl };
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

  /** `v1` and `v1.0` → the GA commit, unless a higher stable release of that line exists. */
  private async moveFloatingTags(lookup: RcLookup, commit: string): Promise<void> {
    const ga = gaVersion(lookup.rcVersion!);
    const [majorTag, minorTag] = floatingTagsFor(ga) as [string, string];
    // one listing: the floating refs themselves and every version of the major line
    const refs = await this.gh.listMatchingRefs(`tags/${majorTag}`);
    const byName = new Map(refs.map((x) => [x.ref.replace(/^refs\/tags\//, ''), x]));
    // floating tags (`v1`, `v1.0`) are not versions; full versions of the line above the GA hold them back
    const line = [...byName.keys()]
      .map((tag) => ({ tag, v: parseVersion(tag) }))
      .filter(
        (t): t is { tag: string; v: Version } =>
          t.v !== null && t.v.prefix === ga.prefix && t.v.major === ga.major && !isPrerelease(t.v),
      );
    for (const [tag, scope] of [
      [majorTag, (v: Version) => v.major === ga.major],
      [minorTag, (v: Version) => v.major === ga.major && v.minor === ga.minor],
    ] as const) {
      const higher = line.filter((t) => scope(t.v) && compareVersions(t.v, ga) > 0).map((t) => t.tag);
      if (higher.length) {
        this.r.notes.push(
          `floating tag ${tag} left where it is: ${higher[0]} is a higher release of that line`,
        );
        continue;
      }
      const existing = byName.get(tag);
      if (existing && existing.type === 'commit' && existing.sha === commit) {
        this.r.recovered.push(`floating tag ${tag} already points at ${short(commit)}`);
        continue;
      }
      if (existing) {
        await this.write(
          'updateRef',
          { ref: `tags/${tag}`, sha: commit, force: true },
          () => this.gh.updateRef(`tags/${tag}`, commit, true),
          (v) => v.sha,
        );
      } else {
        await this.write(
          'createRef',
          { ref: `refs/tags/${tag}`, sha: commit },
          () => this.gh.createRef(`refs/tags/${tag}`, commit),
          (v) => v.sha,
        );
      }
    }
  }
}

function hex(digest: string | null | undefined): string | null {
  return digest ? digest.replace(/^sha256:/, '') : null;
}

/**
 * Whether `copy` (same name) holds the bytes of `src`: same size, and — when the RC asset's digest is
 * known — the same digest. A copy without a digest is an upload that never completed (GitHub leaves
 * it in state "starter"), so it does not count.
 */
function sameContent(src: ReleaseAsset, copy: ReleaseAsset): boolean {
  if (src.size !== copy.size) return false;
  return src.digest ? copy.digest === src.digest : true;
}

function formatAge(ms: number): string {
  if (ms < 0) return `-${formatAge(-ms)}`;
  const d = Math.floor(ms / 86_400_000);
  const h = Math.floor(ms / 3_600_000);
  const m = Math.floor((ms % 3_600_000) / 60_000);
  const sec = Math.floor((ms % 60_000) / 1000);
  if (h >= 48) return `${d}d${h % 24 ? `${h % 24}h` : ''}`;
  return h ? `${h}h${m ? `${m}m` : ''}` : m ? `${m}m${sec ? `${sec}s` : ''}` : `${sec}s`;
}

/**
 * Copies one asset: the download stream goes through a sha256 + byte counter into the upload, so no
 * more than the stream buffers is ever held in memory. After the upload, sizes and digests are
 * compared (downloaded bytes, the RC asset's digest, the uploaded asset's size and digest); a copy that
 * does not match is deleted and the run fails, so a re-run starts that asset again.
 */
export async function copyAsset(
  gh: GitHubPort,
  src: ReleaseAsset,
  target: Release,
): Promise<{ asset: ReleaseAsset; sha256: string; bytes: number }> {
  const download: Readable = await gh.downloadReleaseAsset(src.id);
  const hash = createHash('sha256');
  let bytes = 0;
  const meter = new Transform({
    transform(chunk: Buffer, _enc, cb) {
      hash.update(chunk);
      bytes += chunk.length;
      cb(null, chunk);
    },
  });
  download.once('error', (err) => meter.destroy(err));
  download.pipe(meter);
  let uploaded: ReleaseAsset;
  try {
    uploaded = await gh.uploadReleaseAsset(target, {
      name: src.name,
      label: src.label,
      contentType: src.contentType,
      size: src.size,
      data: meter,
    });
  } finally {
    download.unpipe(meter);
    if (!download.destroyed) download.destroy();
  }
  const sha256 = hash.digest('hex');
  const problems: string[] = [];
  if (bytes !== src.size) problems.push(`downloaded ${bytes} bytes, the RC asset has ${src.size}`);
  if (uploaded.size !== src.size)
    problems.push(`uploaded asset has ${uploaded.size} bytes, expected ${src.size}`);
  if (src.digest && hex(src.digest) !== sha256)
    problems.push(`downloaded bytes hash to sha256:${sha256}, the RC asset reports ${src.digest}`);
  if (uploaded.digest && hex(uploaded.digest) !== sha256)
    problems.push(`uploaded asset reports ${uploaded.digest}, the bytes sent hash to sha256:${sha256}`);
  if (problems.length) {
    await gh.deleteReleaseAsset(uploaded.id);
    throw new ExternalError(
      `asset ${src.name} was not copied intact (${problems.join('; ')}); the bad copy was deleted`,
      {
        hint: 're-run the promotion: it uploads only the assets that are missing',
      },
    );
  }
  return { asset: uploaded, sha256, bytes };
}
