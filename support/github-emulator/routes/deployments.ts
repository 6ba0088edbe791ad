/**
 * Deployments and deployment statuses. Creating a deployment verifies commit statuses as GitHub
 * does (omitting `required_contexts` requires every context to be `success`; `[]` skips the check:
 * 409 otherwise). `auto_merge` is accepted and never merges. A `success` status with `auto_inactive`
 * (default true) marks earlier successful, non-transient deployments of that environment inactive.
 */
import {
  ApiError,
  DOCS,
  idParam,
  json,
  notFound,
  paginate,
  unprocessable,
  type RouteContext,
} from '../http.js';
import type { Route } from '../router.js';
import { deploymentJson, deploymentStatusJson } from '../shapes.js';
import type { EmulatorState } from '../state.js';
import type { DeploymentRecord, DeploymentState, DeploymentStatusRecord } from '../types.js';
import { latestStatuses } from './repos.js';

const DEPLOY_DOCS = `${DOCS}/deployments/deployments`;
const STATUS_DOCS = `${DOCS}/deployments/statuses`;
const STATES = ['error', 'failure', 'inactive', 'in_progress', 'queued', 'pending', 'success'] as const;

function deployment(ctx: RouteContext): DeploymentRecord {
  const d = ctx.state.deployments.find((x) => x.id === idParam(ctx, 'deployment_id'));
  if (!d) throw notFound(`${DEPLOY_DOCS}#get-a-deployment`);
  return d;
}

function addDeploymentStatus(
  s: EmulatorState,
  d: DeploymentRecord,
  input: {
    state: DeploymentState;
    description?: string;
    environment?: string;
    targetUrl?: string;
    logUrl?: string;
    environmentUrl?: string;
  },
): DeploymentStatusRecord {
  const now = s.now();
  const previous = d.statuses[d.statuses.length - 1];
  const environment = input.environment ?? previous?.environment ?? d.environment;
  const logUrl = input.logUrl ?? '';
  const record: DeploymentStatusRecord = {
    id: s.nextId('deployment_status'),
    deployment_id: d.id,
    state: input.state,
    description: input.description ?? '',
    environment,
    // Setting log_url sets target_url to the same value (GitHub's documented behaviour).
    target_url: logUrl || input.targetUrl || '',
    log_url: logUrl || input.targetUrl || '',
    environment_url: input.environmentUrl ?? '',
    created_at: now,
    updated_at: now,
  };
  d.statuses.push(record);
  d.updated_at = now;
  if (environment !== d.environment) d.environment = environment;
  return record;
}

/** 409 when a required status context is not `success` on the commit being deployed. */
function verifyContexts(s: EmulatorState, sha: string, ref: string, required: string[] | undefined): void {
  const latest = latestStatuses(s, sha);
  const contexts = required ?? latest.map((x) => x.context);
  const failing = contexts
    .map((context) => ({ context, state: latest.find((x) => x.context === context)?.state ?? 'missing' }))
    .filter((x) => x.state !== 'success');
  if (failing.length === 0) return;
  throw new ApiError(409, `Conflict: Commit status checks failed for ${ref}.`, {
    documentationUrl: `${DEPLOY_DOCS}#create-a-deployment`,
    errors: [
      {
        resource: 'Deployment',
        code: 'invalid',
        field: 'required_contexts',
        message: JSON.stringify(failing),
      },
    ],
  });
}

export const deploymentRoutes: Route[] = [
  {
    method: 'POST',
    pattern: '/repos/{owner}/{repo}/deployments',
    operationId: 'repos/create-deployment',
    handler: async (ctx) => {
      const s = ctx.state;
      const body = await ctx.json();
      const ref = body.string('ref', 'Deployment');
      const sha = s.resolveCommit(ref);
      if (!sha) throw unprocessable(`No ref found for: ${ref}`, `${DEPLOY_DOCS}#create-a-deployment`);
      body.optBool('auto_merge');
      verifyContexts(s, sha, ref, body.optStringArray('required_contexts'));
      const environment = body.optString('environment') ?? 'production';
      const payload = body.raw.payload;
      const now = s.now();
      const d: DeploymentRecord = {
        id: s.nextId('deployment'),
        sha,
        ref,
        task: body.optString('task') ?? 'deploy',
        payload:
          payload !== null && typeof payload === 'object' && !Array.isArray(payload)
            ? (payload as Record<string, unknown>)
            : typeof payload === 'string' && payload !== ''
              ? payload
              : {},
        environment,
        original_environment: environment,
        description: body.nullableString('description') ?? '',
        transient_environment: body.optBool('transient_environment') ?? false,
        production_environment: body.optBool('production_environment') ?? environment === 'production',
        created_at: now,
        updated_at: now,
        statuses: [],
      };
      s.deployments.push(d);
      return json(201, deploymentJson(s, d));
    },
  },
  {
    method: 'GET',
    pattern: '/repos/{owner}/{repo}/deployments',
    operationId: 'repos/list-deployments',
    handler: (ctx) => {
      const q = ctx.query;
      const all = ctx.state.deployments
        .filter(
          (d) =>
            (!q.get('sha') || d.sha === q.get('sha')) &&
            (!q.get('ref') || d.ref === q.get('ref')) &&
            (!q.get('task') || d.task === q.get('task')) &&
            (!q.get('environment') || d.environment === q.get('environment')),
        )
        .sort((a, b) => b.id - a.id);
      const page = paginate(ctx, all);
      return json(
        200,
        page.items.map((d) => deploymentJson(ctx.state, d)),
        page.headers,
      );
    },
  },
  {
    method: 'GET',
    pattern: '/repos/{owner}/{repo}/deployments/{deployment_id}',
    operationId: 'repos/get-deployment',
    handler: (ctx) => json(200, deploymentJson(ctx.state, deployment(ctx))),
  },
  {
    method: 'POST',
    pattern: '/repos/{owner}/{repo}/deployments/{deployment_id}/statuses',
    operationId: 'repos/create-deployment-status',
    handler: async (ctx) => {
      const s = ctx.state;
      const d = deployment(ctx);
      const body = await ctx.json();
      const state = body.optEnum('state', STATES);
      if (!state)
        throw unprocessable(
          `Invalid request.\n\n"state" wasn't supplied.`,
          `${STATUS_DOCS}#create-a-deployment-status`,
        );
      const opt = (key: string) => body.optString(key);
      const record = addDeploymentStatus(s, d, {
        state,
        ...(opt('description') !== undefined ? { description: opt('description') } : {}),
        ...(opt('environment') !== undefined ? { environment: opt('environment') } : {}),
        ...(opt('target_url') !== undefined ? { targetUrl: opt('target_url') } : {}),
        ...(opt('log_url') !== undefined ? { logUrl: opt('log_url') } : {}),
        ...(opt('environment_url') !== undefined ? { environmentUrl: opt('environment_url') } : {}),
      });
      if (state === 'success' && (body.optBool('auto_inactive') ?? true)) {
        for (const other of s.deployments) {
          if (other === d || other.environment !== d.environment || other.transient_environment) continue;
          if (other.id > d.id) continue;
          const last = other.statuses[other.statuses.length - 1];
          if (last?.state !== 'success') continue;
          addDeploymentStatus(s, other, {
            state: 'inactive',
            description: `Superseded by deployment ${d.id}`,
            ...(last?.log_url ? { logUrl: last.log_url } : {}),
            ...(last?.environment_url ? { environmentUrl: last.environment_url } : {}),
          });
        }
      }
      return json(201, deploymentStatusJson(s, record));
    },
  },
  {
    method: 'GET',
    pattern: '/repos/{owner}/{repo}/deployments/{deployment_id}/statuses',
    operationId: 'repos/list-deployment-statuses',
    handler: (ctx) => {
      const d = deployment(ctx);
      const page = paginate(ctx, [...d.statuses].reverse());
      return json(
        200,
        page.items.map((x) => deploymentStatusJson(ctx.state, x)),
        page.headers,
      );
    },
  },
];
