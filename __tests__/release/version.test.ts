import { describe, expect, it } from '@jest/globals';
import fc from 'fast-check';
import {
  compareForSort,
  compareVersions,
  floatingTagsFor,
  formatVersion,
  gaTagFor,
  nextPatch,
  parseVersion,
  rcNumber,
  type Version,
} from '../../src/release/version.js';

const v = (s: string): Version => {
  const p = parseVersion(s);
  if (!p) throw new Error(`test bug: ${s} does not parse`);
  return p;
};
const cmp = (a: string, b: string) => compareVersions(v(a), v(b));

describe('parseVersion', () => {
  it.each([
    ['v1.0.0', { prefix: 'v', major: 1, minor: 0, patch: 0, prerelease: [], build: [] }],
    ['1.0.0', { prefix: '', major: 1, minor: 0, patch: 0, prerelease: [], build: [] }],
    ['v1.0.0-rc4', { prefix: 'v', major: 1, minor: 0, patch: 0, prerelease: ['rc4'], build: [] }],
    ['v1.0.0-rc.4', { prefix: 'v', major: 1, minor: 0, patch: 0, prerelease: ['rc', 4], build: [] }],
    ['1.0.0-rc4', { prefix: '', major: 1, minor: 0, patch: 0, prerelease: ['rc4'], build: [] }],
    [
      'v10.20.30-alpha.1.beta+build.7',
      {
        prefix: 'v',
        major: 10,
        minor: 20,
        patch: 30,
        prerelease: ['alpha', 1, 'beta'],
        build: ['build', '7'],
      },
    ],
    ['1.2.3+001', { prefix: '', major: 1, minor: 2, patch: 3, prerelease: [], build: ['001'] }],
    ['1.2.3-x-y-z.--', { prefix: '', major: 1, minor: 2, patch: 3, prerelease: ['x-y-z', '--'], build: [] }],
    ['1.2.3-0a', { prefix: '', major: 1, minor: 2, patch: 3, prerelease: ['0a'], build: [] }],
  ])('%s', (text, expected) => {
    expect(parseVersion(text)).toEqual(expected);
  });

  it.each([
    'V1.0.0', // only a lowercase v prefix
    'release-1.0.0',
    'v1.0',
    'v1',
    '1.0.0.0',
    '01.0.0',
    '1.00.0',
    '1.0.00',
    '1.0.0-',
    '1.0.0-rc..4',
    '1.0.0-rc.04', // numeric identifiers have no leading zeros
    '1.0.0+',
    '1.0.0-rc_4',
    'vv1.0.0',
    '',
    '99999999999999999999.0.0',
  ])('refuses %j', (text) => {
    expect(parseVersion(text)).toBeNull();
  });
});

describe('precedence', () => {
  // each row: lower < higher
  it.each([
    ['v1.0.0-rc9', 'v1.0.0-rc10'],
    ['v1.0.0-rc.9', 'v1.0.0-rc.10'],
    ['v1.0.0-rc.9', 'v1.0.0-rc10'],
    ['v1.0.0-rc3', 'v1.0.0-rc.4'],
    ['v1.0.0-rc4', 'v1.0.0'],
    ['v1.0.0-rc.99', 'v1.0.0'],
    ['1.0.0-alpha', '1.0.0-alpha.1'],
    ['1.0.0-alpha.1', '1.0.0-alpha.beta'],
    ['1.0.0-alpha.beta', '1.0.0-beta'],
    ['1.0.0-beta', '1.0.0-beta.2'],
    ['1.0.0-beta.2', '1.0.0-beta.11'],
    ['1.0.0-beta.11', '1.0.0-rc.1'],
    ['1.0.0-rc.1', '1.0.0'],
    ['1.0.0-beta2', '1.0.0-rc1'],
    ['0.9.9', '1.0.0-rc1'],
    ['1.0.0', '1.0.1'],
    ['1.9.0', '1.10.0'],
    ['1.0.0-rc.1', '1.0.0-rc.1.1'],
    ['1.0.0-1', '1.0.0-rc'], // numeric identifiers are lower than alphanumeric ones
    // RC labels compare whatever their case (an RC is an RC); the number decides
    ['v1.0.0-rc1', 'v1.0.0-RC2'],
    ['v1.0.0-RC2', 'v1.0.0-rc10'],
    ['v1.0.0-Rc.9', 'v1.0.0-rc10'],
    ['v1.0.0-beta.30', 'v1.0.0-RC1'],
    // other labels keep semver's ASCII order: uppercase sorts first
    ['1.0.0-BETA', '1.0.0-beta'],
    ['1.0.0-Alpha.2', '1.0.0-alpha.1'],
  ])('%s < %s', (lo, hi) => {
    expect(cmp(lo, hi)).toBe(-1);
    expect(cmp(hi, lo)).toBe(1);
  });

  it.each([
    ['v1.0.0-rc4', 'v1.0.0-rc.4'],
    ['v1.0.0-rc.1', 'v1.0.0-rc1'],
    ['v1.0.0-rc4', '1.0.0-rc4'], // the prefix does not count
    ['1.0.0+build.1', '1.0.0+build.2'], // build metadata does not count
    ['1.0.0-rc.1+b7', '1.0.0-rc1'],
    ['1.0.0', 'v1.0.0+x'],
    ['v1.0.0-RC4', 'v1.0.0-rc4'],
    ['v1.0.0-Rc.4', 'v1.0.0-rc4'],
    ['v1.0.0-RC', 'v1.0.0-rc'],
  ])('%s has the precedence of %s', (a, b) => {
    expect(cmp(a, b)).toBe(0);
    expect(cmp(b, a)).toBe(0);
  });

  it('sorting is deterministic across equal precedence (then by text)', () => {
    const tags = ['v1.0.0-rc10', 'v1.0.0', 'v1.0.0-rc.1', 'v1.0.0-rc9', 'v1.0.0-rc1', 'v1.0.0+b', 'v0.9.0'];
    const sorted = tags.map(v).sort(compareForSort).map(formatVersion);
    expect(sorted).toEqual([
      'v0.9.0',
      'v1.0.0-rc.1',
      'v1.0.0-rc1',
      'v1.0.0-rc9',
      'v1.0.0-rc10',
      'v1.0.0',
      'v1.0.0+b',
    ]);
  });
});

describe('helpers', () => {
  it.each([
    ['v1.0.0-rc4', 4],
    ['v1.0.0-rc.4', 4],
    ['1.0.0-RC10', 10],
    ['1.0.0-rc.10.1', 10],
    ['1.0.0-beta.2', null],
    ['1.0.0-rc', null],
    ['1.0.0', null],
  ])('rcNumber(%s) = %p', (tag, n) => {
    expect(rcNumber(v(tag))).toBe(n);
  });

  it.each([
    ['v1.0.0-rc4', 'v1.0.0'],
    ['v1.0.0-rc.4', 'v1.0.0'],
    ['1.0.0-rc4', '1.0.0'],
    ['1.2.3-rc.1+build.9', '1.2.3'],
  ])('gaTagFor(%s) = %s (prefix style kept)', (rc, ga) => {
    expect(gaTagFor(rc)).toBe(ga);
  });

  it('gaTagFor refuses a non-version', () => {
    expect(() => gaTagFor('nightly')).toThrow('is not a version tag');
  });

  it.each([
    ['v1.0.1', 'v1.0.2'],
    ['1.0.1', '1.0.2'],
    ['v1.9.9', 'v1.9.10'],
    ['v1.0.2-rc1', 'v1.0.2'],
    ['v2.0.0+b5', 'v2.0.1'],
  ])('nextPatch(%s) = %s', (from, to) => {
    expect(nextPatch(from)).toBe(to);
  });

  it('floating tags keep the prefix style', () => {
    expect(floatingTagsFor(v('v1.2.3'))).toEqual(['v1', 'v1.2']);
    expect(floatingTagsFor(v('1.2.3'))).toEqual(['1', '1.2']);
  });
});

// ---- properties ----------------------------------------------------------------------------------
const num = fc.oneof(fc.constantFrom(0, 1, 2, 9, 10, 11), fc.nat({ max: 10_000 }));
const alnumId = fc.oneof(
  fc.constantFrom('rc', 'RC', 'alpha', 'beta', 'x-y', '--', '0a', 'rc1', 'rc9', 'rc10', 'beta2'),
  fc.stringMatching(/^[0-9A-Za-z-]{1,6}$/).filter((s) => !/^\d+$/.test(s)),
);
const preId = fc.oneof(num, alnumId);
const buildId = fc.stringMatching(/^[0-9A-Za-z-]{1,5}$/);
const versionArb: fc.Arbitrary<Version> = fc.record({
  prefix: fc.constantFrom('v' as const, '' as const),
  major: num,
  minor: num,
  patch: num,
  prerelease: fc.array(preId, { maxLength: 3 }),
  build: fc.array(buildId, { maxLength: 2 }),
});

describe('properties', () => {
  it('parse ∘ format is the identity on versions, and format ∘ parse on their text', () => {
    fc.assert(
      fc.property(versionArb, (ver) => {
        const text = formatVersion(ver);
        expect(parseVersion(text)).toEqual(ver);
        expect(formatVersion(parseVersion(text)!)).toBe(text);
      }),
      { numRuns: 500 },
    );
  });

  it('compareVersions is a total preorder: reflexive, antisymmetric in sign, transitive', () => {
    fc.assert(
      fc.property(versionArb, versionArb, versionArb, (a, b, c) => {
        expect(compareVersions(a, a)).toBe(0);
        expect(compareVersions(a, b)).toBe(-compareVersions(b, a) || 0);
        const ab = compareVersions(a, b);
        const bc = compareVersions(b, c);
        if (ab <= 0 && bc <= 0) expect(compareVersions(a, c)).toBeLessThanOrEqual(0);
        if (ab >= 0 && bc >= 0) expect(compareVersions(a, c)).toBeGreaterThanOrEqual(0);
        if (ab === 0) expect(compareVersions(a, c)).toBe(bc);
      }),
      { numRuns: 1000 },
    );
  });

  it('compareForSort is a strict total order on distinct texts (sorting any permutation gives one result)', () => {
    fc.assert(
      fc.property(fc.uniqueArray(versionArb, { selector: formatVersion, maxLength: 8 }), (list) => {
        const a = [...list].sort(compareForSort).map(formatVersion);
        const b = [...list].reverse().sort(compareForSort).map(formatVersion);
        expect(a).toEqual(b);
        for (let i = 1; i < list.length; i++)
          expect(compareForSort(parseVersion(a[i - 1]!)!, parseVersion(a[i]!)!)).toBe(-1);
      }),
      { numRuns: 300 },
    );
  });

  it('a release is above each of its prereleases, and build metadata never changes precedence', () => {
    fc.assert(
      fc.property(versionArb, fc.array(buildId, { maxLength: 2 }), (ver, build) => {
        const release = { ...ver, prerelease: [], build: [] };
        if (ver.prerelease.length) expect(compareVersions(ver, release)).toBe(-1);
        expect(compareVersions(ver, { ...ver, build })).toBe(0);
      }),
    );
  });

  it('the case of the RC label never changes precedence', () => {
    const cases = fc.constantFrom('rc', 'RC', 'Rc', 'rC');
    fc.assert(
      fc.property(
        cases,
        cases,
        fc.nat({ max: 1000 }),
        fc.nat({ max: 1000 }),
        fc.boolean(),
        (x, y, n, m, dot) => {
          const a = v(`v1.0.0-${x}${dot ? '.' : ''}${n}`);
          const b = v(`v1.0.0-${y}${m}`);
          expect(compareVersions(a, b)).toBe(n < m ? -1 : n > m ? 1 : 0);
          expect(rcNumber(a)).toBe(n);
        },
      ),
    );
  });

  it('rcN and rc.N have the same precedence, and RC numbers order numerically', () => {
    fc.assert(
      fc.property(fc.nat({ max: 100_000 }), fc.nat({ max: 100_000 }), (n, m) => {
        const a = v(`v1.0.0-rc${n}`);
        const b = v(`v1.0.0-rc.${n}`);
        expect(compareVersions(a, b)).toBe(0);
        expect(rcNumber(a)).toBe(n);
        expect(compareVersions(a, v(`v1.0.0-rc${m}`))).toBe(n < m ? -1 : n > m ? 1 : 0);
      }),
    );
  });
});
