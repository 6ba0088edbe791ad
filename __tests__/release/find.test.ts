/** Finding RCs and the previous stable release through tags, against the GitHub emulator. */
import { afterEach, describe, expect, it } from '@jest/globals';
import { ConfigError } from '../../src/errors.js';
import type { GitHubPort } from '../../src/ports/index.js';
import { findPreviousStable, findRc } from '../../src/release/find.js';
import { startEmulator, type Emulator } from '../../support/github-emulator/index.js';
import { portOn } from './emulator-repo.js';

const open: Emulator[] = [];
const ghOf = async (tags: string[]) => (await repo(tags)).gh;
afterEach(async () => {
  await Promise.all(open.splice(0).map((e) => e.close()));
});

interface Repo {
  emu: Emulator;
  gh: GitHubPort;
  /** The reads made since the last call, as `<operation> <tag or prefix>`; then forgotten. */
  calls(): string[];
}

/** A repository whose releases are `tags` (those with a `-` are prereleases), each on its own commit. */
async function repo(tags: string[] = []): Promise<Repo> {
  const emu = await startEmulator({ owner: 'acme', repo: 'shop' });
  open.push(emu);
  for (const t of tags) emu.seed.release({ tag: t, sha: emu.seed.commit(t), prerelease: t.includes('-') });
  const gh = await portOn(emu);
  emu.resetRequests();
  return {
    emu,
    gh,
    calls() {
      const seen = emu.requests.map((q) => {
        const at = decodeURIComponent(q.path.split('?')[0]!).replace(
          /^.*\/(matching-refs|releases\/tags)\//,
          '',
        );
        return `${q.operationId} ${at}`;
      });
      emu.resetRequests();
      return seen;
    },
  };
}

describe('findRc', () => {
  it('finds an RC by tag with one listing and one release read', async () => {
    const { gh, calls } = await repo(['v0.9.0', 'v1.0.0-rc3', 'v1.0.0-rc4']);
    const r = await findRc(gh, { rcTag: 'v1.0.0-rc4' });
    expect(r).toMatchObject({ rcTag: 'v1.0.0-rc4', gaTag: 'v1.0.0', gaRef: null, newer: [] });
    expect(r.release?.tagName).toBe('v1.0.0-rc4');
    expect(calls()).toEqual(['git/list-matching-refs tags/v1.0.0', 'repos/get-release-by-tag v1.0.0-rc4']);
  });

  it.each([
    ['v1.0.0-rc.4', ['v1.0.0-rc4'], 'v1.0.0-rc4', 'v1.0.0'],
    ['v1.0.0-rc4', ['v1.0.0-rc.4'], 'v1.0.0-rc.4', 'v1.0.0'],
    ['1.0.0-rc4', ['v1.0.0-rc4'], 'v1.0.0-rc4', 'v1.0.0'],
    ['v1.0.0-rc4', ['1.0.0-rc.4'], '1.0.0-rc.4', '1.0.0'],
    ['v1.0.0-rc4+b1', ['v1.0.0-rc4+b2'], 'v1.0.0-rc4+b2', 'v1.0.0'],
  ])(
    'asked for %s, finds the spelling the repository has (%j) and keeps its prefix style',
    async (asked, tags, found, ga) => {
      const r = await findRc((await repo(tags)).gh, { rcTag: asked });
      expect(r.rcTag).toBe(found);
      expect(r.gaTag).toBe(ga);
      expect(r.release?.tagName).toBe(found);
    },
  );

  it('by version: the highest RC by semver (rc10 > rc9 > rc.2), in either prefix style', async () => {
    const tags = ['v1.0.0-rc9', 'v1.0.0-rc10', 'v1.0.0-rc.2', 'v1.0.0-beta.30', 'v1.0.1-rc1', 'v1.0.00-rc99'];
    const { gh } = await repo(tags);
    expect((await findRc(gh, { version: '1.0.0' })).rcTag).toBe('v1.0.0-rc10');
    expect((await findRc(gh, { version: 'v1.0.0' })).rcTag).toBe('v1.0.0-rc10');
    expect((await findRc((await repo(['1.0.0-rc.11', '1.0.0-rc9'])).gh, { version: 'v1.0.0' })).rcTag).toBe(
      '1.0.0-rc.11',
    );
  });

  it('by version, RC labels compare whatever their case: RC11 is above rc2, RC2 above rc1', async () => {
    expect((await findRc(await ghOf(['v2.0.0-rc2', 'v2.0.0-RC11']), { version: '2.0.0' })).rcTag).toBe(
      'v2.0.0-RC11',
    );
    expect((await findRc(await ghOf(['v2.0.0-RC11']), { version: '2.0.0' })).rcTag).toBe('v2.0.0-RC11');
    expect((await findRc(await ghOf(['v1.0.0-rc1', 'v1.0.0-RC2']), { version: '1.0.0' })).rcTag).toBe(
      'v1.0.0-RC2',
    );
    const r = await findRc(await ghOf(['v1.0.0-rc1', 'v1.0.0-RC2', 'v1.0.0-Rc.3']), { rcTag: 'v1.0.0-rc1' });
    expect(r.newer.map((t) => t.tag)).toEqual(['v1.0.0-Rc.3', 'v1.0.0-RC2']);
    // asked in one case, found in the other: the same RC
    expect((await findRc(await ghOf(['v1.0.0-RC4']), { rcTag: 'v1.0.0-rc4' })).rcTag).toBe('v1.0.0-RC4');
  });

  it('by version, a betas-only version has no RC', async () => {
    const r = await findRc(await ghOf(['v1.0.0-beta.3']), { version: '1.0.0' });
    expect(r.rcRef).toBeNull();
    expect(r.searched).toEqual(['1.0.0*', 'v1.0.0*']);
  });

  it('reports newer prereleases and the GA tag from the same listing', async () => {
    const { gh, calls } = await repo(['v1.0.0-rc4', 'v1.0.0-rc.5', 'v1.0.0-rc10', 'v1.0.0']);
    const r = await findRc(gh, { rcTag: 'v1.0.0-rc4' });
    expect(r.newer.map((t) => t.tag)).toEqual(['v1.0.0-rc10', 'v1.0.0-rc.5']);
    expect(r.gaRef?.ref).toBe('refs/tags/v1.0.0');
    expect(calls().filter((c) => c.includes('list'))).toHaveLength(1);
  });

  it('rc.1 and rc1 are the same RC: neither is newer than the other', async () => {
    const r = await findRc(await ghOf(['v1.0.0-rc1', 'v1.0.0-rc.1']), { rcTag: 'v1.0.0-rc1' });
    expect(r.rcTag).toBe('v1.0.0-rc1');
    expect(r.newer).toEqual([]);
  });

  it('a missing tag is reported, not thrown', async () => {
    const r = await findRc(await ghOf(['v1.0.0-rc3']), { rcTag: 'v1.0.0-rc4' });
    expect(r).toMatchObject({
      rcRef: null,
      release: null,
      rcTag: 'v1.0.0-rc4',
      searched: ['v1.0.0*', '1.0.0*'],
    });
  });

  it.each([
    [{ rcTag: 'v1.0.0' }, 'rc-tag', 'is not a prerelease'],
    [{ rcTag: 'latest' }, 'rc-tag', 'expected a release candidate tag'],
    [{ version: '1.0.0-rc4' }, 'version', 'expected a version such as 1.0.0'],
    [{ version: '1.0' }, 'version', 'expected a version such as 1.0.0'],
    [{}, 'rc-tag', 'set rc-tag'],
  ])('%j is an input error', async (sel, input, message) => {
    const err = await findRc(await ghOf([]), sel).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ConfigError);
    expect((err as ConfigError).problems[0]).toMatchObject({ file: `input ${input}` });
    expect((err as Error).message).toContain(message);
  });
});

describe('findPreviousStable', () => {
  it('skips prereleases, drafts, demoted releases and tags without a release', async () => {
    const { emu, gh } = await repo(['v0.8.0', 'v0.9.0']);
    const seed = (tag: string, o: { prerelease?: boolean; draft?: boolean } = {}) =>
      emu.seed.release({ tag, sha: emu.seed.commit(tag), ...o });
    seed('v0.9.1', { prerelease: true }); // demoted (rolled back)
    seed('v0.9.2', { draft: true }); // a draft: its tag does not exist
    emu.seed.tag('v0.9.3', emu.seed.commit('x')); // a tag without a release
    seed('v0.9.4', { draft: true });
    emu.seed.tag('v0.9.4', emu.seed.commit('y')); // tag exists, only a draft release
    seed('v1.0.0-rc1', { prerelease: true });
    seed('v1.0.0');
    const prev = await findPreviousStable(gh, 'v1.0.0');
    expect(prev?.tag).toBe('v0.9.0');
    expect(await findPreviousStable(gh, 'v0.9.0')).toMatchObject({ tag: 'v0.8.0' });
    expect(await findPreviousStable(gh, 'v0.8.0')).toBeNull();
  });

  it('narrows: same minor, then same major, then the previous major, then everything', async () => {
    const { gh, calls } = await repo([
      'v0.5.0',
      'v1.0.0',
      'v1.2.0',
      'v1.2.1',
      'v1.3.0',
      'v2.0.0',
      'v3.1.0',
      'v3.1.2',
    ]);
    expect((await findPreviousStable(gh, 'v3.1.2'))?.tag).toBe('v3.1.0');
    expect(calls()).toEqual(['git/list-matching-refs tags/v3.1.', 'repos/get-release-by-tag v3.1.0']);
    calls();
    expect((await findPreviousStable(gh, 'v1.2.1'))?.tag).toBe('v1.2.0');
    expect((await findPreviousStable(gh, 'v1.3.0'))?.tag).toBe('v1.2.1');
    calls();
    expect((await findPreviousStable(gh, 'v3.0.0'))?.tag).toBe('v2.0.0');
    expect(calls()).toEqual(['git/list-matching-refs tags/v2.', 'repos/get-release-by-tag v2.0.0']);
    calls();
    expect((await findPreviousStable(gh, 'v2.0.0-rc1'))?.tag).toBe('v1.3.0');
    expect((await findPreviousStable(gh, 'v1.0.0'))?.tag).toBe('v0.5.0');
    expect((await findPreviousStable(gh, 'v3.0.0+b'))?.tag).toBe('v2.0.0');
  });

  it('falls back to every tag when the previous major has no stable release', async () => {
    const { gh, calls } = await repo(['v1.4.0', 'v2.0.0-rc1', 'v4.0.0']);
    expect((await findPreviousStable(gh, 'v4.0.0'))?.tag).toBe('v1.4.0');
    expect(calls()).toEqual([
      'git/list-matching-refs tags/v3.',
      'git/list-matching-refs tags/v',
      'repos/get-release-by-tag v1.4.0',
    ]);
  });

  it('keeps to the prefix style of the version (or the one asked)', async () => {
    const { gh } = await repo(['0.9.0', 'v0.8.0']);
    expect((await findPreviousStable(gh, '1.0.0'))?.tag).toBe('0.9.0');
    expect((await findPreviousStable(gh, 'v1.0.0'))?.tag).toBe('v0.8.0');
    expect((await findPreviousStable(gh, 'v1.0.0', { prefix: '' }))?.tag).toBe('0.9.0');
  });

  it('does not stop at 10.x for 1.x (matching refs are prefixes)', async () => {
    const { gh } = await repo(['v1.0.0', 'v10.0.0', 'v1.1.0']);
    expect((await findPreviousStable(gh, 'v1.2.0'))?.tag).toBe('v1.1.0');
    expect((await findPreviousStable(gh, 'v2.0.0'))?.tag).toBe('v1.1.0');
  });
});
