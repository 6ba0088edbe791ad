import { describe, expect, it } from '@jest/globals';
import { RequestError } from '@octokit/request-error';
import { ExternalError } from '../../src/errors.js';
import { toExternalError, type CallInfo, type Permission } from '../../src/github/errors.js';

const TOKEN = 'ghs_0123456789abcdefghijABCDEFGHIJ012345';
const OPTS = { repository: 'acme/shop', secrets: [TOKEN] };

/** A RequestError as @octokit/request throws it, with the token on the request's headers. */
function requestError(
  status: number,
  data: unknown,
  opts: {
    headers?: Record<string, string>;
    method?: string;
    url?: string;
    retryCount?: number;
    noResponse?: boolean;
    cause?: Error;
  } = {},
): RequestError {
  const message =
    typeof data === 'object' && data && 'message' in data
      ? String((data as { message: unknown }).message)
      : 'error';
  return new RequestError(message, status, {
    request: {
      method: (opts.method ?? 'POST') as 'POST',
      url: opts.url ?? 'https://api.github.com/repos/acme/shop/releases?x=1',
      headers: { authorization: `token ${TOKEN}`, accept: 'application/vnd.github+json' },
      request: { retryCount: opts.retryCount },
    },
    ...(opts.noResponse
      ? {}
      : {
          response: {
            status,
            url: opts.url ?? 'https://api.github.com/repos/acme/shop/releases',
            headers: opts.headers ?? {},
            data,
          },
        }),
    ...(opts.cause ? { cause: opts.cause } : {}),
  });
}

function map(
  err: unknown,
  call: CallInfo = { action: 'create release v1.2.0', permission: 'contents: write' },
): ExternalError {
  const out = toExternalError(err, call, OPTS);
  expect(out).toBeInstanceOf(ExternalError);
  const e = out as ExternalError;
  // Nothing that leaves the mapper carries the token, whatever the request held.
  expect(`${e.message} ${e.hint ?? ''} ${JSON.stringify(e.cause)}`).not.toContain(TOKEN);
  expect(JSON.stringify(e.cause)).not.toMatch(/authorization/i);
  return e;
}

describe('toExternalError', () => {
  it('401: the token is invalid or expired, check the github-token input or GITHUB_TOKEN', () => {
    const e = map(
      requestError(401, { message: 'Bad credentials', documentation_url: 'https://docs.github.com/rest' }),
    );
    expect(e.status).toBe(401);
    expect(e.message).toContain(
      'GitHub rejected the token while trying to create release v1.2.0 (HTTP 401 from POST /repos/acme/shop/releases: Bad credentials)',
    );
    expect(e.hint).toContain('invalid or expired');
    expect(e.hint).toContain('`github-token` input');
    expect(e.hint).toContain('GITHUB_TOKEN');
  });

  it.each<[Permission, string]>([
    ['contents: write', 'create release v1.2.0'],
    ['deployments: write', 'create a deployment of v1.2.0 to production'],
    ['checks: write', 'create check run readiness-gate'],
    ['statuses: write', 'set commit status release-ops on abc'],
    ['issues: write', 'create issue "Rollback of v1.2.0"'],
    ['pull-requests: write', 'open a pull request from hotfix/1 into main'],
  ])('403 names the missing permission %s and how to add it', (permission, action) => {
    const e = map(requestError(403, { message: 'Resource not accessible by integration' }), {
      action,
      permission,
    });
    expect(e.status).toBe(403);
    expect(e.message).toContain(`GitHub refused to ${action}`);
    expect(e.message).toContain('Resource not accessible by integration');
    expect(e.hint).toMatch(
      new RegExp(`^this token lacks \`${permission}\`: add \`permissions: ${permission}\` to the job`),
    );
  });

  it('403 prefers the permission GitHub names in X-Accepted-GitHub-Permissions', () => {
    const e = map(
      requestError(
        403,
        { message: 'Resource not accessible by personal access token' },
        { headers: { 'x-accepted-github-permissions': 'pull_requests=write; issues=write' } },
      ),
      {
        action: 'open a pull request',
        permission: 'contents: write',
      },
    );
    expect(e.hint).toMatch(
      /^this token lacks `pull-requests: write`: add `permissions: pull-requests: write` to the job/,
    );
  });

  it('403 secondary rate limit has its own message, not a permission hint', () => {
    const e = map(
      requestError(
        403,
        {
          message:
            'You have exceeded a secondary rate limit. Please wait a few minutes before you try again.',
        },
        { headers: { 'retry-after': '60' }, retryCount: 3 },
      ),
    );
    expect(e.message).toContain("GitHub's secondary rate limit stopped the attempt to create release v1.2.0");
    expect(e.hint).toContain('retried 3 times');
    expect(e.hint).not.toContain('lacks');
  });

  it('403 with the primary rate limit exhausted says when it resets', () => {
    const e = map(
      requestError(
        403,
        { message: 'API rate limit exceeded for installation ID 1.' },
        { headers: { 'x-ratelimit-remaining': '0', 'x-ratelimit-reset': '1767607200' } },
      ),
    );
    expect(e.message).toContain(
      'GitHub API rate limit exhausted while trying to create release v1.2.0 (it resets at 2026-01-05T10:00:00.000Z)',
    );
    expect(e.hint).not.toContain('lacks');
  });

  it('403 from SAML SSO enforcement asks to authorize the token', () => {
    const e = map(
      requestError(
        403,
        { message: 'Resource protected by organization SAML enforcement.' },
        {
          headers: {
            'x-github-sso': 'required; url=https://github.com/orgs/acme/sso?authorization_request=x',
          },
        },
      ),
    );
    expect(e.hint).toContain('authorize the token');
  });

  it('404: repository or resource not found, or the token cannot see it', () => {
    const e = map(
      requestError(
        404,
        { message: 'Not Found' },
        { method: 'GET', url: 'https://api.github.com/repos/acme/shop/releases/tags/v9' },
      ),
      {
        action: 'read the release for tag v9',
        permission: 'contents: read',
      },
    );
    expect(e.status).toBe(404);
    expect(e.message).toBe(
      'not found while trying to read the release for tag v9 (HTTP 404 from GET /repos/acme/shop/releases/tags/v9: Not Found) — ' +
        e.hint,
    );
    expect(e.hint).toContain('repository acme/shop');
    expect(e.hint).toContain('the token can see them');
  });

  it("422 lists GitHub's errors[] code, field and message", () => {
    const e = map(
      requestError(422, {
        message: 'Validation Failed',
        errors: [
          { resource: 'Release', code: 'already_exists', field: 'tag_name' },
          { resource: 'Release', code: 'custom', field: 'name', message: 'name is too long' },
          'a plain string error',
        ],
      }),
    );
    expect(e.status).toBe(422);
    expect(e.message).toContain(
      'HTTP 422 from POST /repos/acme/shop/releases: Validation Failed — Release.tag_name already_exists; Release.name custom name is too long; a plain string error',
    );
    expect(e.hint).toBe(
      'Release with this tag_name already exists: update or delete the existing one first, or choose another tag_name',
    );
  });

  it('422 without errors[] keeps GitHub message and asks to fix the fields', () => {
    const e = map(requestError(422, { message: 'Reference update failed' }), {
      action: 'move ref tags/v1 to abc',
      permission: 'contents: write',
    });
    expect(e.message).toContain('Reference update failed');
    expect(e.hint).toBe('fix the fields GitHub lists and rerun');
  });

  it('5xx after retries says how many and points at GitHub status', () => {
    const e = map(requestError(502, 'Bad Gateway', { retryCount: 3, method: 'GET' }), {
      action: 'list releases',
      permission: 'contents: read',
    });
    expect(e.status).toBe(502);
    expect(e.message).toContain(
      'GitHub failed to list releases (HTTP 502 from GET /repos/acme/shop/releases: Bad Gateway) after 3 retries',
    );
    expect(e.hint).toContain('githubstatus.com');
  });

  it('a network failure (no response) names the cause and GITHUB_API_URL', () => {
    const refused = Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:9'), { code: 'ECONNREFUSED' });
    const fetchFailed = new TypeError('fetch failed', { cause: refused });
    const e = map(
      requestError(500, null, { noResponse: true, cause: fetchFailed, retryCount: 2, method: 'GET' }),
      { action: 'read the repository', permission: 'contents: read' },
    );
    expect(e.message).toContain('could not reach GitHub to read the repository');
    expect(e.message).toContain('ECONNREFUSED');
    expect(e.message).toContain('after 2 retries');
    expect(e.hint).toContain('GITHUB_API_URL');
  });

  it('never repeats a token or a query string, even when GitHub echoes one', () => {
    const e = map(
      requestError(
        400,
        { message: `bad header token ${TOKEN} and ghp_abcdefghijklmnopqrstuvwxyz0123` },
        { url: 'https://x.test/a?sig=SECRET' },
      ),
    );
    expect(e.message).not.toContain('ghp_abcdefghijklmnopqrstuvwxyz0123');
    expect(e.message).not.toContain('SECRET');
    expect(e.message).toContain('***');
  });

  it('leaves anything that is not a GitHub HTTP failure alone (a bug stays a bug)', () => {
    const bug = new TypeError("Cannot read properties of undefined (reading 'id')");
    expect(toExternalError(bug, { action: 'x', permission: 'contents: read' }, OPTS)).toBe(bug);
    const already = new ExternalError('already mapped');
    expect(toExternalError(already, { action: 'x', permission: 'contents: read' }, OPTS)).toBe(already);
    expect(toExternalError('a string', { action: 'x', permission: 'contents: read' }, OPTS)).toBe('a string');
  });
});
