import { describe, expect, it } from '@jest/globals';
import { createHash } from 'node:crypto';
import { FakeClock } from '../../src/adapters/clock.js';
import { ExternalError } from '../../src/errors.js';
import { silentLogger } from '../../src/ports/index.js';
import { promote, SKIPPABLE, type PromoteSettings } from '../../src/release/promote.js';
import { Crash, FakeGitHub } from './fake-github.js';

const HOUR = 3_600_000;
const NOW = Date.UTC(2026, 0, 5, 10, 0, 0);

function settings(over: Partial<PromoteSettings> = {}): PromoteSettings {
  return {
    rcTag: 'v1.0.0-rc4',
    strategy: 'new-release',
    minSoakMs: 0,
    skip: [],
    floatingTags: false,
    generateNotes: false,
    ignoreChecks: [],
    allowNoChecks: false,
    dryRun: false,
    ...over,
  };
}

const bytes = (n: number, seed: number) => {
  const b = Buffer.alloc(n);
  for (let i = 0; i < n; i++) b[i] = (i * 31 + seed) & 0xff;
  return b;
};

/** A repository with v0.9.0 GA and v1.0.0-rc3/rc4 prereleases, rc4 green and published 30 h ago. */
function repo(opts: { assets?: number; annotated?: boolean } = {}) {
  const gh = new FakeGitHub();
  gh.release({ tag: 'v0.9.0', publishedAt: '2025-12-01T00:00:00Z' });
  gh.release({ tag: 'v1.0.0-rc3', prerelease: true, publishedAt: '2026-01-02T00:00:00Z' });
  const sha = gh.commit();
  if (opts.annotated) gh.tag('v1.0.0-rc4', sha, true);
  const assets = Array.from({ length: opts.assets ?? 2 }, (_, i) => ({
    name: `shop-${i}.tar.gz`,
    data: bytes(200_000 + i * 1000, i),
    contentType: i === 0 ? 'application/gzip' : 'application/octet-stream',
    label: i === 0 ? 'Linux build' : undefined,
  }));
  const rc = gh.release({
    tag: 'v1.0.0-rc4',
    sha,
    prerelease: true,
    name: 'v1.0.0-rc4',
    body: '## RC4 notes\n- fix login',
    publishedAt: new Date(NOW - 30 * HOUR).toISOString(),
    assets,
  });
  gh.green(sha);
  gh.calls = [];
  return { gh, sha, rc };
}

const run = (gh: FakeGitHub, s: Partial<PromoteSettings> = {}, clock = new FakeClock(NOW)) =>
  promote({ gh, clock, logger: silentLogger }, settings(s));

/** Exactly one GA release, published, with the RC's assets byte for byte, and no leftover draft. */
function expectOneGa(
  gh: FakeGitHub,
  sha: string,
  rcAssets: { name: string; data: Buffer; label: string | null; contentType: string }[],
) {
  const ga = gh.gaReleases('v1.0.0');
  expect(ga.map((r) => ({ draft: r.draft, prerelease: r.prerelease }))).toEqual([
    { draft: false, prerelease: false },
  ]);
  expect(
    ga[0]!.assets
      .map((a) => [
        a.name,
        a.label,
        a.contentType,
        a.data.equals(rcAssets.find((x) => x.name === a.name)!.data),
      ])
      .sort(),
  ).toEqual(rcAssets.map((a) => [a.name, a.label, a.contentType, true]).sort());
  const ref = gh.refs.get('refs/tags/v1.0.0')!;
  expect(ref.type).toBe('tag');
  expect(gh.tagObjects.get(ref.sha)!.object).toBe(sha);
}

describe('new-release', () => {
  it('tags, creates a draft with the RC notes, copies each asset, publishes — with the fewest calls', async () => {
    const { gh, sha, rc } = repo();
    const r = await run(gh);
    expect(r.outcome).toBe('promoted');
    expect(r.changed).toBe(true);
    expect(r.preconditions.map((p) => [p.name, p.verdict])).toEqual([
      ['rc-release', 'pass'],
      ['rc-prerelease', 'pass'],
      ['commit-checks', 'pass'],
      ['soak', 'pass'],
      ['newer-rc', 'pass'],
      ['ga-tag', 'pass'],
    ]);
    expect(gh.calls).toEqual([
      'listMatchingRefs tags/v1.0.0',
      'getReleaseByTag v1.0.0-rc4',
      `listCheckRuns ${sha.slice(0, 7)}`,
      `listCommitStatuses ${sha.slice(0, 7)}`,
      'createTagObject v1.0.0',
      'createRef refs/tags/v1.0.0',
      'createRelease v1.0.0 draft',
      `downloadReleaseAsset ${rc.assets[0]!.id}`,
      'uploadReleaseAsset shop-0.tar.gz',
      `downloadReleaseAsset ${rc.assets[1]!.id}`,
      'uploadReleaseAsset shop-1.tar.gz',
      expect.stringMatching(/^updateRelease \d+ publish$/),
    ]);
    expectOneGa(gh, sha, rc.assets);
    const ga = gh.gaReleases('v1.0.0')[0]!;
    expect(ga).toMatchObject({ name: 'v1.0.0', body: '## RC4 notes\n- fix login' });
    expect(r.release?.url).toBe('https://github.com/acme/shop/releases/tag/v1.0.0');
    expect(r.assets.map((a) => [a.name, a.action, a.sha256])).toEqual(
      rc.assets.map((a) => [a.name, 'copied', createHash('sha256').update(a.data).digest('hex')]),
    );
    // the RC is left as it was
    expect(gh.releases.find((x) => x.id === rc.id)).toMatchObject({ prerelease: true, name: 'v1.0.0-rc4' });
  });

  it('without assets creates the release published in one call', async () => {
    const { gh } = repo({ assets: 0 });
    const r = await run(gh, { name: 'Shop {tag}' });
    expect(gh.writes()).toEqual([
      'createTagObject v1.0.0',
      'createRef refs/tags/v1.0.0',
      'createRelease v1.0.0',
    ]);
    expect(gh.gaReleases('v1.0.0')).toMatchObject([{ draft: false, prerelease: false, name: 'Shop v1.0.0' }]);
    expect(r.writes.find((w) => w.call === 'createRelease')?.args).toMatchObject({
      draft: false,
      makeLatest: 'true',
      body: '(24 characters)',
    });
  });

  it('resolves an annotated RC tag to its commit', async () => {
    const { gh, sha } = repo({ annotated: true });
    const r = await run(gh);
    expect(r.rcCommit).toBe(sha);
    expect(gh.calls).toContain('resolveTagCommit v1.0.0-rc4');
    expect(gh.tagObjects.get(gh.refs.get('refs/tags/v1.0.0')!.sha)!.object).toBe(sha);
  });

  it('a re-run after success writes nothing and says so', async () => {
    const { gh } = repo();
    await run(gh);
    gh.calls = [];
    const again = await run(gh);
    expect(again).toMatchObject({ outcome: 'converged', changed: false, writes: [] });
    expect(again.assets.every((a) => a.action === 'present')).toBe(true);
    expect(again.recovered).toContain('tag v1.0.0 already exists at the RC commit');
    expect(gh.writes()).toEqual([]);
  });

  it('appends generated notes since the previous GA, found through tags', async () => {
    const { gh } = repo();
    const r = await run(gh, { generateNotes: true });
    expect(r.previousStable).toBe('v0.9.0');
    expect(gh.gaReleases('v1.0.0')[0]!.body).toBe(
      "## RC4 notes\n- fix login\n\n## What's Changed since v0.9.0",
    );
    expect(gh.calls.some((c) => c.startsWith('listReleases'))).toBe(false);
  });
});

describe('preconditions', () => {
  it('an RC without a release, or without a tag, blocks before any check is read', async () => {
    const { gh } = repo();
    let r = await run(gh, { rcTag: 'v1.0.0-rc7' });
    expect(r.outcome).toBe('blocked');
    expect(r.preconditions).toEqual([
      { name: 'rc-release', verdict: 'fail', detail: 'no tag v1.0.0-rc7 (looked for tags v1.0.0*, 1.0.0*)' },
    ]);
    gh.tag('v1.0.0-rc8', gh.commit());
    r = await run(gh, { rcTag: 'v1.0.0-rc8' });
    expect(r.preconditions[0]!.detail).toContain('has no published release');
    expect(gh.writes()).toEqual([]);
  });

  it('each skippable precondition blocks, and passes as "skipped" only when named', async () => {
    const cases: [string, (gh: FakeGitHub, sha: string) => void, Partial<PromoteSettings>][] = [
      [
        'rc-prerelease',
        (gh) => (gh.releases.find((x) => x.tagName === 'v1.0.0-rc4')!.prerelease = false),
        {},
      ],
      [
        'commit-checks',
        (gh, sha) =>
          gh.statuses.set(sha, [{ context: 'ci/e2e', state: 'failure', description: null, targetUrl: null }]),
        {},
      ],
      ['soak', () => undefined, { minSoakMs: 48 * HOUR }],
      ['newer-rc', (gh) => gh.tag('v1.0.0-rc.5', gh.commit()), {}],
    ];
    for (const [name, breakIt, extra] of cases) {
      const { gh, sha } = repo();
      breakIt(gh, sha);
      const blocked = await run(gh, extra);
      expect({
        name,
        outcome: blocked.outcome,
        failed: blocked.preconditions.filter((p) => p.verdict === 'fail').map((p) => p.name),
      }).toEqual({ name, outcome: 'blocked', failed: [name] });
      expect(gh.writes()).toEqual([]);
      const others = SKIPPABLE.filter((x) => x !== name);
      expect((await run(gh, { ...extra, skip: others })).outcome).toBe('blocked');
      const skipped = await run(gh, { ...extra, skip: [name as (typeof SKIPPABLE)[number]] });
      expect(skipped.outcome).toBe('promoted');
      expect(skipped.preconditions.find((p) => p.name === name)).toMatchObject({
        verdict: 'skipped',
        detail: expect.stringMatching(/^skipped by input skip-checks/),
      });
    }
  });

  it('skipping commit-checks saves its two reads', async () => {
    const { gh } = repo();
    await run(gh, { skip: ['commit-checks'], dryRun: true });
    expect(gh.calls.filter((c) => c.startsWith('list'))).toEqual(['listMatchingRefs tags/v1.0.0']);
  });

  it('soak is measured on the injected clock', async () => {
    const { gh } = repo();
    const r = await run(gh, { minSoakMs: 24 * HOUR, dryRun: true });
    expect(r.preconditions.find((p) => p.name === 'soak')).toEqual({
      name: 'soak',
      verdict: 'pass',
      detail: expect.stringMatching(/^published 30h ago .*; minimum 24h$/),
    });
    const early = await run(gh, { minSoakMs: 24 * HOUR, dryRun: true }, new FakeClock(NOW - 10 * HOUR));
    expect(early.preconditions.find((p) => p.name === 'soak')).toMatchObject({
      verdict: 'fail',
      detail: expect.stringMatching(/^published 20h ago/),
    });
  });

  it('commit-checks follows the github-checks rule: pending is not green, none is not green unless allowed', async () => {
    const { gh, sha } = repo();
    gh.checkRuns.set(sha, [{ id: 1, name: 'build', status: 'in_progress', conclusion: null, htmlUrl: null }]);
    expect(
      (await run(gh, { dryRun: true })).preconditions.find((p) => p.name === 'commit-checks')?.detail,
    ).toContain('1 pending (check build)');
    expect((await run(gh, { dryRun: true, ignoreChecks: ['build'] })).outcome).toBe('blocked');
    expect((await run(gh, { dryRun: true, ignoreChecks: ['build'], allowNoChecks: true })).outcome).toBe(
      'planned',
    );
  });

  it('a GA tag at another commit blocks and cannot be skipped', async () => {
    const { gh } = repo();
    gh.tag('v1.0.0', gh.commit());
    const r = await run(gh, { skip: [...SKIPPABLE] });
    expect(r.outcome).toBe('blocked');
    expect(r.preconditions.find((p) => p.name === 'ga-tag')).toMatchObject({
      verdict: 'fail',
      detail: expect.stringContaining('never moves a release tag'),
    });
  });

  it('a GA tag at the RC commit (made by hand) is used as is', async () => {
    const { gh, sha } = repo();
    gh.tag('v1.0.0', sha);
    const r = await run(gh);
    expect(r.outcome).toBe('promoted');
    expect(gh.writes().some((w) => w.startsWith('create') && w.includes('refs/tags'))).toBe(false);
    expect(gh.gaReleases('v1.0.0')).toMatchObject([{ draft: false }]);
  });
});

describe('dry run', () => {
  it('reads what it needs, records every write with its arguments, makes none', async () => {
    const { gh, sha } = repo();
    const r = await run(gh, { dryRun: true, floatingTags: true, generateNotes: true });
    expect(r.outcome).toBe('planned');
    expect(r.changed).toBe(false);
    expect(gh.writes()).toEqual([]);
    expect(r.writes.map((w) => [w.call, w.status])).toEqual([
      ['createTagObject', 'planned'],
      ['createRef', 'planned'],
      ['createRelease', 'planned'],
      ['uploadReleaseAsset', 'planned'],
      ['uploadReleaseAsset', 'planned'],
      ['updateRelease', 'planned'],
      ['createRef', 'planned'],
      ['createRef', 'planned'],
    ]);
    expect(r.writes[0]!.args).toMatchObject({ tag: 'v1.0.0', objectSha: sha });
    expect(r.writes[3]!.args).toMatchObject({
      name: 'shop-0.tar.gz',
      label: 'Linux build',
      contentType: 'application/gzip',
      size: 200_000,
    });
    expect(r.writes.slice(-2).map((w) => w.args.ref)).toEqual(['refs/tags/v1', 'refs/tags/v1.0']);
  });
});

describe('convergence after a crash', () => {
  // the calls of one full promotion with floating tags: every crash point is tried
  it.each([
    ['before the call is processed', false],
    ['after the call is processed, before its answer', true],
  ])(
    'a crash at every call (%s), then a re-run → one GA release with every asset',
    async (_what, afterEffect) => {
      const probe = repo();
      await run(probe.gh, { floatingTags: true });
      const total = probe.gh.calls.length;
      expect(total).toBeGreaterThan(12);
      for (let n = 0; n < total; n++) {
        const { gh, sha, rc } = repo();
        gh.crashAt = n;
        gh.crashAfterEffect = afterEffect;
        await expect(run(gh, { floatingTags: true })).rejects.toBeInstanceOf(Crash);
        gh.crashAt = null;
        const r = await run(gh, { floatingTags: true });
        expect({ n, outcome: r.outcome }).toEqual({
          n,
          outcome: expect.stringMatching(/^(promoted|converged)$/),
        });
        expectOneGa(gh, sha, rc.assets);
        expect(gh.refs.get('refs/tags/v1')).toEqual({ sha, type: 'commit' });
        // and a third run has nothing left to do
        gh.calls = [];
        expect((await run(gh, { floatingTags: true })).outcome).toBe('converged');
        expect(gh.writes()).toEqual([]);
      }
    },
  );

  it('reuses a leftover draft and replaces an asset whose size or digest differs', async () => {
    const { gh, sha, rc } = repo();
    gh.tag('v1.0.0', sha, true);
    const draft = gh.release({ tag: 'v1.0.0', draft: true, sha });
    draft.assets.push({
      id: 9001,
      name: 'shop-0.tar.gz',
      label: 'Linux build',
      contentType: 'application/gzip',
      data: Buffer.from('partial'),
      digest: null,
    });
    gh.calls = [];
    const r = await run(gh);
    expect(gh.calls).toContain('listReleases 1');
    expect(r.recovered).toEqual(
      expect.arrayContaining([`draft release ${draft.id} for v1.0.0 left by an earlier run is reused`]),
    );
    expect(r.assets.map((a) => [a.name, a.action])).toEqual([
      ['shop-0.tar.gz', 'replaced'],
      ['shop-1.tar.gz', 'copied'],
    ]);
    expect(gh.writes()).toContain('deleteReleaseAsset 9001');
    expectOneGa(gh, sha, rc.assets);
    expect(gh.gaReleases('v1.0.0')[0]!.id).toBe(draft.id);
  });

  it('a leftover draft beyond the first page of releases is found in the full list', async () => {
    const { gh, sha, rc } = repo();
    gh.tag('v1.0.0', sha, true);
    const draft = gh.release({ tag: 'v1.0.0', draft: true, sha });
    for (let i = 0; i < 150; i++) gh.release({ tag: `v0.0.${i + 1}` });
    gh.calls = [];
    await run(gh);
    expect(gh.calls.filter((c) => c.startsWith('listReleases'))).toEqual([
      'listReleases 1',
      'listReleases all',
    ]);
    expect(gh.gaReleases('v1.0.0')[0]!.id).toBe(draft.id);
    expectOneGa(gh, sha, rc.assets);
  });

  it('a published GA release missing an asset gets it; on an immutable one that is an error', async () => {
    const { gh, sha, rc } = repo();
    gh.tag('v1.0.0', sha, true);
    gh.release({
      tag: 'v1.0.0',
      sha,
      assets: [
        {
          name: 'shop-0.tar.gz',
          data: rc.assets[0]!.data,
          contentType: 'application/gzip',
          label: 'Linux build',
        },
      ],
    });
    const r = await run(gh);
    expect(r.assets.map((a) => a.action)).toEqual(['present', 'copied']);
    expectOneGa(gh, sha, rc.assets);

    const imm = repo();
    imm.gh.immutableReleases = true;
    imm.gh.tag('v1.0.0', imm.sha);
    imm.gh.release({ tag: 'v1.0.0', sha: imm.sha });
    await expect(run(imm.gh)).rejects.toThrow(
      'is published and immutable but lacks shop-0.tar.gz, shop-1.tar.gz',
    );
  });
});

describe('asset verification', () => {
  it('a copy whose bytes differ is deleted and the run fails; the re-run copies it again', async () => {
    const { gh, sha, rc } = repo();
    const realUpload = gh.uploadReleaseAsset.bind(gh);
    let corrupt = true;
    gh.uploadReleaseAsset = async (release, asset) => {
      if (!corrupt) return realUpload(release, asset);
      const chunks: Buffer[] = [];
      for await (const c of asset.data as AsyncIterable<Buffer>) chunks.push(c);
      const data = Buffer.concat(chunks);
      data[10] = data[10]! ^ 0xff; // one flipped byte on the way
      return realUpload(release, { ...asset, data });
    };
    const err = await run(gh).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ExternalError);
    expect((err as Error).message).toMatch(
      /asset shop-0\.tar\.gz was not copied intact \(uploaded asset reports sha256:\w+, the bytes sent hash to sha256:\w+\); the bad copy was deleted/,
    );
    expect(gh.gaReleases('v1.0.0')[0]!.assets).toEqual([]);
    corrupt = false;
    await run(gh);
    expectOneGa(gh, sha, rc.assets);
  });

  it('a download that does not match the RC digest is refused', async () => {
    const { gh, rc } = repo();
    gh.releases.find((x) => x.id === rc.id)!.assets[1]!.digest = `sha256:${'0'.repeat(64)}`;
    await expect(run(gh)).rejects.toThrow(
      /shop-1\.tar\.gz was not copied intact \(downloaded bytes hash to sha256:\w+, the RC asset reports sha256:0+\)/,
    );
  });

  it('streams: the engine hands the upload a stream, never a buffer', async () => {
    const { gh } = repo({ assets: 1 });
    const seen: string[] = [];
    const realUpload = gh.uploadReleaseAsset.bind(gh);
    gh.uploadReleaseAsset = (release, asset) => {
      seen.push(Buffer.isBuffer(asset.data) ? 'buffer' : 'stream');
      return realUpload(release, asset);
    };
    await run(gh);
    expect(seen).toEqual(['stream']);
  });
});

describe('edit-release', () => {
  it('edits the RC in place and says the tag cannot change; a re-run converges', async () => {
    const { gh, rc } = repo();
    const r = await run(gh, { strategy: 'edit-release' });
    expect(gh.writes()).toEqual([`updateRelease ${rc.id}`]);
    expect(gh.releases.find((x) => x.id === rc.id)).toMatchObject({
      name: 'v1.0.0',
      prerelease: false,
      tagName: 'v1.0.0-rc4',
      body: '## RC4 notes\n- fix login',
    });
    expect(r).toMatchObject({
      outcome: 'promoted',
      releaseTag: 'v1.0.0-rc4',
      gaTag: 'v1.0.0',
      release: { id: rc.id },
    });
    expect(r.notes[0]).toContain('edit-release keeps the tag v1.0.0-rc4');
    expect(r.writes[0]!.args).toMatchObject({
      id: rc.id,
      name: 'v1.0.0',
      prerelease: false,
      makeLatest: 'true',
    });
    gh.calls = [];
    const again = await run(gh, { strategy: 'edit-release' });
    expect(again).toMatchObject({ outcome: 'converged', changed: false });
    expect(again.preconditions.find((p) => p.name === 'rc-prerelease')?.detail).toContain(
      'already promoted in place',
    );
    expect(gh.writes()).toEqual([]);
  });

  it('refuses when the GA tag exists (the version was promoted with new-release)', async () => {
    const { gh } = repo();
    await run(gh);
    const r = await run(gh, { strategy: 'edit-release' });
    expect(r.outcome).toBe('blocked');
    expect(r.preconditions.find((p) => p.name === 'ga-tag')?.detail).toContain(
      'would make a second GA release',
    );
  });

  it('with generate-notes, the notes gain the generated part', async () => {
    const { gh, rc } = repo();
    await run(gh, { strategy: 'edit-release', generateNotes: true });
    expect(gh.releases.find((x) => x.id === rc.id)!.body).toBe(
      "## RC4 notes\n- fix login\n\n## What's Changed since v0.9.0",
    );
  });
});

describe('floating tags', () => {
  it('creates v1 and v1.0, moves existing ones, and never moves one past a higher release', async () => {
    const { gh, sha } = repo();
    gh.tag('v1', gh.commit());
    const r = await run(gh, { floatingTags: true });
    expect(gh.refs.get('refs/tags/v1')).toEqual({ sha, type: 'commit' });
    expect(gh.refs.get('refs/tags/v1.0')).toEqual({ sha, type: 'commit' });
    expect(r.writes.slice(-2).map((w) => w.call)).toEqual(['updateRef', 'createRef']);

    const higher = repo();
    higher.gh.release({ tag: 'v1.2.0' });
    const old = higher.gh.commit();
    higher.gh.tag('v1', old);
    const r2 = await run(higher.gh, { floatingTags: true });
    expect(higher.gh.refs.get('refs/tags/v1')!.sha).toBe(old);
    expect(higher.gh.refs.get('refs/tags/v1.0')!.sha).toBe(higher.sha);
    expect(r2.notes).toContain('floating tag v1 left where it is: v1.2.0 is a higher release of that line');
  });
});
