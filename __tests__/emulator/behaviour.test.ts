/**
 * The GitHub behaviours the emulator reproduces because they bite real users: pagination and its
 * 1,000-result wall, drafts and tags, which release is latest, immutable releases, 422
 * already_exists, asset downloads through a 302, streaming large assets, and injected faults.
 */
import { createHash } from 'node:crypto';
import { request } from 'node:http';
import { Readable } from 'node:stream';
import { afterEach, describe, expect, it } from '@jest/globals';
import { getOctokit } from '@actions/github';
import { startEmulator, type Emulator, type EmulatorOptions } from '../../support/github-emulator/index.js';
import { api, expandUploadUrl, TOKEN } from './client.js';

const running: Emulator[] = [];

async function emulator(
  opts: Partial<EmulatorOptions> = {},
): Promise<{ emu: Emulator; call: ReturnType<typeof api> }> {
  const emu = await startEmulator({ owner: 'acme', repo: 'shop', ...opts });
  running.push(emu);
  return { emu, call: api(emu) };
}

afterEach(async () => {
  await Promise.all(running.splice(0).map((e) => e.close()));
});

function links(header: string | null): Record<string, URL> {
  const out: Record<string, URL> = {};
  for (const part of (header ?? '').split(',')) {
    const m = /<([^>]+)>;\s*rel="(\w+)"/.exec(part.trim());
    if (m) out[m[2] as string] = new URL(m[1] as string);
  }
  return out;
}

const page = (u: URL | undefined) => u?.searchParams.get('page');

describe('pagination', () => {
  it('pages with per_page (default 30, at most 100) and Link prev/next/last/first', async () => {
    const { emu, call } = await emulator();
    for (let i = 1; i <= 75; i += 1)
      emu.seed.release({ tag: `v1.0.${i}`, createdAt: new Date(Date.UTC(2026, 0, 1, 0, i)) });

    const first = await call('GET', '/releases');
    expect(first.body).toHaveLength(30);
    expect(first.body[0].tag_name).toBe('v1.0.75');
    const l1 = links(first.headers.get('link'));
    expect(Object.keys(l1)).toEqual(['next', 'last']);
    expect([page(l1.next), page(l1.last)]).toEqual(['2', '3']);
    expect(l1.next?.origin).toBe(emu.url);
    expect(l1.next?.pathname).toBe('/repos/acme/shop/releases');

    const third = await call('GET', `${l1.last?.toString()}`);
    expect(third.body).toHaveLength(15);
    const l3 = links(third.headers.get('link'));
    expect(Object.keys(l3)).toEqual(['prev', 'first']);
    expect([page(l3.prev), page(l3.first)]).toEqual(['2', '1']);

    const big = await call('GET', '/releases?per_page=500');
    expect(big.body).toHaveLength(75);
    expect(big.headers.get('link')).toBeNull();
    const hundred = await call('GET', '/releases?per_page=100&page=2');
    expect(hundred.body).toHaveLength(0);
  });

  it('refuses to list releases past the first 1,000, while matching-refs returns every tag', async () => {
    const { emu, call } = await emulator();
    for (let i = 1; i <= 1500; i += 1)
      emu.seed.release({ tag: `v0.${Math.floor(i / 100)}.${i % 100}-b${i}` });

    const first = await call('GET', '/releases?per_page=100');
    expect(page(links(first.headers.get('link')).last)).toBe('10');
    const tenth = await call('GET', '/releases?per_page=100&page=10');
    expect(tenth.body).toHaveLength(100);
    expect(links(tenth.headers.get('link')).next).toBeUndefined();
    const past = await call('GET', '/releases?per_page=100&page=11');
    expect(past.status).toBe(422);
    expect(past.body.message).toBe('Only the first 1000 results are available');
    const straddle = await call('GET', '/releases?per_page=30&page=34');
    expect(straddle.body).toHaveLength(10);

    // GitHub ignores per_page on matching-refs: every match, one response, no Link header.
    const refs = await call('GET', '/git/matching-refs/tags/v0.?per_page=10');
    expect(refs.body).toHaveLength(1500);
    expect(refs.headers.get('link')).toBeNull();
  });

  it('paginates issues, comments, statuses and check runs the same way', async () => {
    const { emu, call } = await emulator();
    const sha = emu.seed.commit('feat: many');
    for (let i = 0; i < 5; i += 1) emu.seed.status(sha, { context: `ci/${i}`, state: 'success' });
    for (let i = 0; i < 5; i += 1) emu.seed.checkRun(sha, { name: `check ${i}`, conclusion: 'success' });
    for (let i = 0; i < 5; i += 1) await call('POST', '/issues', { body: { title: `issue ${i}` } });
    for (const path of [
      `/commits/${sha}/statuses`,
      `/commits/${sha}/check-runs`,
      '/issues',
      `/commits/${sha}/status`,
    ]) {
      const res = await call('GET', `${path}?per_page=2&page=2`);
      const l = links(res.headers.get('link'));
      expect([path, page(l.prev), page(l.next), page(l.last)]).toEqual([path, '1', '3', '3']);
    }
    const runs = await call('GET', `/commits/${sha}/check-runs?per_page=2`);
    expect(runs.body).toMatchObject({ total_count: 5 });
    expect(runs.body.check_runs).toHaveLength(2);
  });
});

describe('releases', () => {
  it('does not find drafts by tag and does not create their tag until published', async () => {
    const { call } = await emulator();
    const draft = await call('POST', '/releases', { body: { tag_name: 'v1.0.0', draft: true } });
    expect(draft.status).toBe(201);
    expect(draft.body.html_url).toMatch(/\/releases\/tag\/untagged-[0-9a-f]+$/);
    expect((await call('GET', '/releases/tags/v1.0.0')).status).toBe(404);
    expect((await call('GET', '/git/ref/tags/v1.0.0')).status).toBe(404);
    expect((await call('GET', `/releases/${draft.body.id}`)).status).toBe(200);
    expect((await call('GET', '/releases')).body).toHaveLength(1);
    // Drafts do not claim the tag: a second draft of the same tag is accepted, as on GitHub.
    expect((await call('POST', '/releases', { body: { tag_name: 'v1.0.0', draft: true } })).status).toBe(201);

    const published = await call('PATCH', `/releases/${draft.body.id}`, { body: { draft: false } });
    expect(published.body).toMatchObject({ draft: false, tag_name: 'v1.0.0' });
    expect(published.body.published_at).not.toBeNull();
    expect((await call('GET', '/releases/tags/v1.0.0')).body.id).toBe(draft.body.id);
    expect((await call('GET', '/git/ref/tags/v1.0.0')).status).toBe(200);
  });

  it('answers 422 already_exists for a second published release of a tag, and for a bad target', async () => {
    const { call } = await emulator();
    await call('POST', '/releases', { body: { tag_name: 'v1.0.0' } });
    const dup = await call('POST', '/releases', { body: { tag_name: 'v1.0.0' } });
    expect(dup.status).toBe(422);
    expect(dup.body).toMatchObject({
      message: 'Validation Failed',
      errors: [{ resource: 'Release', code: 'already_exists', field: 'tag_name' }],
    });
    expect(dup.body.documentation_url).toMatch(/^https:\/\/docs\.github\.com\//);
    const draft = await call('POST', '/releases', { body: { tag_name: 'v1.0.0', draft: true } });
    expect(
      (await call('PATCH', `/releases/${draft.body.id}`, { body: { draft: false } })).body.errors[0].code,
    ).toBe('already_exists');
    const bad = await call('POST', '/releases', {
      body: { tag_name: 'v9.0.0', target_commitish: 'no-such-branch' },
    });
    expect(bad.body.errors).toEqual([{ resource: 'Release', code: 'invalid', field: 'target_commitish' }]);
    const wrongType = await call('POST', '/releases', { body: { tag_name: 'v9.0.0', draft: 'yes' } });
    expect(wrongType.status).toBe(422);
    expect(wrongType.body.message).toContain(`For 'properties/draft', "yes" is not a boolean.`);
  });

  it('creates the tag at target_commitish when publishing, and keeps an existing tag where it is', async () => {
    const { emu, call } = await emulator();
    const old = emu.seed.commit('feat: old');
    const head = emu.seed.commit('feat: new');
    emu.seed.tag('v1.0.0', old, { annotated: true });
    await call('POST', '/releases', { body: { tag_name: 'v1.0.0', target_commitish: 'main' } });
    await call('POST', '/releases', { body: { tag_name: 'v1.1.0', target_commitish: 'main' } });
    const tag = await call('GET', '/git/ref/tags/v1.0.0');
    expect(tag.body.object.type).toBe('tag');
    expect((await call('GET', `/git/tags/${tag.body.object.sha}`)).body.object.sha).toBe(old);
    expect((await call('GET', '/git/ref/tags/v1.1.0')).body.object.sha).toBe(head);
  });

  it('applies make_latest: default true when published, never a draft or prerelease, legacy by date then semver', async () => {
    const { emu, call } = await emulator();
    const latestTag = async () => {
      const r = await call('GET', '/releases/latest');
      return r.status === 200 ? r.body.tag_name : r.status;
    };
    expect(await latestTag()).toBe(404);
    await call('POST', '/releases', { body: { tag_name: 'v1.0.0' } });
    await call('POST', '/releases', { body: { tag_name: 'v2.0.0' } });
    expect(await latestTag()).toBe('v2.0.0');

    // A hotfix on an old line becomes latest unless told otherwise — GitHub's default.
    await call('POST', '/releases', { body: { tag_name: 'v1.0.1', make_latest: 'false' } });
    expect(await latestTag()).toBe('v2.0.0');
    const hotfix = await call('POST', '/releases', { body: { tag_name: 'v1.0.2' } });
    expect(await latestTag()).toBe('v1.0.2');

    await call('POST', '/releases', {
      body: { tag_name: 'v3.0.0-rc.1', prerelease: true, make_latest: 'true' },
    });
    const draft = await call('POST', '/releases', {
      body: { tag_name: 'v3.0.0', draft: true, make_latest: 'true' },
    });
    expect(await latestTag()).toBe('v1.0.2');

    await call('PATCH', `/releases/${draft.body.id}`, { body: { draft: false } });
    expect(await latestTag()).toBe('v3.0.0');

    await call('PATCH', `/releases/${hotfix.body.id}`, { body: { make_latest: 'true' } });
    expect(await latestTag()).toBe('v1.0.2');
    // Turning the latest into a prerelease hands "latest" back to the legacy rule.
    await call('PATCH', `/releases/${hotfix.body.id}`, { body: { prerelease: true } });
    expect(await latestTag()).toBe('v3.0.0');
    expect(emu.latestRelease()?.tag_name).toBe('v3.0.0');
  });

  it('picks the legacy latest by creation date, then semver', async () => {
    const { emu, call } = await emulator();
    const at = (day: number) => new Date(Date.UTC(2026, 0, day));
    emu.seed.release({ tag: 'v2.0.0', createdAt: at(1) });
    emu.seed.release({ tag: 'v1.9.0', createdAt: at(2) });
    emu.seed.release({ tag: 'v1.10.0', createdAt: at(2) });
    emu.seed.release({ tag: 'v3.0.0', createdAt: at(3), prerelease: true });
    expect((await call('GET', '/releases/latest')).body.tag_name).toBe('v1.10.0');
    expect((await call('GET', '/releases')).body.map((r: { tag_name: string }) => r.tag_name)).toEqual([
      'v3.0.0',
      'v1.10.0',
      'v1.9.0',
      'v2.0.0',
    ]);
  });

  it('generates release notes from the commits between tags', async () => {
    const { emu, call } = await emulator();
    emu.seed.release({ tag: 'v1.0.0', sha: emu.seed.commit('feat: first') });
    emu.seed.commit('fix: second');
    emu.seed.commit('feat: third\n\nlong description');
    const notes = await call('POST', '/releases/generate-notes', {
      body: { tag_name: 'v1.1.0', target_commitish: 'main' },
    });
    expect(notes.body.name).toBe('v1.1.0');
    expect(notes.body.body).toMatch(
      /^## What's Changed\n\* feat: third by @\S+ in [0-9a-f]{7}\n\* fix: second by /,
    );
    expect(notes.body.body).not.toContain('feat: first');
    expect(notes.body.body).toContain('/compare/v1.0.0...v1.1.0');
    const created = await call('POST', '/releases', {
      body: { tag_name: 'v1.1.0', generate_release_notes: true, body: 'Intro' },
    });
    expect(created.body.body).toMatch(/^Intro\n\n## What's Changed/);
  });
});

describe('immutable releases', () => {
  async function publishedWithAsset(immutableReleases: boolean) {
    const { emu, call } = await emulator({ immutableReleases });
    const draft = await call('POST', '/releases', { body: { tag_name: 'v1.0.0', draft: true } });
    expect(draft.body.immutable).toBe(false);
    const asset = await call('POST', expandUploadUrl(draft.body.upload_url, 'app.zip'), {
      body: Buffer.from('zip'),
      headers: { 'content-type': 'application/zip' },
    });
    expect(asset.status).toBe(201);
    const release = await call('PATCH', `/releases/${draft.body.id}`, { body: { draft: false } });
    return { emu, call, release: release.body, asset: asset.body };
  }

  it('locks assets and the tag once published, keeps notes editable and burns the tag name', async () => {
    const { emu, call, release, asset } = await publishedWithAsset(true);
    expect(release.immutable).toBe(true);
    const upload = await call('POST', expandUploadUrl(release.upload_url, 'more.zip'), {
      body: 'x',
      headers: { 'content-type': 'text/plain' },
    });
    expect(upload.status).toBe(422);
    expect((await call('DELETE', `/releases/assets/${asset.id}`)).status).toBe(422);
    expect((await call('PATCH', `/releases/assets/${asset.id}`, { body: { label: 'x' } })).status).toBe(422);

    const edited = await call('PATCH', `/releases/${release.id}`, {
      body: { name: 'Release 1', body: 'new notes', prerelease: true, make_latest: 'false' },
    });
    expect(edited.status).toBe(200);
    expect(edited.body).toMatchObject({
      name: 'Release 1',
      body: 'new notes',
      prerelease: true,
      immutable: true,
    });
    expect((await call('PATCH', `/releases/${release.id}`, { body: { tag_name: 'v1.0.1' } })).status).toBe(
      422,
    );
    expect((await call('PATCH', `/releases/${release.id}`, { body: { draft: true } })).status).toBe(422);

    const other = emu.seed.commit('fix: later');
    expect((await call('PATCH', '/git/refs/tags/v1.0.0', { body: { sha: other, force: true } })).status).toBe(
      422,
    );
    expect((await call('DELETE', '/git/refs/tags/v1.0.0')).status).toBe(422);

    expect((await call('DELETE', `/releases/${release.id}`)).status).toBe(204);
    const reuse = await call('POST', '/releases', { body: { tag_name: 'v1.0.0' } });
    expect(reuse.status).toBe(422);
    expect(reuse.body.errors[0]).toMatchObject({
      field: 'tag_name',
      message: 'tag_name was used by an immutable release',
    });
    expect((await call('POST', '/releases', { body: { tag_name: 'v1.0.0', draft: true } })).status).toBe(422);
    expect(emu.state.lockedTagNames.has('v1.0.0')).toBe(true);
  });

  it('allows all of that on a repository without immutable releases', async () => {
    const { emu, call, release, asset } = await publishedWithAsset(false);
    expect(release.immutable).toBe(false);
    expect((await call('POST', expandUploadUrl(release.upload_url, 'more.zip'), { body: 'x' })).status).toBe(
      201,
    );
    expect((await call('DELETE', `/releases/assets/${asset.id}`)).status).toBe(204);
    const other = emu.seed.commit('fix: later');
    expect((await call('PATCH', '/git/refs/tags/v1.0.0', { body: { sha: other, force: true } })).status).toBe(
      200,
    );
    expect((await call('DELETE', `/releases/${release.id}`)).status).toBe(204);
    expect((await call('POST', '/releases', { body: { tag_name: 'v1.0.0' } })).status).toBe(201);
  });
});

describe('release assets', () => {
  it('answers 422 already_exists for a duplicate name and renames special characters', async () => {
    const { call } = await emulator();
    const release = (await call('POST', '/releases', { body: { tag_name: 'v1.0.0' } })).body;
    const first = await call('POST', expandUploadUrl(release.upload_url, 'my app (linux).tar.gz'), {
      body: 'a',
    });
    expect(first.body.name).toBe('my.app..linux..tar.gz');
    const dup = await call('POST', expandUploadUrl(release.upload_url, 'my app (linux).tar.gz'), {
      body: 'b',
    });
    expect(dup.status).toBe(422);
    expect(dup.body.errors).toEqual([{ resource: 'ReleaseAsset', code: 'already_exists', field: 'name' }]);
    const noLength = await new Promise<number>((resolve, reject) => {
      const url = new URL(expandUploadUrl(release.upload_url, 'chunked.bin'));
      const req = request(
        url,
        { method: 'POST', headers: { authorization: `token ${TOKEN}`, 'transfer-encoding': 'chunked' } },
        (res) => {
          res.resume();
          resolve(res.statusCode ?? 0);
        },
      );
      req.on('error', reject);
      req.end('data');
    });
    expect(noLength).toBe(411);
  });

  it('downloads through a 302 to a storage URL on the same server that needs no token', async () => {
    const { emu, call } = await emulator();
    const release = emu.seed.release({
      tag: 'v1.0.0',
      assets: [{ name: 'app.txt', data: Buffer.from('hello'), contentType: 'text/plain' }],
    });
    const asset = (release.assets as { id: number; browser_download_url: string }[])[0] as {
      id: number;
      browser_download_url: string;
    };
    const redirect = await call('GET', `/releases/assets/${asset.id}`, {
      headers: { accept: 'application/octet-stream' },
    });
    expect(redirect.status).toBe(302);
    const location = new URL(redirect.headers.get('location') as string);
    expect(location.origin).toBe(emu.url);
    const bytes = await fetch(location);
    expect(bytes.status).toBe(200);
    expect(bytes.headers.get('content-length')).toBe('5');
    expect(await bytes.text()).toBe('hello');
    const followed = await fetch(`${emu.url}/repos/acme/shop/releases/assets/${asset.id}`, {
      headers: { authorization: `token ${TOKEN}`, accept: 'application/octet-stream' },
    });
    expect(await followed.text()).toBe('hello');
    expect(await (await fetch(asset.browser_download_url)).text()).toBe('hello');
    expect((await call('GET', `/releases/assets/${asset.id}`)).body.download_count).toBe(3);
    expect((await fetch(`${location.origin}${location.pathname}?token=wrong`)).status).toBe(404);
  });

  it('streams a 60 MB asset up and down with its sha256 digest', async () => {
    const { emu, call } = await emulator();
    const release = (await call('POST', '/releases', { body: { tag_name: 'v1.0.0' } })).body;
    const chunk = Buffer.alloc(1 << 20);
    const hash = createHash('sha256');
    const total = 60;
    const chunks = function* () {
      for (let i = 0; i < total; i += 1) {
        chunk.fill(i);
        hash.update(chunk);
        yield Buffer.from(chunk);
      }
    };
    const res = await fetch(expandUploadUrl(release.upload_url, 'big.bin'), {
      method: 'POST',
      headers: {
        authorization: `token ${TOKEN}`,
        'content-type': 'application/octet-stream',
        'content-length': String(total << 20),
      },
      body: Readable.toWeb(Readable.from(chunks())) as ReadableStream,
      duplex: 'half',
    } as RequestInit);
    const uploaded = (await res.json()) as { id: number; size: number; digest: string; state: string };
    const expected = `sha256:${hash.digest('hex')}`;
    expect(uploaded).toMatchObject({ size: total << 20, digest: expected, state: 'uploaded' });
    expect(emu.state.assets[0]?.chunks.length).toBeGreaterThan(1);

    const download = await fetch(`${emu.url}/repos/acme/shop/releases/assets/${uploaded.id}`, {
      headers: { authorization: `token ${TOKEN}`, accept: 'application/octet-stream' },
    });
    const down = createHash('sha256');
    let size = 0;
    for await (const part of download.body as unknown as AsyncIterable<Uint8Array>) {
      down.update(part);
      size += part.length;
    }
    expect(size).toBe(total << 20);
    expect(`sha256:${down.digest('hex')}`).toBe(expected);
  });

  it('leaves an interrupted upload as a "starter" asset that blocks the name until deleted', async () => {
    const { emu, call } = await emulator();
    const release = (await call('POST', '/releases', { body: { tag_name: 'v1.0.0' } })).body;
    const url = new URL(expandUploadUrl(release.upload_url, 'app.zip'));
    await new Promise<void>((resolve) => {
      const req = request(url, {
        method: 'POST',
        headers: { authorization: `token ${TOKEN}`, 'content-length': '1000' },
      });
      req.on('error', () => resolve());
      req.write(Buffer.alloc(100), () => setTimeout(() => req.destroy(), 50));
    });
    await new Promise((resolve) => setTimeout(resolve, 50));
    const assets = (await call('GET', `/releases/${release.id}/assets`)).body;
    expect(assets).toMatchObject([{ name: 'app.zip', state: 'starter', size: 100, digest: null }]);
    expect((await call('POST', url.toString(), { body: 'x' })).status).toBe(422);
    expect(emu.state.assets[0]?.state).toBe('starter');
    expect((await call('DELETE', `/releases/assets/${assets[0].id}`)).status).toBe(204);
    expect((await call('POST', url.toString(), { body: 'x' })).status).toBe(201);
  });
});

describe('git refs', () => {
  it('refuses a non-fast-forward update unless forced, and accepts refs encoded as Octokit sends them', async () => {
    const { emu, call } = await emulator();
    const a = emu.seed.commit('a');
    const b = emu.seed.commit('b');
    emu.seed.branch('side', a);
    const side = emu.seed.commit('side work', { branch: 'side' });
    expect((await call('POST', '/git/refs', { body: { ref: 'refs/tags/v1', sha: a } })).status).toBe(201);
    expect((await call('PATCH', '/git/refs/tags%2Fv1', { body: { sha: b } })).status).toBe(200);
    const rewind = await call('PATCH', '/git/refs/tags/v1', { body: { sha: side } });
    expect(rewind.status).toBe(422);
    expect(rewind.body.message).toBe('Update is not a fast forward');
    expect(
      (await call('PATCH', '/git/refs/tags/v1', { body: { sha: side, force: true } })).body.object.sha,
    ).toBe(side);
    expect((await call('POST', '/git/refs', { body: { ref: 'tags/v2', sha: a } })).status).toBe(422);
    expect(
      (await call('POST', '/git/refs', { body: { ref: 'refs/tags/v2', sha: 'f'.repeat(40) } })).body.message,
    ).toBe('Object does not exist');
    expect((await call('GET', '/git/matching-refs/tags/nothing')).body).toEqual([]);
  });
});

describe('deployments, checks, statuses, issues, pulls', () => {
  it('marks earlier successful deployments of the environment inactive (auto_inactive)', async () => {
    const { emu, call } = await emulator();
    const deploy = async (environment: string, extra: Record<string, unknown> = {}) => {
      const d = (
        await call('POST', '/deployments', { body: { ref: 'main', environment, required_contexts: [] } })
      ).body;
      await call('POST', `/deployments/${d.id}/statuses`, { body: { state: 'success', ...extra } });
      return d.id as number;
    };
    const first = await deploy('production');
    const staging = await deploy('staging');
    const second = await deploy('production');
    const third = await deploy('production', { auto_inactive: false });
    const states = (id: number) =>
      emu.state.deployments.find((d) => d.id === id)?.statuses.map((s) => s.state);
    expect(states(first)).toEqual(['success', 'inactive']);
    expect(states(second)).toEqual(['success']);
    expect(states(staging)).toEqual(['success']);
    expect(states(third)).toEqual(['success']);
    const listed = await call('GET', `/deployments/${first}/statuses`);
    expect(listed.body[0].state).toBe('inactive');
    const filtered = await call('GET', '/deployments?environment=production');
    expect(filtered.body.map((d: { id: number }) => d.id)).toEqual([third, second, first]);
  });

  it('refuses a deployment while commit statuses fail unless required_contexts is set', async () => {
    const { emu, call } = await emulator();
    const sha = emu.seed.commit('feat: x');
    emu.seed.status(sha, { context: 'ci/test', state: 'failure' });
    emu.seed.status(sha, { context: 'ci/lint', state: 'success' });
    const refused = await call('POST', '/deployments', { body: { ref: sha } });
    expect(refused.status).toBe(409);
    expect(refused.body.message).toBe(`Conflict: Commit status checks failed for ${sha}.`);
    expect(
      (await call('POST', '/deployments', { body: { ref: sha, required_contexts: ['ci/lint'] } })).status,
    ).toBe(201);
    expect((await call('POST', '/deployments', { body: { ref: sha, required_contexts: [] } })).status).toBe(
      201,
    );
  });

  it('lists the latest check run per name by default, every run with filter=all', async () => {
    const { emu, call } = await emulator();
    const sha = emu.seed.commit('feat: y');
    emu.seed.checkRun(sha, { name: 'test', conclusion: 'failure' });
    emu.seed.checkRun(sha, { name: 'test', conclusion: 'success' });
    emu.seed.checkRun(sha, { name: 'lint', status: 'in_progress' });
    const latest = (await call('GET', `/commits/${sha}/check-runs`)).body;
    expect(
      latest.check_runs.map((r: { name: string; conclusion: string }) => `${r.name}:${r.conclusion}`),
    ).toEqual(['lint:null', 'test:success']);
    expect((await call('GET', `/commits/${sha}/check-runs?filter=all`)).body.total_count).toBe(3);
    expect((await call('GET', `/commits/main/check-runs?check_name=test`)).body.total_count).toBe(1);
    const bad = await call('POST', '/check-runs', {
      body: { name: 'x', head_sha: sha, status: 'completed' },
    });
    expect(bad.status).toBe(422);
    const many = Array.from({ length: 51 }, () => ({
      path: 'a',
      start_line: 1,
      end_line: 1,
      annotation_level: 'notice',
      message: 'm',
    }));
    const tooMany = await call('POST', '/check-runs', {
      body: { name: 'x', head_sha: sha, output: { title: 't', summary: 's', annotations: many } },
    });
    expect(tooMany.status).toBe(422);
  });

  it('combines commit statuses: failure beats pending beats success, latest per context', async () => {
    const { emu, call } = await emulator();
    const sha = emu.seed.commit('feat: z');
    const combined = async () => (await call('GET', `/commits/${sha}/status`)).body.state;
    expect(await combined()).toBe('pending');
    emu.seed.status(sha, { context: 'a', state: 'success' });
    expect(await combined()).toBe('success');
    emu.seed.status(sha, { context: 'b', state: 'pending' });
    expect(await combined()).toBe('pending');
    emu.seed.status(sha, { context: 'b', state: 'error' });
    expect(await combined()).toBe('failure');
    emu.seed.status(sha, { context: 'b', state: 'success' });
    expect(await combined()).toBe('success');
    expect((await call('POST', `/statuses/${'e'.repeat(40)}`, { body: { state: 'success' } })).status).toBe(
      422,
    );
  });

  it('filters issues by all labels and by state, and counts pull requests as issues', async () => {
    const { emu, call } = await emulator();
    await call('POST', '/issues', { body: { title: 'a', labels: ['incident', 'release-ops'] } });
    const b = await call('POST', '/issues', { body: { title: 'b', labels: ['Incident'] } });
    await call('PATCH', `/issues/${b.body.number}`, { body: { state: 'closed' } });
    const titles = async (q: string) =>
      (await call('GET', `/issues${q}`)).body.map((i: { title: string }) => i.title);
    expect(await titles('?labels=incident,release-ops')).toEqual(['a']);
    expect(await titles('?labels=incident')).toEqual(['a']);
    expect(await titles('?labels=incident&state=all')).toEqual(['b', 'a']);
    expect(await titles('?state=closed')).toEqual(['b']);
    expect(emu.state.labels.map((l) => l.name)).toEqual(['incident', 'release-ops']);
    emu.seed.commit('feat: pr', { branch: 'topic' });
    const pr = await call('POST', '/pulls', { body: { title: 'c', head: 'topic', base: 'main' } });
    expect(pr.body.number).toBe(3);
    expect(await titles('')).toEqual(['c', 'a']);
  });

  it('refuses a pull request with head equal to base, without commits, or already open', async () => {
    const { emu, call } = await emulator();
    const pull = (head: string) => call('POST', '/pulls', { body: { title: 't', head, base: 'main' } });
    expect((await pull('main')).body.errors[0].message).toBe('No commits between main and main');
    emu.seed.branch('empty');
    expect((await pull('empty')).body.errors[0].message).toBe('No commits between main and empty');
    expect((await pull('missing')).body.errors[0]).toMatchObject({ field: 'head', code: 'invalid' });
    emu.seed.commit('work', { branch: 'topic' });
    expect((await pull('topic')).status).toBe(201);
    expect((await pull('acme:topic')).body.errors[0].message).toBe(
      'A pull request already exists for acme:topic.',
    );
  });
});

describe('protocol', () => {
  it('requires authorization, sends rate-limit headers and a request id, and 404s unknown routes', async () => {
    const { call } = await emulator();
    const anon = await call('GET', '', { anonymous: true });
    expect(anon.status).toBe(401);
    expect(anon.body).toEqual({
      message: 'Requires authentication',
      documentation_url: 'https://docs.github.com/rest',
    });
    const one = await call('GET', '');
    const two = await call('GET', '/nope');
    expect(two.status).toBe(404);
    expect(two.body.message).toBe('Not Found');
    for (const h of [
      'x-ratelimit-limit',
      'x-ratelimit-remaining',
      'x-ratelimit-reset',
      'x-ratelimit-used',
      'x-ratelimit-resource',
    ]) {
      expect(one.headers.get(h)).not.toBeNull();
    }
    expect(Number(two.headers.get('x-ratelimit-remaining'))).toBe(
      Number(one.headers.get('x-ratelimit-remaining')) - 1,
    );
    expect(one.headers.get('x-github-request-id')).toMatch(
      /^[0-9A-F]{4}:[0-9A-F]{5}:[0-9A-F]{5}:[0-9A-F]{5}:[0-9A-F]{8}$/,
    );
    expect(one.headers.get('x-github-request-id')).not.toBe(two.headers.get('x-github-request-id'));
    expect((await call('GET', '/repos/other/repo')).status).toBe(404);
    expect(
      (
        await call('POST', '/releases', {
          body: '{not json',
          headers: { 'content-type': 'application/json' },
        })
      ).status,
    ).toBe(400);
  });

  it('can check the token, drop the auth requirement, and enforce the primary rate limit', async () => {
    const strict = await emulator({ token: TOKEN, rateLimit: 2, enforceRateLimit: true });
    expect((await strict.call('GET', '', { headers: { authorization: 'Bearer wrong' } })).body.message).toBe(
      'Bad credentials',
    );
    expect((await strict.call('GET', '')).status).toBe(200);
    expect((await strict.call('GET', '')).headers.get('x-ratelimit-remaining')).toBe('0');
    const limited = await strict.call('GET', '');
    expect(limited.status).toBe(403);
    expect(limited.body.message).toMatch(/^API rate limit exceeded/);
    const open = await emulator({ requireAuth: false });
    expect((await open.call('GET', '', { anonymous: true })).status).toBe(200);
  });
});

describe('faults', () => {
  it("answers a 'status' fault the given number of times, on matching requests only", async () => {
    const { emu, call } = await emulator();
    const fault = emu.faults.add({
      kind: 'status',
      status: 502,
      method: 'POST',
      path: /\/releases$/,
      times: 1,
    });
    expect((await call('GET', '/releases')).status).toBe(200);
    const failed = await call('POST', '/releases', { body: { tag_name: 'v1' } });
    expect(failed.status).toBe(502);
    expect(failed.headers.get('x-ratelimit-remaining')).not.toBeNull();
    expect((await call('POST', '/releases', { body: { tag_name: 'v1' } })).status).toBe(201);
    expect([fault.seen, fault.fired]).toEqual([2, 1]);
    expect(emu.requests.map((r) => `${r.method} ${r.status}${r.fault ? ` ${r.fault}` : ''}`)).toEqual([
      'GET 200',
      'POST 502 status',
      'POST 201',
    ]);
    emu.resetRequests();
    expect(emu.requests).toEqual([]);
  });

  it('answers secondary and primary rate limits as GitHub does, after N matching requests', async () => {
    const { emu, call } = await emulator();
    emu.faults.add({
      kind: 'secondary-rate-limit',
      retryAfterS: 7,
      afterRequests: 1,
      times: 1,
      path: /\/issues$/,
    });
    expect((await call('GET', '/issues')).status).toBe(200);
    expect((await call('GET', '')).status).toBe(200);
    const limited = await call('GET', '/issues');
    expect(limited.status).toBe(403);
    expect(limited.headers.get('retry-after')).toBe('7');
    expect(limited.body.message).toMatch(/secondary rate limit/);
    expect(limited.body.message).toContain(limited.headers.get('x-github-request-id'));
    emu.faults.clear();
    emu.faults.add({ kind: 'rate-limit', retryAfterS: 30, times: 1 });
    const primary = await call('GET', '');
    expect(primary.status).toBe(403);
    expect(primary.headers.get('x-ratelimit-remaining')).toBe('0');
    expect(Number(primary.headers.get('x-ratelimit-reset'))).toBeGreaterThan(Date.now() / 1000);
  });

  it("delays requests with a 'latency' fault", async () => {
    const { emu, call } = await emulator();
    emu.faults.add({ kind: 'latency', latencyMs: 150, times: 1 });
    const started = performance.now();
    expect((await call('GET', '')).status).toBe(200);
    expect(performance.now() - started).toBeGreaterThanOrEqual(140);
  });

  it("'crash' resets every connection after N requests, keeps the state, and clear() brings it back", async () => {
    const { emu, call } = await emulator();
    emu.faults.add({ kind: 'crash', afterRequests: 2 });
    expect((await call('POST', '/releases', { body: { tag_name: 'v1.0.0' } })).status).toBe(201);
    expect((await call('GET', '/releases')).status).toBe(200);
    await expect(call('POST', '/releases', { body: { tag_name: 'v1.1.0' } })).rejects.toThrow();
    await expect(call('GET', '/releases')).rejects.toThrow();
    expect(emu.faults.crashed).toBe(true);
    expect(emu.requests.slice(2).map((r) => [r.status, r.fault])).toEqual([
      [0, 'crash'],
      [0, 'crash'],
    ]);
    emu.faults.clear();
    const after = await call('GET', '/releases');
    expect(after.body.map((r: { tag_name: string }) => r.tag_name)).toEqual(['v1.0.0']);
  });
});

describe('with Octokit', () => {
  it('paginates, encodes refs, uploads to upload_url and downloads through the redirect', async () => {
    const { emu } = await emulator({ token: TOKEN });
    for (let i = 0; i < 45; i += 1) emu.seed.release({ tag: `v1.${i}.0` });
    const octokit = getOctokit(TOKEN, { baseUrl: emu.url });
    const repo = { owner: 'acme', repo: 'shop' };
    const releases = await octokit.paginate(octokit.rest.repos.listReleases, { ...repo, per_page: 20 });
    expect(releases).toHaveLength(45);
    const refs = await octokit.paginate(octokit.rest.git.listMatchingRefs, { ...repo, ref: 'tags/v1.1' });
    expect(refs.map((r) => r.ref)).toEqual([
      'refs/tags/v1.1.0',
      ...Array.from({ length: 10 }, (_, i) => `refs/tags/v1.1${i}.0`),
    ]);
    expect((await octokit.rest.git.getRef({ ...repo, ref: 'tags/v1.3.0' })).data.ref).toBe(
      'refs/tags/v1.3.0',
    );
    const release = releases[0] as (typeof releases)[number];
    const uploaded = await octokit.rest.repos.uploadReleaseAsset({
      ...repo,
      release_id: release.id,
      url: release.upload_url,
      name: 'notes.txt',
      data: 'hello' as unknown as string,
      headers: { 'content-type': 'text/plain', 'content-length': 5 },
    });
    expect(uploaded.data).toMatchObject({ name: 'notes.txt', size: 5 });
    const download = await octokit.rest.repos.getReleaseAsset({
      ...repo,
      asset_id: uploaded.data.id,
      headers: { accept: 'application/octet-stream' },
    });
    expect(Buffer.from(download.data as unknown as ArrayBuffer).toString()).toBe('hello');
    await expect(octokit.rest.repos.getReleaseByTag({ ...repo, tag: 'v9.9.9' })).rejects.toMatchObject({
      status: 404,
    });
  });
});
