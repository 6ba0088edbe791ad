/**
 * A small in-memory GitHubPort for the promotion's logic tests: the release, ref and asset rules the
 * engine relies on (drafts not found by tag, publishing creates a missing tag, immutable releases
 * lock assets, the release list stops at 1,000), and call counting plus crash injection — before a
 * call is processed, or after it was processed but before its answer arrives (which the emulator's
 * crash fault does not model). Truth is checked against the GitHub emulator in promote-emulator.test.ts.
 */
import { createHash } from 'node:crypto';
import { Readable } from 'node:stream';
import { ExternalError } from '../../src/errors.js';
import type {
  CheckRun,
  CommitStatus,
  GitHubPort,
  GitRef,
  Release,
  ReleaseAsset,
  ReleaseInput,
  ReleaseUpdate,
} from '../../src/ports/github.js';

interface FakeAsset {
  id: number;
  name: string;
  label: string | null;
  contentType: string;
  data: Buffer;
  /** Set when complete; null for an interrupted upload. */
  digest: string | null;
}
interface FakeRelease {
  id: number;
  tagName: string;
  target: string;
  name: string | null;
  body: string | null;
  draft: boolean;
  prerelease: boolean;
  immutable: boolean;
  createdAt: string;
  publishedAt: string | null;
  assets: FakeAsset[];
}

export class Crash extends ExternalError {
  constructor(call: string) {
    super(`connection reset during ${call}`);
  }
}

const sha256 = (b: Buffer) => `sha256:${createHash('sha256').update(b).digest('hex')}`;
const notImplemented = (name: string) => () => {
  throw new Error(`fake GitHubPort: ${name} is not used by the promotion`);
};

export class FakeGitHub implements GitHubPort {
  readonly repo = { owner: 'acme', repo: 'shop' };
  refs = new Map<string, { sha: string; type: 'commit' | 'tag' }>();
  tagObjects = new Map<string, { tag: string; message: string; object: string }>();
  releases: FakeRelease[] = [];
  checkRuns = new Map<string, CheckRun[]>();
  statuses = new Map<string, CommitStatus[]>();
  calls: string[] = [];
  immutableReleases = false;
  /** Calls with index >= crashAt fail; `crashAfterEffect` makes the crashing call happen first. */
  crashAt: number | null = null;
  crashAfterEffect = false;
  private ids = 100;
  now = '2026-01-05T10:00:00Z';

  // ---- seeding ----
  commit(): string {
    return createHash('sha1').update(String(this.ids++)).digest('hex');
  }
  tag(name: string, sha: string, annotated = false): void {
    if (annotated) {
      const obj = this.commit();
      this.tagObjects.set(obj, { tag: name, message: name, object: sha });
      this.refs.set(`refs/tags/${name}`, { sha: obj, type: 'tag' });
    } else this.refs.set(`refs/tags/${name}`, { sha, type: 'commit' });
  }
  release(r: {
    tag: string;
    sha?: string;
    name?: string;
    body?: string;
    draft?: boolean;
    prerelease?: boolean;
    publishedAt?: string;
    assets?: { name: string; data: Buffer; contentType?: string; label?: string }[];
  }): FakeRelease {
    const sha = r.sha ?? this.commit();
    if (!r.draft && !this.refs.has(`refs/tags/${r.tag}`)) this.tag(r.tag, sha);
    const rel: FakeRelease = {
      id: this.ids++,
      tagName: r.tag,
      target: sha,
      name: r.name ?? r.tag,
      body: r.body ?? null,
      draft: r.draft ?? false,
      prerelease: r.prerelease ?? false,
      immutable: !r.draft && this.immutableReleases,
      createdAt: r.publishedAt ?? this.now,
      publishedAt: r.draft ? null : (r.publishedAt ?? this.now),
      assets: (r.assets ?? []).map((a) => ({
        id: this.ids++,
        name: a.name,
        label: a.label ?? null,
        contentType: a.contentType ?? 'application/octet-stream',
        data: a.data,
        digest: sha256(a.data),
      })),
    };
    this.releases.push(rel);
    return rel;
  }
  green(sha: string): void {
    this.checkRuns.set(sha, [
      { id: this.ids++, name: 'build', status: 'completed', conclusion: 'success', htmlUrl: null },
    ]);
  }
  writes(): string[] {
    return this.calls.filter((c) => !/^(get|list|resolve|download)/.test(c));
  }

  // ---- plumbing ----
  private async call<T>(name: string, fn: () => T | Promise<T>): Promise<T> {
    const index = this.calls.length;
    this.calls.push(name);
    if (this.crashAt !== null && index >= this.crashAt) {
      if (this.crashAfterEffect && index === this.crashAt) await fn();
      throw new Crash(name);
    }
    return fn();
  }
  private fail(status: number, message: string): never {
    throw new ExternalError(message, { status });
  }
  private toRelease(r: FakeRelease): Release {
    return {
      id: r.id,
      tagName: r.tagName,
      targetCommitish: r.target,
      name: r.name,
      body: r.body,
      draft: r.draft,
      prerelease: r.prerelease,
      immutable: r.immutable,
      htmlUrl: `https://github.com/acme/shop/releases/${r.draft ? `untagged-${r.id}` : `tag/${r.tagName}`}`,
      uploadUrl: `https://uploads.github.com/repos/acme/shop/releases/${r.id}/assets{?name,label}`,
      createdAt: r.createdAt,
      publishedAt: r.publishedAt,
      assets: r.assets.map((a) => this.toAsset(a)),
    };
  }
  private toAsset(a: FakeAsset): ReleaseAsset {
    return {
      id: a.id,
      name: a.name,
      label: a.label,
      contentType: a.contentType,
      size: a.data.length,
      digest: a.digest,
      browserDownloadUrl: `https://example/${a.name}`,
    };
  }
  private publish(r: FakeRelease, latest?: string): void {
    void latest;
    if (!this.refs.has(`refs/tags/${r.tagName}`))
      this.refs.set(`refs/tags/${r.tagName}`, { sha: r.target, type: 'commit' });
    r.draft = false;
    r.publishedAt = this.now;
    if (this.immutableReleases) r.immutable = true;
  }

  // ---- GitHubPort ----
  getReleaseByTag(tag: string) {
    return this.call(`getReleaseByTag ${tag}`, () => {
      const r = this.releases.find((x) => !x.draft && x.tagName === tag);
      return r ? this.toRelease(r) : null;
    });
  }
  getRelease(id: number) {
    return this.call(`getRelease ${id}`, () => {
      const r = this.releases.find((x) => x.id === id);
      return r ? this.toRelease(r) : null;
    });
  }
  listReleases(opts: { maxPages?: number } = {}) {
    return this.call(`listReleases ${opts.maxPages ?? 'all'}`, () =>
      [...this.releases]
        .sort((a, b) => b.id - a.id)
        .slice(0, Math.min(1000, (opts.maxPages ?? 10) * 100))
        .map((r) => this.toRelease(r)),
    );
  }
  createRelease(input: ReleaseInput) {
    return this.call(`createRelease ${input.tagName}${input.draft ? ' draft' : ''}`, () => {
      const ref = this.refs.get(`refs/tags/${input.tagName}`);
      const r: FakeRelease = {
        id: this.ids++,
        tagName: input.tagName,
        target: ref ? this.peel(ref.sha) : (input.targetCommitish ?? 'main'),
        name: input.name ?? null,
        body: input.body ?? null,
        draft: true,
        prerelease: input.prerelease ?? false,
        immutable: false,
        createdAt: this.now,
        publishedAt: null,
        assets: [],
      };
      if (!input.draft && this.releases.some((x) => !x.draft && x.tagName === input.tagName))
        this.fail(422, 'already_exists');
      this.releases.push(r);
      if (!input.draft) this.publish(r, input.makeLatest);
      return this.toRelease(r);
    });
  }
  updateRelease(id: number, u: ReleaseUpdate) {
    return this.call(`updateRelease ${id}${u.draft === false ? ' publish' : ''}`, () => {
      const r = this.releases.find((x) => x.id === id) ?? this.fail(404, 'Not Found');
      if (r.immutable && u.tagName !== undefined && u.tagName !== r.tagName)
        this.fail(422, 'Cannot change tag_name of an immutable release');
      if (u.name !== undefined) r.name = u.name;
      if (u.body !== undefined) r.body = u.body;
      if (u.prerelease !== undefined) r.prerelease = u.prerelease;
      if (r.draft && u.draft === false) this.publish(r, u.makeLatest);
      return this.toRelease(r);
    });
  }
  generateReleaseNotes(opts: { tagName: string; previousTagName?: string }) {
    return this.call(`generateReleaseNotes ${opts.tagName}`, () => ({
      name: opts.tagName,
      body: `## What's Changed since ${opts.previousTagName ?? 'the start'}`,
    }));
  }
  downloadReleaseAsset(assetId: number) {
    return this.call(`downloadReleaseAsset ${assetId}`, () => {
      const a =
        this.releases.flatMap((r) => r.assets).find((x) => x.id === assetId) ?? this.fail(404, 'Not Found');
      const chunks: Buffer[] = [];
      for (let i = 0; i < a.data.length; i += 64 * 1024) chunks.push(a.data.subarray(i, i + 64 * 1024));
      return Readable.from(chunks);
    });
  }
  uploadReleaseAsset(
    release: Release,
    asset: {
      name: string;
      label?: string | null;
      contentType: string;
      size: number;
      data: Readable | Buffer;
    },
  ) {
    return this.call(`uploadReleaseAsset ${asset.name}`, async () => {
      const r = this.releases.find((x) => x.id === release.id) ?? this.fail(404, 'Not Found');
      if (r.immutable) this.fail(422, 'Cannot modify an asset of an immutable release');
      if (r.assets.some((a) => a.name === asset.name)) this.fail(422, 'already_exists');
      const chunks: Buffer[] = [];
      if (Buffer.isBuffer(asset.data)) chunks.push(asset.data);
      else for await (const c of asset.data) chunks.push(c as Buffer);
      const data = Buffer.concat(chunks);
      const a: FakeAsset = {
        id: this.ids++,
        name: asset.name,
        label: asset.label ?? null,
        contentType: asset.contentType,
        data,
        digest: sha256(data),
      };
      r.assets.push(a);
      return this.toAsset(a);
    });
  }
  deleteReleaseAsset(assetId: number) {
    return this.call(`deleteReleaseAsset ${assetId}`, () => {
      for (const r of this.releases) {
        const i = r.assets.findIndex((a) => a.id === assetId);
        if (i >= 0) {
          if (r.immutable) this.fail(422, 'immutable');
          r.assets.splice(i, 1);
          return;
        }
      }
      this.fail(404, 'Not Found');
    });
  }
  getRef(ref: string) {
    return this.call(`getRef ${ref}`, () => {
      const full = `refs/${ref.replace(/^refs\//, '')}`;
      const r = this.refs.get(full);
      return r ? { ref: full, ...r } : null;
    });
  }
  listMatchingRefs(prefix: string) {
    return this.call(`listMatchingRefs ${prefix}`, () =>
      [...this.refs.entries()]
        .filter(([k]) => k.startsWith(`refs/${prefix}`))
        .map(([ref, r]): GitRef => ({ ref, sha: r.sha, type: r.type })),
    );
  }
  createRef(ref: string, sha: string) {
    return this.call(`createRef ${ref}`, () => {
      if (this.refs.has(ref)) this.fail(422, 'Reference already exists');
      const type = this.tagObjects.has(sha) ? ('tag' as const) : ('commit' as const);
      this.refs.set(ref, { sha, type });
      return { ref, sha, type };
    });
  }
  updateRef(ref: string, sha: string, force: boolean) {
    return this.call(`updateRef ${ref}`, () => {
      void force;
      const full = `refs/${ref.replace(/^refs\//, '')}`;
      if (!this.refs.has(full)) this.fail(422, 'Reference does not exist');
      this.refs.set(full, { sha, type: 'commit' });
      return { ref: full, sha, type: 'commit' };
    });
  }
  createTagObject(input: { tag: string; message: string; objectSha: string }) {
    return this.call(`createTagObject ${input.tag}`, () => {
      const sha = this.commit();
      this.tagObjects.set(sha, { tag: input.tag, message: input.message, object: input.objectSha });
      return sha;
    });
  }
  private peel(sha: string): string {
    let s = sha;
    while (this.tagObjects.has(s)) s = this.tagObjects.get(s)!.object;
    return s;
  }
  resolveTagCommit(tag: string) {
    return this.call(`resolveTagCommit ${tag}`, () => {
      const r = this.refs.get(`refs/tags/${tag}`);
      return r ? this.peel(r.sha) : null;
    });
  }
  listCheckRuns(ref: string) {
    return this.call(`listCheckRuns ${ref.slice(0, 7)}`, () => this.checkRuns.get(ref) ?? []);
  }
  listCommitStatuses(ref: string) {
    return this.call(`listCommitStatuses ${ref.slice(0, 7)}`, () => this.statuses.get(ref) ?? []);
  }

  getDefaultBranch = notImplemented('getDefaultBranch') as GitHubPort['getDefaultBranch'];
  getLatestRelease = notImplemented('getLatestRelease') as GitHubPort['getLatestRelease'];
  listReleaseAssets = notImplemented('listReleaseAssets') as GitHubPort['listReleaseAssets'];
  getReleaseAsset = notImplemented('getReleaseAsset') as GitHubPort['getReleaseAsset'];
  updateReleaseAsset = notImplemented('updateReleaseAsset') as GitHubPort['updateReleaseAsset'];
  deleteRelease = notImplemented('deleteRelease') as GitHubPort['deleteRelease'];
  deleteRef = notImplemented('deleteRef') as GitHubPort['deleteRef'];
  createCheckRun = notImplemented('createCheckRun') as GitHubPort['createCheckRun'];
  updateCheckRun = notImplemented('updateCheckRun') as GitHubPort['updateCheckRun'];
  createCommitStatus = notImplemented('createCommitStatus') as GitHubPort['createCommitStatus'];
  createDeployment = notImplemented('createDeployment') as GitHubPort['createDeployment'];
  createDeploymentStatus = notImplemented('createDeploymentStatus') as GitHubPort['createDeploymentStatus'];
  /** No deployment is recorded in this fake: soak counts from the RC's publication. */
  listDeployments: GitHubPort['listDeployments'] = async () => [];
  listDeploymentStatuses = notImplemented('listDeploymentStatuses') as GitHubPort['listDeploymentStatuses'];
  findIssues = notImplemented('findIssues') as GitHubPort['findIssues'];
  createIssue = notImplemented('createIssue') as GitHubPort['createIssue'];
  updateIssue = notImplemented('updateIssue') as GitHubPort['updateIssue'];
  createIssueComment = notImplemented('createIssueComment') as GitHubPort['createIssueComment'];
  listIssueComments = notImplemented('listIssueComments') as GitHubPort['listIssueComments'];
  createPullRequest = notImplemented('createPullRequest') as GitHubPort['createPullRequest'];

  /** Every non-draft release of `tag`, and drafts of it. */
  gaReleases(tag: string): FakeRelease[] {
    return this.releases.filter((r) => r.tagName === tag);
  }
}
