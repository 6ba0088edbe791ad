/**
 * API requests per promotion (rc-to-ga, strategy new-release), counted at the GitHub emulator, against
 * the least possible; and how the count grows with the number of releases in the repository.
 *
 * The least possible for a release candidate without assets, named by `rc-tag`, with a lightweight tag
 * (what `gh release create` makes), is 7 requests:
 *   reads  (4)  GET releases/tags/<rc>          the RC: notes, prerelease flag, publish date, assets
 *               GET git/matching-refs/tags/<v>  in one listing: the RC commit, whether the GA tag
 *                                               exists, and whether a newer RC exists
 *               GET commits/<sha>/check-runs    the two halves of "is the RC commit green"
 *               GET commits/<sha>/statuses
 *   writes (3)  POST git/tags, POST git/refs    an annotated tag is an object plus a ref
 *               POST releases                   created published with make_latest (no asset to attach)
 * None can go: the release JSON carries no commit sha, so a ref must be read; check runs and statuses
 * are separate APIs; an annotated tag takes two calls; the release must be created.
 * With assets the release is created as a draft and published at the end (+1: the draft keeps the
 * promotion working with immutable releases), and each asset costs 3: the API's 302 to storage, the
 * storage download, the upload. `requests_per_asset` is measured as (requests with 3 assets − requests
 * with 1 asset) / 2.
 * Nothing in the normal path reads the release list, so `requests_1500_releases` must equal `requests`.
 *
 * Targets: requests = minimum, requests_1500_releases = requests.
 */
import { createGitHubPort } from '../src/github/create.js';
import { FakeClock } from '../src/adapters/clock.js';
import { silentLogger } from '../src/ports/index.js';
import { promote } from '../src/promote/run.js';
import { startEmulator } from '../support/github-emulator/index.js';

export const MINIMUM = 7;
const NOW = Date.UTC(2026, 0, 5, 10, 0, 0);

async function measure(opts: { extraReleases?: number; assets?: number }): Promise<number> {
  const emu = await startEmulator({ owner: 'acme', repo: 'shop' });
  try {
    emu.seed.release({ tag: 'v0.9.0', sha: emu.seed.commit('base'), publishedAt: '2025-12-01T00:00:00Z' });
    for (let i = 1; i <= (opts.extraReleases ?? 0); i++)
      emu.seed.release({ tag: `v0.9.1-nightly.${i}`, prerelease: true });
    const sha = emu.seed.commit('fix: tenant filter');
    emu.seed.release({
      tag: 'v1.0.0-rc4',
      sha,
      prerelease: true,
      body: '## RC4',
      publishedAt: new Date(NOW - 30 * 3_600_000),
      assets: Array.from({ length: opts.assets ?? 0 }, (_, i) => ({
        name: `shop-${i}.tar.gz`,
        data: Buffer.alloc(64 * 1024, i),
      })),
    });
    emu.seed.checkRun(sha, { name: 'build', status: 'completed', conclusion: 'success' });
    emu.seed.status(sha, { context: 'ci/e2e', state: 'success' });
    const gh = await createGitHubPort({
      token: 'ghs_bench',
      owner: 'acme',
      repo: 'shop',
      baseUrl: emu.url,
      logger: silentLogger,
      retries: 0,
      retryAfterBaseMs: 1,
    });
    emu.resetRequests();
    const result = await promote(
      { gh, clock: new FakeClock(NOW), logger: silentLogger },
      {
        rcTag: 'v1.0.0-rc4',
        strategy: 'new-release',
        minSoakMs: 0,
        skip: [],
        floatingTags: false,
        generateNotes: false,
        ignoreChecks: [],
        allowNoChecks: false,
        dryRun: false,
      },
    );
    const ga = emu.state.releases.filter((r) => r.tag_name === 'v1.0.0');
    if (
      result.outcome !== 'promoted' ||
      ga.length !== 1 ||
      ga[0]!.draft ||
      emu.state.assets.filter((a) => a.release_id === ga[0]!.id).length !== (opts.assets ?? 0)
    ) {
      throw new Error(`the promotion did not complete: ${result.outcome}, ${ga.length} GA release(s)`);
    }
    return emu.requests.length;
  } finally {
    await emu.close();
  }
}

export default async function promoteApi(): Promise<string> {
  const requests = await measure({});
  const large = await measure({ extraReleases: 1498 });
  const one = await measure({ assets: 1 });
  const three = await measure({ assets: 3 });
  const perAsset = (three - one) / 2;
  return `bench promote-api: requests=${requests} minimum=${MINIMUM} requests_1500_releases=${large} requests_per_asset=${perAsset}`;
}
