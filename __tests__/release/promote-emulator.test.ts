/**
 * The promotion against the GitHub emulator through the real GitHub port (Octokit): what GitHub would
 * hold after each run, byte for byte, including after a crash between any two requests.
 */
import { afterEach, describe, expect, it } from '@jest/globals';
import { Readable, Transform } from 'node:stream';
import { FakeClock } from '../../src/adapters/clock.js';
import { ExternalError } from '../../src/errors.js';
import { silentLogger, type GitHubPort } from '../../src/ports/index.js';
import { promote } from '../../src/promote/run.js';
import { findPreviousStable, findRc } from '../../src/release/find.js';
import {
  effects,
  emuRepo,
  gaState,
  NOW,
  pattern,
  settings,
  sha256,
  tagTarget,
  writesIn,
  type EmuRepo,
} from './emulator-repo.js';

const open: EmuRepo[] = [];
async function repo(...args: Parameters<typeof emuRepo>): Promise<EmuRepo> {
  const r = await emuRepo(...args);
  open.push(r);
  return r;
}
afterEach(async () => {
  await Promise.all(open.splice(0).map((r) => r.close()));
});

function expectPromoted(r: EmuRepo, opts: { immutable?: boolean; body?: string | RegExp } = {}) {
  const ga = gaState(r.emu);
  expect({ releases: ga.releases.length, drafts: ga.drafts }).toEqual({ releases: 1, drafts: 0 });
  const rel = ga.published[0]!;
  expect(rel).toMatchObject({ prerelease: false, name: 'v1.0.0', immutable: opts.immutable ?? false });
  expect(rel.body).toMatch(opts.body ?? /^## RC4\n- tenant filter fixed$/);
  expect(ga.assets).toEqual(
    r.assets.map((a) => ({
      name: a.name,
      label: a.label ?? null,
      contentType: a.contentType ?? 'application/octet-stream',
      state: 'uploaded',
      sha256: sha256(a.data),
      size: a.data.length,
    })),
  );
  expect(tagTarget(r.emu, 'v1.0.0')).toEqual({ commit: r.rcSha, annotated: true });
  expect(r.emu.latestRelease()?.tag_name).toBe('v1.0.0');
}

describe('new-release against the emulator', () => {
  it('promotes with the RC notes and byte-exact assets, and a re-run writes nothing', async () => {
    const r = await repo();
    const result = await r.run();
    expect(result).toMatchObject({
      outcome: 'promoted',
      changed: true,
      gaTag: 'v1.0.0',
      releaseTag: 'v1.0.0',
      rcCommit: r.rcSha,
    });
    expectPromoted(r);
    expect(writesIn(r)).toEqual([
      'POST git/create-tag',
      'POST git/create-ref',
      'POST repos/create-release',
      'POST repos/upload-release-asset',
      'POST repos/upload-release-asset',
      'PATCH repos/update-release',
    ]);
    // the RC release is untouched
    expect(r.emu.state.releases.find((x) => x.tag_name === 'v1.0.0-rc4')).toMatchObject({
      prerelease: true,
      draft: false,
      name: 'v1.0.0-rc4',
    });
    expect(result.release?.url).toMatch(/\/releases\/tag\/v1\.0\.0$/);

    r.emu.resetRequests();
    const again = await r.run();
    expect(again).toMatchObject({ outcome: 'converged', changed: false });
    expect(effects(again)).toEqual([]);
    expect(writesIn(r)).toEqual([]);
    expectPromoted(r);
  });

  it('copies an asset over 50 MB byte-exact, streamed without holding it in memory', async () => {
    const big = pattern(52 * 1024 * 1024 + 123);
    const r = await repo({
      assets: [{ name: 'shop-full.tar.gz', data: big, contentType: 'application/gzip', label: 'Full image' }],
    });
    // measure, at the port boundary, how many bytes the engine holds between download and upload
    let produced = 0;
    let consumed = 0;
    let maxInFlight = 0;
    const track = () => (maxInFlight = Math.max(maxInFlight, produced - consumed));
    const metered = new Proxy(r.gh, {
      get(target, prop, receiver) {
        if (prop === 'downloadReleaseAsset') {
          return async (id: number) => {
            const src = await target.downloadReleaseAsset(id);
            const counter = new Transform({
              transform(chunk: Buffer, _e, cb) {
                produced += chunk.length;
                track();
                cb(null, chunk);
              },
            });
            src.once('error', (e) => counter.destroy(e));
            return src.pipe(counter);
          };
        }
        if (prop === 'uploadReleaseAsset') {
          return (
            release: Parameters<GitHubPort['uploadReleaseAsset']>[0],
            asset: Parameters<GitHubPort['uploadReleaseAsset']>[1],
          ) => {
            expect(Buffer.isBuffer(asset.data)).toBe(false);
            async function* count(src: AsyncIterable<Buffer>) {
              for await (const c of src) {
                consumed += c.length;
                yield c;
              }
            }
            return target.uploadReleaseAsset(release, {
              ...asset,
              data: Readable.from(count(asset.data as Readable), { objectMode: false }),
            });
          };
        }
        const v = Reflect.get(target, prop, receiver);
        return typeof v === 'function' ? v.bind(target) : v;
      },
    }) as GitHubPort;
    const result = await promote(
      { gh: metered, clock: new FakeClock(NOW), logger: silentLogger },
      settings(),
    );
    expect(result.outcome).toBe('promoted');
    expect(produced).toBe(big.length);
    expect(consumed).toBe(big.length);
    expect(maxInFlight).toBeLessThan(4 * 1024 * 1024);
    expect(result.assets).toEqual([
      { name: 'shop-full.tar.gz', size: big.length, sha256: sha256(big), action: 'copied' },
    ]);
    expect(gaState(r.emu).assets).toEqual([
      {
        name: 'shop-full.tar.gz',
        label: 'Full image',
        contentType: 'application/gzip',
        state: 'uploaded',
        sha256: sha256(big),
        size: big.length,
      },
    ]);
  }, 60_000);

  it('works on a repository with immutable releases (draft first, publish last)', async () => {
    const r = await repo({ immutableReleases: true });
    await r.run();
    expectPromoted(r, { immutable: true });
    r.emu.resetRequests();
    expect((await r.run()).outcome).toBe('converged');
    expect(writesIn(r)).toEqual([]);
  });

  it('follows an annotated RC tag to its commit', async () => {
    const r = await repo({ annotatedRc: true });
    await r.run();
    expectPromoted(r);
  });

  it('dry run: reads only, and lists every write it would make', async () => {
    const r = await repo();
    const result = await r.run({ dryRun: true, floatingTags: true });
    expect(r.emu.requests.every((q) => q.method === 'GET')).toBe(true);
    expect(effects(result).map((w) => [w.name, w.status])).toEqual([
      ['createTagObject', 'planned'],
      ['createRef', 'planned'],
      ['createRelease', 'planned'],
      ['uploadReleaseAsset', 'planned'],
      ['uploadReleaseAsset', 'planned'],
      ['updateRelease', 'planned'],
      ['createRef', 'planned'],
      ['createRef', 'planned'],
    ]);
    expect(gaState(r.emu).releases).toEqual([]);
  });

  it('appends generated notes since the previous GA', async () => {
    const r = await repo();
    const result = await r.run({ generateNotes: true });
    expect(result.previousStable).toBe('v0.9.0');
    const body = gaState(r.emu).published[0]!.body!;
    expect(body).toMatch(
      /^## RC4\n- tenant filter fixed\n\n## What's Changed\n\* fix: tenant filter by @.* in \w{7}\n\* fix: login by @/,
    );
    expect(body).toContain('compare/v0.9.0...v1.0.0');
  });
});

describe('edit-release against the emulator', () => {
  it.each([false, true])(
    'edits the RC in place (immutable releases: %p); the tag stays the RC tag',
    async (immutableReleases) => {
      const r = await repo({ immutableReleases });
      const result = await r.run({ strategy: 'edit-release', floatingTags: true });
      expect(result).toMatchObject({ outcome: 'promoted', releaseTag: 'v1.0.0-rc4' });
      const rc = r.emu.state.releases.find((x) => x.tag_name === 'v1.0.0-rc4')!;
      expect(rc).toMatchObject({ name: 'v1.0.0', prerelease: false, draft: false });
      expect(r.emu.latestRelease()?.tag_name).toBe('v1.0.0-rc4');
      expect(r.emu.state.refs.has('refs/tags/v1.0.0')).toBe(false);
      expect(tagTarget(r.emu, 'v1')).toEqual({ commit: r.rcSha, annotated: false });
      expect(tagTarget(r.emu, 'v1.0')).toEqual({ commit: r.rcSha, annotated: false });
      r.emu.resetRequests();
      expect(await r.run({ strategy: 'edit-release', floatingTags: true })).toMatchObject({
        outcome: 'converged',
        changed: false,
      });
      expect(writesIn(r)).toEqual([]);
    },
  );
});

describe('a crash between any two requests, then a re-run', () => {
  it.each([false, true])(
    'ends with exactly one GA release with every asset (immutable releases: %p)',
    async (immutableReleases) => {
      const probe = await repo({ immutableReleases });
      await probe.run({ floatingTags: true });
      const total = probe.emu.requests.length;
      expect(total).toBeGreaterThanOrEqual(14);
      await probe.close();
      open.length = 0;
      for (let n = 1; n < total; n++) {
        const r = await repo({ immutableReleases });
        r.emu.faults.add({ kind: 'crash', afterRequests: n });
        const err = await r.run({ floatingTags: true }).catch((e: unknown) => e);
        expect({ n, error: err instanceof ExternalError }).toEqual({ n, error: true });
        // the run stops at the failed request; after a create whose answer was lost it first asks
        // GitHub whether the create happened (exactly once), which fails too while GitHub is down
        const failed = r.emu.requests[n]!;
        const create =
          failed.method === 'POST' &&
          /\/(releases|deployments|issues|comments|git\/refs|check-runs|pulls)$/.test(failed.path);
        expect(r.emu.requests.length).toBe(n + 1 + (create ? 1 : 0));
        r.emu.faults.clear();
        const again = await r.run({ floatingTags: true });
        expect({ n, outcome: again.outcome }).toEqual({
          n,
          outcome: expect.stringMatching(/^(promoted|converged)$/),
        });
        expectPromoted(r, { immutable: immutableReleases });
        expect(tagTarget(r.emu, 'v1')).toEqual({ commit: r.rcSha, annotated: false });
        await r.close();
        open.length = 0;
      }
    },
    60_000,
  );
});

describe('a write made whose answer is lost, then the process dies, then a re-run', () => {
  it('ends with exactly one GA release with every asset, and a third run writes nothing', async () => {
    const probe = await repo();
    await probe.run({ floatingTags: true });
    const total = probe.emu.requests.length;
    await probe.close();
    open.length = 0;
    for (let n = 0; n < total; n++) {
      const r = await repo();
      // request n is served (a write is applied) but its answer never arrives; GitHub is gone after it
      r.emu.faults.add({ kind: 'crash', afterRequests: n + 1 });
      r.emu.faults.add({ kind: 'lost-answer', lostAs: 'reset', afterRequests: n, times: 1 });
      const err = await r.run({ floatingTags: true }).catch((e: unknown) => e);
      expect({ n, error: err instanceof ExternalError }).toEqual({ n, error: true });
      r.emu.faults.clear();
      const again = await r.run({ floatingTags: true });
      expect({ n, outcome: again.outcome }).toEqual({
        n,
        outcome: expect.stringMatching(/^(promoted|converged)$/),
      });
      expectPromoted(r);
      expect(tagTarget(r.emu, 'v1')).toEqual({ commit: r.rcSha, annotated: false });
      r.emu.resetRequests();
      expect((await r.run({ floatingTags: true })).outcome).toBe('converged');
      expect(writesIn(r)).toEqual([]);
      await r.close();
      open.length = 0;
    }
  }, 60_000);
});

describe('release candidates and large repositories', () => {
  it('orders RCs by semver: rc10 > rc9, -rc.1 = -rc1, build metadata ignored', async () => {
    const r = await repo();
    const { emu } = r;
    const seed = (tag: string) => {
      emu.seed.release({
        tag,
        sha: emu.seed.commit(tag),
        prerelease: true,
        publishedAt: new Date(NOW - 48 * 3_600_000),
      });
      emu.seed.checkRun(emu.state.refs.get(`refs/tags/${tag}`)!, {
        name: 'build',
        status: 'completed',
        conclusion: 'success',
      });
    };
    for (const t of [
      'v2.0.0-rc9',
      'v2.0.0-rc10',
      'v2.0.0-rc.2',
      'v3.0.0-rc.1',
      'v3.0.0-rc1',
      'v4.0.0-rc.1',
      'v4.0.0-rc.2+build.7',
    ])
      seed(t);

    expect((await findRc(r.gh, { version: '2.0.0' })).rcTag).toBe('v2.0.0-rc10');
    const rc9 = await r.run({ rcTag: 'v2.0.0-rc9', dryRun: true });
    expect(rc9.preconditions.find((p) => p.name === 'newer-rc')).toMatchObject({
      status: 'fail',
      detail: 'newer: v2.0.0-rc10',
    });
    const rc1 = await r.run({ rcTag: 'v3.0.0-rc.1', dryRun: true });
    expect(rc1.preconditions.find((p) => p.name === 'newer-rc')?.status).toBe('pass');
    const built = await r.run({ rcTag: undefined, version: '4.0.0' });
    expect(built).toMatchObject({ outcome: 'promoted', rcTag: 'v4.0.0-rc.2+build.7', gaTag: 'v4.0.0' });
    expect(emu.state.releases.some((x) => x.tag_name === 'v4.0.0' && !x.draft)).toBe(true);
  });

  it('in a repository with 1,500 releases, finds the RC and the previous GA beyond the 1,000 the list shows', async () => {
    const r = await repo();
    const { emu } = r;
    // v0.9.0 is the oldest release; 1,497 newer prereleases push it past the list's 1,000 cap
    for (let i = 1; i <= 1497; i++) emu.seed.release({ tag: `v0.9.1-nightly.${i}`, prerelease: true });
    expect(emu.state.releases).toHaveLength(1500);
    const listed = await r.gh.listReleases();
    expect(listed).toHaveLength(1000);
    expect(listed.some((x) => x.tagName === 'v0.9.0')).toBe(false);

    expect((await findPreviousStable(r.gh, 'v1.0.0'))?.tag).toBe('v0.9.0');
    r.emu.resetRequests();
    const result = await r.run({ rcTag: undefined, version: '1.0.0', generateNotes: true });
    expect(result).toMatchObject({ outcome: 'promoted', rcTag: 'v1.0.0-rc4', previousStable: 'v0.9.0' });
    expect(r.emu.requests.some((q) => q.operationId === 'repos/list-releases')).toBe(false);
    expectPromoted(r, {
      body: /^## RC4\n- tenant filter fixed\n\n## What's Changed\n.*compare\/v0\.9\.0\.\.\.v1\.0\.0$/s,
    });
  }, 30_000);
});
