/**
 * Contract: every operation the emulator serves answers real HTTP requests with bodies that
 * conform to GitHub's published OpenAPI description (@octokit/openapi, dereferenced) for that
 * operation and status — plus a proof that the check fails when a response breaks it.
 */
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { ROUTES, startEmulator, type Emulator } from '../../support/github-emulator/index.js';
import { api, expandUploadUrl, type ApiResponse, type CallOptions } from './client.js';
import { OpenApiContract } from './openapi.js';

const OPERATIONS = [...new Set(ROUTES.map((r) => r.operationId).filter((id): id is string => id !== null))];

let contract: OpenApiContract;
let emu: Emulator;
const exercised = new Map<string, Set<number>>();

/**
 * Calls the emulator and checks the exchange against the operation: method and path are an
 * instance of it, the emulator routed it there, the status is documented, and the body conforms.
 */
async function checked<T = any>(
  target: Emulator,
  operationId: string,
  method: string,
  path: string,
  opts: CallOptions = {},
): Promise<ApiResponse<T>> {
  const op = contract.operation(operationId);
  const bare = new URL(path.startsWith('http') ? path : `http://x${path}`).pathname.replace(
    /^\/uploads(?=\/repos\/)/,
    '',
  );
  const full = bare.startsWith('/repos/') ? bare : `/repos/${target.owner}/${target.repo}${bare}`;
  if (op.method !== method || !contract.pathMatches(operationId, full)) {
    throw new Error(`${method} ${full} is not an instance of ${operationId} (${op.method} ${op.path})`);
  }
  const res = await api(target)<T>(method, path, opts);
  const served = target.requests[target.requests.length - 1];
  if (served?.operationId !== operationId) {
    throw new Error(
      `${method} ${path} was served as ${served?.operationId ?? 'nothing'}, expected ${operationId}`,
    );
  }
  const problems = contract.validate(operationId, res.status, res.text === '' ? undefined : res.body);
  if (problems.length > 0) {
    throw new Error(
      `${operationId} ${res.status} does not match GitHub's OpenAPI description:\n  ${problems.join('\n  ')}`,
    );
  }
  if (!exercised.has(operationId)) exercised.set(operationId, new Set());
  exercised.get(operationId)?.add(res.status);
  return res;
}

const call = <T = any>(operationId: string, method: string, path: string, opts?: CallOptions) =>
  checked<T>(emu, operationId, method, path, opts);

beforeAll(async () => {
  contract = OpenApiContract.load(OPERATIONS);
  emu = await startEmulator({ owner: 'acme', repo: 'shop' });
});

afterAll(async () => {
  await emu?.close();
});

describe('emulator routes', () => {
  it('each route is a GitHub operation with the same method and path template', () => {
    for (const route of ROUTES) {
      if (route.operationId === null) continue;
      const op = contract.operation(route.operationId);
      const template = route.pattern.replace(/^\/uploads/, '').replace(/\{(\w+)\*\}/g, '{$1}');
      expect(`${route.method} ${template}`).toBe(`${op.method} ${op.path}`);
    }
  });
});

describe('contract: responses conform to the OpenAPI description', () => {
  it('repository and commits', async () => {
    const sha = emu.seed.commit('feat: checkout');
    expect((await call('repos/get', 'GET', '/repos/acme/shop')).body.default_branch).toBe('main');
    expect((await call('repos/get', 'GET', '/repos/acme/elsewhere')).status).toBe(404);
    expect((await call('repos/get-commit', 'GET', '/commits/main')).body.sha).toBe(sha);
    expect((await call('repos/get-commit', 'GET', `/commits/${sha}`)).body.commit.message).toBe(
      'feat: checkout',
    );
  });

  it('commit statuses and the combined status', async () => {
    const sha = emu.seed.commit('fix: totals');
    const created = await call('repos/create-commit-status', 'POST', `/statuses/${sha}`, {
      body: { state: 'success', context: 'ci/test', description: 'ok', target_url: 'http://127.0.0.1/ci/1' },
    });
    expect(created.status).toBe(201);
    await call('repos/create-commit-status', 'POST', `/statuses/${sha}`, {
      body: { state: 'pending', context: 'ci/lint' },
    });
    const list = await call('repos/list-commit-statuses-for-ref', 'GET', `/commits/${sha}/statuses`);
    expect(list.body).toHaveLength(2);
    const combined = await call('repos/get-combined-status-for-ref', 'GET', '/commits/heads%2Fmain/status');
    expect(combined.body).toMatchObject({ state: 'pending', total_count: 2, sha });
  });

  it('releases', async () => {
    const sha = emu.seed.commit('feat: release me');
    emu.seed.release({ tag: 'v0.9.0', sha, body: 'old' });
    const created = await call('repos/create-release', 'POST', '/releases', {
      body: { tag_name: 'v1.0.0', target_commitish: sha, name: 'v1.0.0', body: 'notes' },
    });
    expect(created.status).toBe(201);
    const dup = await call('repos/create-release', 'POST', '/releases', { body: { tag_name: 'v1.0.0' } });
    expect(dup.status).toBe(422);
    const draft = await call('repos/create-release', 'POST', '/releases', {
      body: { tag_name: 'v1.1.0', draft: true },
    });
    expect(draft.body.draft).toBe(true);
    const id = created.body.id as number;
    expect((await call('repos/get-release', 'GET', `/releases/${id}`)).body.tag_name).toBe('v1.0.0');
    expect(
      (await call('repos/get-release', 'GET', `/releases/${draft.body.id}`)).body.published_at,
    ).toBeNull();
    expect((await call('repos/get-release-by-tag', 'GET', '/releases/tags/v1.0.0')).body.id).toBe(id);
    expect((await call('repos/get-release-by-tag', 'GET', '/releases/tags/v1.1.0')).status).toBe(404);
    expect((await call('repos/get-latest-release', 'GET', '/releases/latest')).body.id).toBe(id);
    expect((await call('repos/list-releases', 'GET', '/releases?per_page=2')).body).toHaveLength(2);
    const updated = await call('repos/update-release', 'PATCH', `/releases/${id}`, {
      body: { name: 'One', prerelease: false },
    });
    expect(updated.body.name).toBe('One');
    expect(
      (await call('repos/update-release', 'PATCH', '/releases/999999', { body: { name: 'x' } })).status,
    ).toBe(404);
    const notes = await call('repos/generate-release-notes', 'POST', '/releases/generate-notes', {
      body: { tag_name: 'v1.0.0', previous_tag_name: 'v0.9.0' },
    });
    expect(notes.body.name).toBe('v1.0.0');
    expect((await call('repos/delete-release', 'DELETE', `/releases/${draft.body.id}`)).status).toBe(204);
    expect((await call('repos/delete-release', 'DELETE', `/releases/${draft.body.id}`)).status).toBe(404);
  });

  it('release assets', async () => {
    const release = (
      await call('repos/create-release', 'POST', '/releases', { body: { tag_name: 'v2.0.0' } })
    ).body;
    const upload = await call(
      'repos/upload-release-asset',
      'POST',
      expandUploadUrl(release.upload_url, 'app.tar.gz', 'App'),
      {
        body: Buffer.from('tarball bytes'),
        headers: { 'content-type': 'application/gzip' },
      },
    );
    expect(upload.status).toBe(201);
    expect(upload.body.digest).toMatch(/^sha256:[0-9a-f]{64}$/);
    const viaApiPath = await call(
      'repos/upload-release-asset',
      'POST',
      `/releases/${release.id}/assets?name=sums.txt`,
      {
        body: 'abc  app.tar.gz\n',
        headers: { 'content-type': 'text/plain' },
      },
    );
    expect(viaApiPath.status).toBe(201);
    const list = await call('repos/list-release-assets', 'GET', `/releases/${release.id}/assets`);
    expect(list.body.map((a: { name: string }) => a.name)).toEqual(['app.tar.gz', 'sums.txt']);
    const assetId = upload.body.id as number;
    expect((await call('repos/get-release-asset', 'GET', `/releases/assets/${assetId}`)).body.size).toBe(13);
    const redirect = await call('repos/get-release-asset', 'GET', `/releases/assets/${assetId}`, {
      headers: { accept: 'application/octet-stream' },
    });
    expect(redirect.status).toBe(302);
    expect((await call('repos/get-release-asset', 'GET', '/releases/assets/424242')).status).toBe(404);
    const renamed = await call('repos/update-release-asset', 'PATCH', `/releases/assets/${assetId}`, {
      body: { name: 'app-linux.tar.gz', label: 'Linux' },
    });
    expect(renamed.body).toMatchObject({ name: 'app-linux.tar.gz', label: 'Linux' });
    expect((await call('repos/delete-release-asset', 'DELETE', `/releases/assets/${assetId}`)).status).toBe(
      204,
    );
    expect((await call('repos/delete-release-asset', 'DELETE', `/releases/assets/${assetId}`)).status).toBe(
      404,
    );
  });

  it('git refs and tag objects', async () => {
    const a = emu.seed.commit('chore: a');
    const b = emu.seed.commit('chore: b');
    const tag = await call('git/create-tag', 'POST', '/git/tags', {
      body: {
        tag: 'v3.0.0',
        message: 'Release v3.0.0',
        object: a,
        type: 'commit',
        tagger: { name: 'Rel', email: 'rel@example.com', date: '2026-01-05T10:00:00Z' },
      },
    });
    expect(tag.status).toBe(201);
    expect((await call('git/get-tag', 'GET', `/git/tags/${tag.body.sha}`)).body.object.sha).toBe(a);
    expect((await call('git/get-tag', 'GET', `/git/tags/${'0'.repeat(40)}`)).status).toBe(404);
    const ref = await call('git/create-ref', 'POST', '/git/refs', {
      body: { ref: 'refs/tags/v3.0.0', sha: tag.body.sha },
    });
    expect(ref.body.object.type).toBe('tag');
    expect(
      (await call('git/create-ref', 'POST', '/git/refs', { body: { ref: 'refs/tags/v3.0.0', sha: a } }))
        .status,
    ).toBe(422);
    await call('git/create-ref', 'POST', '/git/refs', { body: { ref: 'refs/heads/release/3.0', sha: a } });
    expect((await call('git/get-ref', 'GET', '/git/ref/heads/release/3.0')).body.object.sha).toBe(a);
    expect((await call('git/get-ref', 'GET', '/git/ref/tags%2Fnope')).status).toBe(404);
    const moved = await call('git/update-ref', 'PATCH', '/git/refs/heads/release/3.0', { body: { sha: b } });
    expect(moved.body.object.sha).toBe(b);
    expect(
      (await call('git/update-ref', 'PATCH', '/git/refs/heads/release/3.0', { body: { sha: a } })).status,
    ).toBe(422);
    const matching = await call('git/list-matching-refs', 'GET', '/git/matching-refs/heads/release');
    expect(matching.body.map((r: { ref: string }) => r.ref)).toEqual(['refs/heads/release/3.0']);
    expect((await call('git/delete-ref', 'DELETE', '/git/refs/heads/release/3.0')).status).toBe(204);
    expect((await call('git/delete-ref', 'DELETE', '/git/refs/heads/release/3.0')).status).toBe(422);
  });

  it('deployments and deployment statuses', async () => {
    const created = await call('repos/create-deployment', 'POST', '/deployments', {
      body: {
        ref: 'main',
        environment: 'staging',
        auto_merge: false,
        required_contexts: [],
        payload: { canary: 10 },
        description: 'canary',
      },
    });
    expect(created.status).toBe(201);
    const id = created.body.id as number;
    expect(
      (await call('repos/create-deployment', 'POST', '/deployments', { body: { ref: 'no-such-branch' } }))
        .status,
    ).toBe(422);
    const status = await call('repos/create-deployment-status', 'POST', `/deployments/${id}/statuses`, {
      body: {
        state: 'success',
        log_url: 'http://127.0.0.1/logs/1',
        environment_url: 'http://127.0.0.1/app',
        description: 'done',
      },
    });
    expect(status.status).toBe(201);
    expect(
      (await call('repos/list-deployment-statuses', 'GET', `/deployments/${id}/statuses`)).body,
    ).toHaveLength(1);
    expect((await call('repos/get-deployment', 'GET', `/deployments/${id}`)).body.environment).toBe(
      'staging',
    );
    expect((await call('repos/get-deployment', 'GET', '/deployments/1')).status).toBe(404);
    expect(
      (await call('repos/list-deployments', 'GET', '/deployments?environment=staging')).body,
    ).toHaveLength(1);
  });

  it('check runs', async () => {
    const sha = emu.seed.commit('feat: checks');
    const created = await call('checks/create', 'POST', '/check-runs', {
      body: {
        name: 'release-ops / gate',
        head_sha: sha,
        status: 'in_progress',
        output: { title: 'Gate', summary: 'running' },
      },
    });
    expect(created.status).toBe(201);
    const id = created.body.id as number;
    const updated = await call('checks/update', 'PATCH', `/check-runs/${id}`, {
      body: {
        conclusion: 'failure',
        output: {
          title: 'Gate failed',
          summary: '1 check failed',
          annotations: [
            {
              path: '.github/release-ops.yml',
              start_line: 3,
              end_line: 3,
              annotation_level: 'failure',
              message: 'p95 too high',
            },
          ],
        },
      },
    });
    expect(updated.body).toMatchObject({ status: 'completed', conclusion: 'failure' });
    expect((await call('checks/get', 'GET', `/check-runs/${id}`)).body.output.annotations_count).toBe(1);
    const list = await call('checks/list-for-ref', 'GET', `/commits/${sha}/check-runs`);
    expect(list.body.total_count).toBe(1);
  });

  it('issues, comments and pull requests', async () => {
    const issue = await call('issues/create', 'POST', '/issues', {
      body: {
        title: 'Rollback of v1.0.0',
        body: 'p95 regressed',
        labels: ['incident', { name: 'release-ops' }],
      },
    });
    expect(issue.status).toBe(201);
    const n = issue.body.number as number;
    expect((await call('issues/get', 'GET', `/issues/${n}`)).body.labels).toHaveLength(2);
    expect((await call('issues/get', 'GET', '/issues/9999')).status).toBe(404);
    expect(
      (await call('issues/list-for-repo', 'GET', '/issues?labels=incident,release-ops&state=all')).body,
    ).toHaveLength(1);
    const comment = await call('issues/create-comment', 'POST', `/issues/${n}/comments`, {
      body: { body: 'Rolled back.' },
    });
    expect(comment.status).toBe(201);
    expect((await call('issues/get-comment', 'GET', `/issues/comments/${comment.body.id}`)).body.body).toBe(
      'Rolled back.',
    );
    await call('issues/update-comment', 'PATCH', `/issues/comments/${comment.body.id}`, {
      body: { body: 'Rolled back to v0.9.0.' },
    });
    expect((await call('issues/list-comments', 'GET', `/issues/${n}/comments`)).body).toHaveLength(1);
    const closed = await call('issues/update', 'PATCH', `/issues/${n}`, {
      body: { state: 'closed', labels: ['resolved'] },
    });
    expect(closed.body).toMatchObject({ state: 'closed', state_reason: 'completed' });
    expect((await call('issues/create', 'POST', '/issues', { body: { body: 'no title' } })).status).toBe(422);

    emu.seed.branch('release/1.1', emu.seed.commit('chore: bump', { branch: 'release/1.1' }));
    const pr = await call('pulls/create', 'POST', '/pulls', {
      body: { title: 'Release 1.1', head: 'acme:release/1.1', base: 'main', body: 'GA' },
    });
    expect(pr.status).toBe(201);
    expect(
      (
        await call('pulls/create', 'POST', '/pulls', {
          body: { title: 'again', head: 'release/1.1', base: 'main' },
        })
      ).status,
    ).toBe(422);
    expect((await call('pulls/get', 'GET', `/pulls/${pr.body.number}`)).body.head.ref).toBe('release/1.1');
    expect((await call('pulls/list', 'GET', '/pulls?head=acme:release/1.1')).body).toHaveLength(1);
    const issues = await call('issues/list-for-repo', 'GET', '/issues');
    expect(issues.body.some((i: { pull_request?: unknown }) => i.pull_request !== undefined)).toBe(true);
  });

  it('exercised every operation the emulator serves', () => {
    const missing = OPERATIONS.filter((id) => !exercised.has(id));
    expect(missing).toEqual([]);
  });
});

describe('contract: the check can fail', () => {
  it('reports a release without tag_name and with a string id', () => {
    const release = emu.releaseJson(emu.state.releases[0]?.id ?? 0) as Record<string, unknown>;
    expect(contract.validate('repos/get-release', 200, release)).toEqual([]);
    const broken: Record<string, unknown> = { ...release, id: String(release.id) };
    delete broken.tag_name;
    const problems = contract.validate('repos/get-release', 200, broken);
    expect(problems).toEqual(
      expect.arrayContaining(['(root) is missing required property "tag_name"', '/id must be integer']),
    );
  });

  it('reports undocumented fields, wrong enums and undocumented statuses', () => {
    const release = emu.releaseJson(emu.state.releases[0]?.id ?? 0) as Record<string, unknown>;
    expect(contract.validate('repos/get-release', 200, { ...release, tagName: 'v1' })).toEqual([
      '(root) has undocumented property "tagName"',
    ]);
    expect(
      contract.validate('repos/get-release', 200, { ...release, assets: [{ state: 'weird' }] }).join('\n'),
    ).toMatch(/\/assets\/0\/state must be equal to one of the allowed values/);
    expect(contract.validate('repos/get-release', 418, {})).toEqual([
      'status 418 is not documented for repos/get-release',
    ]);
  });

  it('fails end to end when the emulator breaks a response on purpose', async () => {
    const broken = await startEmulator({
      owner: 'acme',
      repo: 'shop',
      transformResponse: ({ operationId, body }) => {
        if (operationId !== 'repos/get-release') return body;
        const { tag_name: _dropped, ...rest } = body as Record<string, unknown>;
        return { ...rest, id: String(rest.id) };
      },
    });
    try {
      const r = broken.seed.release({ tag: 'v1.0.0' });
      await expect(checked(broken, 'repos/get-release', 'GET', `/releases/${r.id}`)).rejects.toThrow(
        /repos\/get-release 200 does not match GitHub's OpenAPI description:[\s\S]*missing required property "tag_name"[\s\S]*\/id must be integer/,
      );
    } finally {
      await broken.close();
    }
  });
});
