/**
 * Release versions as tags are written: `v1.0.0`, `1.0.0-rc4`, `v1.0.0-rc.4+build.7`.
 *
 * Semantic Versioning 2.0.0 with two conveniences for release candidates:
 * - an identifier made of letters followed by digits (`rc4`, `beta10`) compares as the two identifiers
 *   `rc` and `4`, so `rc4` and `rc.4` have the same precedence and `rc10` is above `rc9`;
 * - the label `rc` compares whatever its case (`RC2`, `Rc.2` and `rc2` have the same precedence, and
 *   `RC11` is above `rc2`): a release candidate is one whatever its spelling; other labels keep semver's
 *   ASCII order;
 * - the prefix style (`v` or none) is kept, so the GA tag of `1.0.0-rc4` is `1.0.0` and of `v1.0.0-rc4` is
 *   `v1.0.0`.
 * Build metadata (`+…`) is kept for formatting and ignored for precedence, as semver says.
 * Our own code, no semver package: the rules are short and these two conveniences are not semver's.
 */

export type Prefix = 'v' | '';

export interface Version {
  prefix: Prefix;
  major: number;
  minor: number;
  patch: number;
  /** Prerelease identifiers as written (`['rc4']`, `['rc', '4']`); numeric ones as numbers. */
  prerelease: (string | number)[];
  /** Build metadata identifiers as written; ignored for precedence. */
  build: string[];
}

const NUMERIC = /^(0|[1-9]\d*)$/;
const ALNUM = /^[0-9A-Za-z-]+$/;
const CORE = /^(v?)(0|[1-9]\d*)\.(0|[1-9]\d*)\.(0|[1-9]\d*)(?:-([0-9A-Za-z.-]+))?(?:\+([0-9A-Za-z.-]+))?$/;
/** Letters then digits in one identifier: `rc4`, `beta10`. */
const LETTERS_DIGITS = /^([A-Za-z]+)(\d+)$/;

/** Parses a tag or version; null when it is not `[v]MAJOR.MINOR.PATCH[-PRERELEASE][+BUILD]`. */
export function parseVersion(text: string): Version | null {
  const m = CORE.exec(text.trim());
  if (!m) return null;
  const nums = [m[2]!, m[3]!, m[4]!].map(Number);
  if (nums.some((n) => !Number.isSafeInteger(n))) return null;
  const prerelease: (string | number)[] = [];
  if (m[5] !== undefined) {
    for (const id of m[5].split('.')) {
      if (id === '' || !ALNUM.test(id)) return null;
      if (/^\d+$/.test(id)) {
        // semver: numeric identifiers must not have leading zeros
        if (!NUMERIC.test(id) || !Number.isSafeInteger(Number(id))) return null;
        prerelease.push(Number(id));
      } else {
        prerelease.push(id);
      }
    }
  }
  const build: string[] = [];
  if (m[6] !== undefined) {
    for (const id of m[6].split('.')) {
      if (id === '' || !ALNUM.test(id)) return null;
      build.push(id);
    }
  }
  return { prefix: m[1] as Prefix, major: nums[0]!, minor: nums[1]!, patch: nums[2]!, prerelease, build };
}

/** The inverse of parseVersion: `formatVersion(parseVersion(s)!) === s` for every valid `s`. */
export function formatVersion(v: Version): string {
  let s = `${v.prefix}${v.major}.${v.minor}.${v.patch}`;
  if (v.prerelease.length) s += `-${v.prerelease.join('.')}`;
  if (v.build.length) s += `+${v.build.join('.')}`;
  return s;
}

/** `1.0.0` (no prefix, no prerelease, no build). */
export function coreVersion(v: Version): string {
  return `${v.major}.${v.minor}.${v.patch}`;
}

export function isPrerelease(v: Version): boolean {
  return v.prerelease.length > 0;
}

/** The RC label as compared: `RC`, `Rc` and `rc` are one label; any other identifier as written. */
const label = (id: string) => (id.toLowerCase() === 'rc' ? 'rc' : id);

/** Prerelease identifiers as compared: `rc4` → `rc`, 4; `rc.4` → `rc`, 4; `RC4` → `rc`, 4. */
export function precedenceIdentifiers(v: Version): (string | number)[] {
  const out: (string | number)[] = [];
  for (const id of v.prerelease) {
    const m = typeof id === 'string' ? LETTERS_DIGITS.exec(id) : null;
    if (m && Number.isSafeInteger(Number(m[2]))) out.push(label(m[1]!), Number(m[2]));
    else out.push(typeof id === 'string' ? label(id) : id);
  }
  return out;
}

function cmp(a: number | string, b: number | string): -1 | 0 | 1 {
  if (typeof a === 'number' && typeof b === 'number') return a < b ? -1 : a > b ? 1 : 0;
  // semver: numeric identifiers have lower precedence than alphanumeric ones
  if (typeof a === 'number') return -1;
  if (typeof b === 'number') return 1;
  return a < b ? -1 : a > b ? 1 : 0; // ASCII order, as semver says
}

/**
 * Semver precedence: -1, 0 or 1. The prefix and build metadata do not count; `rc4` equals `rc.4`.
 * A total preorder: reflexive, transitive, and `compareVersions(a, b) === -compareVersions(b, a)`.
 */
export function compareVersions(a: Version, b: Version): -1 | 0 | 1 {
  for (const [x, y] of [
    [a.major, b.major],
    [a.minor, b.minor],
    [a.patch, b.patch],
  ] as const) {
    if (x !== y) return x < y ? -1 : 1;
  }
  const pa = precedenceIdentifiers(a);
  const pb = precedenceIdentifiers(b);
  if (pa.length === 0 || pb.length === 0) {
    // a release has higher precedence than any of its prereleases
    if (pa.length === pb.length) return 0;
    return pa.length === 0 ? 1 : -1;
  }
  for (let i = 0; i < Math.min(pa.length, pb.length); i++) {
    const c = cmp(pa[i]!, pb[i]!);
    if (c !== 0) return c;
  }
  return pa.length === pb.length ? 0 : pa.length < pb.length ? -1 : 1;
}

/**
 * A strict total order for sorting: precedence, then the text as written, so versions of equal
 * precedence (`v1.0.0-rc4`, `v1.0.0-rc.4`, `v1.0.0+b1`) still sort deterministically.
 */
export function compareForSort(a: Version, b: Version): -1 | 0 | 1 {
  const c = compareVersions(a, b);
  if (c !== 0) return c;
  const sa = formatVersion(a);
  const sb = formatVersion(b);
  return sa < sb ? -1 : sa > sb ? 1 : 0;
}

/** The release-candidate number: `rc4` and `rc.4` (any case) → 4; null when not an RC. */
export function rcNumber(v: Version): number | null {
  const ids = precedenceIdentifiers(v);
  if (ids[0] !== 'rc') return null;
  return typeof ids[1] === 'number' ? ids[1] : null;
}

/** The stable version of a prerelease, in the same prefix style, without prerelease or build. */
export function gaVersion(v: Version): Version {
  return { prefix: v.prefix, major: v.major, minor: v.minor, patch: v.patch, prerelease: [], build: [] };
}

/** `v1.0.0-rc4` → `v1.0.0`; `1.0.0-rc.4+b7` → `1.0.0`. Throws on a tag that is not a version. */
export function gaTagFor(rcTag: string): string {
  const v = parseVersion(rcTag);
  if (!v) throw new Error(`"${rcTag}" is not a version tag such as v1.0.0-rc4`);
  return formatVersion(gaVersion(v));
}

/**
 * The next patch release after a production tag, same prefix style: `v1.0.1` → `v1.0.2`.
 * For a prerelease the next patch is its own release (`1.0.2-rc1` → `1.0.2`), as in semver.
 */
export function nextPatch(tag: string): string {
  const v = parseVersion(tag);
  if (!v) throw new Error(`"${tag}" is not a version tag such as v1.0.1`);
  const g = gaVersion(v);
  if (!isPrerelease(v)) g.patch += 1;
  return formatVersion(g);
}

/** Floating tags for a release: `v1.2.3` → `v1`, `v1.2` (same prefix style). */
export function floatingTagsFor(v: Version): string[] {
  return [`${v.prefix}${v.major}`, `${v.prefix}${v.major}.${v.minor}`];
}
