/**
 * The three tests the judge runs on a latency-like metric. They work on sorted arrays of log-values in the
 * "higher is worse" orientation (the judge maps lower-is-worse metrics with y = −ln x), so a multiplicative
 * change of the metric is an additive shift s = ln(ratio), and a tolerance of +δ is a shift of ln(1 + δ):
 * every test asks "is the canary worse than the baseline *times the tolerance*?" by subtracting that shift
 * from the canary before testing. All p-values are one-sided (canary worse).
 *
 * 1. Location — Mann–Whitney U on the shifted canary vs the baseline; estimate: Hodges–Lehmann shift of
 *    the logs (a ratio of "typical" values), interval: by inverting the same test (invert.ts), which is
 *    Moses' distribution-free interval when there are no ties.
 * 2. Tail — the quantile exceedance test (Mood's median test generalised to the q-quantile): pool the
 *    samples, take the pooled q-quantile τ, and count the observations above τ per side; conditional on
 *    the margins the canary's count is hypergeometric when both samples come from one distribution, so
 *    Fisher's exact test gives an exact permutation p-value. It reacts to a longer tail even when the
 *    median has not moved. Estimate: ratio of the sample q-quantiles; interval: by inverting the test
 *    (the set of ratios r for which "canary / r vs baseline" is not rejected).
 * 3. Spread — a Brown–Forsythe-type test: absolute deviations of each sample from its own median (on the
 *    log scale, i.e. relative dispersion), compared with the Mann–Whitney test; estimate: the
 *    Hodges–Lehmann ratio of the deviations, interval by inverting the test. It reacts to a variance change
 *    with an unchanged median.
 *
 * Every interval inverts the test that decides, with its tie handling, anchored at the tested shift
 * (invert.ts): the interval's lower end lies beyond the tested shift exactly when the test rejects it.
 *
 * Quantiles use the nearest-rank definition (value at rank ⌈q·n⌉), as the analysis' own statistics do.
 *
 * References: A. M. Mood, Introduction to the Theory of Statistics (1950), §16.7 (median test);
 * M. B. Brown, A. B. Forsythe, JASA 69 (1974) 364–367 (median-centred spread test); M. A. Fligner,
 * T. J. Killeen, JASA 71 (1976) 210–213 (rank tests on centred absolute deviations); rank.ts and
 * exact.ts for the underlying tests.
 */
import { hypergeometricCdf, hypergeometricSf } from './exact.js';
import { invertAt, pairwiseBreakpoints, type Bound, type Breakpoints } from './invert.js';
import { kthPairwiseDifference, mannWhitneySorted, type MannWhitneyResult } from './rank.js';

/**
 * An estimate of a shift (a ln-ratio in the worse-is-higher orientation) with the interval of the shifts
 * the test does not reject at one-sided level alpha on either side (two-sided 1 − 2·alpha).
 */
export interface InvertedInterval {
  estimate: number;
  lower: Bound;
  upper: Bound;
}

/**
 * Inverts a two-sided family of one-sided tests: the lower end from `greater(s) > alpha` anchored at
 * `tested` (the shift the decision tests), the upper end from `less(s) > alpha` anchored at the estimate.
 */
function inverted(
  bp: Breakpoints,
  test: (s: number) => { greater: number; less: number },
  alpha: number,
  tested: number,
  estimate: number,
): InvertedInterval {
  const lower = invertAt(bp, (s) => test(s).greater > alpha, tested, 'lower');
  const anchor = Number.isFinite(estimate) ? estimate : tested;
  const upper = invertAt(bp, (s) => test(s).less > alpha, anchor, 'upper');
  return { estimate, lower, upper };
}

/** Median of the pairwise differences x_i − y_j (the Hodges–Lehmann shift). */
function hodgesLehmannShift(xs: Float64Array, ys: Float64Array): number {
  const m = xs.length * ys.length;
  if (m === 0) return NaN;
  const a = kthPairwiseDifference(xs, ys, Math.floor((m + 1) / 2));
  const b = kthPairwiseDifference(xs, ys, Math.ceil((m + 1) / 2));
  return (a + b) / 2;
}

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

/**
 * Hodges–Lehmann shift with the interval of the shifts the Mann–Whitney test does not reject, the lower end
 * anchored at `tested` (the decision's shift). `bp`: the pairwise differences, when already listed.
 */
export function locationInterval(
  canary: Float64Array,
  baseline: Float64Array,
  alpha: number,
  tested: number,
  bp: Breakpoints = pairwiseBreakpoints(canary, baseline),
): InvertedInterval {
  const estimate = hodgesLehmannShift(canary, baseline);
  return inverted(bp, (s) => locationTest(canary, baseline, s), alpha, tested, estimate);
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
 * Ratio of the sample q-quantiles (as a ln-ratio) with the interval of the shifts the exceedance test does
 * not reject, the lower end anchored at `tested`. The test changes only where a shifted canary value
 * crosses a baseline value, so its breakpoints are the pairwise differences.
 */
export function exceedanceInterval(
  canary: Float64Array,
  baseline: Float64Array,
  q: number,
  alpha: number,
  tested: number,
  bp: Breakpoints = pairwiseBreakpoints(canary, baseline),
): InvertedInterval {
  if (canary.length === 0 || baseline.length === 0)
    return {
      estimate: NaN,
      lower: { value: -Infinity, open: false },
      upper: { value: Infinity, open: false },
    };
  const estimate = quantileSorted(canary, q) - quantileSorted(baseline, q);
  return inverted(bp, (s) => exceedanceTest(canary, baseline, q, s), alpha, tested, estimate);
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

/** ln of the positive deviations, ascending (zeros never cross anything when scaled). */
function logPositive(d: Float64Array): Float64Array {
  let i = 0;
  while (i < d.length && !(d[i]! > 0)) i++;
  const out = new Float64Array(d.length - i);
  for (let k = 0; k < out.length; k++) out[k] = Math.log(d[i + k]!);
  return out;
}

/**
 * Hodges–Lehmann ratio of the deviations (as a ln-ratio; zero deviations floored at half the smallest
 * positive one of both samples), with the interval of the ratios the spread test does not reject, the
 * lower end anchored at `tested`. The test changes only where a scaled canary deviation crosses a baseline
 * deviation: its breakpoints are the pairwise differences of the logs of the positive deviations.
 */
export function spreadInterval(data: SpreadData, alpha: number, tested: number): InvertedInterval {
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
  const estimate = hodgesLehmannShift(toLog(data.canary), toLog(data.baseline));
  const bp = pairwiseBreakpoints(logPositive(data.canary), logPositive(data.baseline));
  return inverted(bp, (s) => spreadTest(data, s), alpha, tested, estimate);
}
