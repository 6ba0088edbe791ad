/**
 * The judge's numbers against published tables and independent exact oracles (fixtures/reference.json
 * records each value's provenance).
 */
import { describe, expect, it } from '@jest/globals';
import { readFileSync } from 'node:fs';
import {
  binomialCdf,
  binomialSf,
  fisherExact,
  hypergeometricCdf,
  hypergeometricSf,
} from '../../src/analysis/judge/exact.js';
import {
  logFactorial,
  logGamma,
  normalCdf,
  normalQuantile,
  normalSf,
} from '../../src/analysis/judge/math.js';
import { mannWhitney, uCritical } from '../../src/analysis/judge/rank.js';
import {
  boundaries,
  crossingProbabilities,
  spendingBoundaries,
} from '../../src/analysis/judge/sequential.js';
import { rateTest } from '../../src/analysis/judge/count.js';
import {
  binomialSfExact,
  binomialSumSfExact,
  hypergeometricCdfExact,
  hypergeometricSfExact,
  logGammaIntegerOracle,
  mannWhitneyBrute,
  normalCdfOracle,
  ratio,
} from './oracle.js';

const ref = JSON.parse(readFileSync(new URL('./fixtures/reference.json', import.meta.url), 'utf8'));

function closeRel(actual: number, expected: number, rel: number) {
  if (expected === 0) expect(Math.abs(actual)).toBeLessThan(1e-300);
  else expect(Math.abs(actual / expected - 1)).toBeLessThanOrEqual(rel);
}

describe('normal distribution', () => {
  it.each(ref.normalCdf.cases as { x: number; cdf: number }[])(
    'Φ($x) matches the recorded oracle value and the oracle itself',
    ({ x, cdf }) => {
      closeRel(normalCdfOracle(x), cdf, 1e-15);
      closeRel(normalCdf(x), cdf, ref.normalCdf.relativeTolerance);
      closeRel(normalSf(-x), cdf, ref.normalCdf.relativeTolerance);
    },
  );

  it.each(ref.normalQuantile.cases as { p: number; z: number }[])(
    'Φ⁻¹($p) = $z (published), and Φ(z) = p by the oracle',
    ({ p, z }) => {
      closeRel(normalCdfOracle(z), p, 1e-15);
      closeRel(normalQuantile(p), z, 1e-14);
      closeRel(normalQuantile(1 - p), -z, 1e-13);
    },
  );

  it('inverts Φ in the far tails', () => {
    for (const p of [1e-3, 1e-6, 1e-10, 1e-16, 1e-30, 1e-100, 1e-300]) {
      const z = normalQuantile(p);
      closeRel(normalCdf(z), p, 1e-12);
      // the oracle keeps ~50 significant digits down to 1e-30
      if (p >= 1e-30) closeRel(normalCdfOracle(z), p, 1e-12);
    }
  });

  it('ln Γ against exact factorials and Γ(1/2) = √π', () => {
    for (const n of [1, 2, 3, 10, 50, 100, 171, 500]) {
      const exact = logGammaIntegerOracle(n);
      expect(Math.abs(logGamma(n) - exact)).toBeLessThan(1e-13 * Math.max(1, exact));
    }
    for (const n of [1023, 1024, 1025, 5000, 20000])
      expect(Math.abs(logFactorial(n) - logGammaIntegerOracle(n + 1))).toBeLessThan(1e-9 * logFactorial(n));
    expect(logGamma(0.5)).toBeCloseTo(0.5 * Math.log(Math.PI), 14);
  });
});

describe('Mann–Whitney', () => {
  const cases = ref.mannWhitneyCritical.cases as {
    n1: number;
    n2: number;
    twoSided05: number;
    oneSided05?: number;
    twoSided01?: number;
  }[];
  it.each(cases)(
    'critical U for n1=$n1, n2=$n2 matches the published table',
    ({ n1, n2, twoSided05, oneSided05, twoSided01 }) => {
      // the table's value c: reject when U ≤ c; uCritical gives the smallest u with P(U ≥ u) ≤ α
      expect(n1 * n2 - uCritical(n1, n2, 0.025)).toBe(twoSided05);
      if (oneSided05 !== undefined) expect(n1 * n2 - uCritical(n1, n2, 0.05)).toBe(oneSided05);
      if (twoSided01 !== undefined) expect(n1 * n2 - uCritical(n1, n2, 0.005)).toBe(twoSided01);
    },
  );

  it('the exact test at a table value rejects, one above it does not (n = 10, 10)', () => {
    // x all above y except for 23 crossings: U_y = 23 → two-sided 5 % significant; 24 → not
    const withUy = (uy: number) => {
      // y = 0..9; x built so that exactly uy pairs have y > x
      const y = Array.from({ length: 10 }, (_, i) => i);
      const x = Array.from({ length: 10 }, (_, i) => 100 + i);
      let left = uy;
      for (let i = 0; i < 10 && left > 0; i++) {
        const k = Math.min(9, left); // x_i below the k largest y values → k pairs with y > x (no ties)
        x[i] = 9 - k + 0.1 * (i + 1);
        left -= k;
      }
      return mannWhitney(x, y);
    };
    expect(withUy(23).uPrime).toBe(23);
    expect(withUy(23).greater).toBeLessThanOrEqual(0.025);
    expect(withUy(24).greater).toBeGreaterThan(0.025);
  });

  it('exact p-values equal brute-force enumeration, with and without ties', () => {
    const samples: [number[], number[]][] = [
      [
        [1.1, 2.2, 3.3, 4.4, 5.5, 2.2],
        [0.5, 2.2, 1.0, 1.5],
      ],
      [
        [1, 1, 2, 2, 3],
        [1, 2, 2, 4, 4, 4],
      ],
      [
        [5, 6, 7],
        [1, 2, 3, 4],
      ],
      [
        [3, 3, 3, 3],
        [3, 3, 3],
      ],
      [
        [10, 20, 30, 40, 50, 60, 70],
        [15, 25, 35, 45, 55, 65, 75],
      ],
    ];
    for (const [x, y] of samples) {
      const brute = mannWhitneyBrute(x, y);
      const r = mannWhitney(x, y, 'exact');
      expect(r.u).toBe(brute.u);
      closeRel(r.greater, brute.greater, 1e-12);
      closeRel(r.less, brute.less, 1e-12);
    }
  });

  it('the normal approximation is close to the exact distribution at n = 25 + 25', () => {
    const x = Array.from({ length: 25 }, (_, i) => i * 1.7 + 3);
    const y = Array.from({ length: 25 }, (_, i) => i * 1.6);
    const exact = mannWhitney(x, y, 'exact');
    const normal = mannWhitney(x, y, 'normal');
    expect(normal.u).toBe(exact.u);
    expect(Math.abs(normal.greater - exact.greater)).toBeLessThan(0.003);
  });
});

describe("Fisher's exact test and the hypergeometric law", () => {
  const cases = ref.fisher.cases as {
    name: string;
    a: number;
    b: number;
    c: number;
    d: number;
    greaterNum?: number;
    greaterDen?: number;
    lessNum?: number;
    lessDen?: number;
    oracle?: boolean;
  }[];
  it.each(cases)('$name', ({ a, b, c, d, greaterNum, greaterDen, lessNum, lessDen }) => {
    const r = fisherExact(a, b, c, d);
    const N = a + b + c + d;
    const K = a + c;
    const n = a + b;
    const greater = greaterNum !== undefined ? greaterNum / greaterDen! : hypergeometricSfExact(a, N, K, n);
    const less = lessNum !== undefined ? lessNum / lessDen! : hypergeometricCdfExact(a, N, K, n);
    // ln C(n, k) carries an absolute error of ~1e-16 × ln n!: ~1e-11 relative at N = 24 000
    closeRel(r.greater, greater, 1e-10);
    closeRel(r.less, less, 1e-10);
    // and the recorded fractions agree with the oracle
    closeRel(hypergeometricSfExact(a, N, K, n), greater, 1e-15);
  });

  it('tails far from the mode keep their relative precision', () => {
    const h = { total: 40000, successes: 300, draws: 20000 };
    for (const k of [0, 100, 120, 150, 180, 200, 250, 300]) {
      closeRel(hypergeometricSf(k, h) || 1e-300, hypergeometricSfExact(k, 40000, 300, 20000) || 1e-300, 1e-9);
      closeRel(
        hypergeometricCdf(k, h) || 1e-300,
        hypergeometricCdfExact(k, 40000, 300, 20000) || 1e-300,
        1e-9,
      );
    }
  });
});

describe('binomial tails and the conditional rate test', () => {
  const cases = ref.binomial.cases as { k: number; n: number; pNum: number; pDen: number; sf?: number }[];
  it.each(cases)('P(X ≥ $k | n=$n, p=$pNum/$pDen)', ({ k, n, pNum, pDen, sf }) => {
    const expected = sf ?? binomialSfExact(k, n, BigInt(pNum), BigInt(pDen));
    if (sf !== undefined) closeRel(binomialSfExact(k, n, BigInt(pNum), BigInt(pDen)), sf, 1e-15);
    closeRel(binomialSf(k, n, pNum / pDen), expected, 1e-12);
    closeRel(binomialCdf(k - 1, n, pNum / pDen) + binomialSf(k, n, pNum / pDen), 1, 1e-12);
  });

  it('one interval: the exact conditional binomial test (Przyborowski–Wilenski)', () => {
    // canary 9 events in 1500 trials, baseline 2 in 1000: S | T=11 ~ Bin(11, 1500/2500) under ρ = 1
    const r = rateTest([{ canary: { events: 9, trials: 1500 }, baseline: { events: 2, trials: 1000 } }], 1);
    closeRel(r.greater, binomialSfExact(9, 11, 3n, 5n), 1e-12);
    // under ρ0 = 1.5: π = 1.5·1500/(1.5·1500 + 1000) = 9/13
    const r2 = rateTest(
      [{ canary: { events: 9, trials: 1500 }, baseline: { events: 2, trials: 1000 } }],
      1.5,
    );
    closeRel(r2.greater, binomialSfExact(9, 11, 9n, 13n), 1e-12);
  });

  it('several intervals: the exact law of a sum of binomials', () => {
    const strata = [
      { canary: { events: 3, trials: 400 }, baseline: { events: 1, trials: 600 } },
      { canary: { events: 0, trials: 500 }, baseline: { events: 2, trials: 500 } },
      { canary: { events: 5, trials: 300 }, baseline: { events: 0, trials: 700 } },
      { canary: { events: 0, trials: 200 }, baseline: { events: 0, trials: 100 } },
    ];
    const r = rateTest(strata, 1);
    const oracle = binomialSumSfExact(
      [
        { n: 4, a: 2n, b: 5n },
        { n: 2, a: 1n, b: 2n },
        { n: 5, a: 3n, b: 10n },
      ],
      8,
    );
    closeRel(r.greater, oracle, 1e-12);
  });

  it('an all-zero baseline is decided exactly: p = π^T', () => {
    const r = rateTest([{ canary: { events: 6, trials: 1000 }, baseline: { events: 0, trials: 1000 } }], 1);
    closeRel(r.greater, ratio(1n, 64n), 1e-14);
  });
});

describe('group sequential boundaries', () => {
  const gs = ref.groupSequential;
  const equal = (K: number) => Array.from({ length: K }, (_, i) => (i + 1) / K);
  it.each(gs.repeatedSignificance as { K: number; alpha: number }[])(
    'repeated two-sided 5 % tests at K=$K looks reach $alpha overall (Armitage–McPherson–Rowe)',
    ({ K, alpha }) => {
      const up = crossingProbabilities(Array(K).fill(1.959964), equal(K), Array(K).fill(-1.959964));
      const total = 2 * up.reduce((a, b) => a + b, 0);
      expect(Math.abs(total - alpha)).toBeLessThan(0.0006);
    },
  );

  it.each(gs.pocock as { K: number; c: number }[])(
    'Pocock constant C_P(K=$K) = $c crosses with probability 0.025 per side',
    ({ K, c }) => {
      const total = crossingProbabilities(Array(K).fill(c), equal(K), Array(K).fill(-c)).reduce(
        (a, b) => a + b,
        0,
      );
      expect(Math.abs(total - 0.025)).toBeLessThan(1.5e-4);
    },
  );

  it.each(gs.obrienFleming as { K: number; c: number }[])(
    "O'Brien–Fleming constant C_B(K=$K) = $c crosses with probability 0.025 per side",
    ({ K, c }) => {
      const z = equal(K).map((_, i) => c * Math.sqrt(K / (i + 1)));
      const total = crossingProbabilities(
        z,
        equal(K),
        z.map((v) => -v),
      ).reduce((a, b) => a + b, 0);
      expect(Math.abs(total - 0.025)).toBeLessThan(1.5e-4);
    },
  );

  it("Lan–DeMets O'Brien–Fleming spending at t = .5, .75, 1 matches gsDesign", () => {
    const { alpha, times, z } = gs.lanDeMetsOBF as { alpha: number; times: number[]; z: number[] };
    const b = spendingBoundaries(alpha, times, 'obrien_fleming');
    b.z.forEach((v, i) => expect(Math.abs(v - z[i]!)).toBeLessThan(2e-6));
  });

  it('the boundaries spend exactly the alpha of the spending function', () => {
    for (const spending of ['obrien_fleming', 'pocock'] as const) {
      const b = boundaries(0.01, 10, spending);
      const probs = crossingProbabilities(b.z, equal(10));
      const cumulative = probs.reduce((acc: number[], p) => [...acc, (acc.at(-1) ?? 0) + p], []);
      cumulative.forEach((c, i) => expect(Math.abs(c - b.spent[i]!)).toBeLessThan(2e-7 + 1e-5 * b.spent[i]!));
      expect(b.spent.at(-1)).toBeCloseTo(0.01, 12);
    }
  });

  it('union-bound levels sum to alpha and never exceed the group-sequential ones', () => {
    const u = boundaries(0.005, 10, 'obrien_fleming', 'union_bound');
    const g = boundaries(0.005, 10, 'obrien_fleming', 'group_sequential');
    expect(u.nominal.reduce((a, b) => a + b, 0)).toBeCloseTo(0.005, 12);
    u.nominal.forEach((p, i) => expect(p).toBeLessThanOrEqual(g.nominal[i]! * (1 + 1e-9)));
  });
});
