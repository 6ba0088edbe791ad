import { createRequire as __roCreateRequire } from 'node:module';
const require = __roCreateRequire(import.meta.url);
import {
  coreVersion,
  listVersionTags,
  parseVersion
} from "./chunk-NP4THNLA.js";
import {
  ConfigError,
  ExternalError
} from "./chunk-3TUOJGC2.js";

// src/ledger/identity.ts
function tagNameProblem(name) {
  if (name === "") return "it is empty";
  if (name.startsWith("-")) return 'it starts with "-" (a program would read it as an option)';
  if (/[\u0000-\u0020\u007f~^:?*[\\]/.test(name))
    return "it holds a space, a control character or one of ~ ^ : ? * [ \\";
  if (name.includes("..")) return 'it holds ".."';
  if (name.includes("@{") || name === "@") return 'it holds "@{" or is "@"';
  if (name.includes("//") || name.startsWith("/") || name.endsWith("/")) return "it has an empty path part";
  if (name.endsWith(".")) return 'it ends with "."';
  if (name.split("/").some((part) => part.startsWith(".") || part.endsWith(".lock")))
    return 'a part starts with "." or ends with ".lock"';
  return null;
}
function checkTagName(input, tag) {
  const problem = tagNameProblem(tag);
  if (problem) throw ConfigError.input(input, `"${printable(tag)}" is not a tag name: ${problem}`);
}
var SHA = /^[0-9a-f]{40}$/;
function checkExpectedSha(input, sha) {
  if (!SHA.test(sha))
    throw ConfigError.input(input, `"${printable(sha)}" is not a full commit id (40 lower-case hex digits)`);
}
async function nearestTags(gh, tag, limit = 8) {
  const v = parseVersion(tag);
  if (v) {
    const core = coreVersion(v);
    const sameCore = await listVersionTags(gh, `${v.prefix}${core}`);
    const exact = sameCore.filter((t) => coreVersion(t.version) === core);
    if (exact.length)
      return { label: `candidates of ${core}`, tags: exact.slice(0, limit).map((t) => t.tag) };
    const line = `${v.major}.${v.minor}`;
    const sameLine = (await listVersionTags(gh, `${v.prefix}${line}.`)).filter(
      (t) => t.version.major === v.major && t.version.minor === v.minor
    );
    if (sameLine.length)
      return { label: `candidates of ${line}`, tags: sameLine.slice(0, limit).map((t) => t.tag) };
  }
  const prefix = v?.prefix ?? (tag.startsWith("v") ? "v" : "");
  const newest = await listVersionTags(gh, prefix);
  return { label: "newest version tags", tags: newest.slice(0, limit).map((t) => t.tag) };
}
async function resolveBuild(gh, o) {
  checkTagName(o.input, o.tag);
  if (o.expectedSha !== void 0) checkExpectedSha("expected-sha", o.expectedSha);
  if (!gh) {
    if (o.expectedSha !== void 0)
      throw ConfigError.input(
        "expected-sha",
        `cannot check that ${o.tag} is ${o.expectedSha.slice(0, 12)} without a GitHub token (set GITHUB_TOKEN)`
      );
    return { tag: o.tag, sha: "", release: null, verified: false };
  }
  const sha = await gh.resolveTagCommit(o.tag);
  if (!sha) {
    const near = await nearestTags(gh, o.tag);
    const list = near.tags.length ? `${near.label}: ${near.tags.join(", ")}` : "the repository has no version tags";
    throw ConfigError.input(o.input, `no tag ${o.tag}; ${list}`);
  }
  if (o.expectedSha !== void 0 && sha !== o.expectedSha) {
    throw ConfigError.input(
      "expected-sha",
      `${o.tag} is commit ${sha}, not ${o.expectedSha}: the tag moved after the commit was checked \u2014 check the new commit, or pass its sha`
    );
  }
  let release = null;
  if (o.release !== "none") {
    release = await gh.getReleaseByTag(o.tag);
    if (release?.draft) release = null;
    if (!release && o.release === "required") {
      throw ConfigError.input(
        o.input,
        `tag ${o.tag} (${sha.slice(0, 12)}) has no published release (a draft is not one): publish it first`
      );
    }
  }
  return { tag: o.tag, sha, release, verified: true };
}
function printable(s) {
  const shown = s.replace(
    // eslint-disable-next-line no-control-regex -- control characters are what it replaces
    /[\u0000-\u001f\u007f]/g,
    (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, "0")}`
  );
  return shown.length > 80 ? shown.slice(0, 79) + "\u2026" : shown;
}

// src/evidence/write.ts
import path from "node:path";
var EVIDENCE_SCHEMA_VERSION = 1;
function utcStamp(ms) {
  return new Date(ms).toISOString().replace(/[-:]/g, "").replace(/\.\d{3}Z$/, "Z");
}
async function writeEvidence(deps, opts) {
  const file = path.join(opts.dir, `${opts.prefix}_${utcStamp(deps.clock.now())}.json`);
  const body = { schema_version: EVIDENCE_SCHEMA_VERSION, ...opts.data };
  const text = JSON.stringify(deps.redactor.redactDeep(body), null, 2) + "\n";
  try {
    await deps.fs.mkdirp(opts.dir);
    await deps.fs.writeFile(file, text);
  } catch (err) {
    const why = err?.code ?? err?.message ?? String(err);
    const hint = "set artifacts-dir (or OPS_ARTIFACTS_DIR) to a directory the job can create and write";
    const message = `cannot write the evidence file ${JSON.stringify(file)} (${why})`;
    if (!deps.logger) throw new ExternalError(message, { hint, cause: err });
    deps.logger.warn(`${message}: no evidence for this run, its outcome stands (${hint})`);
    return "";
  }
  return file;
}
function artifactsDir(env, input) {
  const dir = input || env.OPS_ARTIFACTS_DIR || "./artifacts";
  if (dir.includes("\0")) {
    throw input ? ConfigError.input("artifacts-dir", "contains a NUL character, which no path may hold") : new ConfigError({
      file: "environment OPS_ARTIFACTS_DIR",
      message: "contains a NUL character, which no path may hold"
    });
  }
  return dir;
}

export {
  checkTagName,
  checkExpectedSha,
  resolveBuild,
  writeEvidence,
  artifactsDir
};
