import { describe, expect, it } from '@jest/globals';
import { SpacedGroup } from '../../src/github/create.js';
import {
  encodePath,
  encodeSegment,
  expandUrlTemplate,
  shortRef,
  toRelease,
} from '../../src/github/octokit-port.js';

describe('expandUrlTemplate (a release upload_url)', () => {
  const tpl = 'https://uploads.github.com/repos/acme/shop/releases/7/assets{?name,label}';

  it('expands the form-style query, encoding reserved characters', () => {
    expect(expandUrlTemplate(tpl, { name: 'app 1.0+linux.tar.gz', label: "Linux (x86_64) & more's" })).toBe(
      'https://uploads.github.com/repos/acme/shop/releases/7/assets?name=app%201.0%2Blinux.tar.gz&label=Linux%20%28x86_64%29%20%26%20more%27s',
    );
  });

  it('leaves out variables without a value', () => {
    expect(expandUrlTemplate(tpl, { name: 'a.zip', label: undefined })).toBe(
      'https://uploads.github.com/repos/acme/shop/releases/7/assets?name=a.zip',
    );
    expect(expandUrlTemplate(tpl, { name: 'a.zip', label: null })).toBe(
      'https://uploads.github.com/repos/acme/shop/releases/7/assets?name=a.zip',
    );
    expect(expandUrlTemplate(tpl, {})).toBe('https://uploads.github.com/repos/acme/shop/releases/7/assets');
  });

  it('continues an existing query with & and drops other expressions', () => {
    expect(expandUrlTemplate('https://h/x?a=1{?name}', { name: 'n' })).toBe('https://h/x?a=1&name=n');
    expect(expandUrlTemplate('https://h/x{/id}{?name}', { name: 'n' })).toBe('https://h/x?name=n');
  });
});

describe('ref and path helpers', () => {
  it('shortRef drops refs/', () => {
    expect(shortRef('refs/tags/v1.0.0')).toBe('tags/v1.0.0');
    expect(shortRef('tags/v1.0.0')).toBe('tags/v1.0.0');
  });

  it('encodePath keeps slashes between segments, encodeSegment encodes them', () => {
    expect(encodePath('tags/v1.0.0+build.1')).toBe('tags/v1.0.0%2Bbuild.1');
    expect(encodePath('heads/feature/x y')).toBe('heads/feature/x%20y');
    expect(encodeSegment('release/v1')).toBe('release%2Fv1');
  });
});

describe('toRelease', () => {
  it('maps snake_case JSON and fills absent optional fields', () => {
    expect(
      toRelease({
        id: 1,
        tag_name: 'v1',
        target_commitish: 'main',
        html_url: 'h',
        upload_url: 'u',
        created_at: 'c',
        assets: [
          { id: 2, name: 'a', label: '', content_type: 'text/plain', size: 1, browser_download_url: 'b' },
        ],
      }),
    ).toEqual({
      id: 1,
      tagName: 'v1',
      targetCommitish: 'main',
      name: null,
      body: null,
      draft: false,
      prerelease: false,
      immutable: false,
      htmlUrl: 'h',
      uploadUrl: 'u',
      createdAt: 'c',
      publishedAt: null,
      assets: [
        {
          id: 2,
          name: 'a',
          label: null,
          contentType: 'text/plain',
          size: 1,
          digest: null,
          browserDownloadUrl: 'b',
        },
      ],
    });
  });
});

describe('SpacedGroup (the write spacing handed to plugin-throttling)', () => {
  it('runs one job at a time, starting them at least minTime apart, and passes arguments and results through', async () => {
    const g = new SpacedGroup(60).key('id');
    const starts: number[] = [];
    const job = async (n: number) => {
      starts.push(Date.now());
      return n * 2;
    };
    const results = await Promise.all([
      g.schedule({ priority: 0 }, job, 1),
      g.schedule(job, 2),
      g.schedule({}, job, 3),
    ]);
    expect(results).toEqual([2, 4, 6]);
    expect(starts).toHaveLength(3);
    for (let i = 1; i < starts.length; i++) expect(starts[i]! - starts[i - 1]!).toBeGreaterThanOrEqual(55);
  });

  it('stops spacing once the run is cancelled: a wait under way ends, later jobs start at once', async () => {
    const ctl = new AbortController();
    const g = new SpacedGroup(60_000, ctl.signal);
    const started: string[] = [];
    await g.schedule(() => started.push('first'));
    const second = g.schedule(() => started.push('second'));
    const third = g.schedule(() => started.push('third'));
    // the second waits its minute; the cancel ends that wait
    expect(started).toEqual(['first']);
    ctl.abort(new Error('SIGTERM'));
    await Promise.all([second, third]);
    expect(started).toEqual(['first', 'second', 'third']);
  });

  it('keeps going after a failed job', async () => {
    const g = new SpacedGroup(0);
    await expect(
      g.schedule(() => {
        throw new Error('boom');
      }),
    ).rejects.toThrow('boom');
    await expect(g.schedule(() => 'ok')).resolves.toBe('ok');
  });
});
