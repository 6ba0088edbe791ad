/**
 * Pull requests: create, get, list. Creation fails as on GitHub with 422 when head and base are the
 * same, when the head branch does not exist, when there are no commits between them, or when an
 * open pull request for that head and base already exists.
 */
import { DOCS, idParam, json, notFound, paginate, validationFailed, type RouteContext } from '../http.js';
import type { Route } from '../router.js';
import { pullJson, pullSimpleJson } from '../shapes.js';
import type { PullRecord } from '../types.js';
import { addIssue } from './issues.js';

const PULL_DOCS = `${DOCS}/pulls/pulls`;

const custom = (message: string, field?: string) =>
  validationFailed(
    [{ resource: 'PullRequest', code: 'custom', message, ...(field ? { field } : {}) }],
    `${PULL_DOCS}#create-a-pull-request`,
  );

/** `head` may be `branch` or `owner:branch`. */
function branchOf(owner: string, head: string): string {
  const i = head.indexOf(':');
  return i >= 0 && head.slice(0, i).toLowerCase() === owner.toLowerCase() ? head.slice(i + 1) : head;
}

function pull(ctx: RouteContext): PullRecord {
  const n = idParam(ctx, 'pull_number');
  const p = ctx.state.pulls.find((x) => x.number === n);
  if (!p) throw notFound(`${PULL_DOCS}#get-a-pull-request`);
  return p;
}

export const pullRoutes: Route[] = [
  {
    method: 'POST',
    pattern: '/repos/{owner}/{repo}/pulls',
    operationId: 'pulls/create',
    handler: async (ctx) => {
      const s = ctx.state;
      const body = await ctx.json();
      const head = branchOf(s.owner, body.string('head', 'PullRequest'));
      const base = body.string('base', 'PullRequest');
      const title = body.optString('title');
      if (title === undefined || title.trim() === '') {
        throw validationFailed(
          [{ resource: 'PullRequest', code: 'missing_field', field: 'title' }],
          PULL_DOCS,
        );
      }
      const headSha = s.refs.get(`refs/heads/${head}`);
      const baseSha = s.refs.get(`refs/heads/${base}`);
      if (!baseSha)
        throw validationFailed([{ resource: 'PullRequest', code: 'invalid', field: 'base' }], PULL_DOCS);
      if (!headSha)
        throw validationFailed([{ resource: 'PullRequest', code: 'invalid', field: 'head' }], PULL_DOCS);
      if (head === base || s.isAncestor(headSha, baseSha))
        throw custom(`No commits between ${base} and ${head}`);
      if (s.pulls.some((p) => p.state === 'open' && p.head === head && p.base === base)) {
        throw custom(`A pull request already exists for ${s.owner}:${head}.`);
      }
      const text = body.nullableString('body') ?? null;
      const issue = addIssue(s, { title, body: text, labels: [], assignees: [], isPullRequest: true });
      const record: PullRecord = {
        id: s.nextId('pull'),
        number: issue.number,
        title,
        body: text,
        state: 'open',
        draft: body.optBool('draft') ?? false,
        head,
        base,
        head_sha: headSha,
        base_sha: baseSha,
        created_at: issue.created_at,
        updated_at: issue.updated_at,
      };
      s.pulls.push(record);
      return json(201, pullJson(s, record), { location: pullJson(s, record).url as string });
    },
  },
  {
    method: 'GET',
    pattern: '/repos/{owner}/{repo}/pulls',
    operationId: 'pulls/list',
    handler: (ctx) => {
      const q = ctx.query;
      const state = q.get('state') ?? 'open';
      const head = q.get('head');
      const list = ctx.state.pulls
        .filter(
          (p) =>
            (state === 'all' || p.state === state) &&
            (!head || p.head === branchOf(ctx.state.owner, head)) &&
            (!q.get('base') || p.base === q.get('base')),
        )
        .sort((a, b) => b.number - a.number);
      const page = paginate(ctx, list);
      return json(
        200,
        page.items.map((p) => pullSimpleJson(ctx.state, p)),
        page.headers,
      );
    },
  },
  {
    method: 'GET',
    pattern: '/repos/{owner}/{repo}/pulls/{pull_number}',
    operationId: 'pulls/get',
    handler: (ctx) => json(200, pullJson(ctx.state, pull(ctx))),
  },
];
