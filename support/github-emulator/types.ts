/**
 * Public types of the GitHub REST API emulator. Records use GitHub's snake_case field names so
 * that what a test inspects in `emu.state` reads like what the API returns.
 */

export interface EmulatorOptions {
  owner: string;
  repo: string;
  /** Releases become immutable once published (assets and tag locked, tag name never reusable). */
  immutableReleases?: boolean;
  /** Reject requests without an `authorization` header with 401 (default true). */
  requireAuth?: boolean;
  /** When set, only `token <token>` / `Bearer <token>` is accepted; anything else gets 401 Bad credentials. */
  token?: string;
  /** Port to listen on (default 0: any free port). Always binds 127.0.0.1. */
  port?: number;
  /** Primary rate limit reported in `x-ratelimit-*` headers (default 5000, reset hourly). */
  rateLimit?: number;
  /** Enforce the primary rate limit: when `remaining` hits 0, answer 403 until the reset (default false). */
  enforceRateLimit?: boolean;
  /** Time source for timestamps (default: the system clock). */
  now?: () => Date;
  /** Testing hook: rewrite a JSON body just before it is sent (used to prove the contract test can fail). */
  transformResponse?: (info: ResponseInfo) => unknown;
}

export interface ResponseInfo {
  operationId: string | null;
  method: string;
  path: string;
  status: number;
  body: unknown;
}

export type FaultKind =
  | 'status'
  | 'secondary-rate-limit'
  | 'rate-limit'
  | 'latency'
  | 'crash'
  /** The real answer's headers and half its body, then the connection is reset. */
  | 'cut-body'
  /** 200 with an HTML page instead of JSON (a proxy's error page). */
  | 'invalid-json'
  /** The real answer, with a Link rel="next" pointing back at the same page. */
  | 'loop-link'
  /** The real answer, with a Link rel="next" pointing at `linkTo` (another host). */
  | 'foreign-link'
  /**
   * The request is served — a create is applied to the state — but its answer is lost on the way
   * back: replaced by a proxy's 502 (`lostAs: 'bad-gateway'`, the default) or a reset connection
   * (`lostAs: 'reset'`). An answer that is an error anyway (a 422) is sent as it is.
   */
  | 'lost-answer';

/** Faults that let the route answer, then alter what is sent. */
export const MANGLING_FAULTS: readonly FaultKind[] = [
  'cut-body',
  'invalid-json',
  'loop-link',
  'foreign-link',
  'lost-answer',
];

export interface FaultSpec {
  /** Only requests with this method match (case-insensitive). */
  method?: string;
  /** Only requests whose path (without the query string) matches. */
  path?: RegExp;
  kind: FaultKind;
  /** For kind 'status' (default 500). */
  status?: number;
  /** For 'secondary-rate-limit' (`retry-after`, default 1) and 'rate-limit' (reset in N s, default 60). */
  retryAfterS?: number;
  /** For kind 'latency'. */
  latencyMs?: number;
  /** For kind 'foreign-link': the origin the next page points at, e.g. `http://127.0.0.2:9`. */
  linkTo?: string;
  /** For kind 'lost-answer': how the answer is lost (default 'bad-gateway'). */
  lostAs?: 'bad-gateway' | 'reset';
  /** The first N matching requests pass untouched; the fault applies from request N+1 (default 0). */
  afterRequests?: number;
  /** How many times the fault applies before it is spent (default: forever). */
  times?: number;
}

export interface FaultHandle {
  readonly spec: Readonly<FaultSpec>;
  /** Matching requests seen so far. */
  readonly seen: number;
  /** Times the fault was applied. */
  readonly fired: number;
  remove(): void;
}

export interface Faults {
  add(spec: FaultSpec): FaultHandle;
  /** Removes every fault and ends a crash: the server answers again, with its state intact. */
  clear(): void;
  /** True once a 'crash' fault fired, until clear(). */
  readonly crashed: boolean;
  readonly list: readonly FaultHandle[];
}

/** Which requests a waiter wants: the method, and the path without its query string. */
export interface RequestMatch {
  method?: string;
  path: RegExp;
}

export interface RequestLogEntry {
  method: string;
  /** Path and query string as received. */
  path: string;
  /** Status sent; 0 when no response was sent (crash, or the client went away). */
  status: number;
  /** The GitHub operation served (e.g. `repos/create-release`), null for storage and unknown routes. */
  operationId: string | null;
  /** Set when a fault answered (or swallowed) the request. */
  fault?: FaultKind;
}

export interface GitUser {
  name: string;
  email: string;
  date: string;
}

export interface CommitRecord {
  sha: string;
  message: string;
  parents: string[];
  tree: string;
  author: GitUser;
  committer: GitUser;
}

export interface TagObjectRecord {
  sha: string;
  tag: string;
  message: string;
  object: { sha: string; type: string };
  tagger: GitUser;
}

export interface ReleaseRecord {
  id: number;
  tag_name: string;
  target_commitish: string;
  name: string | null;
  body: string | null;
  draft: boolean;
  prerelease: boolean;
  /** True once published on a repository with immutable releases. */
  immutable: boolean;
  created_at: string;
  published_at: string | null;
  updated_at: string;
  /** A random suffix for the draft's `untagged-…` URL. */
  untagged: string;
}

export interface AssetRecord {
  id: number;
  release_id: number;
  name: string;
  label: string | null;
  content_type: string;
  /** 'starter' while uploading, and forever if the upload was interrupted (as GitHub does). */
  state: 'uploaded' | 'starter';
  size: number;
  digest: string | null;
  download_count: number;
  created_at: string;
  updated_at: string;
  /** The bytes as received (never concatenated): `Buffer.concat(asset.chunks)` to inspect. */
  chunks: Buffer[];
  /** Secret part of the storage URL the 302 points at. */
  storage_token: string;
}

export type DeploymentState =
  'error' | 'failure' | 'inactive' | 'in_progress' | 'queued' | 'pending' | 'success';

export interface DeploymentStatusRecord {
  id: number;
  deployment_id: number;
  state: DeploymentState;
  description: string;
  environment: string;
  target_url: string;
  log_url: string;
  environment_url: string;
  created_at: string;
  updated_at: string;
}

export interface DeploymentRecord {
  id: number;
  sha: string;
  ref: string;
  task: string;
  payload: Record<string, unknown> | string;
  environment: string;
  original_environment: string;
  description: string | null;
  transient_environment: boolean;
  production_environment: boolean;
  created_at: string;
  updated_at: string;
  /** Oldest first. */
  statuses: DeploymentStatusRecord[];
}

export type CheckStatus = 'queued' | 'in_progress' | 'completed' | 'waiting' | 'requested' | 'pending';
export type CheckConclusion =
  'success' | 'failure' | 'neutral' | 'cancelled' | 'skipped' | 'timed_out' | 'action_required';

export interface CheckRunRecord {
  id: number;
  head_sha: string;
  name: string;
  status: CheckStatus;
  conclusion: CheckConclusion | null;
  external_id: string | null;
  details_url: string | null;
  started_at: string | null;
  completed_at: string | null;
  output: { title: string | null; summary: string | null; text: string | null; annotations: unknown[] };
}

export type CommitState = 'error' | 'failure' | 'pending' | 'success';

export interface StatusRecord {
  id: number;
  sha: string;
  state: CommitState;
  context: string;
  description: string | null;
  target_url: string | null;
  created_at: string;
  updated_at: string;
}

export interface LabelRecord {
  id: number;
  name: string;
  color: string;
  description: string | null;
}

export interface CommentRecord {
  id: number;
  issue_number: number;
  body: string;
  created_at: string;
  updated_at: string;
}

export interface IssueRecord {
  id: number;
  number: number;
  title: string;
  body: string | null;
  state: 'open' | 'closed';
  state_reason: 'completed' | 'reopened' | 'not_planned' | 'duplicate' | null;
  /** Label names (labels are auto-created in `state.labels`). */
  labels: string[];
  assignees: string[];
  created_at: string;
  updated_at: string;
  closed_at: string | null;
  /** Pull requests are issues too (shared numbering; they show in the issue list, as on GitHub). */
  is_pull_request: boolean;
  comments: CommentRecord[];
}

export interface PullRecord {
  id: number;
  number: number;
  title: string;
  body: string | null;
  state: 'open' | 'closed';
  draft: boolean;
  head: string;
  base: string;
  head_sha: string;
  base_sha: string;
  created_at: string;
  updated_at: string;
}

export interface SeedAsset {
  name: string;
  data: Buffer;
  contentType?: string;
  label?: string;
}

export interface SeedRelease {
  tag: string;
  /** Commit for the tag (default: the head of the default branch). */
  sha?: string;
  name?: string;
  body?: string;
  draft?: boolean;
  prerelease?: boolean;
  createdAt?: string | Date;
  publishedAt?: string | Date;
  /** Default 'legacy': the latest release follows creation date, then semver. */
  makeLatest?: 'true' | 'false' | 'legacy';
  assets?: SeedAsset[];
}

export interface Seed {
  /** Adds a commit on top of `branch` (default: the default branch) and returns its sha. */
  commit(message?: string, opts?: { branch?: string; date?: string | Date }): string;
  /** Creates (or moves) `refs/heads/<name>` at `sha` (default: the default branch head). */
  branch(name: string, sha?: string): void;
  /** Creates `refs/tags/<name>`; `annotated` also creates a tag object. Returns the ref's object sha. */
  tag(name: string, sha: string, opts?: { annotated?: boolean; message?: string }): string;
  /** Creates a release as the API would (tag created when published) and returns its JSON. */
  release(input: SeedRelease): Record<string, unknown>;
  checkRun(
    sha: string,
    input: { name: string; status?: CheckStatus; conclusion?: CheckConclusion | null },
  ): Record<string, unknown>;
  status(
    sha: string,
    input: { context: string; state: CommitState; description?: string; targetUrl?: string },
  ): Record<string, unknown>;
}

/** The emulator's in-memory state; mutable on purpose (tests may inspect and tweak it). */
export interface EmulatorStateView {
  readonly owner: string;
  readonly repo: string;
  readonly defaultBranch: string;
  readonly commits: Map<string, CommitRecord>;
  /** Full ref name (`refs/tags/v1.0.0`) → object sha (a commit, or a tag object for annotated tags). */
  readonly refs: Map<string, string>;
  /** Annotated tag objects by sha. */
  readonly tags: Map<string, TagObjectRecord>;
  readonly releases: ReleaseRecord[];
  readonly assets: AssetRecord[];
  readonly deployments: DeploymentRecord[];
  readonly checkRuns: CheckRunRecord[];
  readonly statuses: StatusRecord[];
  readonly issues: IssueRecord[];
  readonly labels: LabelRecord[];
  readonly pulls: PullRecord[];
  /** Tag names once used by a published immutable release: never reusable. */
  readonly lockedTagNames: Set<string>;
}

export interface Emulator {
  /** Base URL (no trailing slash), e.g. http://127.0.0.1:41234 — use as GITHUB_API_URL. */
  readonly url: string;
  readonly owner: string;
  readonly repo: string;
  readonly seed: Seed;
  readonly state: EmulatorStateView;
  readonly faults: Faults;
  /** Every request received, in arrival order. */
  readonly requests: readonly RequestLogEntry[];
  resetRequests(): void;
  /**
   * The first request matching `match` since the last reset: at once when the log holds one, else
   * when one arrives (before any fault or handler has its say) — what a test synchronises on.
   */
  waitForRequest(match: RequestMatch): Promise<RequestLogEntry>;
  /** The JSON GitHub would return for a release (or null), handy for assertions. */
  releaseJson(id: number): Record<string, unknown> | null;
  /** The latest release as `GET /releases/latest` would answer, or null. */
  latestRelease(): ReleaseRecord | null;
  close(): Promise<void>;
}
