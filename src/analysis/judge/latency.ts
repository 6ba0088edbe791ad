/**
 * The three tests the judge runs on a latency-like metric. They work on sorted arrays of log-values in the
 * "higher is worse" orientation (the judge maps lower-is-worse metrics with y = −ln x), so a multiplicative
 * change of the metric is an additive shift s = ln(ratio), and a tolerance of +δ is a shift of ln(1 + δ):
 * every test asks "is the canary worse than the baseline *times the tolerance*?" by subtracting that shift
 * from the canary before testing. All p-values are one-sided (canary worse).
 *
 * 1. Location — Mann–Whitney U on the shifted canary vs the baseline; estimate: Hodges–Lehmann shift of
 *    the logs (a ratio of "typical" values), interval: Moses' distribution-free interval.
 * 2. Tail — the quantile exceedance test (Mood's median test generalised to the q-quantile): pool the
 *    samples, take the pooled q-quantile τ, and count the observations above τ per side; conditional on
 *    the margins the canary's count is hypergeometric when both samples come from one distribution, so
 *    Fisher's exact test gives an exact permutation p-value. It reacts to a longer tail even when the
 *    median has not moved. Estimate: ratio of the sample q-quantiles; interval: by inverting the test
 *    (the set of ratios r for which "canary / r vs baseline" is not rejected), found by bisection.
 * 3. Spread — a Brown–Forsythe-type test: absolute deviations of each sample from its own median (on the
 *    log scale, i.e. relative dispersion), compared with the Mann–Whitney test; estimate: the
 *    Hodges–Lehmann ratio of the deviations. It reacts to a variance change with an unchanged median.
 *
 * Quantiles use the nearest-rank definition (value at rank ⌈q·n⌉), as the analysis' own statistics do.
 *
 * References: A. M. Mood, Introduction to the Theory of Statistics (1950), §16.7 (median test);
 * M. B. Brown, A. B. Forsythe, JASA 69 (1974) 364–367 (median-centred spread test); M. A. Fligner,
 * T. J. Killeen, JASA 71 (1976) 210–213 (rank tests on centred absolute deviations); rank.ts and
 * exact.ts for the underlying tests.
 */
import { hypergeometricCdf, hypergeometricSf } from './exact.js';
import {
  hodgesLehmannSorted,
  mannWhitneySorted,
  type MannWhitneyResult,
  type ShiftEstimate,
} from './rank.js';

/** Merges sorted `a` and sorted `b` into a new sorted array. */
export function mergeSorted(a: Float64Array, b: ArrayLike<number>): Float64Array {
  const out = new Float64Array(a.length + b.length);
  let i = 0;
  let j = 0;
  let k = 0;
  while (i < a.length && j < b.length) out[k++] = a[i]! <= b[j]! ? a[i++]! : b[j++]!;
  while (i < a.length) out[k++] = a[i++]!;
  while (j < b.length) out[k++] = b[j++]!;
  return out;
}

/** Nearest-rank q-quantile of a sorted array. */
export function quantileSorted(s: ArrayLike<number>, q: number): number {
  if (s.length === 0) return NaN;
  const rank = Math.min(s.length, Math.max(1, Math.ceil(q * s.length)));
  return s[rank - 1]!;
}

/** Median of a sorted array (mean of the two middle values for even n). */
export function medianSorted(s: ArrayLike<number>): number {
  const n = s.length;
  if (n === 0) return NaN;
  return n % 2 ? s[(n - 1) / 2]! : (s[n / 2 - 1]! + s[n / 2]!) / 2;
}

function shifted(s: Float64Array, shift: number): Float64Array {
  if (shift === 0) return s;
  const out = new Float64Array(s.length);
  for (let i = 0; i < s.length; i++) out[i] = s[i]! - shift;
  return out;
}

// ── 1. location ────────────────────────────────────────────────────────────────────────────────────────

export function locationTest(canary: Float64Array, baseline: Float64Array, shift: number): MannWhitneyResult {
  return mannWhitneySorted(shifted(canary, shift), baseline);
}

export function locationInterval(canary: Float64Array, baseline: Float64Array, alpha: number): ShiftEstimate {
  return hodgesLehmannSorted(canary, baseline, alpha);
}

// ── 2. tail ────────────────────────────────────────────────────────────────────────────────────────────

/** Number of elements of sorted `s` with s_i − shift > t (binary search). */
function countAbove(s: Float64Array, shift: number, t: number): number {
  let lo = 0;
  let hi = s.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (s[mid]! - shift > t) hi = mid;
    else lo = mid + 1;
  }
  return s.length - lo;
}

/** k-th smallest (1-based) of the union of sorted a (each minus shift) and sorted b: O(log) steps. */
function kthOfUnion(a: Float64Array, shift: number, b: Float64Array, k: number): number {
  const n1 = a.length;
  const n2 = b.length;
  let lo = Math.max(0, k - n2);
  let hi = Math.min(k, n1);
  // find i = how many come from a
  while (lo <= hi) {
    const i = (lo + hi) >>> 1;
    const j = k - i;
    const aLeft = i > 0 ? a[i - 1]! - shift : -Infinity;
    const aRight = i < n1 ? a[i]! - shift : Infinity;
    const bLeft = j > 0 ? b[j - 1]! : -Infinity;
    const bRight = j < n2 ? b[j]! : Infinity;
    if (aLeft > bRight) hi = i - 1;
    else if (bLeft > aRight) lo = i + 1;
    else return Math.max(aLeft, bLeft);
  }
  return NaN; // unreachable for 1 ≤ k ≤ n1 + n2
}

export interface ExceedanceResult {
  /** P(canary count ≥ observed) — small when the canary has more values above the pooled quantile. */
  greater: number;
  /** P(canary count ≤ observed). */
  less: number;
  /** The pooled q-quantile (in the shifted canary's scale). */
  threshold: number;
  canaryAbove: number;
  baselineAbove: number;
}

export function exceedanceTest(
  canary: Float64Array,
  baseline: Float64Array,
  q: number,
  shift: number,
): ExceedanceResult {
  const n1 = canary.length;
  const n2 = baseline.length;
  const N = n1 + n2;
  if (n1 === 0 || n2 === 0) return { greater: 1, less: 1, threshold: NaN, canaryAbove: 0, baselineAbove: 0 };
  const rank = Math.min(N, Math.max(1, Math.ceil(q * N)));
  const threshold = kthOfUnion(canary, shift, baseline, rank);
  const a = countAbove(canary, shift, threshold);
  const b = countAbove(baseline, 0, threshold);
  const h = { total: N, successes: a + b, draws: n1 };
  return {
    greater: hypergeometricSf(a, h),
    less: hypergeometricCdf(a, h),
    threshold,
    canaryAbove: a,
    baselineAbove: b,
  };
}

/**
 * Estimate and interval for ln(q-quantile ratio) by test inversion: lower = inf{s : greater(s) > alpha},
 * upper = sup{s : less(s) > alpha}; ±Infinity when the samples cannot exclude any ratio on that side.
 */
export function exceedanceInterval(
  canary: Float64Array,
  baseline: Float64Array,
  q: number,
  alpha: number,
): ShiftEstimate {
  const n1 = canary.length;
  const n2 = baseline.length;
  if (n1 === 0 || n2 === 0) return { estimate: NaN, lower: -Infinity, upper: Infinity };
  const estimate = quantileSorted(canary, q) - quantileSorted(baseline, q);
  const sMin = canary[0]! - baseline[n2 - 1]! - 1; // canary entirely above the baseline
  const sMax = canary[n1 - 1]! - baseline[0]! + 1; // canary entirely below
  const bisect = (good: (s: number) => boolean, lo: number, hi: number) => {
    // good(lo) false, good(hi) true; returns the boundary (the good side)
    for (let i = 0; i < 60 && hi - lo > 1e-12 * Math.max(1, Math.abs(hi)); i++) {
      const mid = (lo + hi) / 2;
      if (good(mid)) hi = mid;
      else lo = mid;
    }
    return hi;
  };
  const lowerOk = (s: number) => exceedanceTest(canary, baseline, q, s).greater > alpha;
  const upperOk = (s: number) => exceedanceTest(canary, baseline, q, s).less > alpha;
  let lower: number;
  if (lowerOk(sMin)) lower = -Infinity;
  else if (!lowerOk(sMax)) lower = sMax;
  else lower = bisect(lowerOk, sMin, lowerOk(estimate) ? estimate : sMax);
  let upper: number;
  if (upperOk(sMax)) upper = Infinity;
  else if (!upperOk(sMin)) upper = sMin;
  else upper = -bisect((s) => upperOk(-s), -sMax, upperOk(estimate) ? -estimate : -sMin);
  return { estimate, lower, upper };
}

// ── 3. spread ──────────────────────────────────────────────────────────────────────────────────────────

/** |s_i − median(s)| in ascending order, by merging the two halves (no sort). */
export function absoluteDeviationsSorted(s: Float64Array): Float64Array {
  const n = s.length;
  const out = new Float64Array(n);
  if (n === 0) return out;
  const med = medianSorted(s);
  // split: indices < p are below the median (deviation med − s_i, ascending as i decreases)
  let p = 0;
  while (p < n && s[p]! < med) p++;
  let i = p - 1;
  let j = p;
  let k = 0;
  while (i >= 0 && j < n) {
    const left = med - s[i]!;
    const right = s[j]! - med;
    if (left <= right) {
      out[k++] = left;
      i--;
    } else {
      out[k++] = right;
      j++;
    }
  }
  while (i >= 0) out[k++] = med - s[i--]!;
  while (j < n) out[k++] = s[j++]! - med;
  return out;
}

export interface SpreadData {
  /** |deviation from the sample's median| per side, sorted ascending. */
  canary: Float64Array;
  baseline: Float64Array;
}

/** The absolute deviations of both samples, or null when a side is too small or neither has any spread. */
export function spreadData(canary: Float64Array, baseline: Float64Array): SpreadData | null {
  if (canary.length < 2 || baseline.length < 2) return null;
  const dc = absoluteDeviationsSorted(canary);
  const db = absoluteDeviationsSorted(baseline);
  if (dc[dc.length - 1]! <= 0 && db[db.length - 1]! <= 0) return null;
  return { canary: dc, baseline: db };
}

/**
 * H0: the canary's spread is at most e^shift times the baseline's. Ranks are scale-free, so the canary's
 * deviations divided by e^shift are compared with the baseline's as they are (zeros stay tied zeros).
 */
export function spreadTest(data: SpreadData, shift: number): MannWhitneyResult {
  if (shift === 0) return mannWhitneySorted(data.canary, data.baseline);
  const f = Math.exp(-shift);
  const scaled = new Float64Array(data.canary.length);
  for (let i = 0; i < scaled.length; i++) scaled[i] = data.canary[i]! * f;
  return mannWhitneySorted(scaled, data.baseline);
}

/**
 * Hodges–Lehmann ratio of the deviations (as a ln-ratio) with Moses' interval, on ln |deviation|; zero
 * deviations are floored at half the smallest positive deviation of both samples.
 */
export function spreadInterval(data: SpreadData, alpha: number): ShiftEstimate {
  let minPos = Infinity;
  for (const d of [data.canary, data.baseline]) {
    for (let i = 0; i < d.length; i++) {
      if (d[i]! > 0) {
        if (d[i]! < minPos) minPos = d[i]!;
        break;
      }
    }
  }
  const floor = Math.log(minPos / 2);
  const toLog = (d: Float64Array) => {
    const out = new Float64Array(d.length);
    for (let i = 0; i < d.length; i++) out[i] = d[i]! > 0 ? Math.log(d[i]!) : floor;
    return out;
  };
  return hodgesLehmannSorted(toLog(data.canary), toLog(data.baseline), alpha);
}
