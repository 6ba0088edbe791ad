/**
 * The hotfix branch (the release and incident flow): `hotfix/<next patch>` created from a production
 * tag — `v1.0.1` → branch `hotfix/1.0.2` at v1.0.1's commit — through the GitHub API (no checkout
 * needed). Idempotent: a branch already at that commit is success; at another commit, a clear error. A
 * next patch whose tag already exists is refused (that version is taken: branch from it instead).
 * `inspectHotfixBranch` makes the reads (a dry run stops there), `createHotfixBranch` the write.
 */
import { ConfigError, ExternalError } from '../../errors.js';
import type { GitHubPort } from '../../ports/index.js';
import { coreVersion, nextPatch, parseVersion } from '../../release/version.js';

export interface HotfixPlan {
  fromTag: string;
  /** `1.0.2`, without prefix. */
  version: string;
  /** The tag the hotfix will be released as, in the production tag's prefix style (`v1.0.2`). */
  tag: string;
  branch: string;
}

export interface HotfixOutcome extends HotfixPlan {
  sha: string;
  status: 'done' | 'already';
  detail: string;
}

export function planHotfix(fromTag: string, inputName = 'from'): HotfixPlan {
  const v = parseVersion(fromTag);
  if (!v) throw ConfigError.input(inputName, `"${fromTag}" is not a version tag such as v1.0.1`);
  const tag = nextPatch(fromTag);
  const version = coreVersion(parseVersion(tag)!);
  return { fromTag, version, tag, branch: `hotfix/${version}` };
}

/** What is there already: the tag's commit, and the branch when it exists at that commit. */
export interface HotfixInspection {
  sha: string;
  /** The branch already exists at the tag's commit (a re-run). */
  exists: boolean;
}

export async function inspectHotfixBranch(gh: GitHubPort, plan: HotfixPlan): Promise<HotfixInspection> {
  const sha = await gh.resolveTagCommit(plan.fromTag);
  if (!sha)
    throw ConfigError.input(
      'from',
      `the tag ${plan.fromTag} does not exist in ${gh.repo.owner}/${gh.repo.repo}`,
    );
  if (await gh.getRef(`tags/${plan.tag}`)) {
    throw new ExternalError(`the next patch of ${plan.fromTag}, ${plan.tag}, is already tagged`, {
      hint: `make the hotfix from ${plan.tag} (the current production tag) instead`,
    });
  }
  const existing = await gh.getRef(`heads/${plan.branch}`);
  if (existing) sameOrFail(plan, existing.sha, sha);
  return { sha, exists: existing !== null };
}

export async function createHotfixBranch(
  gh: GitHubPort,
  plan: HotfixPlan,
  seen?: HotfixInspection,
): Promise<HotfixOutcome> {
  const { sha, exists } = seen ?? (await inspectHotfixBranch(gh, plan));
  if (exists) return sameOrFail(plan, sha, sha);
  try {
    await gh.createRef(`refs/heads/${plan.branch}`, sha);
  } catch (err) {
    // Created by a concurrent run between our look and our write: fine if it points where we wanted.
    const now =
      err instanceof ExternalError && err.status === 422 ? await gh.getRef(`heads/${plan.branch}`) : null;
    if (now) return sameOrFail(plan, now.sha, sha);
    throw err;
  }
  return {
    ...plan,
    sha,
    status: 'done',
    detail: `created branch ${plan.branch} at ${plan.fromTag} (${sha.slice(0, 12)}); release it as ${plan.tag}`,
  };
}

function sameOrFail(plan: HotfixPlan, actual: string, wanted: string): HotfixOutcome {
  if (actual === wanted) {
    return {
      ...plan,
      sha: wanted,
      status: 'already',
      detail: `branch ${plan.branch} already exists at ${plan.fromTag} (${wanted.slice(0, 12)})`,
    };
  }
  throw new ExternalError(
    `branch ${plan.branch} already exists at ${actual.slice(0, 12)}, not at ${plan.fromTag} (${wanted.slice(0, 12)})`,
    {
      hint: `someone started this hotfix from another commit: continue on that branch, or delete it and run again`,
    },
  );
}
