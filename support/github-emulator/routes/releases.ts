/**
 * Releases: create, get (by id, by tag, latest), list, update, delete, generate notes — with
 * GitHub's rules: drafts do not create tags and are not found by tag; a draft or prerelease is never
 * latest; `make_latest` defaults to true for newly published releases; immutable releases lock their
 * tag and assets once published and burn the tag name for good.
 */
import {
  Body,
  DOCS,
  idParam,
  json,
  noContent,
  notFound,
  paginate,
  validationFailed,
  type RouteContext,
  type ValidationItem,
} from '../http.js';
import type { Route } from '../router.js';
import { htmlUrl, releaseJson } from '../shapes.js';
import { type EmulatorState, type MakeLatest } from '../state.js';
import type { ReleaseRecord } from '../types.js';

const RELEASE_DOCS = `${DOCS}/releases/releases`;
const MAKE_LATEST = ['true', 'false', 'legacy'] as const;

const fail = (item: ValidationItem, anchor = ''): never => {
  throw validationFailed([item], `${RELEASE_DOCS}${anchor}`);
};

function release(ctx: RouteContext): ReleaseRecord {
  const r = ctx.state.release(idParam(ctx, 'release_id'));
  if (!r) throw notFound(`${RELEASE_DOCS}#get-a-release`);
  return r;
}

/** Checks that `tag` may be taken by a published release other than `self`. */
function assertTagFree(s: EmulatorState, tag: string, self: ReleaseRecord | null): void {
  if (s.lockedTagNames.has(tag) && !(self?.immutable && self.tag_name === tag)) {
    fail({
      resource: 'Release',
      code: 'custom',
      field: 'tag_name',
      message: 'tag_name was used by an immutable release',
    });
  }
  const holder = s.publishedByTag(tag);
  if (holder && holder !== self) fail({ resource: 'Release', code: 'already_exists', field: 'tag_name' });
}

/** The commit a new tag would point at, or 422 invalid target_commitish. */
function targetSha(s: EmulatorState, targetCommitish: string): string {
  const sha = s.resolveCommit(targetCommitish);
  if (!sha) return fail({ resource: 'Release', code: 'invalid', field: 'target_commitish' });
  return sha;
}

/** Publishing creates the tag at target_commitish when it does not exist yet (drafts never do). */
function ensureTag(s: EmulatorState, r: ReleaseRecord): void {
  const ref = `refs/tags/${r.tag_name}`;
  if (!s.refs.has(ref)) s.refs.set(ref, targetSha(s, r.target_commitish));
}

function publish(s: EmulatorState, r: ReleaseRecord): void {
  ensureTag(s, r);
  r.draft = false;
  r.published_at = s.now();
  if (s.immutableReleases) {
    r.immutable = true;
    s.lockedTagNames.add(r.tag_name);
  }
}

/**
 * Deterministic release notes: the commits reachable from the tag (or target) and not from the
 * previous release's tag, newest first, one line each.
 */
export function generateNotes(
  s: EmulatorState,
  input: { tag: string; targetCommitish?: string; previousTag?: string },
): { name: string; body: string } {
  const tagRef = s.refs.get(`refs/tags/${input.tag}`);
  const head = tagRef ? s.peel(tagRef) : targetSha(s, input.targetCommitish ?? s.defaultBranch);
  if (!head) throw notFound(`${RELEASE_DOCS}#generate-release-notes-content-for-a-release`);
  let previous: string | null = null;
  let previousTag = input.previousTag ?? null;
  if (previousTag !== null) {
    const ref = s.refs.get(`refs/tags/${previousTag}`);
    previous = ref ? s.peel(ref) : null;
    if (!previous) fail({ resource: 'Release', code: 'invalid', field: 'previous_tag_name' });
  } else {
    const prior = s
      .releasesNewestFirst()
      .filter((r) => !r.draft && !r.prerelease && r.tag_name !== input.tag)
      .map((r) => ({ tag: r.tag_name, sha: s.peel(s.refs.get(`refs/tags/${r.tag_name}`) ?? '') }))
      .find((r) => r.sha !== null && r.sha !== head && s.isAncestor(r.sha, head));
    if (prior) {
      previousTag = prior.tag;
      previous = prior.sha;
    }
  }
  const lines = s
    .commitsBetween(previous, head)
    .map((c) => `* ${c.message.split('\n')[0]} by @${c.author.name} in ${c.sha.slice(0, 7)}`);
  const changed = lines.length > 0 ? lines.join('\n') : '* No changes';
  const compare = previousTag
    ? htmlUrl(s, `/compare/${previousTag}...${input.tag}`)
    : htmlUrl(s, `/commits/${input.tag}`);
  return { name: input.tag, body: `## What's Changed\n${changed}\n\n**Full Changelog**: ${compare}` };
}

export interface NewRelease {
  tag: string;
  targetCommitish: string;
  name: string | null;
  body: string | null;
  draft: boolean;
  prerelease: boolean;
  makeLatest: MakeLatest;
  createdAt?: string;
  publishedAt?: string;
}

/** Creates a release with the API's rules (also used by the seed). */
export function createRelease(s: EmulatorState, input: NewRelease): ReleaseRecord {
  // Drafts may share a tag with anything — except a name burned by an immutable release.
  if (!input.draft || s.lockedTagNames.has(input.tag)) assertTagFree(s, input.tag, null);
  if (!s.refs.has(`refs/tags/${input.tag}`)) targetSha(s, input.targetCommitish);
  const now = s.now();
  const r: ReleaseRecord = {
    id: s.nextId('release'),
    tag_name: input.tag,
    target_commitish: input.targetCommitish,
    name: input.name,
    body: input.body,
    draft: true,
    prerelease: input.prerelease,
    immutable: false,
    created_at: input.createdAt ?? now,
    published_at: null,
    updated_at: now,
    untagged: s.randomToken().slice(0, 20),
  };
  if (!input.draft) {
    publish(s, r);
    if (input.publishedAt) r.published_at = input.publishedAt;
  }
  s.releases.push(r);
  if (!r.draft) s.applyMakeLatest(r, input.makeLatest);
  return r;
}

async function create(ctx: RouteContext): Promise<ReturnType<typeof json>> {
  const s = ctx.state;
  const body = await ctx.json();
  const tag = body.string('tag_name', 'Release');
  if (tag.trim() === '')
    fail({ resource: 'Release', code: 'missing_field', field: 'tag_name' }, '#create-a-release');
  const targetCommitish = body.optString('target_commitish') ?? s.defaultBranch;
  let name = body.nullableString('name') ?? null;
  let text = body.nullableString('body') ?? null;
  if (body.optBool('generate_release_notes')) {
    const notes = generateNotes(s, { tag, targetCommitish });
    name = name ?? notes.name;
    text = text ? `${text}\n\n${notes.body}` : notes.body;
  }
  const r = createRelease(s, {
    tag,
    targetCommitish,
    name,
    body: text,
    draft: body.optBool('draft') ?? false,
    prerelease: body.optBool('prerelease') ?? false,
    makeLatest: body.optEnum('make_latest', MAKE_LATEST) ?? 'true',
  });
  return json(201, releaseJson(s, r), { location: releaseJson(s, r).url as string });
}

async function update(ctx: RouteContext): Promise<ReturnType<typeof json>> {
  const s = ctx.state;
  const r = release(ctx);
  const body: Body = await ctx.json();
  const tag = body.optString('tag_name');
  const target = body.optString('target_commitish');
  const name = body.nullableString('name');
  const text = body.nullableString('body');
  const draft = body.optBool('draft');
  const prerelease = body.optBool('prerelease');
  const makeLatest = body.optEnum('make_latest', MAKE_LATEST);

  if (r.immutable) {
    const immutableField = (field: string) =>
      fail({
        resource: 'Release',
        code: 'custom',
        field,
        message: `Cannot change ${field} of an immutable release`,
      });
    if (tag !== undefined && tag !== r.tag_name) immutableField('tag_name');
    if (target !== undefined && target !== r.target_commitish) immutableField('target_commitish');
    if (draft === true) immutableField('draft');
  }
  const nextTag = tag ?? r.tag_name;
  const publishing = r.draft && draft === false;
  const staysPublished = !r.draft && draft !== true;
  if (publishing || nextTag !== r.tag_name) {
    if (publishing || staysPublished) assertTagFree(s, nextTag, r);
    else if (s.lockedTagNames.has(nextTag)) assertTagFree(s, nextTag, null);
  }
  if (target !== undefined && !s.refs.has(`refs/tags/${nextTag}`)) targetSha(s, target);

  if (tag !== undefined) r.tag_name = tag;
  if (target !== undefined) r.target_commitish = target;
  if (name !== undefined) r.name = name;
  if (text !== undefined) r.body = text;
  if (prerelease !== undefined) r.prerelease = prerelease;
  if (publishing) publish(s, r);
  else if (staysPublished) ensureTag(s, r);
  else if (draft === true && !r.draft) {
    r.draft = true;
    r.published_at = null;
  }
  r.updated_at = s.now();
  if (makeLatest !== undefined || publishing) s.applyMakeLatest(r, makeLatest ?? 'true');
  return json(200, releaseJson(s, r));
}

export const releaseRoutes: Route[] = [
  {
    method: 'GET',
    pattern: '/repos/{owner}/{repo}/releases',
    operationId: 'repos/list-releases',
    handler: (ctx) => {
      const page = paginate(ctx, ctx.state.releasesNewestFirst(), { maxResults: 1000 });
      return json(
        200,
        page.items.map((r) => releaseJson(ctx.state, r)),
        page.headers,
      );
    },
  },
  {
    method: 'POST',
    pattern: '/repos/{owner}/{repo}/releases',
    operationId: 'repos/create-release',
    handler: create,
  },
  {
    method: 'GET',
    pattern: '/repos/{owner}/{repo}/releases/latest',
    operationId: 'repos/get-latest-release',
    handler: (ctx) => {
      const latest = ctx.state.latestRelease();
      if (!latest) throw notFound(`${RELEASE_DOCS}#get-the-latest-release`);
      return json(200, releaseJson(ctx.state, latest));
    },
  },
  {
    method: 'GET',
    pattern: '/repos/{owner}/{repo}/releases/tags/{tag*}',
    operationId: 'repos/get-release-by-tag',
    handler: (ctx) => {
      const r = ctx.state.publishedByTag(ctx.params.tag as string);
      if (!r) throw notFound(`${RELEASE_DOCS}#get-a-release-by-tag-name`);
      return json(200, releaseJson(ctx.state, r));
    },
  },
  {
    method: 'POST',
    pattern: '/repos/{owner}/{repo}/releases/generate-notes',
    operationId: 'repos/generate-release-notes',
    handler: async (ctx) => {
      const body = await ctx.json();
      const tag = body.string('tag_name', 'Release');
      const targetCommitish = body.optString('target_commitish');
      const previousTag = body.optString('previous_tag_name');
      return json(
        200,
        generateNotes(ctx.state, {
          tag,
          ...(targetCommitish !== undefined ? { targetCommitish } : {}),
          ...(previousTag !== undefined ? { previousTag } : {}),
        }),
      );
    },
  },
  {
    method: 'GET',
    pattern: '/repos/{owner}/{repo}/releases/{release_id}',
    operationId: 'repos/get-release',
    handler: (ctx) => json(200, releaseJson(ctx.state, release(ctx))),
  },
  {
    method: 'PATCH',
    pattern: '/repos/{owner}/{repo}/releases/{release_id}',
    operationId: 'repos/update-release',
    handler: update,
  },
  {
    method: 'DELETE',
    pattern: '/repos/{owner}/{repo}/releases/{release_id}',
    operationId: 'repos/delete-release',
    handler: (ctx) => {
      const s = ctx.state;
      const r = release(ctx);
      s.releases.splice(s.releases.indexOf(r), 1);
      for (const a of s.assetsOf(r.id)) s.assets.splice(s.assets.indexOf(a), 1);
      if (s.explicitLatestId === r.id) s.explicitLatestId = null;
      return noContent();
    },
  },
];
