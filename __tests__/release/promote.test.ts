/**
 * The promotion's logic — the steps it takes, the writes it makes (journal effects), the preconditions,
 * convergence, asset verification, the strategies and the floating tags — against the GitHub emulator
 * through the real GitHub port.
 */
import { afterEach, describe, expect, it } from '@jest/globals';
import { createHash } from 'node:crypto';
import { Readable } from 'node:stream';
import { FakeClock } from '../../src/adapters/clock.js';
import { ExternalError } from '../../src/errors.js';
import type { GitHubPort } from '../../src/ports/index.js';
import { SKIPPABLE, type PromoteSettings } from '../../src/promote/settings.js';
import {
  effects,
  emuRepo,
  gaState,
  HOUR,
  NOW,
  opsIn,
  tagTarget,
  writesIn,
  type EmuRepo,
} from './emulator-repo.js';

const open: EmuRepo[] = [];
async function repo(...args: Parameters<typeof emuRepo>): Promise<EmuRepo> {
  const r = await emuRepo(...args);
  open.push(r);
  r.emu.resetRequests();
  return r;
}
afterEach(async () => {
  await Promise.all(open.splice(0).map((r) => r.close()));
});

const RC_BODY = '## RC4\n- tenant filter fixed';
const sha256 = (b: Buffer) => createHash('sha256').update(b).digest('hex');
const rcRelease = (r: EmuRepo) => r.emu.state.releases.find((x) => x.tag_name === 'v1.0.0-rc4')!;

/** Exactly one GA release, published, with the RC's assets byte for byte, and the annotated GA tag. */
function expectOneGa(r: EmuRepo) {
  const ga = gaState(r.emu);
  expect({ releases: ga.releases.length, drafts: ga.drafts }).toEqual({ releases: 1, drafts: 0 });
  expect(ga.published[0]).toMatchObject({ prerelease: false });
  expect(ga.assets.map((a) => [a.name, a.label, a.contentType, a.sha256])).toEqual(
    r.assets.map((a) => [
      a.name,
      a.label ?? null,
      a.contentType ?? 'application/octet-stream',
      sha256(a.data),
    ]),
  );
  expect(tagTarget(r.emu, 'v1.0.0')).toEqual({ commit: r.rcSha, annotated: true });
}

/** A port in front of the emulator's whose `uploadReleaseAsset` is replaced. */
function withUpload(gh: GitHubPort, upload: GitHubPort['uploadReleaseAsset']): GitHubPort {
  return new Proxy(gh, {
    get(target, prop, receiver) {
      if (prop === 'uploadReleaseAsset') return upload;
      const v = Reflect.get(target, prop, receiver);
      return typeof v === 'function' ? v.bind(target) : v;
    },
  });
}

describe('new-release', () => {
  it('tags, creates a draft with the RC notes, copies each asset, publishes — with the fewest requests', async () => {
    const r = await repo();
    const p = await r.run();
    expect({ outcome: p.outcome, changed: p.changed }).toEqual({ outcome: 'promoted', changed: true });
    expect(p.preconditions.map((c) => [c.name, c.status])).toEqual([
      ['rc-release', 'pass'],
      ['rc-prerelease', 'pass'],
      ['commit-checks', 'pass'],
      ['soak', 'pass'],
      ['newer-rc', 'pass'],
      ['ga-tag', 'pass'],
    ]);
    const download = ['repos/get-release-asset', 'repos/upload-release-asset'];
    expect(opsIn(r)).toEqual([
      'git/list-matching-refs',
      'repos/get-release-by-tag',
      'checks/list-for-ref',
      'repos/list-commit-statuses-for-ref',
      'git/create-tag',
      'git/create-ref',
      'repos/create-release',
      ...download,
      ...download,
      'repos/update-release',
    ]);
    expect(p.journal.of('step').map((e) => [e.name, e.status])).toEqual([
      ['find the RC', 'done'],
      ['preconditions', 'done'],
      ['GA tag', 'done'],
      ['GA release', 'done'],
      ['assets', 'done'],
      ['publish', 'done'],
    ]);
    expect(p.journal.of('decision').map((e) => e.name)).toEqual(['promote']);
    expectOneGa(r);
    expect(gaState(r.emu).published[0]).toMatchObject({ name: 'v1.0.0', body: RC_BODY });
    expect(p.release?.url).toMatch(/\/releases\/tag\/v1\.0\.0$/);
    expect(p.assets.map((a) => [a.name, a.action, a.sha256])).toEqual(
      r.assets.map((a) => [a.name, 'copied', sha256(a.data)]),
    );
    // the RC is left as it was
    expect(rcRelease(r)).toMatchObject({ prerelease: true, name: 'v1.0.0-rc4' });
  });

  it('without assets creates the release published in one call', async () => {
    const r = await repo({ assets: [] });
    const p = await r.run({ name: 'Shop {tag}' });
    expect(writesIn(r)).toEqual(['POST git/create-tag', 'POST git/create-ref', 'POST repos/create-release']);
    expect(gaState(r.emu).releases).toMatchObject([{ draft: false, prerelease: false, name: 'Shop v1.0.0' }]);
    expect(effects(p).find((e) => e.name === 'createRelease')?.data?.args).toMatchObject({
      draft: false,
      make_latest: 'true',
      body: `(${RC_BODY.length} characters)`,
    });
  });

  it('resolves an annotated RC tag to its commit', async () => {
    const r = await repo({ annotatedRc: true });
    const p = await r.run();
    expect(p.rcCommit).toBe(r.rcSha);
    expect(opsIn(r)).toContain('git/get-tag');
    expect(tagTarget(r.emu, 'v1.0.0')).toEqual({ commit: r.rcSha, annotated: true });
  });

  it('a re-run after success writes nothing and says so', async () => {
    const r = await repo();
    await r.run();
    r.emu.resetRequests();
    const again = await r.run();
    expect(again).toMatchObject({ outcome: 'converged', changed: false });
    expect(effects(again)).toEqual([]);
    expect(again.assets.every((a) => a.action === 'present')).toBe(true);
    expect(again.recovered).toContain('tag v1.0.0 already exists at the RC commit');
    expect(writesIn(r)).toEqual([]);
  });

  it('appends generated notes since the previous GA, found through tags', async () => {
    const r = await repo();
    const p = await r.run({ generateNotes: true });
    expect(p.previousStable).toBe('v0.9.0');
    expect(gaState(r.emu).published[0]!.body).toMatch(
      /^## RC4\n- tenant filter fixed\n\n## What's Changed\n/,
    );
    expect(opsIn(r)).not.toContain('repos/list-releases');
  });

  it('a GA tag made by a concurrent run between the look and the write is used when at the RC commit', async () => {
    const r = await repo();
    // the concurrent run's tag appears just as this run creates its tag object
    const racing = new Proxy(r.gh, {
      get(target, prop, receiver) {
        const v = Reflect.get(target, prop, receiver);
        if (prop !== 'createTagObject') return typeof v === 'function' ? v.bind(target) : v;
        return (input: Parameters<GitHubPort['createTagObject']>[0]) => {
          r.emu.seed.tag('v1.0.0', r.rcSha, { annotated: true });
          return target.createTagObject(input);
        };
      },
    });
    const p = await r.run({}, { gh: racing });
    expect(p.outcome).toBe('promoted');
    expect(effects(p).find((e) => e.name === 'createRef')).toMatchObject({
      status: 'already',
      detail: 'already exists at the RC commit (GitHub answered 422): used as it is',
    });
    expect(p.recovered).toContain('tag v1.0.0 appeared at the RC commit while this run created it');
    expect(gaState(r.emu).releases.map((x) => x.draft)).toEqual([false]);
  });
});

describe('preconditions', () => {
  it('an RC without a release, or without a tag, blocks before any check is read', async () => {
    const r = await repo();
    let p = await r.run({ rcTag: 'v1.0.0-rc7' });
    expect(p.outcome).toBe('blocked');
    expect(p.preconditions).toEqual([
      { name: 'rc-release', status: 'fail', detail: 'no tag v1.0.0-rc7 (looked for tags v1.0.0*, 1.0.0*)' },
    ]);
    expect(p.journal.lastDecision()).toMatchObject({ name: 'blocked' });
    r.emu.seed.tag('v1.0.0-rc8', r.emu.seed.commit('untagged work'));
    p = await r.run({ rcTag: 'v1.0.0-rc8' });
    expect(p.preconditions[0]!.detail).toContain('has no published release');
    expect(opsIn(r)).not.toContain('checks/list-for-ref');
    expect(writesIn(r)).toEqual([]);
  });

  it('each skippable precondition blocks, and passes as "skipped" only when named', async () => {
    const cases: [string, (r: EmuRepo) => void, Partial<PromoteSettings>][] = [
      ['rc-prerelease', (r) => (rcRelease(r).prerelease = false), {}],
      ['commit-checks', (r) => r.emu.seed.status(r.rcSha, { context: 'ci/e2e', state: 'failure' }), {}],
      ['soak', () => undefined, { minSoakMs: 48 * HOUR }],
      ['newer-rc', (r) => r.emu.seed.tag('v1.0.0-rc.5', r.emu.seed.commit('rc5')), {}],
    ];
    for (const [name, breakIt, extra] of cases) {
      const r = await repo();
      breakIt(r);
      const blocked = await r.run(extra);
      expect({
        name,
        outcome: blocked.outcome,
        failed: blocked.preconditions.filter((c) => c.status === 'fail').map((c) => c.name),
      }).toEqual({ name, outcome: 'blocked', failed: [name] });
      expect(writesIn(r)).toEqual([]);
      const others = SKIPPABLE.filter((x) => x !== name);
      expect((await r.run({ ...extra, skip: others })).outcome).toBe('blocked');
      const skipped = await r.run({ ...extra, skip: [name as (typeof SKIPPABLE)[number]] });
      expect(skipped.outcome).toBe('promoted');
      expect(skipped.preconditions.find((c) => c.name === name)).toMatchObject({
        status: 'skipped',
        detail: expect.stringMatching(/^skipped by input skip-checks/),
      });
    }
  });

  it('skipping commit-checks saves its two reads', async () => {
    const r = await repo();
    await r.run({ skip: ['commit-checks'], dryRun: true });
    expect(opsIn(r).filter((o) => /list/.test(o))).toEqual(['git/list-matching-refs']);
  });

  it('soak is measured on the injected clock', async () => {
    const r = await repo();
    const p = await r.run({ minSoakMs: 24 * HOUR, dryRun: true });
    expect(p.preconditions.find((c) => c.name === 'soak')).toEqual({
      name: 'soak',
      status: 'pass',
      detail: expect.stringMatching(/^published 30h ago .*; minimum 24h$/),
    });
    const early = await r.run(
      { minSoakMs: 24 * HOUR, dryRun: true },
      { clock: new FakeClock(NOW - 10 * HOUR) },
    );
    expect(early.preconditions.find((c) => c.name === 'soak')).toMatchObject({
      status: 'fail',
      detail: expect.stringMatching(/^published 20h ago/),
    });
  });

  it('commit-checks follows the github-checks rule: pending is not green, none is not green unless allowed', async () => {
    const r = await repo();
    // only the build check run is left, and it is still running
    r.emu.state.statuses.splice(0);
    Object.assign(
      r.emu.state.checkRuns.find((c) => c.head_sha === r.rcSha)!,
      {
        status: 'in_progress',
        conclusion: null,
      },
    );
    expect(
      (await r.run({ dryRun: true })).preconditions.find((c) => c.name === 'commit-checks')?.detail,
    ).toContain('1 pending (check build)');
    expect((await r.run({ dryRun: true, ignoreChecks: ['build'] })).outcome).toBe('blocked');
    expect((await r.run({ dryRun: true, ignoreChecks: ['build'], allowNoChecks: true })).outcome).toBe(
      'planned',
    );
  });

  it('a GA tag at another commit blocks and cannot be skipped', async () => {
    const r = await repo();
    r.emu.seed.tag('v1.0.0', r.emu.seed.commit('elsewhere'));
    const p = await r.run({ skip: [...SKIPPABLE] });
    expect(p.outcome).toBe('blocked');
    expect(p.preconditions.find((c) => c.name === 'ga-tag')).toMatchObject({
      status: 'fail',
      detail: expect.stringContaining('never moves a release tag'),
    });
  });

  it('a GA tag at the RC commit (made by hand) is used as is', async () => {
    const r = await repo();
    r.emu.seed.tag('v1.0.0', r.rcSha);
    const p = await r.run();
    expect(p.outcome).toBe('promoted');
    expect(writesIn(r)).not.toContain('POST git/create-ref');
    expect(gaState(r.emu).releases).toMatchObject([{ draft: false }]);
  });
});

describe('dry run', () => {
  it('reads what it needs, records every write with its arguments as planned, makes none', async () => {
    const r = await repo();
    const p = await r.run({ dryRun: true, floatingTags: true, generateNotes: true });
    expect({ outcome: p.outcome, changed: p.changed }).toEqual({ outcome: 'planned', changed: false });
    expect(r.emu.requests.every((q) => q.method === 'GET')).toBe(true);
    expect(effects(p).map((e) => [e.name, e.status])).toEqual([
      ['createTagObject', 'planned'],
      ['createRef', 'planned'],
      ['createRelease', 'planned'],
      ['uploadReleaseAsset', 'planned'],
      ['uploadReleaseAsset', 'planned'],
      ['updateRelease', 'planned'],
      ['createRef', 'planned'],
      ['createRef', 'planned'],
    ]);
    const args = effects(p).map((e) => e.data?.args as Record<string, unknown>);
    expect(args[0]).toMatchObject({ tag: 'v1.0.0', object_sha: r.rcSha });
    expect(args[3]).toMatchObject({
      name: 'shop-linux-x64.tar.gz',
      label: 'Linux x64',
      content_type: 'application/gzip',
      size: 300_000,
    });
    expect(args.slice(-2).map((a) => a.ref)).toEqual(['refs/tags/v1', 'refs/tags/v1.0']);
    expect(p.journal.of('step').map((e) => [e.name, e.status])).toEqual([
      ['find the RC', 'done'],
      ['preconditions', 'done'],
      ['GA tag', 'planned'],
      ['GA release', 'planned'],
      ['assets', 'planned'],
      ['publish', 'planned'],
      ['floating tags', 'planned'],
    ]);
  });
});

describe('convergence', () => {
  /** The GA tag and a draft an earlier run left (the RC's notes, as that run gave them). */
  function leftover(r: EmuRepo, assets: { name: string; data: Buffer }[] = []) {
    r.emu.seed.tag('v1.0.0', r.rcSha, { annotated: true });
    const d = { tag: 'v1.0.0', sha: r.rcSha, name: 'v1.0.0', body: RC_BODY, draft: true, assets };
    return r.emu.seed.release(d);
  }

  it('reuses a leftover draft and replaces an asset whose upload never completed', async () => {
    const r = await repo();
    const draft = leftover(r, [{ name: 'shop-linux-x64.tar.gz', data: Buffer.from('partial') }]);
    // an interrupted upload of the first asset: GitHub keeps it as "starter", without a digest
    Object.assign(
      r.emu.state.assets.find((a) => a.release_id === draft.id)!,
      { state: 'starter', digest: null },
    );
    r.emu.resetRequests();
    const p = await r.run();
    expect(opsIn(r)).toContain('repos/list-releases');
    expect(p.recovered).toEqual(
      expect.arrayContaining([`draft release ${draft.id} for v1.0.0 left by an earlier run is reused`]),
    );
    expect(p.assets.map((a) => [a.name, a.action])).toEqual([
      ['shop-linux-x64.tar.gz', 'replaced'],
      ['checksums.txt', 'copied'],
    ]);
    expect(writesIn(r)).toContain('DELETE repos/delete-release-asset');
    expectOneGa(r);
    expect(gaState(r.emu).published[0]!.id).toBe(draft.id);
  });

  it('a leftover draft beyond the first page of releases is found in the full list', async () => {
    const r = await repo();
    const draft = leftover(r);
    for (let i = 0; i < 150; i++) r.emu.seed.release({ tag: `v0.0.${i + 1}` });
    r.emu.resetRequests();
    await r.run();
    // one page of the newest releases, then the whole list (two pages)
    expect(opsIn(r).filter((o) => o === 'repos/list-releases')).toHaveLength(3);
    expect(gaState(r.emu).published[0]!.id).toBe(draft.id);
    expectOneGa(r);
  });

  it('a published GA release missing an asset gets it; on an immutable one that is an error', async () => {
    const r = await repo();
    r.emu.seed.tag('v1.0.0', r.rcSha, { annotated: true });
    r.emu.seed.release({ tag: 'v1.0.0', sha: r.rcSha, body: RC_BODY, assets: [r.assets[0]!] });
    const p = await r.run();
    expect(p.assets.map((a) => a.action)).toEqual(['present', 'copied']);
    expectOneGa(r);

    const imm = await repo({ immutableReleases: true });
    imm.emu.seed.tag('v1.0.0', imm.rcSha);
    imm.emu.seed.release({ tag: 'v1.0.0', sha: imm.rcSha });
    await expect(imm.run()).rejects.toThrow(
      'is published and immutable but lacks shop-linux-x64.tar.gz, checksums.txt',
    );
  });
});

describe('asset verification', () => {
  it('a copy whose bytes differ is deleted and the run fails; the re-run copies it again', async () => {
    const r = await repo();
    const flipping = withUpload(r.gh, async (release, asset) => {
      const chunks: Buffer[] = [];
      for await (const c of asset.data as AsyncIterable<Buffer>) chunks.push(c);
      const data = Buffer.concat(chunks);
      data[10] = data[10]! ^ 0xff; // one flipped byte on the way
      return r.gh.uploadReleaseAsset(release, { ...asset, data });
    });
    const err = await r.run({}, { gh: flipping }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ExternalError);
    expect((err as Error).message).toMatch(
      /asset shop-linux-x64\.tar\.gz was not copied intact \(uploaded asset reports sha256:\w+, the bytes sent hash to sha256:\w+\); the bad copy was deleted/,
    );
    const draft = r.emu.state.releases.find((x) => x.tag_name === 'v1.0.0')!;
    expect(r.emu.state.assets.filter((a) => a.release_id === draft.id)).toEqual([]);
    await r.run();
    expectOneGa(r);
  });

  it('a download that does not match the RC digest is refused', async () => {
    const r = await repo();
    const rc = rcRelease(r);
    r.emu.state.assets.filter((a) => a.release_id === rc.id)[1]!.digest = `sha256:${'0'.repeat(64)}`;
    await expect(r.run()).rejects.toThrow(
      /checksums\.txt was not copied intact \(downloaded bytes hash to sha256:\w+, the RC asset reports sha256:0+\)/,
    );
  });

  it('streams: the engine hands the upload a stream, never a buffer', async () => {
    const r = await repo();
    const seen: string[] = [];
    const watching = withUpload(r.gh, (release, asset) => {
      seen.push(Buffer.isBuffer(asset.data) ? 'buffer' : asset.data instanceof Readable ? 'stream' : '?');
      return r.gh.uploadReleaseAsset(release, asset);
    });
    await r.run({}, { gh: watching });
    expect(seen).toEqual(['stream', 'stream']);
  });
});

describe('edit-release', () => {
  it('edits the RC in place and says the tag cannot change; a re-run converges', async () => {
    const r = await repo();
    const rc = rcRelease(r);
    const p = await r.run({ strategy: 'edit-release' });
    expect(writesIn(r)).toEqual(['PATCH repos/update-release']);
    expect(rcRelease(r)).toMatchObject({
      name: 'v1.0.0',
      prerelease: false,
      tag_name: 'v1.0.0-rc4',
      body: RC_BODY,
    });
    expect(p).toMatchObject({
      outcome: 'promoted',
      releaseTag: 'v1.0.0-rc4',
      gaTag: 'v1.0.0',
      release: { id: rc.id },
    });
    expect(p.notes[0]).toContain('edit-release keeps the tag v1.0.0-rc4');
    expect(effects(p)[0]!.data?.args).toMatchObject({
      id: rc.id,
      name: 'v1.0.0',
      prerelease: false,
      make_latest: 'true',
    });
    r.emu.resetRequests();
    const again = await r.run({ strategy: 'edit-release' });
    expect(again).toMatchObject({ outcome: 'converged', changed: false });
    expect(again.preconditions.find((c) => c.name === 'rc-prerelease')?.detail).toContain(
      'already promoted in place',
    );
    expect(writesIn(r)).toEqual([]);
  });

  it('refuses when the GA tag exists (the version was promoted with new-release)', async () => {
    const r = await repo();
    await r.run();
    const p = await r.run({ strategy: 'edit-release' });
    expect(p.outcome).toBe('blocked');
    expect(p.preconditions.find((c) => c.name === 'ga-tag')?.detail).toContain(
      'would make a second GA release',
    );
  });

  it('with generate-notes, the notes gain the generated part', async () => {
    const r = await repo();
    await r.run({ strategy: 'edit-release', generateNotes: true });
    expect(rcRelease(r).body).toMatch(
      /^## RC4\n- tenant filter fixed\n\n## What's Changed\n.*compare\/v0\.9\.0\.\.\.v1\.0\.0-rc4$/s,
    );
  });
});

describe('floating tags', () => {
  it('creates v1 and v1.0, moves existing ones, and never moves one past a higher release', async () => {
    const r = await repo();
    r.emu.seed.tag('v1', r.emu.seed.commit('old'));
    const p = await r.run({ floatingTags: true });
    expect(tagTarget(r.emu, 'v1')).toEqual({ commit: r.rcSha, annotated: false });
    expect(tagTarget(r.emu, 'v1.0')).toEqual({ commit: r.rcSha, annotated: false });
    expect(
      effects(p)
        .slice(-2)
        .map((e) => e.name),
    ).toEqual(['updateRef', 'createRef']);

    const higher = await repo();
    higher.emu.seed.release({ tag: 'v1.2.0', sha: higher.emu.seed.commit('1.2') });
    const old = higher.emu.seed.commit('old');
    higher.emu.seed.tag('v1', old);
    const p2 = await higher.run({ floatingTags: true });
    expect(tagTarget(higher.emu, 'v1').commit).toBe(old);
    expect(tagTarget(higher.emu, 'v1.0').commit).toBe(higher.rcSha);
    expect(p2.notes).toContain('floating tag v1 left where it is: v1.2.0 is a higher release of that line');
  });
});
