/**
 * Our client code replays @octokit/fixtures' recorded GitHub conversations: `release-assets` (upload,
 * list, get, rename, delete an asset) and `release-assets-conflict` (upload → 422 already_exists →
 * find and delete the old asset → upload again). The replay server checks every request we send
 * against the recording, in order.
 */
import { afterEach, describe, expect, it } from '@jest/globals';
import { createReadStream, readFileSync } from 'node:fs';
import { createGitHubPort } from '../../src/github/create.js';
import { OctokitPort } from '../../src/github/octokit-port.js';
import { ExternalError } from '../../src/errors.js';
import { silentLogger } from '../../src/ports/index.js';
import { loadScenario, replay, scenarioFile, type Replay } from './fixture-replay.js';

// The token the fixtures were normalised with (the recordings expect `authorization: token <it>`).
const FIXTURE_TOKEN = '0000000000000000000000000000000000000001';

let active: Replay | undefined;
afterEach(async () => {
  await active?.close();
  active = undefined;
});

async function portFor(scenario: string, repo: string): Promise<{ gh: OctokitPort; r: Replay }> {
  const r = await replay(loadScenario(scenario));
  active = r;
  const gh = await createGitHubPort({
    token: FIXTURE_TOKEN,
    owner: 'octokit-fixture-org',
    repo,
    baseUrl: r.origins['api.github.com']!,
    logger: silentLogger,
    retries: 0,
    retryAfterBaseMs: 5,
  });
  expect(gh).toBeInstanceOf(OctokitPort);
  return { gh: gh as OctokitPort, r };
}

describe('@octokit/fixtures api.github.com/release-assets', () => {
  it('gets the release by tag, streams an upload to its upload_url, lists, reads, renames and deletes the asset', async () => {
    const { gh, r } = await portFor('api.github.com/release-assets', 'release-assets');
    const uploads = r.origins['uploads.github.com']!;

    const release = await gh.getReleaseByTag('v1.0.0');
    expect(release).toEqual({
      id: 1000,
      tagName: 'v1.0.0',
      targetCommitish: '0000000000000000000000000000000000000001',
      name: 'Version 1.0.0',
      body: 'Initial release',
      draft: false,
      prerelease: false,
      immutable: false,
      htmlUrl: 'https://github.com/octokit-fixture-org/release-assets/releases/tag/v1.0.0',
      uploadUrl: `${uploads}/repos/octokit-fixture-org/release-assets/releases/1000/assets{?name,label}`,
      createdAt: '2017-10-10T16:00:00Z',
      publishedAt: '2017-10-10T16:00:00Z',
      assets: [],
    });

    // The recording's own file, sent as a stream with its content-length (checked by the replay).
    const file = scenarioFile('api.github.com/release-assets', 'test-upload.txt');
    const size = readFileSync(file).length;
    const uploaded = await gh.uploadReleaseAsset(release!, {
      name: 'test-upload.txt',
      label: 'test',
      contentType: 'text/plain',
      size,
      data: createReadStream(file),
    });
    expect(uploaded).toEqual({
      id: 1000,
      name: 'test-upload.txt',
      label: 'test',
      contentType: 'text/plain',
      size: 14,
      digest: null,
      browserDownloadUrl:
        'https://github.com/octokit-fixture-org/release-assets/releases/download/v1.0.0/test-upload.txt',
    });

    const listed = await gh.listReleaseAssets(release!.id);
    expect(listed).toEqual([uploaded]);

    const one = await gh.getReleaseAsset(listed[0]!.id);
    expect(one).toEqual(uploaded);

    const renamed = await gh.updateReleaseAsset(1000, { name: 'new-filename.txt', label: 'new label' });
    expect(renamed).toMatchObject({ id: 1000, name: 'new-filename.txt', label: 'new label' });

    await expect(gh.deleteReleaseAsset(1000)).resolves.toBeUndefined();

    expect(r.mismatches).toEqual([]);
    expect(r.pending()).toEqual([]);
    // The upload went to the upload host named by upload_url, everything else to the API host.
    expect(r.received.map((l) => l.split(' ').slice(0, 2).join(' '))).toEqual([
      'GET api.github.com',
      'POST uploads.github.com',
      'GET api.github.com',
      'GET api.github.com',
      'PATCH api.github.com',
      'DELETE api.github.com',
    ]);
  });
});

describe('@octokit/fixtures api.github.com/release-assets-conflict', () => {
  it('turns the 422 already_exists into a clear ExternalError, then replaces the asset', async () => {
    const { gh, r } = await portFor('api.github.com/release-assets-conflict', 'release-assets-conflict');
    const release = (await gh.getReleaseByTag('v1.0.0'))!;
    expect(release.id).toBe(1000);

    const data = Buffer.from('Hello, world!\n');
    const asset = {
      name: 'test-upload.txt',
      label: 'test',
      contentType: 'text/plain',
      size: data.length,
      data,
    };
    const err = await gh.uploadReleaseAsset(release, asset).then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(err).toBeInstanceOf(ExternalError);
    const ext = err as ExternalError;
    expect(ext.status).toBe(422);
    expect(ext.message).toContain('upload asset test-upload.txt to release v1.0.0');
    expect(ext.message).toContain('ReleaseAsset.name already_exists');
    expect(ext.hint).toBe(
      'an asset with this name already exists on the release: delete the existing asset first, or upload under another name',
    );
    expect(ext.message).not.toContain(FIXTURE_TOKEN);
    expect(ext.stack ?? '').not.toContain(FIXTURE_TOKEN);

    // The recovery the scenario records: find the existing asset, delete it, upload again.
    const existing = (await gh.listReleaseAssets(release.id)).find((a) => a.name === asset.name);
    expect(existing).toMatchObject({ id: 1000, name: 'test-upload.txt', label: 'test', size: 14 });
    await gh.deleteReleaseAsset(existing!.id);
    const replaced = await gh.uploadReleaseAsset(release, asset);
    expect(replaced).toMatchObject({
      id: 1001,
      name: 'test-upload.txt',
      label: 'test',
      contentType: 'text/plain',
      size: 14,
    });

    expect(r.mismatches).toEqual([]);
    expect(r.pending()).toEqual([]);
  });
});

describe('the replay server itself', () => {
  it('refuses a request that differs from the recording, so the replays above can fail', async () => {
    const { gh, r } = await portFor('api.github.com/release-assets', 'release-assets');
    // Recorded first: GET …/releases/tags/v1.0.0. Ask for another tag instead.
    await expect(gh.getReleaseByTag('v9.9.9')).rejects.toBeInstanceOf(ExternalError);
    expect(r.mismatches).toHaveLength(1);
    expect(r.mismatches[0]).toContain(
      'expected path /repos/octokit-fixture-org/release-assets/releases/tags/v1.0.0',
    );
    expect(r.pending()).toHaveLength(6);
  });
});
