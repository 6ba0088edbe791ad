import { createRequire as __roCreateRequire } from 'node:module';
const require = __roCreateRequire(import.meta.url);
import {
  coreVersion,
  nextPatch,
  parseVersion
} from "./chunk-NP4THNLA.js";
import {
  ConfigError,
  ExternalError
} from "./chunk-3TUOJGC2.js";

// src/rollback/hotfix.ts
function planHotfix(fromTag, inputName = "from") {
  const v = parseVersion(fromTag);
  if (!v) throw ConfigError.input(inputName, `"${fromTag}" is not a version tag such as v1.0.1`);
  const tag = nextPatch(fromTag);
  const version = coreVersion(parseVersion(tag));
  return { fromTag, version, tag, branch: `hotfix/${version}` };
}
async function createHotfixBranch(gh, plan, opts = {}) {
  const sha = await gh.resolveTagCommit(plan.fromTag);
  if (!sha)
    throw ConfigError.input(
      "from",
      `the tag ${plan.fromTag} does not exist in ${gh.repo.owner}/${gh.repo.repo}`
    );
  if (await gh.getRef(`tags/${plan.tag}`)) {
    throw new ExternalError(`the next patch of ${plan.fromTag}, ${plan.tag}, is already tagged`, {
      hint: `make the hotfix from ${plan.tag} (the current production tag) instead`
    });
  }
  const existing = await gh.getRef(`heads/${plan.branch}`);
  if (existing) return sameOrFail(plan, existing.sha, sha);
  if (opts.dryRun)
    return {
      ...plan,
      sha,
      status: "planned",
      detail: `would create branch ${plan.branch} at ${plan.fromTag} (${sha.slice(0, 12)})`
    };
  try {
    await gh.createRef(`refs/heads/${plan.branch}`, sha);
  } catch (err) {
    const now = err instanceof ExternalError && err.status === 422 ? await gh.getRef(`heads/${plan.branch}`) : null;
    if (now) return sameOrFail(plan, now.sha, sha);
    throw err;
  }
  return {
    ...plan,
    sha,
    status: "done",
    detail: `created branch ${plan.branch} at ${plan.fromTag} (${sha.slice(0, 12)}); release it as ${plan.tag}`
  };
}
function sameOrFail(plan, actual, wanted) {
  if (actual === wanted) {
    return {
      ...plan,
      sha: wanted,
      status: "already",
      detail: `branch ${plan.branch} already exists at ${plan.fromTag} (${wanted.slice(0, 12)})`
    };
  }
  throw new ExternalError(
    `branch ${plan.branch} already exists at ${actual.slice(0, 12)}, not at ${plan.fromTag} (${wanted.slice(0, 12)})`,
    {
      hint: `someone started this hotfix from another commit: continue on that branch, or delete it and run again`
    }
  );
}

export {
  planHotfix,
  createHotfixBranch
};
