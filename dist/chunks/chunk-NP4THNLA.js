import { createRequire as __roCreateRequire } from 'node:module';
const require = __roCreateRequire(import.meta.url);
import {
  ConfigError
} from "./chunk-3TUOJGC2.js";

// src/release/version.ts
var NUMERIC = /^(0|[1-9]\d*)$/;
var ALNUM = /^[0-9A-Za-z-]+$/;
var CORE = /^(v?)(0|[1-9]\d*)\.(0|[1-9]\d*)\.(0|[1-9]\d*)(?:-([0-9A-Za-z.-]+))?(?:\+([0-9A-Za-z.-]+))?$/;
var LETTERS_DIGITS = /^([A-Za-z]+)(\d+)$/;
function parseVersion(text) {
  const m = CORE.exec(text.trim());
  if (!m) return null;
  const nums = [m[2], m[3], m[4]].map(Number);
  if (nums.some((n) => !Number.isSafeInteger(n))) return null;
  const prerelease = [];
  if (m[5] !== void 0) {
    for (const id of m[5].split(".")) {
      if (id === "" || !ALNUM.test(id)) return null;
      if (/^\d+$/.test(id)) {
        if (!NUMERIC.test(id) || !Number.isSafeInteger(Number(id))) return null;
        prerelease.push(Number(id));
      } else {
        prerelease.push(id);
      }
    }
  }
  const build = [];
  if (m[6] !== void 0) {
    for (const id of m[6].split(".")) {
      if (id === "" || !ALNUM.test(id)) return null;
      build.push(id);
    }
  }
  return { prefix: m[1], major: nums[0], minor: nums[1], patch: nums[2], prerelease, build };
}
function formatVersion(v) {
  let s = `${v.prefix}${v.major}.${v.minor}.${v.patch}`;
  if (v.prerelease.length) s += `-${v.prerelease.join(".")}`;
  if (v.build.length) s += `+${v.build.join(".")}`;
  return s;
}
function coreVersion(v) {
  return `${v.major}.${v.minor}.${v.patch}`;
}
function isPrerelease(v) {
  return v.prerelease.length > 0;
}
var label = (id) => id.toLowerCase() === "rc" ? "rc" : id;
function precedenceIdentifiers(v) {
  const out = [];
  for (const id of v.prerelease) {
    const m = typeof id === "string" ? LETTERS_DIGITS.exec(id) : null;
    if (m && Number.isSafeInteger(Number(m[2]))) out.push(label(m[1]), Number(m[2]));
    else out.push(typeof id === "string" ? label(id) : id);
  }
  return out;
}
function cmp(a, b) {
  if (typeof a === "number" && typeof b === "number") return a < b ? -1 : a > b ? 1 : 0;
  if (typeof a === "number") return -1;
  if (typeof b === "number") return 1;
  return a < b ? -1 : a > b ? 1 : 0;
}
function compareVersions(a, b) {
  for (const [x, y] of [
    [a.major, b.major],
    [a.minor, b.minor],
    [a.patch, b.patch]
  ]) {
    if (x !== y) return x < y ? -1 : 1;
  }
  const pa = precedenceIdentifiers(a);
  const pb = precedenceIdentifiers(b);
  if (pa.length === 0 || pb.length === 0) {
    if (pa.length === pb.length) return 0;
    return pa.length === 0 ? 1 : -1;
  }
  for (let i = 0; i < Math.min(pa.length, pb.length); i++) {
    const c = cmp(pa[i], pb[i]);
    if (c !== 0) return c;
  }
  return pa.length === pb.length ? 0 : pa.length < pb.length ? -1 : 1;
}
function compareForSort(a, b) {
  const c = compareVersions(a, b);
  if (c !== 0) return c;
  const sa = formatVersion(a);
  const sb = formatVersion(b);
  return sa < sb ? -1 : sa > sb ? 1 : 0;
}
function rcNumber(v) {
  const ids = precedenceIdentifiers(v);
  if (ids[0] !== "rc") return null;
  return typeof ids[1] === "number" ? ids[1] : null;
}
function gaVersion(v) {
  return { prefix: v.prefix, major: v.major, minor: v.minor, patch: v.patch, prerelease: [], build: [] };
}
function nextPatch(tag) {
  const v = parseVersion(tag);
  if (!v) throw new Error(`"${tag}" is not a version tag such as v1.0.1`);
  const g = gaVersion(v);
  if (!isPrerelease(v)) g.patch += 1;
  return formatVersion(g);
}
function floatingTagsFor(v) {
  return [`${v.prefix}${v.major}`, `${v.prefix}${v.major}.${v.minor}`];
}

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
  parseVersion,
  formatVersion,
  coreVersion,
  isPrerelease,
  compareVersions,
  rcNumber,
  gaVersion,
  nextPatch,
  floatingTagsFor,
  listVersionTags,
  findRc,
  findPreviousStable
};
