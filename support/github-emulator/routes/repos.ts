/** The repository, commits, and commit statuses (single, list, combined). */
import { DOCS, json, paginate, unprocessable, type RouteContext } from '../http.js';
import type { Route } from '../router.js';
import { commitJson, apiUrl, repositoryJson, simpleStatusJson, statusJson } from '../shapes.js';
import type { EmulatorState } from '../state.js';
import type { CommitState, StatusRecord } from '../types.js';

const STATUS_DOCS = `${DOCS}/commits/statuses`;

/** The commit a `{ref}` path parameter names, or GitHub's 422 "No commit found for SHA". */
export function commitForRef(ctx: RouteContext, ref: string): string {
  const sha = ctx.state.resolveCommit(ref);
  if (!sha) throw unprocessable(`No commit found for SHA: ${ref}`, `${DOCS}/commits/commits`);
  return sha;
}

export function addStatus(
  s: EmulatorState,
  sha: string,
  input: { state: CommitState; context?: string; description?: string | null; target_url?: string | null },
): StatusRecord {
  const now = s.now();
  const record: StatusRecord = {
    id: s.nextId('status'),
    sha,
    state: input.state,
    context: input.context ?? 'default',
    description: input.description ?? null,
    target_url: input.target_url ?? null,
    created_at: now,
    updated_at: now,
  };
  s.statuses.push(record);
  return record;
}

/** The latest status of each context for a commit, newest first. */
export function latestStatuses(s: EmulatorState, sha: string): StatusRecord[] {
  const byContext = new Map<string, StatusRecord>();
  for (const st of s.statuses.filter((x) => x.sha === sha).sort((a, b) => b.id - a.id)) {
    if (!byContext.has(st.context)) byContext.set(st.context, st);
  }
  return [...byContext.values()];
}

/** GitHub's combined state: failure beats pending beats success; no statuses at all is pending. */
function combinedState(statuses: StatusRecord[]): CommitState {
  if (statuses.some((x) => x.state === 'error' || x.state === 'failure')) return 'failure';
  if (statuses.length === 0 || statuses.some((x) => x.state === 'pending')) return 'pending';
  return 'success';
}

const COMMIT_STATES = ['error', 'failure', 'pending', 'success'] as const;

export const repoRoutes: Route[] = [
  {
    method: 'GET',
    pattern: '/repos/{owner}/{repo}',
    operationId: 'repos/get',
    handler: (ctx) => json(200, repositoryJson(ctx.state)),
  },
  {
    method: 'GET',
    pattern: '/repos/{owner}/{repo}/commits/{ref*}/statuses',
    operationId: 'repos/list-commit-statuses-for-ref',
    handler: (ctx) => {
      const sha = commitForRef(ctx, ctx.params.ref as string);
      const all = ctx.state.statuses.filter((x) => x.sha === sha).sort((a, b) => b.id - a.id);
      const page = paginate(ctx, all);
      return json(
        200,
        page.items.map((x) => statusJson(ctx.state, x)),
        page.headers,
      );
    },
  },
  {
    method: 'GET',
    pattern: '/repos/{owner}/{repo}/commits/{ref*}/status',
    operationId: 'repos/get-combined-status-for-ref',
    handler: (ctx) => {
      const sha = commitForRef(ctx, ctx.params.ref as string);
      const latest = latestStatuses(ctx.state, sha);
      const page = paginate(ctx, latest);
      return json(
        200,
        {
          state: combinedState(latest),
          statuses: page.items.map((x) => simpleStatusJson(ctx.state, x)),
          sha,
          total_count: latest.length,
          repository: repositoryJson(ctx.state, 'minimal'),
          commit_url: apiUrl(ctx.state, `/commits/${sha}`),
          url: apiUrl(ctx.state, `/commits/${sha}/status`),
        },
        page.headers,
      );
    },
  },
  {
    method: 'GET',
    pattern: '/repos/{owner}/{repo}/commits/{ref*}',
    operationId: 'repos/get-commit',
    handler: (ctx) => {
      const sha = ctx.state.resolveCommit(ctx.params.ref as string);
      const commit = sha ? ctx.state.commits.get(sha) : undefined;
      if (!commit)
        throw unprocessable(
          `No commit found for SHA: ${ctx.params.ref}`,
          `${DOCS}/commits/commits#get-a-commit`,
        );
      return json(200, commitJson(ctx.state, commit));
    },
  },
  {
    method: 'POST',
    pattern: '/repos/{owner}/{repo}/statuses/{sha}',
    operationId: 'repos/create-commit-status',
    handler: async (ctx) => {
      const sha = ctx.params.sha as string;
      if (!ctx.state.commits.has(sha)) throw unprocessable(`No commit found for SHA: ${sha}`, STATUS_DOCS);
      const body = await ctx.json();
      const state = body.optEnum('state', COMMIT_STATES);
      if (!state) throw unprocessable(`Invalid request.\n\n"state" wasn't supplied.`, STATUS_DOCS);
      const record = addStatus(ctx.state, sha, {
        state,
        context: body.optString('context') ?? 'default',
        description: body.nullableString('description') ?? null,
        target_url: body.nullableString('target_url') ?? null,
      });
      return json(201, statusJson(ctx.state, record));
    },
  },
];
