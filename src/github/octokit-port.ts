/**
 * GitHubPort over an Octokit instance (made by create.ts with the retry and throttling plugins).
 * Maps GitHub's snake_case JSON to the port's camelCase types, pages lists, returns null for a 404 where
 * absence is a normal answer, streams release assets both ways, and turns every other failure into an
 * ExternalError that says what to do (errors.ts).
 */
import { Readable } from 'node:stream';
import type { ReadableStream as WebReadableStream } from 'node:stream/web';
import type { getOctokit } from '@actions/github';
import { CancelledError, ExternalError } from '../errors.js';
import type {
  CheckRun,
  CheckRunInput,
  CheckRunUpdate,
  CommitStatus,
  CommitStatusInput,
  Deployment,
  DeploymentInput,
  DeploymentQuery,
  DeploymentState,
  DeploymentStatus,
  DeploymentStatusInput,
  GitHubPort,
  GitRef,
  Issue,
  Logger,
  PullRequest,
  Release,
  ReleaseAsset,
  ReleaseAssetUpload,
  ReleaseInput,
  ReleaseUpdate,
  RepoRef,
  TagObjectInput,
} from '../ports/index.js';
import { toExternalError, type CallInfo, type Permission } from './errors.js';

export type Octokit = ReturnType<typeof getOctokit>;

export interface OctokitPortOptions {
  owner: string;
  repo: string;
  logger: Logger;
  /** Kept out of every message. */
  token: string;
  /** fetch for the asset storage request (the one Octokit uses, so proxies apply); default global fetch. */
  fetch?: typeof fetch;
  /** Retries of the storage download before its body starts (default 3). */
  retries?: number;
  retryAfterBaseMs?: number;
  userAgent?: string;
  /**
   * The run's cancellation (SIGTERM/SIGINT): a request or wait in flight when it fires is given up at
   * once. A request started after it (the cancelled run recording its end: the deployment status
   * `error`) gets CANCEL_GRACE_MS to finish.
   */
  signal?: AbortSignal;
  /** Most pages one listing may read when the caller gives no bound (default 300: 30,000 items). */
  maxPages?: number;
  /** Told of each GitHub call as it is made: what it does and the token permission it needs. */
  onCall?: (call: CallInfo) => void;
}

/** How long a request made after the run was cancelled may take (its last words: statuses, evidence). */
export const CANCEL_GRACE_MS = 4_000;

/** GitHub lists at most this many releases through the REST API. */
export const RELEASE_LIST_LIMIT = 1000;
/** GitHub accepts at most 50 annotations per check-run request. */
const ANNOTATIONS_PER_REQUEST = 50;
const PER_PAGE = 100;

// ---------------------------------------------------------------------------------------------------
// GitHub's JSON, as far as the port reads it.

interface RawAsset {
  id: number;
  name: string;
  label?: string | null;
  content_type: string;
  size: number;
  digest?: string | null;
  browser_download_url: string;
}
interface RawRelease {
  id: number;
  tag_name: string;
  target_commitish: string;
  name?: string | null;
  body?: string | null;
  draft?: boolean;
  prerelease?: boolean;
  immutable?: boolean;
  html_url: string;
  upload_url: string;
  created_at: string;
  published_at?: string | null;
  assets?: RawAsset[];
}
interface RawRef {
  ref: string;
  object: { sha: string; type: string };
}
interface RawCheckRun {
  id: number;
  name: string;
  status: string;
  conclusion?: string | null;
  html_url?: string | null;
  external_id?: string | null;
}
interface RawStatus {
  id?: number;
  context: string;
  state: string;
  description?: string | null;
  target_url?: string | null;
  created_at?: string;
  updated_at?: string;
}
interface RawDeployment {
  id: number;
  ref: string;
  sha: string;
  environment: string;
  description?: string | null;
  created_at: string;
  payload?: unknown;
  creator?: { login?: unknown } | null;
}
interface RawDeploymentStatus {
  id: number;
  state: string;
  description?: string | null;
  created_at: string;
  log_url?: string | null;
}
const DEPLOYMENT_STATES: readonly string[] = [
  'error',
  'failure',
  'inactive',
  'in_progress',
  'queued',
  'pending',
  'success',
];
interface RawIssue {
  number: number;
  title: string;
  body?: string | null;
  state: string;
  labels?: (string | { name?: string })[];
  html_url: string;
  pull_request?: unknown;
}

export function toAsset(a: RawAsset): ReleaseAsset {
  return {
    id: a.id,
    name: a.name,
    label: a.label ? a.label : null,
    contentType: a.content_type,
    size: a.size,
    digest: a.digest ?? null,
    browserDownloadUrl: a.browser_download_url,
  };
}

export function toRelease(r: RawRelease): Release {
  return {
    id: r.id,
    tagName: r.tag_name,
    targetCommitish: r.target_commitish,
    name: r.name ?? null,
    body: r.body ?? null,
    draft: r.draft === true,
    prerelease: r.prerelease === true,
    immutable: r.immutable === true,
    htmlUrl: r.html_url,
    uploadUrl: r.upload_url,
    createdAt: r.created_at,
    publishedAt: r.published_at ?? null,
    assets: (r.assets ?? []).map(toAsset),
  };
}

function toRef(r: RawRef): GitRef {
  return { ref: r.ref, sha: r.object.sha, type: r.object.type };
}

function toCheckRun(c: RawCheckRun): CheckRun {
  return {
    id: c.id,
    name: c.name,
    status: c.status,
    conclusion: c.conclusion ?? null,
    htmlUrl: c.html_url ?? null,
  };
}

/** GitHub caps deployment and status descriptions at 140 characters (shortened here, after redaction). */
function capDescription(s: string): string {
  return s.length > 140 ? s.slice(0, 139) + '…' : s;
}

/** The URL of `rel="next"` in a Link header, if any. */
function nextLink(header: unknown): string | null {
  if (typeof header !== 'string') return null;
  const m = /<([^>]+)>;\s*rel="next"/.exec(header);
  return m ? m[1]! : null;
}

/** A GET whose answer is not JSON: retried by readValid, then a badAnswer ExternalError. */
class InvalidAnswer extends Error {}

/** A JSON answer: an object or an array, not the text Octokit hands back when parsing failed. */
function isJsonBody(v: unknown): boolean {
  return v !== null && typeof v === 'object';
}

/** `err`, saying how many times the create was tried again (plugin-retry says so for other calls). */
function afterRetries(err: unknown, retries: number): unknown {
  if (!(err instanceof ExternalError) || retries === 0 || /after \d+ retries/.test(err.message)) return err;
  const base = err.hint ? err.message.slice(0, err.message.length - err.hint.length - 3) : err.message;
  return new ExternalError(`${base} after ${retries} retries`, {
    hint: err.hint,
    status: err.status,
    cause: err.cause,
  });
}

/** An answer that is not the shape GitHub documents is a failed read, never data. */
function badAnswer(what: string): ExternalError {
  return new ExternalError(`GitHub's answer for ${what} is not the shape GitHub documents`, {
    hint: 'retry the run; if it persists, a proxy between the runner and GitHub may be altering answers',
  });
}

function toDeployment(d: RawDeployment): Deployment {
  if (
    typeof d !== 'object' ||
    d === null ||
    typeof d.id !== 'number' ||
    typeof d.sha !== 'string' ||
    typeof d.ref !== 'string' ||
    typeof d.environment !== 'string' ||
    typeof d.created_at !== 'string'
  )
    throw badAnswer('a deployment');
  const payload = d.payload;
  const login = d.creator?.login;
  return {
    id: d.id,
    ref: d.ref,
    sha: d.sha,
    environment: d.environment,
    description: d.description ?? null,
    createdAt: d.created_at,
    payload:
      payload !== null && typeof payload === 'object' && !Array.isArray(payload)
        ? (payload as Record<string, unknown>)
        : {},
    creator: typeof login === 'string' ? login : null,
  };
}

function toDeploymentStatus(d: RawDeploymentStatus): DeploymentStatus {
  if (
    typeof d !== 'object' ||
    d === null ||
    typeof d.id !== 'number' ||
    !DEPLOYMENT_STATES.includes(d.state) ||
    typeof d.created_at !== 'string'
  )
    throw badAnswer('a deployment status');
  return {
    id: d.id,
    state: d.state as DeploymentState,
    description: d.description ?? null,
    createdAt: d.created_at,
    logUrl: d.log_url ?? null,
  };
}

/** The marker a create carries (createOnce) is ours: bodies are handed out without it. */
const CREATE_MARKER = /^<!-- release-ops:create \S+ -->\n/;

function toIssue(i: RawIssue): Issue {
  return {
    number: i.number,
    title: i.title,
    body: i.body == null ? null : i.body.replace(CREATE_MARKER, ''),
    state: i.state,
    labels: (i.labels ?? []).map((l) => (typeof l === 'string' ? l : (l.name ?? ''))).filter(Boolean),
    htmlUrl: i.html_url,
  };
}

/** `tags/v1.0.0`, `refs/tags/v1.0.0` → `tags/v1.0.0`. */
export function shortRef(ref: string): string {
  return ref.replace(/^refs\//, '');
}

/** Percent-encodes each path segment, keeping the slashes (`tags/v1.0.0+b` → `tags/v1.0.0%2Bb`), as GitHub's git refs paths are written. */
export function encodePath(path: string): string {
  return path.split('/').map(encodeSegment).join('/');
}

/** One path segment, slashes included (`release/v1` → `release%2Fv1`), as Octokit sends a `{tag}` or `{ref}`. */
export function encodeSegment(s: string): string {
  return encodeURIComponent(s).replace(/[!'()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);
}

/**
 * Expands the RFC 6570 form-style query templates of a hypermedia URL (`…/assets{?name,label}`),
 * leaving out variables without a value, and drops any other template expression.
 */
export function expandUrlTemplate(template: string, vars: Record<string, string | null | undefined>): string {
  let hasQuery = false;
  return template.replace(
    /\{([?&]?)([^}]*)\}|\?/g,
    (match: string, op: string | undefined, names: string | undefined) => {
      if (match === '?') {
        hasQuery = true;
        return match;
      }
      if (!op) return '';
      const pairs = (names ?? '')
        .split(',')
        .map((n) => n.trim())
        .filter((n) => vars[n] !== undefined && vars[n] !== null)
        .map((n) => `${n}=${encodeSegment(vars[n] as string)}`);
      if (!pairs.length) return '';
      const lead = op === '?' && !hasQuery ? '?' : '&';
      hasQuery = true;
      return lead + pairs.join('&');
    },
  );
}

/**
 * An async iterable over `src` that fails clearly when it does not yield exactly `size` bytes; the
 * failure (or the source's own read error) is kept in `failed` so the caller can report it as such.
 */
function exactly(
  src: Readable,
  size: number,
  name: string,
  failed: { error?: Error },
): AsyncGenerator<Buffer> {
  return (async function* () {
    let seen = 0;
    try {
      for await (const chunk of src) {
        const buf = typeof chunk === 'string' ? Buffer.from(chunk) : (chunk as Buffer);
        seen += buf.length;
        if (seen > size) throw new Error(`the stream has more than the declared ${size} bytes`);
        yield buf;
      }
      if (seen !== size) throw new Error(`the stream ended after ${seen} of the declared ${size} bytes`);
    } catch (err) {
      failed.error = err as Error;
      throw err;
    }
  })();
}

type Params = Record<string, unknown>;

export class OctokitPort implements GitHubPort {
  readonly repo: RepoRef;
  private readonly log: Logger;
  private readonly fetch: typeof fetch;
  private readonly retries: number;
  private readonly baseMs: number;
  private readonly signal?: AbortSignal;
  /** Names this run's creates: `<run key>-<n>`, found again after an answer was lost. */
  private readonly runKey = `${process.pid.toString(36)}${Date.now().toString(36)}`;
  private creates = 0;

  /**
   * A create that happens exactly once. GitHub may apply a POST whose answer is then lost (a reset,
   * a timeout, a 5xx from a proxy): such an ambiguous failure is never simply sent again. The create
   * carries a marker (`marker`, unique to this run and call); after the failure `find` looks for an
   * object with it, which is the answer when found; only when none exists is the create retried.
   * Plugin-retry is off for these requests (`request.retries: 0`).
   */
  private async createOnce<T>(
    what: string,
    create: (marker: string) => Promise<T>,
    find: (marker: string) => Promise<T | null | undefined>,
  ): Promise<T> {
    const marker = `release-ops:create ${this.runKey}-${++this.creates}`;
    for (let attempt = 0; ; attempt++) {
      try {
        return await create(marker);
      } catch (err) {
        const status = err instanceof ExternalError ? err.status : undefined;
        const ambiguous = !(err instanceof CancelledError) && (status === undefined || status >= 500);
        if (!ambiguous) throw err;
        // When GitHub cannot be asked either, whether it was made is unknown: stop, never risk a second one
        const found = await find(marker).catch(() => {
          throw err;
        });
        if (found) {
          this.log.warn(`GitHub's answer to "${what}" was lost, but GitHub had done it: using what it made`);
          return found;
        }
        if (attempt >= this.retries) throw afterRetries(err, attempt);
        this.log.warn(
          `GitHub's answer to "${what}" was lost and nothing was made: trying again (${attempt + 1}/${this.retries})`,
        );
        await this.cancellable(what, () => new Promise((r) => setTimeout(r, this.baseMs * (attempt + 1))));
      }
    }
  }

  /**
   * `work` bounded by the run's cancellation: given up (CancelledError) the moment the run is
   * cancelled; when the run was already cancelled before it started, given CANCEL_GRACE_MS instead.
   */
  private cancellable<T>(what: string, work: () => Promise<T>): Promise<T> {
    const signal = this.signal;
    if (!signal) return work();
    const already = signal.aborted;
    return new Promise<T>((resolve, reject) => {
      let timer: NodeJS.Timeout | undefined;
      const stop = () =>
        reject(
          new CancelledError(
            already
              ? `the run was cancelled, and GitHub did not answer ${what} within ${CANCEL_GRACE_MS / 1000} s`
              : `the run was cancelled while waiting for GitHub (${what})`,
          ),
        );
      // an answer that arrived while the process was busy is read before the grace is called spent
      if (already) timer = setTimeout(() => setImmediate(stop), CANCEL_GRACE_MS);
      else signal.addEventListener('abort', stop, { once: true });
      work()
        .then(resolve, reject)
        .finally(() => {
          if (timer) clearTimeout(timer);
          signal.removeEventListener('abort', stop);
        });
    });
  }

  /**
   * A GET whose answer is not the JSON GitHub documents (a body cut off, an HTML page, a string where
   * an object belongs) is a failed read, retried like a network error, then an ExternalError — never
   * data. `valid` says whether an answer has the expected shape.
   */
  private async readValid<T>(what: string, read: () => Promise<T>): Promise<T> {
    for (let attempt = 0; ; attempt++) {
      try {
        return await read();
      } catch (err) {
        if (!(err instanceof InvalidAnswer)) throw err;
        if (attempt >= this.retries) throw badAnswer(what);
        this.log.warn(
          `GitHub's answer for ${what} is not what GitHub documents (${err.message}); reading it again (${attempt + 1}/${this.retries})`,
        );
        await this.cancellable(what, () => new Promise((r) => setTimeout(r, this.baseMs * (attempt + 1))));
      }
    }
  }

  constructor(
    private readonly octokit: Octokit,
    private readonly opts: OctokitPortOptions,
  ) {
    this.signal = opts.signal;
    this.repo = { owner: opts.owner, repo: opts.repo };
    this.log = opts.logger;
    this.fetch = opts.fetch ?? globalThis.fetch;
    this.retries = opts.retries ?? 3;
    this.baseMs = opts.retryAfterBaseMs ?? 1000;
    // Octokit hands back "" or raw text when a JSON body cannot be read or parsed (and pagination
    // turns "" into an empty page): refuse such an answer before anyone reads it as data.
    octokit.hook.after('request', (response, options) => {
      const raw = (options.request as { parseSuccessResponseBody?: boolean } | undefined)
        ?.parseSuccessResponseBody;
      if (options.method === 'GET' && raw !== false && response.status !== 204 && !isJsonBody(response.data))
        throw new InvalidAnswer(response.data === '' ? 'the body could not be read' : 'the body is not JSON');
    });
  }

  // ----- plumbing --------------------------------------------------------------------------------

  private fail(err: unknown, call: CallInfo): unknown {
    return toExternalError(err, call, {
      repository: `${this.repo.owner}/${this.repo.repo}`,
      secrets: [this.opts.token],
    });
  }

  private async req<T>(
    call: CallInfo,
    route: string,
    params: Params = {},
  ): Promise<{ status: number; headers: Record<string, string | number | undefined>; data: T; url: string }> {
    type Res = { status: number; headers: Record<string, string | number | undefined>; data: T; url: string };
    this.opts.onCall?.(call);
    const once = async (): Promise<Res> => {
      try {
        const res = await this.cancellable(call.action, () =>
          this.octokit.request(route, {
            owner: this.repo.owner,
            repo: this.repo.repo,
            ...params,
            ...(this.signal && !this.signal.aborted
              ? { request: { ...(params.request as object | undefined), signal: this.signal } }
              : {}),
          }),
        );
        return res as unknown as Res;
      } catch (err) {
        if (err instanceof CancelledError || err instanceof InvalidAnswer) throw err;
        if (this.signal?.aborted && !(err instanceof ExternalError))
          throw new CancelledError(`the run was cancelled while waiting for GitHub (${call.action})`);
        throw this.fail(err, call);
      }
    };
    // A read whose body is not JSON (cut off, an HTML page) is retried, then an error: never data.
    if (!route.startsWith('GET ')) return once();
    return this.readValid(call.action, once);
  }

  /** Like req, but a 404 is `null`. */
  private async reqOrNull<T>(call: CallInfo, route: string, params: Params = {}): Promise<T | null> {
    try {
      return (await this.req<T>(call, route, params)).data;
    } catch (err) {
      if (err instanceof ExternalError && err.status === 404) return null;
      throw err;
    }
  }

  /** Every item of a paged list (per_page 100), following GitHub's Link headers. */
  private async pages<T>(
    call: CallInfo,
    route: string,
    params: Params,
    opts: { maxPages?: number; stopOn422?: (items: T[], err: ExternalError) => boolean } = {},
  ): Promise<T[]> {
    this.opts.onCall?.(call);
    // a page that could not be read restarts the listing: never a partial list
    return this.readValid(call.action, () => this.pagesOnce<T>(call, route, params, opts));
  }

  private async pagesOnce<T>(
    call: CallInfo,
    route: string,
    params: Params,
    opts: { maxPages?: number; stopOn422?: (items: T[], err: ExternalError) => boolean } = {},
  ): Promise<T[]> {
    const items: T[] = [];
    const it = this.octokit.paginate.iterator(route, {
      owner: this.repo.owner,
      repo: this.repo.repo,
      per_page: PER_PAGE,
      ...params,
    });
    const iterator = it[Symbol.asyncIterator]();
    const bound = opts.maxPages ?? this.opts.maxPages ?? 300;
    const seen = new Set<string>();
    let origin: string | undefined;
    for (let page = 0; page < bound; page++) {
      let next: IteratorResult<{ data: unknown; url?: string; headers?: Record<string, unknown> }>;
      try {
        next = (await this.cancellable(call.action, () => iterator.next())) as typeof next;
      } catch (err) {
        if (err instanceof CancelledError || err instanceof InvalidAnswer) throw err;
        const mapped = this.fail(err, call);
        if (mapped instanceof ExternalError && mapped.status === 422 && opts.stopOn422?.(items, mapped))
          break;
        throw mapped;
      }
      if (next.done) break;
      const data = next.value.data;
      // never act on a partial list: a page that is not a list is a failed read
      if (!Array.isArray(data)) throw badAnswer(`${call.action} (page ${page + 1})`);
      items.push(...(data as T[]));
      const link = nextLink(next.value.headers?.link);
      if (!link) break;
      if (next.value.url) {
        origin ??= new URL(next.value.url).origin;
        seen.add(next.value.url);
      }
      // GitHub's next page is on GitHub and never a page already read: anything else is not followed
      // (it would loop forever, or send the token to another host).
      if (origin && new URL(link, origin).origin !== origin)
        throw new ExternalError(
          `GitHub's answer to ${call.action} pointed its next page at another host (${new URL(link, origin).host}); not followed`,
        );
      if (seen.has(link))
        throw new ExternalError(
          `GitHub's answer to ${call.action} pointed its next page back at a page already read; not followed`,
        );
      if (page + 1 >= bound && opts.maxPages === undefined)
        throw new ExternalError(
          `${call.action}: more than ${bound} pages; stopped rather than act on a partial list`,
        );
    }
    return items;
  }

  private c(action: string, permission: Permission): CallInfo {
    return { action, permission };
  }

  // ----- repository ------------------------------------------------------------------------------

  async getDefaultBranch(): Promise<string> {
    const { data } = await this.req<{ default_branch: string }>(
      this.c('read the repository', 'contents: read'),
      'GET /repos/{owner}/{repo}',
    );
    return data.default_branch;
  }

  // ----- releases --------------------------------------------------------------------------------

  async getReleaseByTag(tag: string): Promise<Release | null> {
    const r = await this.reqOrNull<RawRelease>(
      this.c(`read the release for tag ${tag}`, 'contents: read'),
      `GET /repos/{owner}/{repo}/releases/tags/${encodeSegment(tag)}`,
    );
    return r && toRelease(r);
  }

  async getRelease(id: number): Promise<Release | null> {
    const r = await this.reqOrNull<RawRelease>(
      this.c(`read release ${id}`, 'contents: read'),
      'GET /repos/{owner}/{repo}/releases/{release_id}',
      {
        release_id: id,
      },
    );
    return r && toRelease(r);
  }

  async getLatestRelease(): Promise<Release | null> {
    const r = await this.reqOrNull<RawRelease>(
      this.c('read the latest release', 'contents: read'),
      'GET /repos/{owner}/{repo}/releases/latest',
    );
    return r && toRelease(r);
  }

  async listReleases(opts: { maxPages?: number } = {}): Promise<Release[]> {
    let refused = false;
    const raw = await this.pages<RawRelease>(
      this.c('list releases', 'contents: read'),
      'GET /repos/{owner}/{repo}/releases',
      {},
      {
        maxPages: opts.maxPages,
        // GitHub answers 422 past its listing cap: keep what we have rather than fail.
        stopOn422: (items, err) => {
          if (items.length === 0) return false;
          refused = true;
          const said = (err.cause as { githubMessage?: string } | undefined)?.githubMessage;
          this.log.warn(
            `GitHub refused page ${Math.floor(items.length / PER_PAGE) + 1} of the release list (HTTP 422${said ? `: ${said}` : ''}); the list stops at ${items.length} releases, older ones are not in it`,
          );
          return true;
        },
      },
    );
    if (!refused && raw.length >= RELEASE_LIST_LIMIT && opts.maxPages === undefined) {
      this.log.warn(
        `GitHub lists at most ${RELEASE_LIST_LIMIT} releases: older releases, if any, are not in the list`,
      );
    }
    return raw.map(toRelease);
  }

  async createRelease(input: ReleaseInput): Promise<Release> {
    const what = `create release ${input.tagName}`;
    // A release's notes are the user's: its mark is the tag (GitHub allows one published release per
    // tag, but several drafts) and the time it was created, after this call started.
    const started = Date.now() - 60_000;
    return this.createOnce(
      what,
      async () => {
        const { data } = await this.req<RawRelease>(
          this.c(what, 'contents: write'),
          'POST /repos/{owner}/{repo}/releases',
          {
            tag_name: input.tagName,
            ...defined({
              target_commitish: input.targetCommitish,
              name: input.name,
              body: input.body,
              draft: input.draft,
              prerelease: input.prerelease,
              make_latest: input.makeLatest,
              generate_release_notes: input.generateReleaseNotes,
            }),
            request: { retries: 0 },
          },
        );
        return toRelease(data);
      },
      async () =>
        (await this.listReleases({ maxPages: 1 })).find(
          (r) =>
            r.tagName === input.tagName &&
            r.draft === (input.draft ?? false) &&
            (r.body ?? '') === (input.body ?? '') &&
            Date.parse(r.createdAt) >= started,
        ),
    );
  }

  async updateRelease(id: number, update: ReleaseUpdate): Promise<Release> {
    const { data } = await this.req<RawRelease>(
      this.c(`update release ${id}`, 'contents: write'),
      'PATCH /repos/{owner}/{repo}/releases/{release_id}',
      {
        release_id: id,
        ...defined({
          tag_name: update.tagName,
          name: update.name,
          body: update.body,
          draft: update.draft,
          prerelease: update.prerelease,
          make_latest: update.makeLatest,
        }),
      },
    );
    return toRelease(data);
  }

  async deleteRelease(id: number): Promise<void> {
    await this.req(
      this.c(`delete release ${id}`, 'contents: write'),
      'DELETE /repos/{owner}/{repo}/releases/{release_id}',
      { release_id: id },
    );
  }

  async generateReleaseNotes(opts: {
    tagName: string;
    targetCommitish?: string;
    previousTagName?: string;
  }): Promise<{ name: string; body: string }> {
    const { data } = await this.req<{ name: string; body: string }>(
      this.c(`generate release notes for ${opts.tagName}`, 'contents: write'),
      'POST /repos/{owner}/{repo}/releases/generate-notes',
      {
        tag_name: opts.tagName,
        ...defined({ target_commitish: opts.targetCommitish, previous_tag_name: opts.previousTagName }),
      },
    );
    return { name: data.name, body: data.body };
  }

  // ----- release assets --------------------------------------------------------------------------

  /** Not in GitHubPort yet: the assets of a release, every page. */
  async listReleaseAssets(releaseId: number): Promise<ReleaseAsset[]> {
    const raw = await this.pages<RawAsset>(
      this.c(`list the assets of release ${releaseId}`, 'contents: read'),
      'GET /repos/{owner}/{repo}/releases/{release_id}/assets',
      { release_id: releaseId },
    );
    return raw.map(toAsset);
  }

  /** Not in GitHubPort yet: one asset's metadata, or null. */
  async getReleaseAsset(assetId: number): Promise<ReleaseAsset | null> {
    const a = await this.reqOrNull<RawAsset>(
      this.c(`read release asset ${assetId}`, 'contents: read'),
      'GET /repos/{owner}/{repo}/releases/assets/{asset_id}',
      {
        asset_id: assetId,
      },
    );
    return a && toAsset(a);
  }

  /** Not in GitHubPort yet: rename or relabel an asset. */
  async updateReleaseAsset(
    assetId: number,
    update: { name?: string; label?: string },
  ): Promise<ReleaseAsset> {
    const { data } = await this.req<RawAsset>(
      this.c(`update release asset ${assetId}`, 'contents: write'),
      'PATCH /repos/{owner}/{repo}/releases/assets/{asset_id}',
      {
        asset_id: assetId,
        ...defined({ name: update.name, label: update.label }),
      },
    );
    return toAsset(data);
  }

  async downloadReleaseAsset(assetId: number): Promise<Readable> {
    const call = this.c(`download release asset ${assetId}`, 'contents: read');
    // GitHub answers 302 to a signed storage URL. Follow it by hand so the token stays off that request.
    const res = await this.req<WebReadableStream | null>(
      call,
      'GET /repos/{owner}/{repo}/releases/assets/{asset_id}',
      {
        asset_id: assetId,
        headers: { accept: 'application/octet-stream' },
        request: { redirect: 'manual', parseSuccessResponseBody: false },
      },
    );
    if (res.status >= 300 && res.status < 400) {
      await res.data?.cancel().catch(() => undefined);
      const location = res.headers.location;
      if (typeof location !== 'string' || !location) {
        throw new ExternalError(
          `GitHub answered ${res.status} without a Location to download release asset ${assetId}`,
        );
      }
      return this.downloadFromStorage(new URL(location, res.url || undefined).toString(), assetId);
    }
    if (!res.data) throw new ExternalError(`GitHub sent no content for release asset ${assetId}`);
    return Readable.fromWeb(res.data);
  }

  /** GET the storage URL without credentials, retrying 5xx and network errors before the body starts. */
  private async downloadFromStorage(url: string, assetId: number): Promise<Readable> {
    const safe = (() => {
      const u = new URL(url);
      return `${u.origin}${u.pathname}`; // the query of a signed URL is a credential
    })();
    let last = '';
    for (let attempt = 0; ; attempt++) {
      let status = 0;
      try {
        const res = await this.fetch(url, {
          redirect: 'follow',
          headers: { accept: 'application/octet-stream', 'user-agent': this.opts.userAgent ?? 'release-ops' },
        });
        status = res.status;
        if (res.ok && res.body) return Readable.fromWeb(res.body as WebReadableStream);
        await res.body?.cancel().catch(() => undefined);
        last = `HTTP ${res.status}`;
      } catch (err) {
        last = (err as Error & { cause?: Error }).cause?.message ?? (err as Error).message;
      }
      const retriable = status === 0 || status === 429 || status >= 500;
      if (!retriable || attempt >= this.retries) {
        throw new ExternalError(
          `downloading release asset ${assetId} from ${safe} failed (${last})${attempt ? ` after ${attempt} retries` : ''}`,
          {
            hint: retriable
              ? 'the asset storage is unreachable or failing: rerun the job later'
              : 'the asset may have been deleted or its download link expired: rerun the job',
            status: status || undefined,
          },
        );
      }
      const wait = (attempt + 1) ** 2 * this.baseMs;
      this.log.warn(`downloading release asset ${assetId} failed (${last}); retrying in ${wait} ms`);
      await new Promise((r) => setTimeout(r, wait));
    }
  }

  async uploadReleaseAsset(release: Release, asset: ReleaseAssetUpload): Promise<ReleaseAsset> {
    const call = this.c(`upload asset ${asset.name} to release ${release.tagName}`, 'contents: write');
    const isBuffer = Buffer.isBuffer(asset.data);
    if (isBuffer && (asset.data as Buffer).length !== asset.size) {
      throw new Error(
        `uploadReleaseAsset: size ${asset.size} does not match the ${(asset.data as Buffer).length} bytes given for ${asset.name}`,
      );
    }
    const url = expandUrlTemplate(release.uploadUrl, { name: asset.name, label: asset.label ?? undefined });
    const source: { error?: Error } = {};
    try {
      const { data } = await this.req<RawAsset>(call, 'POST ' + url, {
        headers: { 'content-type': asset.contentType, 'content-length': String(asset.size) },
        data: isBuffer ? asset.data : exactly(asset.data as Readable, asset.size, asset.name, source),
        // A stream can be sent once: no retry may resend it.
        request: isBuffer ? {} : { retries: 0, noReplay: true },
      });
      return toAsset(data);
    } catch (err) {
      if (source.error) {
        throw new ExternalError(`reading asset ${asset.name} for upload failed: ${source.error.message}`, {
          hint: 'the data must have exactly the declared size; make sure the file is not changing while it is uploaded',
          cause: source.error,
        });
      }
      throw err;
    }
  }

  async deleteReleaseAsset(assetId: number): Promise<void> {
    await this.req(
      this.c(`delete release asset ${assetId}`, 'contents: write'),
      'DELETE /repos/{owner}/{repo}/releases/assets/{asset_id}',
      {
        asset_id: assetId,
      },
    );
  }

  // ----- git refs and tags -----------------------------------------------------------------------

  async getRef(ref: string): Promise<GitRef | null> {
    const short = shortRef(ref);
    const data = await this.reqOrNull<RawRef | RawRef[]>(
      this.c(`read ref ${short}`, 'contents: read'),
      `GET /repos/{owner}/{repo}/git/ref/${encodePath(short)}`,
    );
    if (!data) return null;
    // Older servers answer a prefix match with a list; only an exact match counts.
    if (Array.isArray(data)) {
      const exact = data.find((r) => r.ref === `refs/${short}`);
      return exact ? toRef(exact) : null;
    }
    return toRef(data);
  }

  async listMatchingRefs(prefix: string): Promise<GitRef[]> {
    const short = shortRef(prefix);
    const raw = await this.pages<RawRef>(
      this.c(`list refs matching ${short}`, 'contents: read'),
      `GET /repos/{owner}/{repo}/git/matching-refs/${encodePath(short)}`,
      {},
    );
    return raw.map(toRef);
  }

  /**
   * A ref is its own mark: after an ambiguous failure, a ref of this name pointing at `sha` is the one
   * this call made (or an identical one); one pointing elsewhere is left to the retry, which GitHub
   * refuses with 422.
   */
  async createRef(ref: string, sha: string): Promise<GitRef> {
    const short = shortRef(ref);
    const what = `create ref ${short}`;
    return this.createOnce(
      what,
      async () => {
        const { data } = await this.req<RawRef>(
          this.c(what, 'contents: write'),
          'POST /repos/{owner}/{repo}/git/refs',
          { ref: `refs/${short}`, sha, request: { retries: 0 } },
        );
        return toRef(data);
      },
      async () => {
        const found = await this.getRef(short);
        return found && found.sha === sha ? found : null;
      },
    );
  }

  async updateRef(ref: string, sha: string, force: boolean): Promise<GitRef> {
    const short = shortRef(ref);
    const { data } = await this.req<RawRef>(
      this.c(`move ref ${short} to ${sha.slice(0, 12)}`, 'contents: write'),
      `PATCH /repos/{owner}/{repo}/git/refs/${encodePath(short)}`,
      {
        sha,
        force,
      },
    );
    return toRef(data);
  }

  async deleteRef(ref: string): Promise<void> {
    const short = shortRef(ref);
    await this.req(
      this.c(`delete ref ${short}`, 'contents: write'),
      `DELETE /repos/{owner}/{repo}/git/refs/${encodePath(short)}`,
    );
  }

  async createTagObject(input: TagObjectInput): Promise<string> {
    const { data } = await this.req<{ sha: string }>(
      this.c(`create tag object ${input.tag}`, 'contents: write'),
      'POST /repos/{owner}/{repo}/git/tags',
      {
        tag: input.tag,
        message: input.message,
        object: input.objectSha,
        type: 'commit',
        ...defined({ tagger: input.tagger }),
      },
    );
    return data.sha;
  }

  async resolveTagCommit(tag: string): Promise<string | null> {
    const name = tag.replace(/^(refs\/)?tags\//, '');
    const ref = await this.getRef(`tags/${name}`);
    if (!ref) return null;
    let { sha, type } = ref;
    // An annotated tag points at a tag object, which may (rarely) point at another tag object.
    for (let depth = 0; type === 'tag'; depth++) {
      if (depth >= 10) throw new ExternalError(`tag ${name} is a chain of more than 10 tag objects`);
      const { data } = await this.req<{ object: { sha: string; type: string } }>(
        this.c(`read tag object ${sha.slice(0, 12)} of ${name}`, 'contents: read'),
        'GET /repos/{owner}/{repo}/git/tags/{tag_sha}',
        { tag_sha: sha },
      );
      ({ sha, type } = data.object);
    }
    if (type !== 'commit')
      throw new ExternalError(`tag ${name} points at a ${type}, not a commit`, { hint: 'tag a commit' });
    return sha;
  }

  // ----- checks and statuses ---------------------------------------------------------------------

  async listCheckRuns(ref: string): Promise<CheckRun[]> {
    const raw = await this.pages<RawCheckRun>(
      this.c(`list check runs of ${ref}`, 'checks: read'),
      `GET /repos/{owner}/{repo}/commits/${encodeSegment(ref)}/check-runs`,
      {},
    );
    return raw.map(toCheckRun);
  }

  /** The latest status of each context, as the combined status reports them (every page read). */
  async listCommitStatuses(ref: string): Promise<CommitStatus[]> {
    const raw = await this.pages<RawStatus>(
      this.c(`list commit statuses of ${ref}`, 'statuses: read'),
      `GET /repos/{owner}/{repo}/commits/${encodeSegment(ref)}/statuses`,
      {},
    );
    // GitHub lists newest first; order by time (then id) anyway so the answer does not depend on it.
    const when = (s: RawStatus) => s.updated_at ?? s.created_at ?? '';
    const latest = new Map<string, RawStatus>();
    for (const s of raw) {
      const seen = latest.get(s.context);
      if (!seen || when(s) > when(seen) || (when(s) === when(seen) && (s.id ?? 0) > (seen.id ?? 0)))
        latest.set(s.context, s);
    }
    return [...latest.values()].map((s) => ({
      context: s.context,
      state: s.state,
      description: s.description ?? null,
      targetUrl: s.target_url ?? null,
    }));
  }

  async createCheckRun(input: CheckRunInput): Promise<CheckRun> {
    const call = this.c(`create check run ${input.name}`, 'checks: write');
    const annotations = (input.annotations ?? []).map((a) => ({
      path: a.path,
      start_line: a.startLine,
      end_line: a.endLine,
      annotation_level: a.level,
      message: a.message,
      ...defined({ title: a.title }),
    }));
    const output = (batch: typeof annotations) => ({
      title: input.title,
      summary: input.summary,
      ...defined({ text: input.text }),
      ...(batch.length ? { annotations: batch } : {}),
    });
    // the marker rides in external_id, which is ours to set and GitHub shows nobody
    const data = await this.createOnce(
      call.action,
      async (marker) =>
        (
          await this.req<RawCheckRun>(call, 'POST /repos/{owner}/{repo}/check-runs', {
            name: input.name,
            head_sha: input.headSha,
            external_id: marker,
            ...defined({ status: input.status, conclusion: input.conclusion, details_url: input.detailsUrl }),
            output: output(annotations.slice(0, ANNOTATIONS_PER_REQUEST)),
            request: { retries: 0 },
          })
        ).data,
      async (marker) => {
        const runs = await this.pages<RawCheckRun>(
          this.c(`find check run ${input.name}`, 'checks: read'),
          `GET /repos/{owner}/{repo}/commits/${encodeSegment(input.headSha)}/check-runs`,
          { check_name: input.name, filter: 'all' },
        );
        return runs.find((r) => r.external_id === marker);
      },
    );
    // GitHub takes 50 annotations per request; the rest go in updates, which append.
    for (let i = ANNOTATIONS_PER_REQUEST; i < annotations.length; i += ANNOTATIONS_PER_REQUEST) {
      await this.req(call, 'PATCH /repos/{owner}/{repo}/check-runs/{check_run_id}', {
        check_run_id: data.id,
        output: output(annotations.slice(i, i + ANNOTATIONS_PER_REQUEST)),
      });
    }
    return toCheckRun(data);
  }

  async updateCheckRun(id: number, update: CheckRunUpdate): Promise<CheckRun> {
    const { data } = await this.req<RawCheckRun>(
      this.c(`update check run ${id}`, 'checks: write'),
      'PATCH /repos/{owner}/{repo}/check-runs/{check_run_id}',
      {
        check_run_id: id,
        ...defined({ status: update.status, conclusion: update.conclusion, details_url: update.detailsUrl }),
        output: { title: update.title, summary: update.summary, ...defined({ text: update.text }) },
      },
    );
    return toCheckRun(data);
  }

  async createCommitStatus(sha: string, input: CommitStatusInput): Promise<void> {
    // GitHub refuses descriptions over 140 characters.
    const description =
      input.description && input.description.length > 140
        ? `${input.description.slice(0, 139)}…`
        : input.description;
    await this.req(
      this.c(`set commit status ${input.context} on ${sha.slice(0, 12)}`, 'statuses: write'),
      'POST /repos/{owner}/{repo}/statuses/{sha}',
      {
        sha,
        state: input.state,
        context: input.context,
        ...defined({ description, target_url: input.targetUrl }),
      },
    );
  }

  // ----- deployments -----------------------------------------------------------------------------

  async createDeployment(input: DeploymentInput): Promise<Deployment> {
    const call = this.c(`create a deployment of ${input.ref} to ${input.environment}`, 'deployments: write');
    return this.createOnce(
      call.action,
      async (marker) => {
        const res = await this.req<RawDeployment | { message?: string }>(
          call,
          'POST /repos/{owner}/{repo}/deployments',
          {
            ref: input.ref,
            environment: input.environment,
            // Never let GitHub merge the default branch into the ref being released.
            auto_merge: false,
            payload: { ...input.payload, release_ops_create: marker },
            ...defined({
              description: input.description === undefined ? undefined : capDescription(input.description),
              production_environment: input.productionEnvironment,
              transient_environment: input.transientEnvironment,
              required_contexts: input.requiredContexts,
            }),
            request: { retries: 0 },
          },
        );
        if (!('id' in res.data)) {
          throw new ExternalError(
            `GitHub did not create the deployment of ${input.ref} (HTTP ${res.status}: ${res.data.message ?? 'no deployment returned'})`,
          );
        }
        return toDeployment(res.data);
      },
      async (marker) =>
        (await this.listDeployments({ environment: input.environment, maxPages: 1 })).find(
          (d) => d.payload.release_ops_create === marker,
        ),
    );
  }

  async createDeploymentStatus(deploymentId: number, input: DeploymentStatusInput): Promise<void> {
    await this.req(
      this.c(`set deployment ${deploymentId} to ${input.state}`, 'deployments: write'),
      'POST /repos/{owner}/{repo}/deployments/{deployment_id}/statuses',
      {
        deployment_id: deploymentId,
        state: input.state,
        ...defined({
          description: input.description === undefined ? undefined : capDescription(input.description),
          environment_url: input.environmentUrl,
          log_url: input.logUrl,
          auto_inactive: input.autoInactive,
        }),
      },
    );
  }

  async listDeployments(opts: DeploymentQuery): Promise<Deployment[]> {
    const raw = await this.pages<RawDeployment>(
      this.c('list deployments', 'deployments: read'),
      'GET /repos/{owner}/{repo}/deployments',
      defined({ ref: opts.ref, sha: opts.sha, environment: opts.environment }),
      { maxPages: opts.maxPages },
    );
    return raw.map(toDeployment);
  }

  async listDeploymentStatuses(
    deploymentId: number,
    opts: { maxPages?: number } = {},
  ): Promise<DeploymentStatus[]> {
    const raw = await this.pages<RawDeploymentStatus>(
      this.c(`list the statuses of deployment ${deploymentId}`, 'deployments: read'),
      'GET /repos/{owner}/{repo}/deployments/{deployment_id}/statuses',
      { deployment_id: deploymentId },
      { maxPages: opts.maxPages },
    );
    return raw.map(toDeploymentStatus);
  }

  // ----- issues and pull requests ----------------------------------------------------------------

  async findIssues(opts: { labels: string[]; state?: 'open' | 'closed' | 'all' }): Promise<Issue[]> {
    const raw = await this.pages<RawIssue>(
      this.c(`find issues labelled ${opts.labels.join(', ')}`, 'issues: read'),
      'GET /repos/{owner}/{repo}/issues',
      {
        state: opts.state ?? 'open',
        ...(opts.labels.length ? { labels: opts.labels.join(',') } : {}),
      },
    );
    // The issues endpoint lists pull requests too.
    return raw.filter((i) => !i.pull_request).map(toIssue);
  }

  async createIssue(input: { title: string; body: string; labels?: string[] }): Promise<Issue> {
    const what = `create issue "${input.title}"`;
    return this.createOnce(
      what,
      async (marker) => {
        const { data } = await this.req<RawIssue>(
          this.c(what, 'issues: write'),
          'POST /repos/{owner}/{repo}/issues',
          {
            title: input.title,
            body: `<!-- ${marker} -->\n${input.body}`,
            ...defined({ labels: input.labels }),
            request: { retries: 0 },
          },
        );
        return toIssue(data);
      },
      async (marker) => {
        const raw = await this.pages<RawIssue>(
          this.c(`find issue "${input.title}"`, 'issues: read'),
          'GET /repos/{owner}/{repo}/issues',
          { state: 'all', ...(input.labels?.length ? { labels: input.labels.join(',') } : {}) },
        );
        const mine = raw.find((i) => (i.body ?? '').includes(`<!-- ${marker} -->`));
        return mine ? toIssue(mine) : null;
      },
    );
  }

  async updateIssue(
    number: number,
    input: { title?: string; body?: string; state?: 'open' | 'closed'; labels?: string[] },
  ): Promise<Issue> {
    const { data } = await this.req<RawIssue>(
      this.c(`update issue #${number}`, 'issues: write'),
      'PATCH /repos/{owner}/{repo}/issues/{issue_number}',
      {
        issue_number: number,
        ...defined({ title: input.title, body: input.body, state: input.state, labels: input.labels }),
      },
    );
    return toIssue(data);
  }

  async createIssueComment(number: number, body: string): Promise<{ id: number; htmlUrl: string }> {
    const what = `comment on issue #${number}`;
    return this.createOnce(
      what,
      async (marker) => {
        const { data } = await this.req<{ id: number; html_url: string }>(
          this.c(what, 'issues: write'),
          'POST /repos/{owner}/{repo}/issues/{issue_number}/comments',
          { issue_number: number, body: `<!-- ${marker} -->\n${body}`, request: { retries: 0 } },
        );
        return { id: data.id, htmlUrl: data.html_url };
      },
      async (marker) => {
        const all = await this.pages<{ id: number; body?: string | null; html_url: string }>(
          this.c(`list the comments of issue #${number}`, 'issues: read'),
          'GET /repos/{owner}/{repo}/issues/{issue_number}/comments',
          { issue_number: number },
        );
        const c = all.find((x) => (x.body ?? '').includes(`<!-- ${marker} -->`));
        return c ? { id: c.id, htmlUrl: c.html_url } : null;
      },
    );
  }

  async listIssueComments(number: number): Promise<{ id: number; body: string }[]> {
    const raw = await this.pages<{ id: number; body?: string | null }>(
      this.c(`list the comments of issue #${number}`, 'issues: read'),
      'GET /repos/{owner}/{repo}/issues/{issue_number}/comments',
      { issue_number: number },
    );
    return raw.map((c) => ({ id: c.id, body: (c.body ?? '').replace(CREATE_MARKER, '') }));
  }

  async createPullRequest(input: {
    title: string;
    head: string;
    base: string;
    body: string;
  }): Promise<PullRequest> {
    type RawPull = { number: number; html_url: string; state: string; body?: string | null };
    const what = `open a pull request from ${input.head} into ${input.base}`;
    const head = input.head.includes(':') ? input.head : `${this.repo.owner}:${input.head}`;
    const data = await this.createOnce(
      what,
      async (marker) =>
        (
          await this.req<RawPull>(this.c(what, 'pull-requests: write'), 'POST /repos/{owner}/{repo}/pulls', {
            title: input.title,
            head: input.head,
            base: input.base,
            body: `<!-- ${marker} -->\n${input.body}`,
            request: { retries: 0 },
          })
        ).data,
      async (marker) => {
        const pulls = await this.pages<RawPull>(
          this.c(`find the pull requests from ${input.head}`, 'pull-requests: read'),
          'GET /repos/{owner}/{repo}/pulls',
          { head, base: input.base, state: 'all' },
        );
        return pulls.find((p) => (p.body ?? '').includes(`<!-- ${marker} -->`));
      },
    );
    return { number: data.number, htmlUrl: data.html_url, state: data.state };
  }
}

/** Drops undefined values, so GitHub sees only the fields the caller set. */
function defined<T extends Record<string, unknown>>(o: T): Partial<T> {
  const out: Partial<T> = {};
  for (const [k, v] of Object.entries(o)) if (v !== undefined) (out as Record<string, unknown>)[k] = v;
  return out;
}
