/**
 * Test setup without HTTP: commits, branches, tags, releases (with assets), check runs, statuses.
 * Seeding follows the API's rules (a published release creates its tag) but bypasses immutability
 * for assets, so a test can start from "a published immutable release with its files".
 */
import { ApiError } from './http.js';
import { addAsset } from './routes/assets.js';
import { addStatus } from './routes/repos.js';
import { createRelease } from './routes/releases.js';
import { checkRunJson, releaseJson, statusJson } from './shapes.js';
import { isoSeconds, type EmulatorState } from './state.js';
import type { CheckRunRecord, Seed } from './types.js';

const iso = (d: string | Date): string => (typeof d === 'string' ? d : isoSeconds(d));

function seedError(what: string, error: unknown): Error {
  if (error instanceof ApiError) return new Error(`${what}: ${JSON.stringify(error.toBody())}`);
  return error instanceof Error ? error : new Error(String(error));
}

export function createSeed(s: EmulatorState): Seed {
  const headOf = (branch: string): string | undefined => s.refs.get(`refs/heads/${branch}`);
  const requireCommit = (sha: string, what: string): void => {
    if (!s.commits.has(sha)) throw new Error(`${what}: unknown commit ${sha} (create it with seed.commit())`);
  };
  let commits = 0;

  return {
    commit(message, opts = {}) {
      commits += 1;
      const branch = opts.branch ?? s.defaultBranch;
      const parent = headOf(branch) ?? headOf(s.defaultBranch);
      const commit = s.addCommit(
        message ?? `Commit ${commits}`,
        parent ? [parent] : [],
        opts.date ? iso(opts.date) : s.now(),
      );
      s.refs.set(`refs/heads/${branch}`, commit.sha);
      return commit.sha;
    },

    branch(name, sha) {
      const target = sha ?? headOf(s.defaultBranch);
      if (!target) throw new Error(`seed.branch(${name}): no commit`);
      requireCommit(target, `seed.branch(${name})`);
      s.refs.set(`refs/heads/${name}`, target);
    },

    tag(name, sha, opts = {}) {
      requireCommit(sha, `seed.tag(${name})`);
      const ref = `refs/tags/${name}`;
      if (s.refs.has(ref)) throw new Error(`seed.tag(${name}): the tag already exists`);
      let target = sha;
      if (opts.annotated) {
        target = s.addTagObject(
          name,
          opts.message ?? `Release ${name}`,
          sha,
          'commit',
          s.botUser(s.now()),
        ).sha;
      }
      s.refs.set(ref, target);
      return target;
    },

    release(input) {
      if (input.sha) requireCommit(input.sha, `seed.release(${input.tag})`);
      try {
        const r = createRelease(s, {
          tag: input.tag,
          targetCommitish: input.sha ?? s.defaultBranch,
          name: input.name ?? null,
          body: input.body ?? null,
          draft: input.draft ?? false,
          prerelease: input.prerelease ?? false,
          makeLatest: input.makeLatest ?? 'legacy',
          ...(input.createdAt ? { createdAt: iso(input.createdAt) } : {}),
          ...(input.publishedAt ? { publishedAt: iso(input.publishedAt) } : {}),
        });
        for (const asset of input.assets ?? []) addAsset(s, r, asset);
        return releaseJson(s, r);
      } catch (error) {
        throw seedError(`seed.release(${input.tag})`, error);
      }
    },

    checkRun(sha, input) {
      requireCommit(sha, `seed.checkRun(${input.name})`);
      const now = s.now();
      const conclusion = input.conclusion ?? null;
      const status = input.status ?? (conclusion ? 'completed' : 'queued');
      const run: CheckRunRecord = {
        id: s.nextId('check_run'),
        head_sha: sha,
        name: input.name,
        status,
        conclusion,
        external_id: '',
        details_url: null,
        started_at: now,
        completed_at: status === 'completed' ? now : null,
        output: { title: null, summary: null, text: null, annotations: [] },
      };
      s.checkRuns.push(run);
      return checkRunJson(s, run);
    },

    status(sha, input) {
      requireCommit(sha, `seed.status(${input.context})`);
      const record = addStatus(s, sha, {
        state: input.state,
        context: input.context,
        description: input.description ?? null,
        target_url: input.targetUrl ?? null,
      });
      return statusJson(s, record);
    },
  };
}
