/**
 * The GitHub port: every GitHub call the engine makes, as plain data in and out.
 * Implemented over Octokit in src/github/ (retry, throttling, error mapping); tests run it against
 * the GitHub API emulator in support/github-emulator/. Methods return `null` for "not found" where
 * absence is a normal answer (a tag that does not exist yet); every other failure is an ExternalError.
 */
import type { Readable } from 'node:stream';

export interface RepoRef {
  owner: string;
  repo: string;
}

export interface Release {
  id: number;
  tagName: string;
  targetCommitish: string;
  name: string | null;
  body: string | null;
  draft: boolean;
  prerelease: boolean;
  immutable: boolean;
  htmlUrl: string;
  uploadUrl: string;
  createdAt: string;
  publishedAt: string | null;
  assets: ReleaseAsset[];
}

export interface ReleaseAsset {
  id: number;
  name: string;
  label: string | null;
  contentType: string;
  size: number;
  /** sha256 digest as GitHub reports it (`sha256:<hex>`), when present. */
  digest: string | null;
  browserDownloadUrl: string;
}

/** An asset to upload: `size` is the byte count of `data` (checked for a Buffer). */
export interface ReleaseAssetUpload {
  name: string;
  label?: string | null;
  contentType: string;
  size: number;
  data: Readable | Buffer;
}

export interface ReleaseInput {
  tagName: string;
  targetCommitish?: string;
  name?: string;
  body?: string;
  draft?: boolean;
  prerelease?: boolean;
  makeLatest?: 'true' | 'false' | 'legacy';
  generateReleaseNotes?: boolean;
}

export interface ReleaseUpdate {
  tagName?: string;
  name?: string;
  body?: string;
  draft?: boolean;
  prerelease?: boolean;
  makeLatest?: 'true' | 'false' | 'legacy';
}

export interface GitRef {
  /** Full ref, e.g. `refs/tags/v1.0.0`. */
  ref: string;
  /** The object the ref points at (a commit, or a tag object for annotated tags). */
  sha: string;
  type: 'commit' | 'tag' | string;
}

/** An annotated tag object: the tag's name, its message, and the commit it points at. */
export interface TagObjectInput {
  tag: string;
  message: string;
  objectSha: string;
  tagger?: { name: string; email: string };
}

export interface CheckRun {
  id: number;
  name: string;
  status: 'queued' | 'in_progress' | 'completed' | string;
  conclusion: string | null;
  htmlUrl: string | null;
}

export interface CommitStatus {
  context: string;
  state: 'error' | 'failure' | 'pending' | 'success' | string;
  description: string | null;
  targetUrl: string | null;
}

export interface CommitStatusInput {
  state: 'error' | 'failure' | 'pending' | 'success';
  context: string;
  description?: string;
  targetUrl?: string;
}

export interface CheckAnnotation {
  path: string;
  startLine: number;
  endLine: number;
  level: 'notice' | 'warning' | 'failure';
  message: string;
  title?: string;
}

export interface CheckRunInput {
  name: string;
  headSha: string;
  status?: 'queued' | 'in_progress' | 'completed';
  conclusion?: 'success' | 'failure' | 'neutral' | 'cancelled' | 'skipped' | 'timed_out' | 'action_required';
  detailsUrl?: string;
  title: string;
  summary: string;
  text?: string;
  annotations?: CheckAnnotation[];
}

/** An update of a check run we created: the live view of a run (title, summary, chart so far). */
export interface CheckRunUpdate {
  status?: 'queued' | 'in_progress' | 'completed';
  conclusion?: CheckRunInput['conclusion'];
  detailsUrl?: string;
  title: string;
  summary: string;
  text?: string;
}

export interface Deployment {
  id: number;
  ref: string;
  sha: string;
  environment: string;
  description: string | null;
  createdAt: string;
  /** What the creator attached; release-ops puts the build's tag, the run and the actor here. */
  payload: Record<string, unknown>;
  /** Login of the account that created it (the token's owner), when GitHub says. */
  creator: string | null;
}

export interface DeploymentStatus {
  id: number;
  state: DeploymentState;
  description: string | null;
  createdAt: string;
  logUrl: string | null;
}

export type DeploymentState =
  'error' | 'failure' | 'inactive' | 'in_progress' | 'queued' | 'pending' | 'success';

export interface DeploymentInput {
  ref: string;
  environment: string;
  description?: string;
  payload?: Record<string, unknown>;
  productionEnvironment?: boolean;
  transientEnvironment?: boolean;
  /**
   * Commit-status contexts GitHub must see green before it accepts the deployment. Omitted: all of
   * them (GitHub answers 409 when any is not success). `[]`: none — for callers that ran their own gate.
   */
  requiredContexts?: string[];
}

/** Which deployments to list (all of them when empty); `maxPages` bounds the listing. */
export interface DeploymentQuery {
  ref?: string;
  sha?: string;
  environment?: string;
  maxPages?: number;
}

export interface DeploymentStatusInput {
  state: DeploymentState;
  description?: string;
  environmentUrl?: string;
  logUrl?: string;
  autoInactive?: boolean;
}

export interface Issue {
  number: number;
  title: string;
  body: string | null;
  state: 'open' | 'closed' | string;
  labels: string[];
  htmlUrl: string;
}

export interface PullRequest {
  number: number;
  htmlUrl: string;
  state: string;
}

export interface GitHubPort {
  readonly repo: RepoRef;

  // repository
  getDefaultBranch(): Promise<string>;

  // releases
  getReleaseByTag(tag: string): Promise<Release | null>;
  getRelease(id: number): Promise<Release | null>;
  getLatestRelease(): Promise<Release | null>;
  /** Newest first; GitHub refuses to page past 1,000 releases, so callers must not rely on it alone. */
  listReleases(opts?: { maxPages?: number }): Promise<Release[]>;
  createRelease(input: ReleaseInput): Promise<Release>;
  updateRelease(id: number, update: ReleaseUpdate): Promise<Release>;
  deleteRelease(id: number): Promise<void>;
  generateReleaseNotes(opts: {
    tagName: string;
    targetCommitish?: string;
    previousTagName?: string;
  }): Promise<{ name: string; body: string }>;

  // release assets
  listReleaseAssets(releaseId: number): Promise<ReleaseAsset[]>;
  getReleaseAsset(assetId: number): Promise<ReleaseAsset | null>;
  updateReleaseAsset(assetId: number, update: { name?: string; label?: string }): Promise<ReleaseAsset>;
  /** Streams the asset's bytes (follows the 302 to storage). */
  downloadReleaseAsset(assetId: number): Promise<Readable>;
  uploadReleaseAsset(release: Release, asset: ReleaseAssetUpload): Promise<ReleaseAsset>;
  deleteReleaseAsset(assetId: number): Promise<void>;

  // git refs and tags
  /** `ref` without the `refs/` prefix, e.g. `tags/v1.0.0`. */
  getRef(ref: string): Promise<GitRef | null>;
  /** Every ref starting with `prefix` (e.g. `tags/v1.`), across all pages; not capped at 1,000. */
  listMatchingRefs(prefix: string): Promise<GitRef[]>;
  createRef(ref: string, sha: string): Promise<GitRef>;
  updateRef(ref: string, sha: string, force: boolean): Promise<GitRef>;
  deleteRef(ref: string): Promise<void>;
  /** Creates an annotated tag object; returns its sha (the ref must be created separately). */
  createTagObject(input: TagObjectInput): Promise<string>;
  /** Resolves a tag name to the commit it points at, following annotated tag objects. */
  resolveTagCommit(tag: string): Promise<string | null>;

  // checks and statuses (for the commit `ref`, a sha or a ref name)
  listCheckRuns(ref: string): Promise<CheckRun[]>;
  listCommitStatuses(ref: string): Promise<CommitStatus[]>;
  createCheckRun(input: CheckRunInput): Promise<CheckRun>;
  updateCheckRun(id: number, update: CheckRunUpdate): Promise<CheckRun>;
  createCommitStatus(sha: string, input: CommitStatusInput): Promise<void>;

  // deployments
  createDeployment(input: DeploymentInput): Promise<Deployment>;
  createDeploymentStatus(deploymentId: number, input: DeploymentStatusInput): Promise<void>;
  /** Newest first. `maxPages` bounds the listing (100 a page) where only the newest matter. */
  listDeployments(opts: DeploymentQuery): Promise<Deployment[]>;
  /** Newest first; the first is the deployment's current state. */
  listDeploymentStatuses(deploymentId: number, opts?: { maxPages?: number }): Promise<DeploymentStatus[]>;

  // issues and pull requests
  findIssues(opts: { labels: string[]; state?: 'open' | 'closed' | 'all' }): Promise<Issue[]>;
  createIssue(input: { title: string; body: string; labels?: string[] }): Promise<Issue>;
  updateIssue(
    number: number,
    input: { title?: string; body?: string; state?: 'open' | 'closed'; labels?: string[] },
  ): Promise<Issue>;
  createIssueComment(number: number, body: string): Promise<{ id: number; htmlUrl: string }>;
  listIssueComments(number: number): Promise<{ id: number; body: string }[]>;
  createPullRequest(input: { title: string; head: string; base: string; body: string }): Promise<PullRequest>;
}
