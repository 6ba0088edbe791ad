/**
 * Properties of the judge's tests (fast-check): identities, ranges, symmetries, invariances, monotonicity,
 * and exact validity of the permutation tests by enumeration.
 */
import { describe, expect, it } from '@jest/globals';
import fc from 'fast-check';
import { rateInterval, rateTest } from '../../src/analysis/judge/count.js';
import { binomialCdf, binomialSf, binomialSumPmf, fisherExact } from '../../src/analysis/judge/exact.js';
import {
  absoluteDeviationsSorted,
  exceedanceInterval,
  exceedanceTest,
  medianSorted,
  spreadData,
  spreadTest,
} from '../../src/analysis/judge/latency.js';
import { createRandom } from '../../src/analysis/judge/random.js';
import {
  hodgesLehmann,
  kthPairwiseDifference,
  mannWhitney,
  rankSumDistribution,
  sortedCopy,
} from '../../src/analysis/judge/rank.js';

const RUNS = { numRuns: 200, seed: 4242 };
const ints = (min: number, max: number, minLength = 1, maxLength = 30) =>
  fc.array(fc.integer({ min, max }), { minLength, maxLength });
const reals = (minLength = 1, maxLength = 60) =>
  fc.array(fc.double({ min: -1e6, max: 1e6, noNaN: true, noDefaultInfinity: true }), {
    minLength,
    maxLength,
  });

describe('Mann–Whitney properties', () => {
  it('U + U′ = n1·n2, and p-values lie in [0, 1]', () => {
    fc.assert(
      fc.property(reals(), reals(), fc.constantFrom('auto', 'exact', 'normal'), (x, y, method) => {
        if (method === 'exact' && x.length + y.length > 40) return;
        const r = mannWhitney(x, y, method as 'auto');
        expect(r.u + r.uPrime).toBe(x.length * y.length);
        for (const p of [r.greater, r.less, r.twoSided]) {
          expect(p).toBeGreaterThanOrEqual(0);
          expect(p).toBeLessThanOrEqual(1);
        }
        // both tails together cover everything: P(U ≥ u) + P(U ≤ u) ≥ 1
        expect(r.greater + r.less).toBeGreaterThanOrEqual(1 - 1e-9);
      }),
      RUNS,
    );
  });

  it('is symmetric: swapping the samples swaps the tails', () => {
    fc.assert(
      fc.property(ints(-20, 20), ints(-20, 20), (x, y) => {
        const a = mannWhitney(x, y);
        const b = mannWhitney(y, x);
        expect(a.u).toBe(b.uPrime);
        expect(a.greater).toBeCloseTo(b.less, 12);
        expect(a.less).toBeCloseTo(b.greater, 12);
      }),
      RUNS,
    );
  });

  it('is invariant under strictly increasing transforms', () => {
    const transforms = [
      (v: number) => Math.exp(v / 40),
      (v: number) => v * v * v + v,
      (v: number) => 3 * v - 7,
    ];
    fc.assert(
      fc.property(ints(-60, 60, 1, 40), ints(-60, 60, 1, 40), fc.integer({ min: 0, max: 2 }), (x, y, t) => {
        const f = transforms[t]!;
        const a = mannWhitney(x, y);
        const b = mannWhitney(x.map(f), y.map(f));
        expect(b.u).toBe(a.u);
        expect(b.greater).toBe(a.greater);
        expect(b.less).toBe(a.less);
      }),
      RUNS,
    );
  });

  it('the exact distribution is a distribution, symmetric about n1·n2/2 without ties', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 12 }), fc.integer({ min: 1, max: 12 }), (n1, n2) => {
        const N = n1 + n2;
        const ranks = Int32Array.from({ length: N }, (_, i) => 2 * (i + 1));
        const counts = rankSumDistribution(ranks, n1);
        let total = 0;
        for (const c of counts) total += c;
        let binom = 1;
        for (let i = 1; i <= n1; i++) binom = (binom * (N - n1 + i)) / i;
        expect(total).toBeCloseTo(binom, 6);
        const base = n1 * (n1 + 1);
        for (let u = 0; u <= n1 * n2; u++)
          expect(counts[2 * u + base]).toBe(counts[2 * (n1 * n2 - u) + base]);
      }),
      { numRuns: 60, seed: 7 },
    );
  });

  it('the k-th pairwise difference equals brute force, and the Hodges–Lehmann interval holds its estimate', () => {
    fc.assert(
      fc.property(ints(-30, 30, 1, 15), ints(-30, 30, 1, 15), (x, y) => {
        const xs = sortedCopy(x);
        const ys = sortedCopy(y);
        const d: number[] = [];
        for (const a of x) for (const b of y) d.push(a - b);
        d.sort((a, b) => a - b);
        for (let k = 1; k <= d.length; k++) expect(kthPairwiseDifference(xs, ys, k)).toBe(d[k - 1]);
        const hl = hodgesLehmann(x, y, 0.05);
        expect(hl.lower).toBeLessThanOrEqual(hl.estimate);
        expect(hl.upper).toBeGreaterThanOrEqual(hl.estimate);
        // shift equivariance: adding s to the canary adds s to everything
        const s = 5;
        const shifted = hodgesLehmann(
          x.map((v) => v + s),
          y,
          0.05,
        );
        expect(shifted.estimate).toBeCloseTo(hl.estimate + s, 9);
      }),
      RUNS,
    );
  });

  it('is exactly valid: over all splits of the pooled sample, P(p ≤ α) ≤ α', () => {
    // 10 values with ties, n1 = 5: enumerate the C(10,5) = 252 labellings
    const pooled = [1, 2, 2, 3, 5, 5, 5, 8, 13, 21];
    const splits: number[][] = [];
    const rec = (start: number, pick: number[]) => {
      if (pick.length === 5) return void splits.push([...pick]);
      for (let i = start; i < 10; i++) rec(i + 1, [...pick, i]);
    };
    rec(0, []);
    const ps = splits.map((pick) => {
      const x = pick.map((i) => pooled[i]!);
      const y = pooled.filter((_, i) => !pick.includes(i));
      return mannWhitney(x, y).greater;
    });
    for (const alpha of [0.01, 0.05, 0.1, 0.25]) {
      expect(ps.filter((p) => p <= alpha).length / ps.length).toBeLessThanOrEqual(alpha + 1e-12);
    }
  });
});

describe('exact discrete tests', () => {
  it("Fisher's p is monotone in the canary's events", () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 400 }),
        fc.integer({ min: 1, max: 400 }),
        fc.integer({ min: 0, max: 400 }),
        (nc, nb, eb) => {
          eb = Math.min(eb, nb);
          let prev = Infinity;
          for (let a = 0; a <= nc; a += Math.max(1, Math.floor(nc / 25))) {
            const p = fisherExact(a, nc - a, eb, nb - eb).greater;
            expect(p).toBeGreaterThanOrEqual(0);
            expect(p).toBeLessThanOrEqual(1);
            expect(p).toBeLessThanOrEqual(prev + 1e-12);
            prev = p;
          }
        },
      ),
      { numRuns: 100, seed: 11 },
    );
  });

  it('binomial tails add up to one', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: 2000 }),
        fc.double({ min: 1e-6, max: 1 - 1e-6, noNaN: true }),
        (n, p) => {
          const k = Math.floor(n * p);
          expect(binomialCdf(k, n, p) + binomialSf(k + 1, n, p)).toBeCloseTo(1, 10);
        },
      ),
      RUNS,
    );
  });

  it('the binomial-sum law is a distribution', () => {
    fc.assert(
      fc.property(
        fc.array(
          fc.record({ n: fc.integer({ min: 0, max: 40 }), p: fc.double({ min: 0, max: 1, noNaN: true }) }),
          { minLength: 1, maxLength: 8 },
        ),
        (strata) => {
          const pmf = binomialSumPmf(strata);
          let total = 0;
          for (const v of pmf) {
            expect(v).toBeGreaterThanOrEqual(0);
            total += v;
          }
          expect(total).toBeCloseTo(1, 10);
        },
      ),
      { numRuns: 100, seed: 5 },
    );
  });

  it('the rate test is monotone in canary events, and its interval contains the estimate', () => {
    fc.assert(
      fc.property(
        fc.array(
          fc.record({
            nc: fc.integer({ min: 1, max: 3000 }),
            nb: fc.integer({ min: 1, max: 3000 }),
            eb: fc.integer({ min: 0, max: 15 }),
          }),
          { minLength: 1, maxLength: 6 },
        ),
        fc.integer({ min: 0, max: 40 }),
        (intervals, extra) => {
          const strata = (ec: number) =>
            intervals.map((iv, i) => ({
              canary: { events: i === 0 ? ec : 1, trials: Math.max(iv.nc, 100) },
              baseline: { events: iv.eb, trials: iv.nb },
            }));
          const p1 = rateTest(strata(extra), 1).greater;
          const p2 = rateTest(strata(extra + 1), 1).greater;
          expect(p2).toBeLessThanOrEqual(p1 + 1e-12);
          const ci = rateInterval(strata(extra), 0.025);
          if (Number.isFinite(ci.estimate)) {
            expect(ci.lower).toBeLessThanOrEqual(ci.estimate * (1 + 1e-6));
            expect(ci.upper).toBeGreaterThanOrEqual(ci.estimate * (1 - 1e-6));
          }
          expect(Number.isNaN(ci.lower) || Number.isNaN(ci.upper)).toBe(false);
        },
      ),
      { numRuns: 100, seed: 3 },
    );
  });

  it('an all-zero baseline with canary events: finite, decisive, never NaN', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 60 }), fc.integer({ min: 100, max: 5000 }), (ec, n) => {
        const s = [{ canary: { events: ec, trials: n }, baseline: { events: 0, trials: n } }];
        const r = rateTest(s, 1);
        expect(r.greater).toBeCloseTo(0.5 ** ec, 12);
        const ci = rateInterval(s, 0.01);
        expect(ci.estimate).toBe(Infinity);
        expect(ci.upper).toBe(Infinity);
        expect(ci.lower).toBeGreaterThan(0);
        expect(Number.isFinite(ci.lower)).toBe(true);
      }),
      { numRuns: 60, seed: 9 },
    );
  });

  it('the rate interval covers the true ratio at its nominal rate (simulation)', () => {
    const rng = createRandom(2024);
    let covered = 0;
    const runs = 400;
    for (let r = 0; r < runs; r++) {
      const strata = Array.from({ length: 4 }, () => {
        const nc = 800;
        const nb = 1200;
        return {
          canary: { events: rng.binomial(nc, 0.01), trials: nc },
          baseline: { events: rng.binomial(nb, 0.005), trials: nb },
        };
      });
      const ci = rateInterval(strata, 0.05); // 90 % two-sided
      if (ci.lower <= 2 && 2 <= ci.upper) covered++;
    }
    expect(covered / runs).toBeGreaterThanOrEqual(0.87);
  });
});

describe('tail and spread tests', () => {
  it('the exceedance test is exactly valid over all splits (permutation test)', () => {
    const pooled = [3, 1, 4, 1.5, 5, 9, 2, 6, 5.3, 8.9, 7, 9.3];
    const splits: number[][] = [];
    const rec = (start: number, pick: number[]) => {
      if (pick.length === 6) return void splits.push([...pick]);
      for (let i = start; i < pooled.length; i++) rec(i + 1, [...pick, i]);
    };
    rec(0, []);
    for (const q of [0.5, 0.75, 0.9]) {
      const ps = splits.map((pick) => {
        const x = sortedCopy(pick.map((i) => pooled[i]!));
        const y = sortedCopy(pooled.filter((_, i) => !pick.includes(i)));
        return exceedanceTest(x, y, q, 0).greater;
      });
      for (const alpha of [0.01, 0.05, 0.1, 0.3]) {
        expect(ps.filter((p) => p <= alpha).length / ps.length).toBeLessThanOrEqual(alpha + 1e-12);
      }
    }
  });

  it('the exceedance test is invariant under increasing transforms; its interval holds the estimate', () => {
    fc.assert(
      fc.property(ints(1, 500, 5, 80), ints(1, 500, 5, 80), (x, y) => {
        const a = exceedanceTest(sortedCopy(x), sortedCopy(y), 0.9, 0);
        const b = exceedanceTest(sortedCopy(x.map(Math.log)), sortedCopy(y.map(Math.log)), 0.9, 0);
        expect(b.greater).toBe(a.greater);
        const iv = exceedanceInterval(sortedCopy(x.map(Math.log)), sortedCopy(y.map(Math.log)), 0.9, 0.05, 0);
        expect(iv.lower.value).toBeLessThanOrEqual(iv.estimate + 1e-9);
        expect(iv.upper.value).toBeGreaterThanOrEqual(iv.estimate - 1e-9);
      }),
      { numRuns: 150, seed: 17 },
    );
  });

  it('absolute deviations come out sorted and equal |x − median|', () => {
    fc.assert(
      fc.property(reals(1, 50), (v) => {
        const s = sortedCopy(v);
        const d = absoluteDeviationsSorted(s);
        const med = medianSorted(s);
        const expected = v.map((x) => Math.abs(x - med)).sort((a, b) => a - b);
        expect(Array.from(d)).toEqual(expected);
      }),
      RUNS,
    );
  });

  it('the spread test keeps its level on identical distributions (simulation)', () => {
    const rng = createRandom(7919);
    let runs = 0;
    let rejected = 0;
    for (const [n1, n2] of [
      [60, 45],
      [45, 60],
      [200, 150],
      [31, 31],
    ] as const) {
      for (let r = 0; r < 1000; r++) {
        const gen = (n: number) =>
          sortedCopy(Array.from({ length: n }, () => Math.log(80) + 0.5 * rng.normal()));
        const data = spreadData(gen(n1), gen(n2));
        runs++;
        if (data && spreadTest(data, 0).greater <= 0.05) rejected++;
      }
    }
    // 5 % ± 3 standard errors
    expect(rejected / runs).toBeLessThan(0.05 + 3 * Math.sqrt((0.05 * 0.95) / runs));
  });

  it('the spread test detects a doubled standard deviation with the median unchanged', () => {
    const rng = createRandom(100);
    const gen = (n: number, sd: number) => sortedCopy(Array.from({ length: n }, () => sd * rng.normal()));
    const data = spreadData(gen(400, 1), gen(400, 0.5))!;
    expect(spreadTest(data, 0).greater).toBeLessThan(1e-6);
    expect(mannWhitney(Array.from(gen(400, 1)), Array.from(gen(400, 0.5))).greater).toBeGreaterThan(1e-3);
  });
});
