/**
 * Rank tests on two samples: the Mann–Whitney U test (Wilcoxon rank-sum) with midranks for ties, its exact
 * permutation distribution for small samples (ties included), the normal approximation with tie and
 * continuity corrections for large ones, and the Hodges–Lehmann shift estimate with its distribution-free
 * confidence interval (Moses).
 *
 * Conventions: x is the canary, y the baseline. U = #{(i,j): x_i > y_j} + ½·#{x_i = y_j}, so that
 * U + U' = n1·n2, and `greater` is P(U ≥ u_obs) under H0 (x stochastically no larger than y): small when the
 * canary is larger.
 *
 * References: H. B. Mann, D. R. Whitney, Ann. Math. Statist. 18 (1947) 50–60; M. Hollander, D. A. Wolfe,
 * E. Chicken, Nonparametric Statistical Methods, 3rd ed. (2014), §4.1 (ties: midranks, variance correction
 * n1n2/12·[(N+1) − Σ(t³−t)/(N(N−1))]), §4.2 (Hodges–Lehmann estimator), §4.3 (Moses' interval
 * [D_(m−C+1), D_(C)] from the order statistics of the m = n1·n2 pairwise differences); J. L. Hodges,
 * E. L. Lehmann, Ann. Math. Statist. 34 (1963) 598–611.
 */
import { logChoose, normalCdf, normalQuantile, normalSf } from './math.js';

/** Samples up to this pooled size use the exact permutation distribution in `auto` mode. */
export const EXACT_MAX_N = 50;

export interface MannWhitneyResult {
  n1: number;
  n2: number;
  /** U for x (the canary). */
  u: number;
  /** U for y: n1·n2 − u. */
  uPrime: number;
  /** Rank sum of x (midranks). */
  rankSum: number;
  /** Σ (t³ − t) over tie groups. */
  tieSum: number;
  method: 'exact' | 'normal';
  /** z statistic of the normal approximation, without continuity correction (0 for exact). */
  z: number;
  /** P(U ≥ u): one-sided p-value for "x larger than y". */
  greater: number;
  /** P(U ≤ u): one-sided p-value for "x smaller than y". */
  less: number;
  /** min(1, 2·min(greater, less)). */
  twoSided: number;
}

export type RankMethod = 'auto' | 'exact' | 'normal';

function ascending(a: number, b: number): number {
  return a - b;
}

/** Copies and sorts ascending (a Float64Array sorts numerically). */
export function sortedCopy(values: readonly number[] | Float64Array): Float64Array {
  const out = Float64Array.from(values);
  out.sort();
  return out;
}

interface Ranked {
  rankSum: number;
  tieSum: number;
  /** Doubled midranks of the pooled sample in order, and for each whether it belongs to x. */
  doubled?: Int32Array;
}

/** Rank sum of xs within the pooled sample by merging two sorted arrays: O(n1 + n2). */
function rankMerge(xs: ArrayLike<number>, ys: ArrayLike<number>, keepDoubled: boolean): Ranked {
  const n1 = xs.length;
  const n2 = ys.length;
  let i = 0;
  let j = 0;
  let r = 0; // ranks used so far
  let rankSum = 0;
  let tieSum = 0;
  const doubled = keepDoubled ? new Int32Array(n1 + n2) : undefined;
  let pos = 0;
  while (i < n1 || j < n2) {
    const v = i < n1 && (j >= n2 || xs[i]! <= ys[j]!) ? xs[i]! : ys[j]!;
    let a = 0;
    while (i < n1 && xs[i] === v) {
      i++;
      a++;
    }
    let b = 0;
    while (j < n2 && ys[j] === v) {
      j++;
      b++;
    }
    const t = a + b;
    // midrank = r + (t + 1)/2; doubled: 2r + t + 1 (an integer)
    const d = 2 * r + t + 1;
    rankSum += (a * d) / 2;
    if (t > 1) tieSum += t * t * t - t;
    if (doubled) for (let k = 0; k < t; k++) doubled[pos++] = d;
    r += t;
  }
  return { rankSum, tieSum, doubled };
}

/**
 * Exact permutation distribution of the doubled rank sum of a random subset of size k drawn from items with
 * the given doubled ranks: counts[s] = number of subsets with doubled rank sum s. Conditional on the tie
 * pattern, so it is exact with ties. Counts stay below 2^53 for N ≤ 50 (C(50,25) ≈ 1.3e14).
 */
export function rankSumDistribution(doubledRanks: ArrayLike<number>, k: number): Float64Array {
  const N = doubledRanks.length;
  let maxSum = 0;
  const sorted = Array.from(doubledRanks).sort(ascending);
  for (let i = N - k; i < N; i++) maxSum += sorted[i]!;
  // ways[c] is a row over sums for subsets of size c
  const ways: Float64Array[] = Array.from({ length: k + 1 }, () => new Float64Array(maxSum + 1));
  ways[0]![0] = 1;
  let reach = 0; // largest sum reachable so far
  for (let idx = 0; idx < N; idx++) {
    const r = doubledRanks[idx]!;
    const top = Math.min(idx + 1, k);
    for (let c = top; c >= 1; c--) {
      const from = ways[c - 1]!;
      const to = ways[c]!;
      const lim = Math.min(reach, maxSum - r);
      for (let s = 0; s <= lim; s++) {
        const w = from[s]!;
        if (w !== 0) to[s + r]! += w;
      }
    }
    reach = Math.min(maxSum, reach + r);
  }
  return ways[k]!;
}

/**
 * The exact distributions last used, by tie pattern: inverting a test evaluates it at many shifts, and
 * between ties the pattern (hence the law) is the same. A pure memo; bounded.
 */
const distributions = new Map<string, Float64Array>();

function cachedDistribution(doubled: Int32Array, k: number): Float64Array {
  const key = `${k}:${doubled.join(',')}`;
  let counts = distributions.get(key);
  if (!counts) {
    if (distributions.size >= 256) distributions.clear();
    counts = rankSumDistribution(doubled, k);
    distributions.set(key, counts);
  }
  return counts;
}

/**
 * The Mann–Whitney test of x (canary) against y (baseline). `auto` uses the exact permutation distribution
 * when n1 + n2 ≤ 50, else the normal approximation with tie correction and continuity correction ½.
 */
export function mannWhitney(
  x: readonly number[] | Float64Array,
  y: readonly number[] | Float64Array,
  method: RankMethod = 'auto',
): MannWhitneyResult {
  return mannWhitneySorted(sortedCopy(x), sortedCopy(y), method);
}

/** As `mannWhitney`, for inputs already sorted ascending (no copy). */
export function mannWhitneySorted(
  xs: ArrayLike<number>,
  ys: ArrayLike<number>,
  method: RankMethod = 'auto',
): MannWhitneyResult {
  const n1 = xs.length;
  const n2 = ys.length;
  const m = n1 * n2;
  if (n1 === 0 || n2 === 0) {
    return {
      n1,
      n2,
      u: 0,
      uPrime: 0,
      rankSum: 0,
      tieSum: 0,
      method: 'exact',
      z: 0,
      greater: 1,
      less: 1,
      twoSided: 1,
    };
  }
  const N = n1 + n2;
  const exact = method === 'exact' || (method === 'auto' && N <= EXACT_MAX_N);
  const ranked = rankMerge(xs, ys, exact);
  const u = ranked.rankSum - (n1 * (n1 + 1)) / 2;
  const uPrime = m - u;
  let greater: number;
  let less: number;
  let z = 0;
  const variance = (m / 12) * (N + 1 - ranked.tieSum / (N * (N - 1)));
  if (variance > 0) z = (u - m / 2) / Math.sqrt(variance);
  if (exact) {
    // Distribution of the doubled rank sum of the smaller group, mapped to x's rank sum.
    const small = Math.min(n1, n2);
    const counts = cachedDistribution(ranked.doubled!, small);
    const logTotal = logChoose(N, small);
    const totalDoubled = N * (N + 1); // Σ doubled ranks
    const obsX = Math.round(2 * ranked.rankSum);
    let atLeast = 0;
    let atMost = 0;
    for (let s = 0; s < counts.length; s++) {
      const c = counts[s]!;
      if (c === 0) continue;
      const sx = small === n1 ? s : totalDoubled - s; // doubled rank sum of x
      if (sx >= obsX) atLeast += c;
      if (sx <= obsX) atMost += c;
    }
    greater = Math.min(1, Math.exp(Math.log(atLeast) - logTotal));
    less = Math.min(1, Math.exp(Math.log(atMost) - logTotal));
  } else if (variance <= 0) {
    greater = 1;
    less = 1;
  } else {
    const sd = Math.sqrt(variance);
    greater = Math.min(1, normalSf((u - m / 2 - 0.5) / sd));
    less = Math.min(1, normalCdf((u - m / 2 + 0.5) / sd));
  }
  return {
    n1,
    n2,
    u,
    uPrime,
    rankSum: ranked.rankSum,
    tieSum: ranked.tieSum,
    method: exact ? 'exact' : 'normal',
    z,
    greater,
    less,
    twoSided: Math.min(1, 2 * Math.min(greater, less)),
  };
}

/**
 * The number of pairwise differences x_i − y_j that are ≤ t, for sorted xs and ys: O(n1 + n2).
 * For each i the j with x_i − y_j ≤ t form a suffix of ys, whose start never moves left as i grows
 * (floating-point subtraction is monotone), so one pointer suffices.
 */
function countDiffAtMost(
  xs: ArrayLike<number>,
  ys: ArrayLike<number>,
  t: number,
  starts?: Int32Array,
): number {
  const n2 = ys.length;
  let j = 0;
  let count = 0;
  for (let i = 0; i < xs.length; i++) {
    const xi = xs[i]!;
    while (j < n2 && xi - ys[j]! > t) j++;
    if (starts) starts[i] = j;
    count += n2 - j;
  }
  return count;
}

/** The smallest pairwise difference x_i − y_j strictly above t (Infinity when none), for sorted inputs: O(n1 + n2). */
export function nextDifferenceAbove(xs: ArrayLike<number>, ys: ArrayLike<number>, t: number): number {
  const starts = new Int32Array(xs.length);
  countDiffAtMost(xs, ys, t, starts);
  let best = Infinity;
  // In row i the differences above t are those with j < starts[i]; the smallest is at j = starts[i] − 1.
  for (let i = 0; i < xs.length; i++) {
    const j = starts[i]!;
    if (j > 0) {
      const d = xs[i]! - ys[j - 1]!;
      if (d < best) best = d;
    }
  }
  return best;
}

/**
 * The k-th smallest (1-based) of the n1·n2 pairwise differences x_i − y_j, for sorted inputs, without
 * forming them: bisection on the value with O(n1 + n2) counting, then the few candidates left are listed.
 */
export function kthPairwiseDifference(xs: ArrayLike<number>, ys: ArrayLike<number>, k: number): number {
  const n1 = xs.length;
  const n2 = ys.length;
  const m = n1 * n2;
  if (m === 0 || k < 1 || k > m) return NaN;
  let lo = xs[0]! - ys[n2 - 1]!; // the minimum: count(≤ lo) ≥ 1
  let hi = xs[n1 - 1]! - ys[0]!; // the maximum: count(≤ hi) = m
  if (k === 1) return lo;
  if (k === m) return hi;
  // Invariant: count(≤ lo) < k ≤ count(≤ hi). Make lo strictly below the minimum.
  lo = lo - Math.max(1, Math.abs(lo)) * 1e-9 - 1e-300;
  let cLo = 0;
  let cHi = m;
  const startsLo = new Int32Array(n1);
  const startsHi = new Int32Array(n1);
  for (let iter = 0; iter < 200 && cHi - cLo > Math.max(n1, n2); iter++) {
    const mid = lo + (hi - lo) / 2;
    if (!(mid > lo && mid < hi)) break;
    const c = countDiffAtMost(xs, ys, mid);
    if (c >= k) {
      hi = mid;
      cHi = c;
    } else {
      lo = mid;
      cLo = c;
    }
  }
  // Heavy ties: many differences left in (lo, hi] although the bracket has collapsed (to adjacent doubles,
  // or to a width the iterations could not halve further). Step from lo to the next actual difference until
  // k of them are at most it: a value that is itself a difference, never a point of the bracket.
  if (cHi - cLo > Math.max(n1, n2)) {
    let v = nextDifferenceAbove(xs, ys, lo);
    while (countDiffAtMost(xs, ys, v) < k) v = nextDifferenceAbove(xs, ys, v);
    return v;
  }
  // The differences in (lo, hi] are few: list them and pick the (k − cLo)-th smallest.
  countDiffAtMost(xs, ys, lo, startsLo);
  countDiffAtMost(xs, ys, hi, startsHi);
  const candidates: number[] = [];
  for (let i = 0; i < n1; i++) {
    for (let j = startsHi[i]!; j < startsLo[i]!; j++) candidates.push(xs[i]! - ys[j]!);
  }
  candidates.sort(ascending);
  return candidates[k - cLo - 1]!;
}

/**
 * The critical count C: the smallest c with P0(U ≥ c) ≤ alpha for the no-ties null distribution of U
 * (exact for n1 + n2 ≤ 50, normal with continuity correction above). Returns m + 1 when no c qualifies.
 */
export function uCritical(n1: number, n2: number, alpha: number): number {
  const m = n1 * n2;
  const N = n1 + n2;
  if (N <= EXACT_MAX_N) {
    const ranks = new Int32Array(N);
    for (let i = 0; i < N; i++) ranks[i] = 2 * (i + 1);
    const small = Math.min(n1, n2);
    const counts = rankSumDistribution(ranks, small);
    const logTotal = logChoose(N, small);
    // U of the small group = W − small(small+1)/2, doubled sums are 2W; by symmetry U and m − U have the same law.
    const base = small * (small + 1);
    let tail = 0;
    for (let u = m; u >= 0; u--) {
      const c = counts[2 * u + base] ?? 0;
      const next = tail + c;
      if (Math.exp(Math.log(next) - logTotal) > alpha) return u + 1;
      tail = next;
    }
    return 0;
  }
  const sd = Math.sqrt((m * (N + 1)) / 12);
  const c = Math.ceil(m / 2 + 0.5 - normalQuantile(alpha) * sd);
  return Math.max(0, Math.min(m + 1, c));
}

export interface ShiftEstimate {
  /** Hodges–Lehmann estimate: the median of the pairwise differences x_i − y_j. */
  estimate: number;
  /** Lower confidence bound at one-sided level alpha (−Infinity when the samples are too small). */
  lower: number;
  /** Upper confidence bound at one-sided level alpha (+Infinity when the samples are too small). */
  upper: number;
}

/** Hodges–Lehmann shift of sorted xs relative to sorted ys, with Moses' interval at 1 − 2·alpha. */
export function hodgesLehmannSorted(
  xs: ArrayLike<number>,
  ys: ArrayLike<number>,
  alpha: number,
): ShiftEstimate {
  const m = xs.length * ys.length;
  if (m === 0) return { estimate: NaN, lower: -Infinity, upper: Infinity };
  const a = kthPairwiseDifference(xs, ys, Math.floor((m + 1) / 2));
  const b = kthPairwiseDifference(xs, ys, Math.ceil((m + 1) / 2));
  const c = uCritical(xs.length, ys.length, alpha);
  const lower = c <= m && c >= 1 ? kthPairwiseDifference(xs, ys, m - c + 1) : -Infinity;
  const upper = c <= m && c >= 1 ? kthPairwiseDifference(xs, ys, c) : Infinity;
  return { estimate: (a + b) / 2, lower, upper };
}

export function hodgesLehmann(x: readonly number[], y: readonly number[], alpha = 0.025): ShiftEstimate {
  return hodgesLehmannSorted(sortedCopy(x), sortedCopy(y), alpha);
}
