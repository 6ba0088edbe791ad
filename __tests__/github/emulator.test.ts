/**
 * The GitHub port against the GitHub API emulator: every port method round-trips through real HTTP,
 * retries and rate limits behave as Octokit's plugins promise (counted at the server), GitHub's
 * 1,000-release listing cap is survived, and a 60 MB asset goes down and up as a stream.
 */
import { afterAll, afterEach, beforeAll, describe, expect, it } from '@jest/globals';
import { createHash } from 'node:crypto';
import { Readable } from 'node:stream';
import { startEmulator, type Emulator } from '../../support/github-emulator/index.js';
import { ExternalError } from '../../src/errors.js';
import { createGitHubPort } from '../../src/github/create.js';
import { OctokitPort } from '../../src/github/octokit-port.js';
import type { Logger } from '../../src/ports/index.js';

const TOKEN = 'ghs_emulatorTestToken000000000000000000';
const warnings: string[] = [];
const logger: Logger = { info() {}, debug() {}, error() {}, warn: (m) => warnings.push(m) };

let emu: Emulator;
let gh: OctokitPort;

async function port(opts: { retries?: number; retryAfterBaseMs?: number } = {}): Promise<OctokitPort> {
  const secrets: string[] = [];
  const p = await createGitHubPort({
    token: TOKEN,
    owner: emu.owner,
    repo: emu.repo,
    baseUrl: emu.url,
    logger,
    onSecret: (s) => secrets.push(s),
    retries: opts.retries ?? 3,
    retryAfterBaseMs: opts.retryAfterBaseMs ?? 5,
  });
  expect(secrets).toEqual([TOKEN]);
  return p as OctokitPort;
}

beforeAll(async () => {
  emu = await startEmulator({ owner: 'acme', repo: 'shop', token: TOKEN });
  gh = await port();
});
afterAll(async () => {
  await emu.close();
});
afterEach(() => {
  emu.faults.clear();
  warnings.length = 0;
});

describe('every port method round-trips', () => {
  it('repository, refs and tags', async () => {
    expect(await gh.getDefaultBranch()).toBe('main');
    const c1 = emu.seed.commit('feat: one');
    const c2 = emu.seed.commit('feat: two');

    expect(await gh.createRef('tags/v1.0.0', c1)).toEqual({
      ref: 'refs/tags/v1.0.0',
      sha: c1,
      type: 'commit',
    });
    expect(await gh.getRef('tags/v1.0.0')).toEqual({ ref: 'refs/tags/v1.0.0', sha: c1, type: 'commit' });
    expect(await gh.getRef('refs/tags/v1.0.0')).toEqual({ ref: 'refs/tags/v1.0.0', sha: c1, type: 'commit' });
    expect(await gh.resolveTagCommit('v1.0.0')).toBe(c1);

    // Annotated: tag object, then the ref; resolving follows the object to the commit.
    const tagSha = await gh.createTagObject({
      tag: 'v1.1.0',
      message: 'Release v1.1.0',
      objectSha: c2,
      tagger: { name: 'release-ops', email: 'ops@example.com' },
    });
    expect(emu.state.tags.get(tagSha)).toMatchObject({ tag: 'v1.1.0', object: { sha: c2, type: 'commit' } });
    await gh.createRef('refs/tags/v1.1.0', tagSha);
    expect(await gh.getRef('tags/v1.1.0')).toEqual({ ref: 'refs/tags/v1.1.0', sha: tagSha, type: 'tag' });
    expect(await gh.resolveTagCommit('v1.1.0')).toBe(c2);
    emu.seed.tag('v0.9.0', c1, { annotated: true });
    expect(await gh.resolveTagCommit('refs/tags/v0.9.0')).toBe(c1);

    expect(await gh.updateRef('tags/v1.0.0', c2, true)).toEqual({
      ref: 'refs/tags/v1.0.0',
      sha: c2,
      type: 'commit',
    });
    expect(emu.state.refs.get('refs/tags/v1.0.0')).toBe(c2);
    expect((await gh.listMatchingRefs('tags/v1.')).map((r) => r.ref)).toEqual([
      'refs/tags/v1.0.0',
      'refs/tags/v1.1.0',
    ]);
    await gh.deleteRef('tags/v1.0.0');
    expect(await gh.getRef('tags/v1.0.0')).toBeNull();
    expect(await gh.resolveTagCommit('v1.0.0')).toBeNull();

    // A ref name with characters that need encoding survives the trip.
    await gh.createRef('heads/hotfix/v1.1.1+fix', c2);
    expect(await gh.getRef('heads/hotfix/v1.1.1+fix')).toEqual({
      ref: 'refs/heads/hotfix/v1.1.1+fix',
      sha: c2,
      type: 'commit',
    });
  });

  it('releases and their assets', async () => {
    const sha = emu.seed.commit('feat: release me');
    const created = await gh.createRelease({
      tagName: 'v2.0.0',
      targetCommitish: sha,
      name: 'v2.0.0',
      body: 'notes',
      prerelease: false,
      makeLatest: 'true',
    });
    expect(created).toMatchObject({
      tagName: 'v2.0.0',
      name: 'v2.0.0',
      body: 'notes',
      draft: false,
      prerelease: false,
      immutable: false,
      assets: [],
    });
    expect(created.uploadUrl).toMatch(/\{\?name,label\}$/);
    expect(await gh.getReleaseByTag('v2.0.0')).toEqual(created);
    expect(await gh.getRelease(created.id)).toEqual(created);
    expect((await gh.getLatestRelease())?.id).toBe(created.id);
    expect(await gh.getReleaseByTag('v404')).toBeNull();
    expect(await gh.getRelease(999999)).toBeNull();

    const updated = await gh.updateRelease(created.id, {
      name: 'Version 2',
      body: 'better notes',
      prerelease: true,
      makeLatest: 'false',
    });
    expect(updated).toMatchObject({
      id: created.id,
      name: 'Version 2',
      body: 'better notes',
      prerelease: true,
    });
    expect((await gh.listReleases()).map((r) => r.tagName)).toContain('v2.0.0');

    const notes = await gh.generateReleaseNotes({
      tagName: 'v2.0.1',
      targetCommitish: sha,
      previousTagName: 'v2.0.0',
    });
    expect(typeof notes.name).toBe('string');
    expect(typeof notes.body).toBe('string');

    const data = Buffer.from('#!/bin/sh\necho hello\n');
    const asset = await gh.uploadReleaseAsset(updated, {
      name: 'install.sh',
      label: 'Installer',
      contentType: 'text/x-shellscript',
      size: data.length,
      data,
    });
    expect(asset).toMatchObject({
      name: 'install.sh',
      label: 'Installer',
      contentType: 'text/x-shellscript',
      size: data.length,
    });
    expect(asset.digest).toBe(`sha256:${createHash('sha256').update(data).digest('hex')}`);
    expect((await gh.getRelease(created.id))!.assets).toEqual([asset]);
    expect(await gh.listReleaseAssets(created.id)).toEqual([asset]);
    expect(await gh.updateReleaseAsset(asset.id, { label: 'Install script' })).toMatchObject({
      id: asset.id,
      label: 'Install script',
    });

    const chunks: Buffer[] = [];
    for await (const c of await gh.downloadReleaseAsset(asset.id)) chunks.push(c as Buffer);
    expect(Buffer.concat(chunks).equals(data)).toBe(true);

    // A second upload under the same name: GitHub's 422 already_exists, as a clear ExternalError.
    const dup = await gh
      .uploadReleaseAsset(updated, { name: 'install.sh', contentType: 'text/plain', size: data.length, data })
      .catch((e: unknown) => e);
    expect(dup).toBeInstanceOf(ExternalError);
    expect((dup as ExternalError).message).toContain('ReleaseAsset.name already_exists');

    await gh.deleteReleaseAsset(asset.id);
    expect(await gh.getReleaseAsset(asset.id)).toBeNull();
    await gh.deleteRelease(created.id);
    expect(await gh.getRelease(created.id)).toBeNull();

    const draft = await gh.createRelease({ tagName: 'v3.0.0-rc.1', draft: true, prerelease: true });
    expect(draft).toMatchObject({ draft: true, prerelease: true, publishedAt: null });
    expect(await gh.getRelease(draft.id)).toMatchObject({ id: draft.id, draft: true });
  });

  it('checks and commit statuses', async () => {
    const sha = emu.seed.commit('feat: checked');
    emu.seed.checkRun(sha, { name: 'build', status: 'completed', conclusion: 'success' });
    emu.seed.status(sha, { context: 'ci/test', state: 'pending' });
    emu.seed.status(sha, { context: 'ci/test', state: 'success', description: 'all green' });
    emu.seed.status(sha, { context: 'ci/lint', state: 'failure' });

    emu.resetRequests();
    const annotations = Array.from({ length: 120 }, (_, i) => ({
      path: 'a.ts',
      startLine: i + 1,
      endLine: i + 1,
      level: 'warning' as const,
      message: `m${i}`,
    }));
    const run = await gh.createCheckRun({
      name: 'release-ops gate',
      headSha: sha,
      status: 'completed',
      conclusion: 'failure',
      title: 'Gate',
      summary: '2 of 5 failed',
      annotations,
    });
    expect(run).toMatchObject({ name: 'release-ops gate', status: 'completed', conclusion: 'failure' });
    // 50 annotations per request: one create and two updates, which GitHub appends.
    expect(emu.requests.map((r) => r.method)).toEqual(['POST', 'PATCH', 'PATCH']);
    expect(emu.state.checkRuns.find((r) => r.id === run.id)!.output.annotations).toHaveLength(120);

    const runs = await gh.listCheckRuns(sha);
    expect(runs.map((r) => [r.name, r.status, r.conclusion]).sort()).toEqual([
      ['build', 'completed', 'success'],
      ['release-ops gate', 'completed', 'failure'],
    ]);

    await gh.createCommitStatus(sha, {
      state: 'success',
      context: 'release-ops',
      description: 'x'.repeat(200),
      targetUrl: 'https://ci.example/1',
    });
    const statuses = await gh.listCommitStatuses(sha);
    expect(statuses.map((s) => [s.context, s.state]).sort()).toEqual([
      ['ci/lint', 'failure'],
      ['ci/test', 'success'],
      ['release-ops', 'success'],
    ]);
    const ours = statuses.find((s) => s.context === 'release-ops')!;
    expect(ours.description).toHaveLength(140);
    expect(ours.targetUrl).toBe('https://ci.example/1');
  });

  it('deployments, issues, comments and pull requests', async () => {
    const sha = emu.seed.commit('feat: deploy me');
    await gh.createRef('tags/v4.0.0', sha);
    const d = await gh.createDeployment({
      ref: 'v4.0.0',
      environment: 'production',
      description: 'release v4.0.0',
      payload: { canary: 10 },
      productionEnvironment: true,
    });
    expect(d).toMatchObject({ ref: 'v4.0.0', sha, environment: 'production', description: 'release v4.0.0' });
    await gh.createDeploymentStatus(d.id, {
      state: 'success',
      environmentUrl: 'https://shop.example',
      logUrl: 'https://ci.example/2',
      autoInactive: true,
    });
    expect(emu.state.deployments.find((x) => x.id === d.id)!.statuses.map((s) => s.state)).toEqual([
      'success',
    ]);
    expect((await gh.listDeployments({ environment: 'production' })).map((x) => x.id)).toContain(d.id);
    expect(await gh.listDeployments({ environment: 'staging' })).toEqual([]);

    const issue = await gh.createIssue({
      title: 'Rollback of v4.0.0',
      body: 'error rate 7%',
      labels: ['incident', 'release-ops'],
    });
    expect(issue).toMatchObject({
      title: 'Rollback of v4.0.0',
      body: 'error rate 7%',
      state: 'open',
      labels: ['incident', 'release-ops'],
    });
    await gh.createIssue({ title: 'unrelated', body: '', labels: ['bug'] });
    emu.seed.branch('hotfix/4.0.1', sha);
    emu.seed.commit('fix: the bug', { branch: 'hotfix/4.0.1' });
    const pr = await gh.createPullRequest({
      title: 'Hotfix 4.0.1',
      head: 'hotfix/4.0.1',
      base: 'main',
      body: 'fix',
    });
    expect(pr).toMatchObject({ state: 'open' });
    expect(pr.htmlUrl).toContain(`/pull/${pr.number}`);

    // Pull requests are issues on GitHub: findIssues leaves them out.
    expect((await gh.findIssues({ labels: ['incident'] })).map((i) => i.number)).toEqual([issue.number]);
    expect((await gh.findIssues({ labels: [] })).map((i) => i.number)).not.toContain(pr.number);

    const comment = await gh.createIssueComment(issue.number, 'rolled back to v3.9.0');
    expect(comment.htmlUrl).toContain(`#issuecomment-${comment.id}`);
    expect(await gh.listIssueComments(issue.number)).toEqual([
      { id: comment.id, body: 'rolled back to v3.9.0' },
    ]);

    const closed = await gh.updateIssue(issue.number, { state: 'closed', body: 'resolved' });
    expect(closed).toMatchObject({ state: 'closed', body: 'resolved' });
    expect(await gh.findIssues({ labels: ['incident'] })).toEqual([]);
    expect((await gh.findIssues({ labels: ['incident'], state: 'all' })).map((i) => i.number)).toEqual([
      issue.number,
    ]);
  });
});

describe('retries and rate limits (counted at the server)', () => {
  it('retries a 502 and succeeds', async () => {
    emu.seed.release({ tag: 'v5.0.0' });
    emu.resetRequests();
    emu.faults.add({
      method: 'GET',
      path: /\/releases\/tags\/v5\.0\.0$/,
      kind: 'status',
      status: 502,
      times: 2,
    });
    expect(await gh.getReleaseByTag('v5.0.0')).toMatchObject({ tagName: 'v5.0.0' });
    expect(emu.requests.map((r) => r.status)).toEqual([502, 502, 200]);
  });

  it('gives up after `retries` with a clear error', async () => {
    emu.resetRequests();
    emu.faults.add({ method: 'GET', path: /\/releases\/latest$/, kind: 'status', status: 503 });
    const e = await gh.getLatestRelease().catch((x: unknown) => x);
    expect(e).toBeInstanceOf(ExternalError);
    expect((e as ExternalError).status).toBe(503);
    expect((e as ExternalError).message).toContain(
      'GitHub failed to read the latest release (HTTP 503 from GET /repos/acme/shop/releases/latest: Service Unavailable) after 3 retries',
    );
    expect(emu.requests).toHaveLength(4);
  });

  it('retries a dropped connection (the server crashing mid-run) once it is back', async () => {
    const patient = await port({ retryAfterBaseMs: 20 });
    emu.resetRequests();
    emu.faults.add({ method: 'GET', path: /^\/repos\/acme\/shop$/, kind: 'crash', times: 1 });
    // Bring the server back as soon as it went down, while the client backs off (20 ms, 80 ms…).
    const watcher = setInterval(() => {
      if (emu.faults.crashed) emu.faults.clear();
    }, 1);
    try {
      expect(await patient.getDefaultBranch()).toBe('main');
    } finally {
      clearInterval(watcher);
    }
    expect(emu.requests.map((r) => r.status)).toEqual([0, 200]);
  });

  it('waits out a secondary rate limit (retry-after) instead of hammering', async () => {
    const slow = await port({ retryAfterBaseMs: 100 });
    emu.resetRequests();
    emu.faults.add({
      method: 'POST',
      path: /\/releases$/,
      kind: 'secondary-rate-limit',
      retryAfterS: 3,
      times: 1,
    });
    const started = Date.now();
    const r = await slow.createRelease({ tagName: 'v6.0.0' });
    const waited = Date.now() - started;
    expect(r.tagName).toBe('v6.0.0');
    expect(emu.requests.map((x) => x.status)).toEqual([403, 201]);
    // retry-after 3 → 3 × 100 ms at least before the second attempt.
    expect(waited).toBeGreaterThanOrEqual(290);
    expect(warnings.some((w) => w.includes('secondary rate limit') && w.includes('waiting 3s'))).toBe(true);
  });

  it('stops after `retries` secondary rate limits with its own message', async () => {
    emu.resetRequests();
    emu.faults.add({ method: 'POST', path: /\/issues$/, kind: 'secondary-rate-limit', retryAfterS: 1 });
    const e = await gh.createIssue({ title: 't', body: 'b' }).catch((x: unknown) => x);
    expect(e).toBeInstanceOf(ExternalError);
    expect((e as ExternalError).message).toContain(
      "GitHub's secondary rate limit stopped the attempt to create issue",
    );
    expect((e as ExternalError).message).not.toContain('lacks');
    expect(emu.requests).toHaveLength(4); // the first try and 3 retries, each after retry-after
  });

  it('waits for a primary rate limit reset that is near, and fails at once on one that is far', async () => {
    emu.resetRequests();
    emu.faults.add({
      method: 'GET',
      path: /\/git\/matching-refs\//,
      kind: 'rate-limit',
      retryAfterS: 1,
      times: 1,
    });
    await gh.listMatchingRefs('tags/');
    expect(emu.requests.map((x) => x.status)).toEqual([403, 200]);
    expect(warnings.some((w) => w.startsWith('GitHub rate limit hit') && w.includes('waiting'))).toBe(true);

    emu.resetRequests();
    emu.faults.add({
      method: 'GET',
      path: /\/git\/matching-refs\//,
      kind: 'rate-limit',
      retryAfterS: 3600,
      times: 1,
    });
    const e = await gh.listMatchingRefs('tags/').catch((x: unknown) => x);
    expect(e).toBeInstanceOf(ExternalError);
    expect((e as ExternalError).message).toMatch(
      /GitHub API rate limit exhausted while trying to list refs matching tags\/ \(it resets at \d{4}-/,
    );
    expect(emu.requests).toHaveLength(1);
  });

  it('does not resend a streamed upload: a 502 is reported, not retried', async () => {
    const rel = await gh.createRelease({ tagName: 'v7.0.0' });
    emu.resetRequests();
    emu.faults.add({ method: 'POST', path: /\/uploads\//, kind: 'status', status: 502, times: 1 });
    const e = await gh
      .uploadReleaseAsset(rel, {
        name: 'a.bin',
        contentType: 'application/octet-stream',
        size: 3,
        data: Readable.from([Buffer.from('abc')]),
      })
      .catch((x: unknown) => x);
    expect((e as ExternalError).status).toBe(502);
    expect(emu.requests).toHaveLength(1);
    // Nor after a secondary rate limit: the stream is spent, so the limit is reported.
    emu.resetRequests();
    emu.faults.add({
      method: 'POST',
      path: /\/uploads\//,
      kind: 'secondary-rate-limit',
      retryAfterS: 1,
      times: 1,
    });
    const limited = await gh
      .uploadReleaseAsset(rel, {
        name: 'a.bin',
        contentType: 'application/octet-stream',
        size: 3,
        data: Readable.from([Buffer.from('abc')]),
      })
      .catch((x: unknown) => x);
    expect((limited as ExternalError).message).toContain(
      "GitHub's secondary rate limit stopped the attempt to upload asset a.bin",
    );
    expect(emu.requests).toHaveLength(1);
    expect(warnings.some((w) => w.includes('cannot be sent again'))).toBe(true);
    // A Buffer can be sent again, so the same fault is retried through.
    emu.resetRequests();
    emu.faults.add({ method: 'POST', path: /\/uploads\//, kind: 'status', status: 502, times: 1 });
    const ok = await gh.uploadReleaseAsset(rel, {
      name: 'a.bin',
      contentType: 'application/octet-stream',
      size: 3,
      data: Buffer.from('abc'),
    });
    expect(ok.size).toBe(3);
    expect(emu.requests.map((x) => x.status)).toEqual([502, 201]);
  });

  it('maps a 403 to the permission the call needs', async () => {
    emu.faults.add({ method: 'POST', kind: 'status', status: 403 });
    const rel = await gh.createRelease({ tagName: 'v9.0.0' }).catch((x: unknown) => x);
    expect((rel as ExternalError).hint).toMatch(
      /^this token lacks `contents: write`: add `permissions: contents: write` to the job/,
    );
    const dep = await gh
      .createDeployment({ ref: 'main', environment: 'production' })
      .catch((x: unknown) => x);
    expect((dep as ExternalError).hint).toMatch(/^this token lacks `deployments: write`/);
    const st = await gh
      .createCommitStatus(emu.seed.commit(), { state: 'success', context: 'x' })
      .catch((x: unknown) => x);
    expect((st as ExternalError).hint).toMatch(/^this token lacks `statuses: write`/);
  });

  it('maps a 401 from a wrong token', async () => {
    const bad = (await createGitHubPort({
      token: 'ghs_wrongwrongwrongwrongwrongwrong0000',
      owner: 'acme',
      repo: 'shop',
      baseUrl: emu.url,
      logger,
      retryAfterBaseMs: 5,
    })) as OctokitPort;
    const e = await bad.getDefaultBranch().catch((x: unknown) => x);
    expect((e as ExternalError).status).toBe(401);
    expect((e as ExternalError).hint).toContain('`github-token` input');
    expect((e as ExternalError).message).not.toContain('ghs_wrong');
  });
});

describe('many releases', () => {
  it('1,500 releases: listReleases returns the 1,000 GitHub allows without throwing; listMatchingRefs returns all', async () => {
    const fresh = await startEmulator({ owner: 'acme', repo: 'many', token: TOKEN });
    try {
      const sha = fresh.seed.commit('base');
      for (let i = 0; i < 1500; i++) fresh.seed.release({ tag: `v1.${i}.0`, sha });
      const p = (await createGitHubPort({
        token: TOKEN,
        owner: 'acme',
        repo: 'many',
        baseUrl: fresh.url,
        logger,
        retryAfterBaseMs: 5,
      })) as OctokitPort;

      const releases = await p.listReleases();
      expect(releases).toHaveLength(1000);
      expect(new Set(releases.map((r) => r.id)).size).toBe(1000);
      // Ten pages of 100; a server that still offers an 11th page answers it 422, which ends the list.
      const listCalls = fresh.requests.filter((r) => r.path.split('?')[0] === '/repos/acme/many/releases');
      expect(listCalls.slice(0, 10).map((r) => r.status)).toEqual(Array(10).fill(200));
      expect(listCalls.slice(10).map((r) => r.status)).toEqual(listCalls.length > 10 ? [422] : []);
      expect(
        warnings.some((w) => /GitHub lists at most 1000 releases|the list stops at 1000 releases/.test(w)),
      ).toBe(true);

      expect(await p.listReleases({ maxPages: 2 })).toHaveLength(200);

      const refs = await p.listMatchingRefs('tags/v1.');
      expect(refs).toHaveLength(1500);
      expect(new Set(refs.map((r) => r.ref)).size).toBe(1500);
    } finally {
      await fresh.close();
    }
  });
});

describe("listReleases and GitHub's 422 past the listing cap", () => {
  it('keeps the pages it has when a later page is refused with 422, and fails when the first is', async () => {
    const fresh = await startEmulator({ owner: 'acme', repo: 'capped', token: TOKEN });
    try {
      const sha = fresh.seed.commit('base');
      for (let i = 0; i < 250; i++) fresh.seed.release({ tag: `v2.${i}.0`, sha });
      const p = (await createGitHubPort({
        token: TOKEN,
        owner: 'acme',
        repo: 'capped',
        baseUrl: fresh.url,
        logger,
        retryAfterBaseMs: 5,
      })) as OctokitPort;
      const refused = fresh.faults.add({
        method: 'GET',
        path: /\/releases$/,
        kind: 'status',
        status: 422,
        afterRequests: 2,
        times: 1,
      });
      const some = await p.listReleases();
      expect(some).toHaveLength(200);
      expect(refused.fired).toBe(1);
      expect(warnings.some((w) => w.includes('GitHub refused page 3 of the release list (HTTP 422'))).toBe(
        true,
      );

      fresh.faults.add({ method: 'GET', path: /\/releases$/, kind: 'status', status: 422, times: 1 });
      await expect(p.listReleases()).rejects.toMatchObject({ name: 'ExternalError', status: 422 });
    } finally {
      await fresh.close();
    }
  });
});

describe('a 60 MB asset', () => {
  const SIZE = 60 * 1024 * 1024;
  const CHUNK = 64 * 1024;
  const chunkAt = (i: number) => Buffer.alloc(CHUNK, (i * 7) % 256);

  it('downloads and uploads as streams, byte for byte', async () => {
    const whole = Buffer.allocUnsafe(SIZE);
    for (let i = 0; i < SIZE / CHUNK; i++) chunkAt(i).copy(whole, i * CHUNK);
    const digest = createHash('sha256').update(whole).digest('hex');
    const seeded = emu.seed.release({ tag: 'v8.0.0', assets: [{ name: 'big.bin', data: whole }] }) as {
      id: number;
      assets: { id: number }[];
    };

    // Download: the bytes arrive as many chunks and hash the same (streaming.test.ts proves backpressure).
    const stream = await gh.downloadReleaseAsset(seeded.assets[0]!.id);
    const h = createHash('sha256');
    let n = 0;
    let chunks = 0;
    for await (const c of stream) {
      h.update(c as Buffer);
      n += (c as Buffer).length;
      chunks++;
    }
    expect(n).toBe(SIZE);
    expect(chunks).toBeGreaterThan(100);
    expect(h.digest('hex')).toBe(digest);

    // Upload: a lazily produced stream; the emulator keeps what it received.
    const release = (await gh.getRelease(seeded.id))!;
    let i = 0;
    const source = new Readable({
      read() {
        this.push(i < SIZE / CHUNK ? chunkAt(i++) : null);
      },
    });
    const up = await gh.uploadReleaseAsset(release, {
      name: 'big-copy.bin',
      contentType: 'application/octet-stream',
      size: SIZE,
      data: source,
    });
    expect(up.size).toBe(SIZE);
    expect(up.digest).toBe(`sha256:${digest}`);
    const stored = emu.state.assets.find((a) => a.id === up.id)!;
    expect(stored.chunks.length).toBeGreaterThan(1);
  });
});

describe('per-request deadline', () => {
  it('a GitHub call that hangs is cut off at the deadline and retried, not waited on for minutes', async () => {
    const emu = await startEmulator({ owner: 'acme', repo: 'shop' });
    const saved = process.env.RELEASE_OPS_GITHUB_TIMEOUT_MS;
    process.env.RELEASE_OPS_GITHUB_TIMEOUT_MS = '300';
    try {
      emu.faults.add({ kind: 'latency', latencyMs: 2000, path: /\/releases\/latest$/, times: 1 });
      const gh = await createGitHubPort({
        token: 'test-token',
        owner: emu.owner,
        repo: emu.repo,
        baseUrl: emu.url,
        logger: { info() {}, warn() {}, error() {}, debug() {} },
        retryAfterBaseMs: 5,
      });
      await expect(gh.getLatestRelease()).resolves.toBeNull();
      // Two requests: the first hung and was abandoned at the deadline; the retry answered. (Without a
      // deadline the first would have answered after 2 s, and there would be one request.)
      expect(emu.requests.filter((r) => r.path.endsWith('/releases/latest')).length).toBe(2);
    } finally {
      if (saved === undefined) delete process.env.RELEASE_OPS_GITHUB_TIMEOUT_MS;
      else process.env.RELEASE_OPS_GITHUB_TIMEOUT_MS = saved;
      await emu.close();
    }
  });
});
