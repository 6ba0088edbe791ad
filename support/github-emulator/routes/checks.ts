/**
 * Check runs: create, get, update, list for a ref. As on GitHub: a conclusion completes the run,
 * `completed` needs a conclusion, at most 50 annotations per request (they accumulate across
 * updates), output text fields at most 65,535 characters, and listing defaults to `filter=latest`
 * (only the newest run of each name).
 */
import {
  DOCS,
  idParam,
  json,
  notFound,
  paginate,
  unprocessable,
  type Body,
  type RouteContext,
} from '../http.js';
import type { Route } from '../router.js';
import { checkRunJson } from '../shapes.js';
import type { CheckConclusion, CheckRunRecord, CheckStatus } from '../types.js';
import { commitForRef } from './repos.js';

const CHECK_DOCS = `${DOCS}/checks/runs`;
const STATUSES = ['queued', 'in_progress', 'completed', 'waiting', 'requested', 'pending'] as const;
const CONCLUSIONS = [
  'success',
  'failure',
  'neutral',
  'cancelled',
  'skipped',
  'timed_out',
  'action_required',
] as const;
const LEVELS = ['notice', 'warning', 'failure'];
const MAX_TEXT = 65535;

const invalid = (detail: string) => unprocessable(`Invalid request.\n\n${detail}`, CHECK_DOCS);

function checkRun(ctx: RouteContext): CheckRunRecord {
  const run = ctx.state.checkRuns.find((r) => r.id === idParam(ctx, 'check_run_id'));
  if (!run) throw notFound(`${CHECK_DOCS}#get-a-check-run`);
  return run;
}

function validateAnnotation(a: unknown, index: number): void {
  const o = (a ?? {}) as Record<string, unknown>;
  for (const key of ['path', 'message', 'annotation_level']) {
    if (typeof o[key] !== 'string') throw invalid(`"${key}" wasn't supplied for annotations[${index}].`);
  }
  for (const key of ['start_line', 'end_line']) {
    if (!Number.isInteger(o[key])) throw invalid(`"${key}" wasn't supplied for annotations[${index}].`);
  }
  if (!LEVELS.includes(o.annotation_level as string)) {
    throw invalid(
      `For 'properties/annotation_level', ${JSON.stringify(o.annotation_level)} is not one of ${LEVELS.join(', ')}.`,
    );
  }
}

/** Applies the fields shared by create and update. */
function apply(run: CheckRunRecord, body: Body, now: string): void {
  const status = body.optEnum('status', STATUSES);
  const conclusion = body.optEnum('conclusion', CONCLUSIONS);
  const detailsUrl = body.nullableString('details_url');
  const externalId = body.nullableString('external_id');
  const startedAt = body.optString('started_at');
  const completedAt = body.optString('completed_at');
  const output = body.optObject('output');
  if (detailsUrl !== undefined) run.details_url = detailsUrl;
  if (externalId !== undefined) run.external_id = externalId;
  if (startedAt !== undefined) run.started_at = startedAt;
  if (output) {
    for (const key of ['title', 'summary']) {
      if (typeof output[key] !== 'string') throw invalid(`"${key}" wasn't supplied for output.`);
    }
    for (const key of ['title', 'summary', 'text']) {
      const v = output[key];
      if (v !== undefined && typeof v !== 'string')
        throw invalid(`For 'properties/${key}', ${JSON.stringify(v)} is not a string.`);
      if (typeof v === 'string' && v.length > MAX_TEXT) {
        throw invalid(`output.${key} is too long (maximum is ${MAX_TEXT} characters)`);
      }
    }
    const annotations = output.annotations ?? [];
    if (!Array.isArray(annotations))
      throw invalid(`For 'properties/annotations', ${JSON.stringify(annotations)} is not an array.`);
    if (annotations.length > 50) throw invalid('Only 50 annotations may be sent in one request.');
    annotations.forEach(validateAnnotation);
    run.output = {
      title: output.title as string,
      summary: output.summary as string,
      text: typeof output.text === 'string' ? output.text : run.output.text,
      annotations: [...run.output.annotations, ...annotations],
    };
  }
  const finalStatus: CheckStatus | undefined = conclusion ? 'completed' : status;
  if (finalStatus === 'completed' && !conclusion && run.conclusion === null) {
    throw invalid('"conclusion" wasn\'t supplied: it is required when status is completed.');
  }
  if (finalStatus) run.status = finalStatus;
  if (conclusion) run.conclusion = conclusion as CheckConclusion;
  if (run.status === 'completed') run.completed_at = completedAt ?? run.completed_at ?? now;
  if (run.status === 'in_progress' || run.status === 'completed') run.started_at = run.started_at ?? now;
}

export const checkRoutes: Route[] = [
  {
    method: 'POST',
    pattern: '/repos/{owner}/{repo}/check-runs',
    operationId: 'checks/create',
    handler: async (ctx) => {
      const s = ctx.state;
      const body = await ctx.json();
      const name = body.string('name', 'CheckRun');
      const headSha = body.string('head_sha', 'CheckRun');
      if (!s.commits.has(headSha)) throw unprocessable(`No commit found for SHA: ${headSha}`, CHECK_DOCS);
      const now = s.now();
      const run: CheckRunRecord = {
        id: s.nextId('check_run'),
        head_sha: headSha,
        name,
        status: 'queued',
        conclusion: null,
        external_id: '',
        details_url: null,
        started_at: now,
        completed_at: null,
        output: { title: null, summary: null, text: null, annotations: [] },
      };
      apply(run, body, now);
      s.checkRuns.push(run);
      return json(201, checkRunJson(s, run));
    },
  },
  {
    method: 'GET',
    pattern: '/repos/{owner}/{repo}/check-runs/{check_run_id}',
    operationId: 'checks/get',
    handler: (ctx) => json(200, checkRunJson(ctx.state, checkRun(ctx))),
  },
  {
    method: 'PATCH',
    pattern: '/repos/{owner}/{repo}/check-runs/{check_run_id}',
    operationId: 'checks/update',
    handler: async (ctx) => {
      const run = checkRun(ctx);
      const body = await ctx.json();
      const name = body.optString('name');
      apply(run, body, ctx.state.now());
      if (name !== undefined) run.name = name;
      return json(200, checkRunJson(ctx.state, run));
    },
  },
  {
    method: 'GET',
    pattern: '/repos/{owner}/{repo}/commits/{ref*}/check-runs',
    operationId: 'checks/list-for-ref',
    handler: (ctx) => {
      const sha = commitForRef(ctx, ctx.params.ref as string);
      const q = ctx.query;
      const filter = q.get('filter') ?? 'latest';
      if (filter !== 'latest' && filter !== 'all') {
        throw invalid(`For 'filter', ${JSON.stringify(filter)} is not one of latest, all.`);
      }
      let runs = ctx.state.checkRuns.filter((r) => r.head_sha === sha).sort((a, b) => b.id - a.id);
      if (filter === 'latest') {
        const seen = new Set<string>();
        runs = runs.filter((r) => !seen.has(r.name) && seen.add(r.name));
      }
      runs = runs.filter(
        (r) =>
          (!q.get('check_name') || r.name === q.get('check_name')) &&
          (!q.get('status') || r.status === q.get('status')),
      );
      const page = paginate(ctx, runs);
      return json(
        200,
        { total_count: runs.length, check_runs: page.items.map((r) => checkRunJson(ctx.state, r)) },
        page.headers,
      );
    },
  },
];
