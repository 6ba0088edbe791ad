/**
 * Issues and issue comments. Labels are created on first use. As on GitHub, pull requests are
 * issues too: they share the numbering and show up in the issue list (with a `pull_request` key).
 */
import {
  DOCS,
  idParam,
  json,
  notFound,
  paginate,
  unprocessable,
  validationFailed,
  type Body,
  type RouteContext,
} from '../http.js';
import type { Route } from '../router.js';
import { commentJson, issueJson } from '../shapes.js';
import type { EmulatorState } from '../state.js';
import type { CommentRecord, IssueRecord } from '../types.js';

const ISSUE_DOCS = `${DOCS}/issues/issues`;
const COMMENT_DOCS = `${DOCS}/issues/comments`;

function issue(ctx: RouteContext): IssueRecord {
  const n = idParam(ctx, 'issue_number');
  const found = ctx.state.issues.find((i) => i.number === n);
  if (!found) throw notFound(`${ISSUE_DOCS}#get-an-issue`);
  return found;
}

/** `labels` as GitHub takes them: names, or objects with a name. */
function labelNames(s: EmulatorState, body: Body): string[] | undefined {
  const raw = body.optArray('labels');
  if (raw === undefined) return undefined;
  const names = raw.map((l) =>
    typeof l === 'string'
      ? l
      : typeof (l as { name?: unknown })?.name === 'string'
        ? (l as { name: string }).name
        : null,
  );
  if (names.some((n) => n === null || n.trim() === '')) {
    throw validationFailed([{ resource: 'Label', code: 'invalid', field: 'name' }], ISSUE_DOCS);
  }
  const unique = new Map<string, string>();
  for (const n of names as string[]) {
    const label = s.ensureLabel(n);
    unique.set(label.name.toLowerCase(), label.name);
  }
  return [...unique.values()];
}

function title(body: Body, required: boolean): string | undefined {
  const v = body.raw.title;
  if (v === undefined || v === null) {
    if (required)
      throw validationFailed([{ resource: 'Issue', code: 'missing_field', field: 'title' }], ISSUE_DOCS);
    return undefined;
  }
  if (typeof v === 'number') return String(v);
  if (typeof v !== 'string')
    throw unprocessable(
      `Invalid request.\n\nFor 'properties/title', ${JSON.stringify(v)} is not a string or integer.`,
      ISSUE_DOCS,
    );
  if (v.trim() === '')
    throw validationFailed([{ resource: 'Issue', code: 'missing_field', field: 'title' }], ISSUE_DOCS);
  return v;
}

export function addIssue(
  s: EmulatorState,
  input: {
    title: string;
    body: string | null;
    labels: string[];
    assignees: string[];
    isPullRequest: boolean;
  },
): IssueRecord {
  const now = s.now();
  const record: IssueRecord = {
    id: s.nextId('issue'),
    number: s.nextNumber(),
    title: input.title,
    body: input.body,
    state: 'open',
    state_reason: null,
    labels: input.labels,
    assignees: input.assignees,
    created_at: now,
    updated_at: now,
    closed_at: null,
    is_pull_request: input.isPullRequest,
    comments: [],
  };
  s.issues.push(record);
  return record;
}

function sortIssues(list: IssueRecord[], sort: string, direction: string): IssueRecord[] {
  const key = (i: IssueRecord): string | number =>
    sort === 'updated' ? i.updated_at : sort === 'comments' ? i.comments.length : i.created_at;
  const sign = direction === 'asc' ? 1 : -1;
  return [...list].sort((a, b) => {
    const ka = key(a);
    const kb = key(b);
    const d = ka < kb ? -1 : ka > kb ? 1 : a.number - b.number;
    return sign * d;
  });
}

export const issueRoutes: Route[] = [
  {
    method: 'POST',
    pattern: '/repos/{owner}/{repo}/issues',
    operationId: 'issues/create',
    handler: async (ctx) => {
      const s = ctx.state;
      const body = await ctx.json();
      const record = addIssue(s, {
        title: title(body, true) as string,
        body: body.nullableString('body') ?? null,
        labels: labelNames(s, body) ?? [],
        assignees: body.optStringArray('assignees') ?? [],
        isPullRequest: false,
      });
      return json(201, issueJson(s, record), { location: issueJson(s, record).url as string });
    },
  },
  {
    method: 'GET',
    pattern: '/repos/{owner}/{repo}/issues',
    operationId: 'issues/list-for-repo',
    handler: (ctx) => {
      const q = ctx.query;
      const state = q.get('state') ?? 'open';
      if (!['open', 'closed', 'all'].includes(state)) {
        throw validationFailed(
          [{ resource: 'Issue', code: 'invalid', field: 'state' }],
          `${ISSUE_DOCS}#list-repository-issues`,
        );
      }
      const wanted = (q.get('labels') ?? '')
        .split(',')
        .map((l) => l.trim().toLowerCase())
        .filter((l) => l !== '');
      const matching = ctx.state.issues.filter(
        (i) =>
          (state === 'all' || i.state === state) &&
          wanted.every((w) => i.labels.some((l) => l.toLowerCase() === w)),
      );
      const page = paginate(
        ctx,
        sortIssues(matching, q.get('sort') ?? 'created', q.get('direction') ?? 'desc'),
      );
      return json(
        200,
        page.items.map((i) => issueJson(ctx.state, i)),
        page.headers,
      );
    },
  },
  {
    method: 'GET',
    pattern: '/repos/{owner}/{repo}/issues/comments/{comment_id}',
    operationId: 'issues/get-comment',
    handler: (ctx) => json(200, commentJson(ctx.state, comment(ctx))),
  },
  {
    method: 'PATCH',
    pattern: '/repos/{owner}/{repo}/issues/comments/{comment_id}',
    operationId: 'issues/update-comment',
    handler: async (ctx) => {
      const c = comment(ctx);
      const body = await ctx.json();
      c.body = body.string('body', 'IssueComment');
      c.updated_at = ctx.state.now();
      return json(200, commentJson(ctx.state, c));
    },
  },
  {
    method: 'GET',
    pattern: '/repos/{owner}/{repo}/issues/{issue_number}',
    operationId: 'issues/get',
    handler: (ctx) => json(200, issueJson(ctx.state, issue(ctx))),
  },
  {
    method: 'PATCH',
    pattern: '/repos/{owner}/{repo}/issues/{issue_number}',
    operationId: 'issues/update',
    handler: async (ctx) => {
      const s = ctx.state;
      const i = issue(ctx);
      const body = await ctx.json();
      const newTitle = title(body, false);
      const text = body.nullableString('body');
      const state = body.optEnum('state', ['open', 'closed'] as const);
      const reason =
        body.raw.state_reason === null
          ? null
          : body.optEnum('state_reason', ['completed', 'not_planned', 'duplicate', 'reopened'] as const);
      const labels = labelNames(s, body);
      const assignees = body.optStringArray('assignees');
      const now = s.now();
      if (newTitle !== undefined) i.title = newTitle;
      if (text !== undefined) i.body = text;
      if (labels !== undefined) i.labels = labels;
      if (assignees !== undefined) i.assignees = assignees;
      if (state === 'closed' && i.state === 'open') {
        i.state = 'closed';
        i.closed_at = now;
        i.state_reason = reason ?? 'completed';
      } else if (state === 'open' && i.state === 'closed') {
        i.state = 'open';
        i.closed_at = null;
        i.state_reason = 'reopened';
      } else if (reason !== undefined) {
        i.state_reason = reason;
      }
      i.updated_at = now;
      return json(200, issueJson(s, i));
    },
  },
  {
    method: 'POST',
    pattern: '/repos/{owner}/{repo}/issues/{issue_number}/comments',
    operationId: 'issues/create-comment',
    handler: async (ctx) => {
      const s = ctx.state;
      const i = issue(ctx);
      const body = await ctx.json();
      const text = body.string('body', 'IssueComment');
      const now = s.now();
      const c: CommentRecord = {
        id: s.nextId('comment'),
        issue_number: i.number,
        body: text,
        created_at: now,
        updated_at: now,
      };
      i.comments.push(c);
      i.updated_at = now;
      return json(201, commentJson(s, c), { location: commentJson(s, c).url as string });
    },
  },
  {
    method: 'GET',
    pattern: '/repos/{owner}/{repo}/issues/{issue_number}/comments',
    operationId: 'issues/list-comments',
    handler: (ctx) => {
      const i = issue(ctx);
      const since = ctx.query.get('since');
      const page = paginate(
        ctx,
        i.comments.filter((c) => !since || c.updated_at >= since),
      );
      return json(
        200,
        page.items.map((c) => commentJson(ctx.state, c)),
        page.headers,
      );
    },
  },
];

function comment(ctx: RouteContext): CommentRecord {
  const id = idParam(ctx, 'comment_id');
  for (const i of ctx.state.issues) {
    const c = i.comments.find((x) => x.id === id);
    if (c) return c;
  }
  throw notFound(`${COMMENT_DOCS}#get-an-issue-comment`);
}
