import { createRequire as __roCreateRequire } from 'node:module';
const require = __roCreateRequire(import.meta.url);
import {
  compareForSort,
  compareVersions,
  coreVersion,
  formatVersion,
  gaVersion,
  isPrerelease,
  parseVersion,
  rcNumber
} from "./chunk-EIXLRKEO.js";
import {
  ConfigError
} from "./chunk-3TUOJGC2.js";

// src/release/find.ts
var TAG_REF = /^refs\/tags\//;
async function listVersionTags(gh, prefix) {
  const refs = await gh.listMatchingRefs(`tags/${prefix}`);
  const out = [];
  for (const ref of refs) {
    const tag = ref.ref.replace(TAG_REF, "");
    const version = parseVersion(tag);
    if (version && tag.startsWith(prefix)) out.push({ tag, version, ref });
  }
  return out.sort((a, b) => compareForSort(b.version, a.version));
}
function otherPrefix(p) {
  return p === "v" ? "" : "v";
}
async function findRc(gh, sel) {
  let wanted;
  let pickHighest;
  if (sel.rcTag !== void 0) {
    const v = parseVersion(sel.rcTag);
    if (!v)
      throw ConfigError.input(
        "rc-tag",
        `expected a release candidate tag such as v1.0.0-rc4, found "${sel.rcTag}"`
      );
    if (!isPrerelease(v)) {
      throw ConfigError.input(
        "rc-tag",
        `"${sel.rcTag}" is not a prerelease; name the RC (v1.0.0-rc4) or use input version`
      );
    }
    wanted = v;
    pickHighest = false;
  } else if (sel.version !== void 0) {
    const v = parseVersion(sel.version);
    if (!v || isPrerelease(v) || v.build.length) {
      throw ConfigError.input(
        "version",
        `expected a version such as 1.0.0 or v1.0.0 (to name one RC use rc-tag), found "${sel.version}"`
      );
    }
    wanted = v;
    pickHighest = true;
  } else {
    throw ConfigError.input("rc-tag", "set rc-tag (e.g. v1.0.0-rc4) or version (e.g. 1.0.0)");
  }
  const searched = [];
  let tag = null;
  let tags = [];
  for (const prefix2 of [wanted.prefix, otherPrefix(wanted.prefix)]) {
    const listPrefix = `${prefix2}${coreVersion(wanted)}`;
    searched.push(`${listPrefix}*`);
    const listed = (await listVersionTags(gh, listPrefix)).filter(
      (t) => coreVersion(t.version) === coreVersion(wanted)
    );
    const hit = pickHighest ? listed.find((t) => rcNumber(t.version) !== null) ?? null : pickSame(listed, wanted);
    if (searched.length === 1) tags = listed;
    if (hit) {
      tag = hit;
      tags = listed;
      break;
    }
  }
  const prefix = tag ? tag.version.prefix : wanted.prefix;
  const gaTag = formatVersion(gaVersion({ ...wanted, prefix }));
  const gaRef = tags.find((t) => t.tag === gaTag)?.ref ?? null;
  const rcVersion = tag?.version ?? (pickHighest ? null : wanted);
  const newer = rcVersion ? tags.filter((t) => isPrerelease(t.version) && compareVersions(t.version, rcVersion) > 0) : [];
  const release = tag ? await gh.getReleaseByTag(tag.tag) : null;
  return {
    rcTag: tag?.tag ?? sel.rcTag ?? `${prefix}${coreVersion(wanted)}-rc*`,
    rcVersion,
    rcRef: tag?.ref ?? null,
    release,
    gaTag,
    gaRef,
    newer,
    versionTags: tags,
    searched
  };
}
function pickSame(tags, wanted) {
  const exact = formatVersion(wanted);
  return tags.find((t) => t.tag === exact) ?? tags.find((t) => compareVersions(t.version, wanted) === 0) ?? null;
}
async function findPreviousStable(gh, below, opts = {}) {
  const limit = typeof below === "string" ? parseVersion(below) : below;
  if (!limit) throw new Error(`"${String(below)}" is not a version tag such as v1.1.0`);
  const p = opts.prefix ?? limit.prefix;
  const levels = [];
  if (limit.patch > 0) levels.push(`${p}${limit.major}.${limit.minor}.`);
  if (limit.minor > 0) levels.push(`${p}${limit.major}.`);
  if (limit.major > 0) levels.push(`${p}${limit.major - 1}.`);
  levels.push(p);
  const examined = /* @__PURE__ */ new Set();
  for (const level of levels) {
    const candidates = (await listVersionTags(gh, level)).filter(
      (t) => t.version.prefix === p && !isPrerelease(t.version) && compareVersions(t.version, limit) < 0 && !examined.has(t.tag)
    );
    for (const c of candidates) {
      examined.add(c.tag);
      const release = await gh.getReleaseByTag(c.tag);
      if (release && !release.draft && !release.prerelease)
        return { tag: c.tag, version: c.version, release };
    }
  }
  return null;
}

export {
  findRc,
  findPreviousStable
};
