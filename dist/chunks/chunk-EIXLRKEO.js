import { createRequire as __roCreateRequire } from 'node:module';
const require = __roCreateRequire(import.meta.url);

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
function precedenceIdentifiers(v) {
  const out = [];
  for (const id of v.prerelease) {
    const m = typeof id === "string" ? LETTERS_DIGITS.exec(id) : null;
    if (m && Number.isSafeInteger(Number(m[2]))) out.push(m[1], Number(m[2]));
    else out.push(id);
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
  if (typeof ids[0] !== "string" || ids[0].toLowerCase() !== "rc") return null;
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

export {
  parseVersion,
  formatVersion,
  coreVersion,
  isPrerelease,
  compareVersions,
  compareForSort,
  rcNumber,
  gaVersion,
  nextPatch,
  floatingTagsFor
};
