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

/**
 * Maps `err` to an ExternalError when it is a GitHub HTTP failure; returns anything else unchanged
 * (a bug stays a bug and keeps its stack).
 */
export function toExternalError(err: unknown, call: CallInfo, opts: MapOptions): unknown {
  if (err instanceof ExternalError || !isRequestError(err)) return err;
  const scrub = (s: string) => {
    let out = s;
    for (const secret of opts.secrets ?? []) if (secret.length >= 4) out = out.split(secret).join('***');
    // GitHub token formats, whoever they belong to.
    return out.replace(/\b(gh[pousr]_[A-Za-z0-9]{20,}|github_pat_[A-Za-z0-9_]{20,})\b/g, '***');
  };
  const e = err;
  const status = e.status;
  const headers = lowerKeys(e.response?.headers ?? {});
  const data = e.response?.data;
  const ghMessage = githubMessage(data);
  const where = `${(e.request.method ?? 'GET').toUpperCase()} ${pathOf(e.request.url)}`;
  const retries = e.request.request?.retryCount ?? 0;
  const make = (message: string, hint?: string) =>
    new ExternalError(scrub(message), {
      hint: hint === undefined ? undefined : scrub(hint),
      status,
      cause: {
        status,
        request: where,
        githubMessage: ghMessage ? scrub(ghMessage) : undefined,
        requestId: headers['x-github-request-id'],
      },
    });
  const detail = (s: number) => `HTTP ${s} from ${where}${ghMessage ? `: ${ghMessage}` : ''}`;

  // No response at all: the network (fetch failed, connection refused, reset, aborted).
  if (!e.response) {
    const reason = causeMessage(e) ?? e.message;
    return make(
      `could not reach GitHub to ${call.action} (${where}: ${reason})${retries ? ` after ${retries} retries` : ''}`,
      'check the network and GITHUB_API_URL (for GitHub Enterprise Server: https://HOST/api/v3)',
    );
  }

  if (status === 401) {
    return make(
      `GitHub rejected the token while trying to ${call.action} (${detail(401)})`,
      'the token is invalid or expired: check the `github-token` input (default `${{ github.token }}`), or GITHUB_TOKEN when running the CLI',
    );
  }

  if (status === 403 || status === 429) {
    if (isSecondaryRateLimit(ghMessage)) {
      return make(
        `GitHub's secondary rate limit stopped the attempt to ${call.action} (${detail(status)})`,
        `too many requests, or too much content created, in a short time; release-ops waited as GitHub asked${
          retries ? ` and retried ${retries} times` : ''
        } — rerun the job in a few minutes and avoid running many release jobs at once`,
      );
    }
    if (headers['x-ratelimit-remaining'] === '0') {
      const reset = Number(headers['x-ratelimit-reset']);
      const when =
        Number.isFinite(reset) && reset > 0 ? ` (it resets at ${new Date(reset * 1000).toISOString()})` : '';
      return make(
        `GitHub API rate limit exhausted while trying to ${call.action}${when} (${detail(status)})`,
        'wait for the reset, or use a token with a larger quota (a GitHub App installation token)',
      );
    }
    if (headers['x-github-sso']) {
      return make(
        `GitHub refused to ${call.action}: the organization enforces SAML single sign-on (${detail(status)})`,
        'authorize the token for the organization (Settings → Personal access tokens → Configure SSO)',
      );
    }
    const permission = acceptedPermission(headers['x-accepted-github-permissions']) ?? call.permission;
    return make(
      `GitHub refused to ${call.action} (${detail(status)})`,
      `this token lacks \`${permission}\`: add \`permissions: ${permission}\` to the job (pull_request runs from forks get a read-only token; a personal access token needs the same permission)`,
    );
  }

  if (status === 404) {
    return make(
      `not found while trying to ${call.action} (${detail(404)})`,
      `check that repository ${opts.repository} and the resource exist and that the token can see them (a private repository needs a token with access; GITHUB_API_URL must point at the right server)`,
    );
  }

  if (status === 409) {
    return make(
      `GitHub reported a conflict while trying to ${call.action} (${detail(409)})`,
      'the repository is in a conflicting state (an empty repository, failing required status checks, or a concurrent change): fix that and rerun',
    );
  }

  if (status === 422) {
    const items = githubErrors(data);
    const listed = items.map(formatItem).filter(Boolean).join('; ');
    const exists = items.find((i) => i.code === 'already_exists');
    const hint = !exists
      ? 'fix the fields GitHub lists and rerun'
      : exists.resource === 'ReleaseAsset'
        ? 'an asset with this name already exists on the release: delete the existing asset first, or upload under another name'
        : `${exists.resource ?? 'an object'}${exists.field ? ` with this ${exists.field}` : ''} already exists: update or delete the existing one first, or choose another ${exists.field ?? 'name'}`;
    return make(
      `GitHub rejected the request to ${call.action} (HTTP 422 from ${where}: ${ghMessage ?? 'Validation Failed'}${listed ? ` — ${listed}` : ''})`,
      hint,
    );
  }

  if (status >= 500) {
    return make(
      `GitHub failed to ${call.action} (${detail(status)})${retries ? ` after ${retries} retries` : ''}`,
      'GitHub may be degraded (https://www.githubstatus.com): rerun the job later',
    );
  }

  return make(`GitHub refused to ${call.action} (${detail(status)})`);
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
