/**
 * Turns a failed GitHub call (Octokit's RequestError) into an ExternalError that says what failed and
 * what to do about it. Messages carry the method, the path, GitHub's own message and, for 422, GitHub's
 * `errors[]`; never a header, a token or a query string (signed storage URLs carry credentials there).
 */
import { ExternalError } from '../errors.js';

/** A job-level permission of GITHUB_TOKEN, spelled as in the workflow's `permissions:` block. */
export type Permission =
  | 'contents: read'
  | 'contents: write'
  | 'deployments: read'
  | 'deployments: write'
  | 'checks: read'
  | 'checks: write'
  | 'statuses: read'
  | 'statuses: write'
  | 'issues: read'
  | 'issues: write'
  | 'pull-requests: read'
  | 'pull-requests: write';

/** What the port was doing when the call failed: shown to the user. */
export interface CallInfo {
  /** A verb phrase, e.g. `create release v1.2.0` or `upload asset app.tgz`. */
  action: string;
  /** The permission this call needs when made with a GITHUB_TOKEN. */
  permission: Permission;
}

export interface MapOptions {
  /** `owner/name`, for 404 hints. */
  repository: string;
  /** Strings that must never appear in a message (the token). */
  secrets?: string[];
}

/** The parts of @octokit/request-error's RequestError the mapper reads. */
interface RequestErrorLike {
  status: number;
  message: string;
  request: { method?: string; url?: string; request?: { retryCount?: number } };
  response?: { status: number; headers: Record<string, string | number | undefined>; data?: unknown };
  cause?: unknown;
}

export function isRequestError(err: unknown): err is RequestErrorLike {
  if (!(err instanceof Error)) return false;
  const e = err as Partial<RequestErrorLike>;
  return typeof e.status === 'number' && typeof e.request === 'object' && e.request !== null;
}

interface GitHubErrorItem {
  resource?: string;
  code?: string;
  field?: string;
  message?: string;
}

/** What the mappers below need of a failed call: its details, and a maker of scrubbed errors. */
interface Failure {
  e: RequestErrorLike;
  call: CallInfo;
  opts: MapOptions;
  status: number;
  headers: Record<string, string | undefined>;
  data: unknown;
  ghMessage: string | undefined;
  /** `METHOD /path` (no query string). */
  where: string;
  retries: number;
  make(message: string, hint?: string): ExternalError;
  /** `HTTP <status> from <where>: <GitHub's message>`. */
  detail(status: number): string;
}

/**
 * Maps `err` to an ExternalError when it is a GitHub HTTP failure; returns anything else unchanged
 * (a bug stays a bug and keeps its stack).
 */
export function toExternalError(err: unknown, call: CallInfo, opts: MapOptions): unknown {
  if (err instanceof ExternalError || !isRequestError(err)) return err;
  const f = failure(err, call, opts);
  // No response at all: the network (fetch failed, connection refused, reset, aborted).
  if (!err.response) return networkFailure(f);
  const { status } = f;
  if (status === 401) {
    return f.make(
      `GitHub rejected the token while trying to ${call.action} (${f.detail(401)})`,
      'the token is invalid or expired: check the `github-token` input (default `${{ github.token }}`), or GITHUB_TOKEN when running the CLI',
    );
  }
  if (status === 403 || status === 429) return refused(f);
  if (status === 404) {
    return f.make(
      `not found while trying to ${call.action} (${f.detail(404)})`,
      `check that repository ${opts.repository} and the resource exist and that the token can see them (a private repository needs a token with access; GITHUB_API_URL must point at the right server)`,
    );
  }
  if (status === 409) {
    return f.make(
      `GitHub reported a conflict while trying to ${call.action} (${f.detail(409)})`,
      'the repository is in a conflicting state (an empty repository, failing required status checks, or a concurrent change): fix that and rerun',
    );
  }
  if (status === 422) return validationFailed(f);
  if (status >= 500) {
    return f.make(
      `GitHub failed to ${call.action} (${f.detail(status)})${f.retries ? ` after ${f.retries} retries` : ''}`,
      'GitHub may be degraded (https://www.githubstatus.com): rerun the job later',
    );
  }
  return f.make(`GitHub refused to ${call.action} (${f.detail(status)})`);
}

function failure(e: RequestErrorLike, call: CallInfo, opts: MapOptions): Failure {
  const scrub = (s: string) => {
    let out = s;
    for (const secret of opts.secrets ?? []) if (secret.length >= 4) out = out.split(secret).join('***');
    // GitHub token formats, whoever they belong to.
    return out.replace(/\b(gh[pousr]_[A-Za-z0-9]{20,}|github_pat_[A-Za-z0-9_]{20,})\b/g, '***');
  };
  const status = e.status;
  const headers = lowerKeys(e.response?.headers ?? {});
  const data = e.response?.data;
  const ghMessage = githubMessage(data);
  const where = `${(e.request.method ?? 'GET').toUpperCase()} ${pathOf(e.request.url)}`;
  return {
    e,
    call,
    opts,
    status,
    headers,
    data,
    ghMessage,
    where,
    retries: e.request.request?.retryCount ?? 0,
    make: (message, hint) =>
      new ExternalError(scrub(message), {
        hint: hint === undefined ? undefined : scrub(hint),
        status,
        cause: {
          status,
          request: where,
          githubMessage: ghMessage ? scrub(ghMessage) : undefined,
          requestId: headers['x-github-request-id'],
        },
      }),
    detail: (s) => `HTTP ${s} from ${where}${ghMessage ? `: ${ghMessage}` : ''}`,
  };
}

function networkFailure(f: Failure): ExternalError {
  const reason = causeMessage(f.e) ?? f.e.message;
  return f.make(
    `could not reach GitHub to ${f.call.action} (${f.where}: ${reason})${f.retries ? ` after ${f.retries} retries` : ''}`,
    'check the network and GITHUB_API_URL (for GitHub Enterprise Server: https://HOST/api/v3)',
  );
}

/** 403 or 429: a rate limit (secondary or primary), SAML SSO, or a permission the token lacks. */
function refused(f: Failure): ExternalError {
  const { status, headers, call } = f;
  if (isSecondaryRateLimit(f.ghMessage)) {
    return f.make(
      `GitHub's secondary rate limit stopped the attempt to ${call.action} (${f.detail(status)})`,
      `too many requests, or too much content created, in a short time; release-ops waited as GitHub asked${
        f.retries ? ` and retried ${f.retries} times` : ''
      } — rerun the job in a few minutes and avoid running many release jobs at once`,
    );
  }
  if (headers['x-ratelimit-remaining'] === '0') {
    const reset = Number(headers['x-ratelimit-reset']);
    const when =
      Number.isFinite(reset) && reset > 0 ? ` (it resets at ${new Date(reset * 1000).toISOString()})` : '';
    return f.make(
      `GitHub API rate limit exhausted while trying to ${call.action}${when} (${f.detail(status)})`,
      'wait for the reset, or use a token with a larger quota (a GitHub App installation token)',
    );
  }
  if (headers['x-github-sso']) {
    return f.make(
      `GitHub refused to ${call.action}: the organization enforces SAML single sign-on (${f.detail(status)})`,
      'authorize the token for the organization (Settings → Personal access tokens → Configure SSO)',
    );
  }
  const permission = acceptedPermission(headers['x-accepted-github-permissions']) ?? call.permission;
  return f.make(
    `GitHub refused to ${call.action} (${f.detail(status)})`,
    `this token lacks \`${permission}\`: add \`permissions: ${permission}\` to the job (pull_request runs from forks get a read-only token; a personal access token needs the same permission)`,
  );
}

/** 422, with GitHub's `errors[]` listed and a hint for `already_exists`. */
function validationFailed(f: Failure): ExternalError {
  const items = githubErrors(f.data);
  const listed = items.map(formatItem).filter(Boolean).join('; ');
  const exists = items.find((i) => i.code === 'already_exists');
  const hint = !exists
    ? 'fix the fields GitHub lists and rerun'
    : exists.resource === 'ReleaseAsset'
      ? 'an asset with this name already exists on the release: delete the existing asset first, or upload under another name'
      : `${exists.resource ?? 'an object'}${exists.field ? ` with this ${exists.field}` : ''} already exists: update or delete the existing one first, or choose another ${exists.field ?? 'name'}`;
  return f.make(
    `GitHub rejected the request to ${f.call.action} (HTTP 422 from ${f.where}: ${f.ghMessage ?? 'Validation Failed'}${listed ? ` — ${listed}` : ''})`,
    hint,
  );
}

export function isSecondaryRateLimit(message: string | undefined): boolean {
  return /\bsecondary rate\b/i.test(message ?? '') || /\babuse\b/i.test(message ?? '');
}

function githubMessage(data: unknown): string | undefined {
  if (typeof data === 'string') return data.trim() ? data.trim().slice(0, 300) : undefined;
  if (data && typeof data === 'object' && typeof (data as { message?: unknown }).message === 'string') {
    return (data as { message: string }).message;
  }
  return undefined;
}

function githubErrors(data: unknown): GitHubErrorItem[] {
  const raw = data && typeof data === 'object' ? (data as { errors?: unknown }).errors : undefined;
  if (!Array.isArray(raw)) return [];
  return raw.map((x) =>
    typeof x === 'string' ? { message: x } : x && typeof x === 'object' ? (x as GitHubErrorItem) : {},
  );
}

function formatItem(i: GitHubErrorItem): string {
  const subject = [i.resource, i.field].filter(Boolean).join('.');
  const parts = [subject, i.code, i.message].filter((p) => p !== undefined && p !== '');
  return parts.join(' ');
}

/** `contents=write; issues=write` (GitHub's X-Accepted-GitHub-Permissions) → `contents: write`. */
function acceptedPermission(header: string | undefined): string | undefined {
  if (!header) return undefined;
  const first = header.split(';')[0]?.split(',')[0]?.trim();
  const m = first?.match(/^([a-z_-]+)=(read|write|admin)$/);
  return m ? `${m[1]!.replace(/_/g, '-')}: ${m[2]}` : undefined;
}

function pathOf(url: string | undefined): string {
  if (!url) return '?';
  try {
    return new URL(url, 'http://x').pathname;
  } catch {
    return url.split('?')[0] ?? url;
  }
}

function causeMessage(e: RequestErrorLike): string | undefined {
  let c: unknown = e.cause;
  let last: string | undefined;
  for (let i = 0; i < 5 && c instanceof Error; i++) {
    const code = (c as NodeJS.ErrnoException).code;
    last = code && !c.message.includes(code) ? `${c.message} (${code})` : c.message;
    c = (c as { cause?: unknown }).cause;
  }
  return last;
}

function lowerKeys(h: Record<string, string | number | undefined>): Record<string, string | undefined> {
  const out: Record<string, string | undefined> = {};
  for (const [k, v] of Object.entries(h)) out[k.toLowerCase()] = v === undefined ? undefined : String(v);
  return out;
}
