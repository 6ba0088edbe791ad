/**
 * An in-memory GitHubPort for the rollback's unit tests: just the calls the rollback makes, with
 * GitHub's rules that matter to it (422 on an existing ref, latest never a prerelease, drafts not
 * found by tag). Every call is logged so tests can assert which writes happened.
 */
import { ExternalError } from '../../src/errors.js';
import type {
  Deployment,
  DeploymentStatusInput,
  GitHubPort,
  GitRef,
  Issue,
  PullRequest,
  Release,
  ReleaseUpdate,
} from '../../src/ports/index.js';

export interface FakeCall {
  method: string;
  args: unknown[];
  write: boolean;
}

const WRITES = new Set([
  'createRelease',
  'updateRelease',
  'deleteRelease',
  'createRef',
  'updateRef',
  'deleteRef',
  'createTagObject',
  'createDeployment',
  'createDeploymentStatus',
  'createIssue',
  'updateIssue',
  'createIssueComment',
  'createPullRequest',
]);

export class FakeGitHub {
  readonly repo = { owner: 'acme', repo: 'shop' };
  releases: Release[] = [];
  refs = new Map<string, string>();
  tagObjects = new Map<string, { message: string; object: string }>();
  explicitLatest: number | null = null;
  deployments: (Deployment & { statuses: DeploymentStatusInput[] })[] = [];
  issues: (Issue & { comments: { id: number; body: string }[] })[] = [];
  pulls: { head: string; base: string; title: string }[] = [];
  calls: FakeCall[] = [];
  /** Makes the n-th call (0-based) and every later one fail, like a crashed server. */
  crashAfter: number | null = null;
  private seq = 100;
  private commitN = 0;

  commit(): string {
    this.commitN++;
    return this.commitN.toString(16).padStart(40, 'c');
  }

  addRelease(
    tag: string,
    opts: { prerelease?: boolean; draft?: boolean; body?: string; publishedAt?: string } = {},
  ): Release {
    const sha = this.commit();
    if (!opts.draft) this.refs.set(`refs/tags/${tag}`, sha);
    const r: Release = {
      id: ++this.seq,
      tagName: tag,
      targetCommitish: sha,
      name: tag,
      body: opts.body ?? `Notes of ${tag}`,
      draft: opts.draft ?? false,
      prerelease: opts.prerelease ?? false,
      immutable: false,
      htmlUrl: `https://github.example/acme/shop/releases/tag/${tag}`,
      uploadUrl: '',
      createdAt: new Date(Date.UTC(2026, 0, 1) + this.seq * 1000).toISOString(),
      publishedAt: opts.draft
        ? null
        : (opts.publishedAt ?? new Date(Date.UTC(2026, 0, 1) + this.seq * 1000).toISOString()),
      assets: [],
    };
    this.releases.push(r);
    return r;
  }

  release(tag: string): Release {
    const r = this.releases.find((x) => x.tagName === tag);
    if (!r) throw new Error(`no release ${tag}`);
    return r;
  }

  latest(): Release | null {
    const ok = (r: Release) => !r.draft && !r.prerelease;
    const explicit = this.releases.find((r) => r.id === this.explicitLatest);
    if (explicit && ok(explicit)) return explicit;
    return [...this.releases].filter(ok).sort((a, b) => b.createdAt.localeCompare(a.createdAt))[0] ?? null;
  }

  writes(): FakeCall[] {
    return this.calls.filter((c) => c.write);
  }

  private call(method: string, args: unknown[]): void {
    if (this.crashAfter !== null && this.calls.length >= this.crashAfter) {
      this.calls.push({ method: `${method} (crashed)`, args, write: false });
      throw new ExternalError(`GitHub did not answer ${method}: socket hang up`);
    }
    this.calls.push({ method, args, write: WRITES.has(method) });
  }

  port(): GitHubPort {
    // eslint-disable-next-line @typescript-eslint/no-this-alias -- the port's methods close over the fake
    const self = this;
    const clone = <T>(x: T): T => structuredClone(x);
    const p: Partial<GitHubPort> = {
      repo: this.repo,
      async getDefaultBranch() {
        self.call('getDefaultBranch', []);
        return 'main';
      },
      async getReleaseByTag(tag) {
        self.call('getReleaseByTag', [tag]);
        const r = self.releases.find((x) => x.tagName === tag && !x.draft);
        return r ? clone(r) : null;
      },
      async getRelease(id) {
        self.call('getRelease', [id]);
        const r = self.releases.find((x) => x.id === id);
        return r ? clone(r) : null;
      },
      async getLatestRelease() {
        self.call('getLatestRelease', []);
        const r = self.latest();
        return r ? clone(r) : null;
      },
      async listReleases() {
        self.call('listReleases', []);
        return clone(self.releases);
      },
      async updateRelease(id, u: ReleaseUpdate) {
        self.call('updateRelease', [id, u]);
        const r = self.releases.find((x) => x.id === id);
        if (!r) throw new ExternalError('release not found', { status: 404 });
        if (u.body !== undefined) r.body = u.body;
        if (u.prerelease !== undefined) r.prerelease = u.prerelease;
        if (u.name !== undefined) r.name = u.name;
        if (u.makeLatest === 'true' && !r.prerelease && !r.draft) self.explicitLatest = r.id;
        if (u.makeLatest === 'false' && self.explicitLatest === r.id) self.explicitLatest = null;
        return clone(r);
      },
      async getRef(ref) {
        self.call('getRef', [ref]);
        const full = `refs/${ref.replace(/^refs\//, '')}`;
        const sha = self.refs.get(full);
        return sha ? { ref: full, sha, type: self.tagObjects.has(sha) ? 'tag' : 'commit' } : null;
      },
      async listMatchingRefs(prefix) {
        self.call('listMatchingRefs', [prefix]);
        const full = `refs/${prefix}`;
        return [...self.refs.entries()]
          .filter(([r]) => r.startsWith(full))
          .sort(([a], [b]) => a.localeCompare(b))
          .map(([ref, sha]): GitRef => ({ ref, sha, type: self.tagObjects.has(sha) ? 'tag' : 'commit' }));
      },
      async createRef(ref, sha) {
        self.call('createRef', [ref, sha]);
        if (self.refs.has(ref))
          throw new ExternalError(`GitHub refused to create ref ${ref}: Reference already exists`, {
            status: 422,
          });
        self.refs.set(ref, sha);
        return { ref, sha, type: 'commit' };
      },
      async deleteRef(ref) {
        self.call('deleteRef', [ref]);
        const full = `refs/${ref.replace(/^refs\//, '')}`;
        if (!self.refs.delete(full)) throw new ExternalError('Reference does not exist', { status: 422 });
      },
      async createTagObject(input) {
        self.call('createTagObject', [input]);
        const sha = (++self.seq).toString(16).padStart(40, 'a');
        self.tagObjects.set(sha, { message: input.message, object: input.objectSha });
        return sha;
      },
      async resolveTagCommit(tag) {
        self.call('resolveTagCommit', [tag]);
        const sha = self.refs.get(`refs/tags/${tag}`);
        if (!sha) return null;
        return self.tagObjects.get(sha)?.object ?? sha;
      },
      async createDeployment(input) {
        self.call('createDeployment', [input]);
        const d = {
          id: ++self.seq,
          ref: input.ref,
          sha: self.refs.get(`refs/tags/${input.ref}`) ?? input.ref,
          environment: input.environment,
          description: input.description ?? null,
          createdAt: new Date().toISOString(),
          payload: input.payload ?? {},
          creator: 'github-actions[bot]',
          statuses: [] as DeploymentStatusInput[],
        };
        self.deployments.push(d);
        return clone({ ...d, statuses: undefined }) as Deployment;
      },
      async createDeploymentStatus(id, input) {
        self.call('createDeploymentStatus', [id, input]);
        const d = self.deployments.find((x) => x.id === id);
        if (!d) throw new ExternalError('deployment not found', { status: 404 });
        d.statuses.push(input);
      },
      async listDeployments(opts) {
        self.call('listDeployments', [opts]);
        return self.deployments
          .filter(
            (d) =>
              (!opts.ref || d.ref === opts.ref) &&
              (!opts.sha || d.sha === opts.sha) &&
              (!opts.environment || d.environment === opts.environment),
          )
          .sort((a, b) => b.id - a.id)
          .map(({ statuses: _s, ...d }) => clone(d));
      },
      async listDeploymentStatuses(id) {
        self.call('listDeploymentStatuses', [id]);
        const d = self.deployments.find((x) => x.id === id);
        if (!d) throw new ExternalError('deployment not found', { status: 404 });
        return d.statuses
          .map((st, i) => ({
            id: i + 1,
            state: st.state,
            description: st.description ?? null,
            createdAt: new Date(Date.UTC(2026, 0, 1, 0, 0, i)).toISOString(),
            logUrl: st.logUrl ?? null,
          }))
          .reverse();
      },
      async findIssues(opts) {
        self.call('findIssues', [opts]);
        return self.issues
          .filter(
            (i) =>
              opts.labels.every((l) => i.labels.includes(l)) &&
              (opts.state === 'all' || i.state === (opts.state ?? 'open')),
          )
          .map(({ comments: _c, ...i }) => clone(i));
      },
      async createIssue(input) {
        self.call('createIssue', [input]);
        const n = self.issues.length + 1;
        const i = {
          number: n,
          title: input.title,
          body: input.body,
          state: 'open',
          labels: input.labels ?? [],
          htmlUrl: `https://github.example/acme/shop/issues/${n}`,
          comments: [],
        };
        self.issues.push(i);
        return clone({ ...i, comments: undefined }) as Issue;
      },
      async updateIssue(number, input) {
        self.call('updateIssue', [number, input]);
        const i = self.issues.find((x) => x.number === number)!;
        if (input.title !== undefined) i.title = input.title;
        if (input.body !== undefined) i.body = input.body;
        if (input.state !== undefined) i.state = input.state;
        if (input.labels !== undefined) i.labels = input.labels;
        return clone({ ...i, comments: undefined }) as Issue;
      },
      async createIssueComment(number, body) {
        self.call('createIssueComment', [number, body]);
        const i = self.issues.find((x) => x.number === number)!;
        const c = { id: ++self.seq, body };
        i.comments.push(c);
        return { id: c.id, htmlUrl: `${i.htmlUrl}#issuecomment-${c.id}` };
      },
      async listIssueComments(number) {
        self.call('listIssueComments', [number]);
        return clone(self.issues.find((x) => x.number === number)!.comments);
      },
      async createPullRequest(input): Promise<PullRequest> {
        self.call('createPullRequest', [input]);
        if (self.pulls.some((x) => x.head === input.head && x.base === input.base)) {
          throw new ExternalError('A pull request already exists', { status: 422 });
        }
        self.pulls.push(input);
        return {
          number: 500 + self.pulls.length,
          htmlUrl: `https://github.example/acme/shop/pull/${500 + self.pulls.length}`,
          state: 'open',
        };
      },
    };
    return new Proxy(p as GitHubPort, {
      get(target, prop) {
        const v = (target as any)[prop];
        if (v === undefined && typeof prop === 'string' && prop !== 'then') {
          return () => {
            throw new Error(`FakeGitHub: ${prop} is not faked`);
          };
        }
        return v;
      },
    });
  }
}
