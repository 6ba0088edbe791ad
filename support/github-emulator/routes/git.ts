/**
 * Git references and annotated tag objects. Updates must fast-forward unless `force` is set (the
 * check peels tag objects to commits); refs of published immutable releases neither move nor go.
 * `matching-refs` returns every match in one response and ignores `per_page`, as GitHub does.
 */
import { DOCS, json, noContent, notFound, unprocessable, type RouteContext } from '../http.js';
import type { Route } from '../router.js';
import { gitRefJson, gitTagJson } from '../shapes.js';
import type { EmulatorState } from '../state.js';

const REF_DOCS = `${DOCS}/git/refs`;
const TAG_DOCS = `${DOCS}/git/tags`;

function assertRefUnlocked(s: EmulatorState, ref: string, verb: 'update' | 'delete'): void {
  const tag = ref.startsWith('refs/tags/') ? ref.slice('refs/tags/'.length) : null;
  if (tag !== null && s.tagLocked(tag)) {
    throw unprocessable(
      `Cannot ${verb} ${ref}: the tag belongs to an immutable release`,
      `${REF_DOCS}#${verb}-a-reference`,
    );
  }
}

/** `{ref}` path parameters come without the `refs/` prefix (`tags/v1.0.0`); tolerate it anyway. */
const fullRef = (ctx: RouteContext): string => `refs/${(ctx.params.ref as string).replace(/^refs\//, '')}`;

export const gitRoutes: Route[] = [
  {
    method: 'GET',
    pattern: '/repos/{owner}/{repo}/git/ref/{ref*}',
    operationId: 'git/get-ref',
    handler: (ctx) => {
      const ref = fullRef(ctx);
      const sha = ctx.state.refs.get(ref);
      if (!sha) throw notFound(`${REF_DOCS}#get-a-reference`);
      return json(200, gitRefJson(ctx.state, ref, sha));
    },
  },
  {
    method: 'GET',
    pattern: '/repos/{owner}/{repo}/git/matching-refs/{ref*}',
    operationId: 'git/list-matching-refs',
    handler: (ctx) => {
      const prefix = ctx.params.ref ? fullRef(ctx) : 'refs/';
      const refs = [...ctx.state.refs.entries()]
        .filter(([name]) => name.startsWith(prefix))
        .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
        .map(([name, sha]) => gitRefJson(ctx.state, name, sha));
      return json(200, refs);
    },
  },
  {
    method: 'POST',
    pattern: '/repos/{owner}/{repo}/git/refs',
    operationId: 'git/create-ref',
    handler: async (ctx) => {
      const s = ctx.state;
      const body = await ctx.json();
      const ref = body.string('ref', 'Reference');
      const sha = body.string('sha', 'Reference');
      if (!/^refs\/[^/]+\/.+/.test(ref) || ref.endsWith('/') || ref.includes('..')) {
        throw unprocessable(
          "Reference name is invalid: it must start with 'refs' and have at least two slashes.",
          `${REF_DOCS}#create-a-reference`,
        );
      }
      if (!s.objectType(sha)) throw unprocessable('Object does not exist', `${REF_DOCS}#create-a-reference`);
      if (s.refs.has(ref)) throw unprocessable('Reference already exists', `${REF_DOCS}#create-a-reference`);
      s.refs.set(ref, sha);
      return json(201, gitRefJson(s, ref, sha), { location: gitRefJson(s, ref, sha).url as string });
    },
  },
  {
    method: 'PATCH',
    pattern: '/repos/{owner}/{repo}/git/refs/{ref*}',
    operationId: 'git/update-ref',
    handler: async (ctx) => {
      const s = ctx.state;
      const ref = fullRef(ctx);
      const body = await ctx.json();
      const sha = body.string('sha', 'Reference');
      const force = body.optBool('force') ?? false;
      const current = s.refs.get(ref);
      if (!current) throw unprocessable('Reference does not exist', `${REF_DOCS}#update-a-reference`);
      if (!s.objectType(sha)) throw unprocessable('Object does not exist', `${REF_DOCS}#update-a-reference`);
      if (current !== sha) {
        assertRefUnlocked(s, ref, 'update');
        const from = s.peel(current);
        const to = s.peel(sha);
        if (!force && !(from && to && s.isAncestor(from, to))) {
          throw unprocessable('Update is not a fast forward', `${REF_DOCS}#update-a-reference`);
        }
        s.refs.set(ref, sha);
      }
      return json(200, gitRefJson(s, ref, sha));
    },
  },
  {
    method: 'DELETE',
    pattern: '/repos/{owner}/{repo}/git/refs/{ref*}',
    operationId: 'git/delete-ref',
    handler: (ctx) => {
      const ref = fullRef(ctx);
      if (!ctx.state.refs.has(ref))
        throw unprocessable('Reference does not exist', `${REF_DOCS}#delete-a-reference`);
      assertRefUnlocked(ctx.state, ref, 'delete');
      ctx.state.refs.delete(ref);
      return noContent();
    },
  },
  {
    method: 'POST',
    pattern: '/repos/{owner}/{repo}/git/tags',
    operationId: 'git/create-tag',
    handler: async (ctx) => {
      const s = ctx.state;
      const body = await ctx.json();
      const tag = body.string('tag', 'Tag');
      const message = body.string('message', 'Tag');
      const object = body.string('object', 'Tag');
      const type = body.optEnum('type', ['commit', 'tree', 'blob', 'tag'] as const) ?? 'commit';
      const actual = s.objectType(object);
      if (!actual || actual !== type)
        throw unprocessable('Object does not exist', `${TAG_DOCS}#create-a-tag-object`);
      const tagger = body.optObject('tagger');
      const now = s.now();
      const who = {
        name: typeof tagger?.name === 'string' ? tagger.name : s.botUser(now).name,
        email: typeof tagger?.email === 'string' ? tagger.email : s.botUser(now).email,
        date: typeof tagger?.date === 'string' ? tagger.date : now,
      };
      const record = s.addTagObject(tag, message, object, type, who);
      return json(201, gitTagJson(s, record));
    },
  },
  {
    method: 'GET',
    pattern: '/repos/{owner}/{repo}/git/tags/{tag_sha}',
    operationId: 'git/get-tag',
    handler: (ctx) => {
      const record = ctx.state.tags.get(ctx.params.tag_sha as string);
      if (!record) throw notFound(`${TAG_DOCS}#get-a-tag`);
      return json(200, gitTagJson(ctx.state, record));
    },
  },
];
