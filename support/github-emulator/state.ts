/**
 * The emulator's in-memory repository: git objects, refs, releases and the rest, plus the rules
 * that several routes share (resolving a commit-ish, ancestry, which release is latest).
 */
import { createHash, randomBytes } from 'node:crypto';
import type {
  AssetRecord,
  CheckRunRecord,
  CommitRecord,
  DeploymentRecord,
  EmulatorStateView,
  GitUser,
  IssueRecord,
  LabelRecord,
  PullRecord,
  ReleaseRecord,
  StatusRecord,
  TagObjectRecord,
} from './types.js';

export const BOT_LOGIN = 'release-ops-bot';
const BOT_EMAIL = 'release-ops-bot@users.noreply.example';

/** GitHub's timestamps have second precision: `2026-01-05T10:00:00Z`. */
export function isoSeconds(d: Date): string {
  return d.toISOString().replace(/\.\d{3}Z$/, 'Z');
}

export function sha1(text: string): string {
  return createHash('sha1').update(text).digest('hex');
}

export type MakeLatest = 'true' | 'false' | 'legacy';

const ID_BASES = {
  release: 1_000_000,
  asset: 2_000_000,
  deployment: 3_000_000,
  deployment_status: 4_000_000,
  check_run: 5_000_000,
  status: 6_000_000,
  issue: 7_000_000,
  comment: 8_000_000,
  label: 9_000_000,
  pull: 10_000_000,
} as const;

export type IdKind = keyof typeof ID_BASES;

export class EmulatorState implements EmulatorStateView {
  readonly defaultBranch = 'main';
  readonly commits = new Map<string, CommitRecord>();
  readonly refs = new Map<string, string>();
  readonly tags = new Map<string, TagObjectRecord>();
  readonly releases: ReleaseRecord[] = [];
  readonly assets: AssetRecord[] = [];
  readonly deployments: DeploymentRecord[] = [];
  readonly checkRuns: CheckRunRecord[] = [];
  readonly statuses: StatusRecord[] = [];
  readonly issues: IssueRecord[] = [];
  readonly labels: LabelRecord[] = [];
  readonly pulls: PullRecord[] = [];
  readonly lockedTagNames = new Set<string>();
  /** The release explicitly marked latest (`make_latest: true`); null means the 'legacy' rule decides. */
  explicitLatestId: number | null = null;
  baseUrl = '';
  readonly repoId = 700001;
  readonly repoCreatedAt: string;

  private counters = new Map<string, number>();
  private commitCount = 0;

  constructor(
    readonly owner: string,
    readonly repo: string,
    readonly immutableReleases: boolean,
    private readonly clock: () => Date,
  ) {
    this.repoCreatedAt = this.now();
    this.addCommit('Initial commit', [], this.now());
  }

  now(): string {
    return isoSeconds(this.clock());
  }

  /** Per-kind id sequences, a million apart so that an id of one kind is never valid for another. */
  nextId(kind: IdKind): number {
    const n = (this.counters.get(kind) ?? 0) + 1;
    this.counters.set(kind, n);
    return ID_BASES[kind] + n;
  }

  /** Issues and pull requests share one numbering, as on GitHub. */
  nextNumber(): number {
    const n = (this.counters.get('number') ?? 0) + 1;
    this.counters.set('number', n);
    return n;
  }

  randomToken(): string {
    return randomBytes(12).toString('hex');
  }

  botUser(date: string): GitUser {
    return { name: BOT_LOGIN, email: BOT_EMAIL, date };
  }

  // ── git objects ──────────────────────────────────────────────────────────────────────────────

  addCommit(message: string, parents: string[], date: string): CommitRecord {
    this.commitCount += 1;
    const sha = sha1(`commit ${this.commitCount}\0${parents.join(',')}\0${message}`);
    const commit: CommitRecord = {
      sha,
      message,
      parents,
      tree: sha1(`tree ${sha}`),
      author: this.botUser(date),
      committer: this.botUser(date),
    };
    this.commits.set(sha, commit);
    if (parents.length === 0) this.refs.set(`refs/heads/${this.defaultBranch}`, sha);
    return commit;
  }

  addTagObject(
    tag: string,
    message: string,
    objectSha: string,
    objectType: string,
    tagger: GitUser,
  ): TagObjectRecord {
    const sha = sha1(`tag ${tag}\0${objectSha}\0${message}\0${tagger.date}\0${this.tags.size}`);
    const record: TagObjectRecord = {
      sha,
      tag,
      message,
      object: { sha: objectSha, type: objectType },
      tagger,
    };
    this.tags.set(sha, record);
    return record;
  }

  objectType(sha: string): 'commit' | 'tag' | null {
    if (this.commits.has(sha)) return 'commit';
    if (this.tags.has(sha)) return 'tag';
    return null;
  }

  /** Follows annotated tag objects down to a commit sha. */
  peel(sha: string): string | null {
    let current = sha;
    for (let i = 0; i < 10; i += 1) {
      if (this.commits.has(current)) return current;
      const tag = this.tags.get(current);
      if (!tag) return null;
      current = tag.object.sha;
    }
    return null;
  }

  /**
   * A commit-ish as GitHub accepts it in `{ref}` and `target_commitish`: a sha (full, or an
   * unambiguous prefix of 7+), `refs/heads/x`, `heads/x`, `tags/x`, or a bare branch or tag name.
   */
  resolveCommit(commitish: string): string | null {
    const ref = commitish.replace(/^refs\//, '');
    const candidates = [`refs/${ref}`, `refs/heads/${ref}`, `refs/tags/${ref}`];
    for (const name of candidates) {
      const target = this.refs.get(name);
      if (target) return this.peel(target);
    }
    if (/^[0-9a-f]{7,40}$/.test(commitish)) {
      if (this.commits.has(commitish)) return commitish;
      const matches = [...this.commits.keys()].filter((sha) => sha.startsWith(commitish));
      if (matches.length === 1) return matches[0] ?? null;
    }
    return null;
  }

  /** True when `ancestor` is reachable from `descendant` (a commit is its own ancestor). */
  isAncestor(ancestor: string, descendant: string): boolean {
    const seen = new Set<string>();
    const queue = [descendant];
    while (queue.length > 0) {
      const sha = queue.pop() as string;
      if (sha === ancestor) return true;
      if (seen.has(sha)) continue;
      seen.add(sha);
      queue.push(...(this.commits.get(sha)?.parents ?? []));
    }
    return false;
  }

  /** Commits reachable from `head` but not from `base`, newest first (first-parent walk). */
  commitsBetween(base: string | null, head: string): CommitRecord[] {
    const out: CommitRecord[] = [];
    let current: string | undefined = head;
    while (current && current !== base) {
      const commit = this.commits.get(current);
      if (!commit) break;
      if (base && this.isAncestor(current, base)) break;
      out.push(commit);
      current = commit.parents[0];
    }
    return out;
  }

  // ── releases ─────────────────────────────────────────────────────────────────────────────────

  release(id: number): ReleaseRecord | undefined {
    return this.releases.find((r) => r.id === id);
  }

  asset(id: number): AssetRecord | undefined {
    return this.assets.find((a) => a.id === id);
  }

  assetsOf(releaseId: number): AssetRecord[] {
    return this.assets.filter((a) => a.release_id === releaseId).sort((a, b) => a.id - b.id);
  }

  /** A published release (drafts never count) with this tag. */
  publishedByTag(tag: string): ReleaseRecord | undefined {
    return this.releases.find((r) => !r.draft && r.tag_name === tag);
  }

  /** True when a published immutable release owns this tag: its ref may not move or go away. */
  tagLocked(tagName: string): boolean {
    return this.releases.some((r) => r.immutable && !r.draft && r.tag_name === tagName);
  }

  /** Newest first: by creation time, then id. */
  releasesNewestFirst(): ReleaseRecord[] {
    return [...this.releases].sort((a, b) => b.created_at.localeCompare(a.created_at) || b.id - a.id);
  }

  isLatestCandidate(r: ReleaseRecord): boolean {
    return !r.draft && !r.prerelease;
  }

  /**
   * GitHub's latest release: the one explicitly marked (`make_latest: true`) while it stays a
   * published non-prerelease; otherwise the 'legacy' rule — newest creation date, then higher semver.
   */
  latestRelease(): ReleaseRecord | null {
    if (this.explicitLatestId !== null) {
      const explicit = this.release(this.explicitLatestId);
      if (explicit && this.isLatestCandidate(explicit)) return explicit;
    }
    const candidates = this.releases.filter((r) => this.isLatestCandidate(r));
    candidates.sort(
      (a, b) =>
        b.created_at.localeCompare(a.created_at) || compareSemver(b.tag_name, a.tag_name) || b.id - a.id,
    );
    return candidates[0] ?? null;
  }

  /** Applies `make_latest` to a release that was just created or edited. */
  applyMakeLatest(release: ReleaseRecord, makeLatest: MakeLatest): void {
    if (makeLatest === 'true') {
      // A draft or a prerelease can never be latest: the request is accepted and the flag ignored.
      if (this.isLatestCandidate(release)) this.explicitLatestId = release.id;
    } else if (makeLatest === 'legacy') {
      this.explicitLatestId = null;
    } else if (this.explicitLatestId === release.id) {
      this.explicitLatestId = null;
    }
  }

  // ── labels ───────────────────────────────────────────────────────────────────────────────────

  /** Finds a label by name (case-insensitive), creating it if needed; returns the stored name. */
  ensureLabel(name: string): LabelRecord {
    const existing = this.labels.find((l) => l.name.toLowerCase() === name.toLowerCase());
    if (existing) return existing;
    const label: LabelRecord = {
      id: this.nextId('label'),
      name,
      color: sha1(name).slice(0, 6),
      description: null,
    };
    this.labels.push(label);
    return label;
  }
}

interface ParsedSemver {
  core: [number, number, number];
  pre: string[];
}

function parseSemver(tag: string): ParsedSemver | null {
  const m = /^v?(\d+)\.(\d+)\.(\d+)(?:-([0-9A-Za-z.-]+))?(?:\+[0-9A-Za-z.-]+)?$/.exec(tag);
  if (!m) return null;
  return { core: [Number(m[1]), Number(m[2]), Number(m[3])], pre: m[4] ? m[4].split('.') : [] };
}

/** Semver order of two tags (`v` prefix allowed); tags that are not semver sort lowest. */
export function compareSemver(a: string, b: string): number {
  const pa = parseSemver(a);
  const pb = parseSemver(b);
  if (!pa || !pb) return pa ? 1 : pb ? -1 : 0;
  for (let i = 0; i < 3; i += 1) {
    const d = (pa.core[i] ?? 0) - (pb.core[i] ?? 0);
    if (d !== 0) return Math.sign(d);
  }
  if (pa.pre.length === 0 || pb.pre.length === 0)
    return pa.pre.length === 0 ? (pb.pre.length === 0 ? 0 : 1) : -1;
  for (let i = 0; i < Math.max(pa.pre.length, pb.pre.length); i += 1) {
    const x = pa.pre[i];
    const y = pb.pre[i];
    if (x === undefined) return -1;
    if (y === undefined) return 1;
    const nx = /^\d+$/.test(x) ? Number(x) : null;
    const ny = /^\d+$/.test(y) ? Number(y) : null;
    if (nx !== null && ny !== null && nx !== ny) return Math.sign(nx - ny);
    if (nx !== null && ny === null) return -1;
    if (nx === null && ny !== null) return 1;
    if (x !== y) return x < y ? -1 : 1;
  }
  return 0;
}
