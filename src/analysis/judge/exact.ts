/**
 * Exact discrete distributions, computed in log space so that zero-heavy and large tables neither
 * underflow nor lose the tail: binomial and hypergeometric tails, Fisher's exact test (one-sided), and the
 * distribution of a sum of independent binomials (the stratified conditional test of a rate ratio).
 *
 * Tails are summed from the starting term outward with the pmf ratio recurrence, stopping once the terms no
 * longer change the sum; a tail that contains the mode is computed as 1 − the opposite tail, so that every
 * returned probability keeps full relative precision where it is small.
 *
 * References: R. A. Fisher, The Design of Experiments (1935), §2 (the lady tasting tea); A. Agresti,
 * Categorical Data Analysis, 3rd ed. (2013), §3.5 (Fisher's exact test); N. L. Johnson, A. W. Kemp,
 * S. Kotz, Univariate Discrete Distributions, 3rd ed. (2005), ch. 3 and 6 (pmf recurrences).
 */
import { logChoose } from './math.js';

const EPS = 1e-17;

/** ln P(X = k) for X ~ Binomial(n, p). */
export function binomialLogPmf(k: number, n: number, p: number): number {
  if (k < 0 || k > n) return -Infinity;
  if (p <= 0) return k === 0 ? 0 : -Infinity;
  if (p >= 1) return k === n ? 0 : -Infinity;
  return logChoose(n, k) + k * Math.log(p) + (n - k) * Math.log1p(-p);
}

/** Sum of pmf(k) for k from `start` stepping by `dir` while inside [lo, hi], given the pmf ratio. */
function sumTail(
  logStart: number,
  start: number,
  lo: number,
  hi: number,
  dir: 1 | -1,
  ratio: (k: number) => number,
): number {
  if (logStart === -Infinity) return 0;
  let term = 1;
  let sum = 1;
  for (let k = start; dir > 0 ? k < hi : k > lo; k += dir) {
    term *= ratio(k);
    sum += term;
    if (term <= sum * EPS) break;
  }
  return Math.min(1, Math.exp(logStart + Math.log(sum)));
}

/** P(X ≥ k) for X ~ Binomial(n, p). */
export function binomialSf(k: number, n: number, p: number): number {
  if (k <= 0) return 1;
  if (k > n) return 0;
  if (p <= 0) return 0;
  if (p >= 1) return 1;
  const mode = Math.floor((n + 1) * p);
  if (k > mode) {
    const up = (j: number) => ((n - j) / (j + 1)) * (p / (1 - p));
    return sumTail(binomialLogPmf(k, n, p), k, 0, n, 1, up);
  }
  return Math.max(0, 1 - binomialCdf(k - 1, n, p));
}

/** P(X ≤ k) for X ~ Binomial(n, p). */
export function binomialCdf(k: number, n: number, p: number): number {
  if (k < 0) return 0;
  if (k >= n) return 1;
  if (p <= 0) return 1;
  if (p >= 1) return 0;
  const mode = Math.floor((n + 1) * p);
  if (k < mode) {
    const down = (j: number) => (j / (n - j + 1)) * ((1 - p) / p);
    return sumTail(binomialLogPmf(k, n, p), k, 0, n, -1, down);
  }
  return Math.max(0, 1 - binomialSf(k + 1, n, p));
}

/**
 * Hypergeometric: `draws` items taken without replacement from `total` items of which `successes` are
 * successes; X = successes drawn. Support max(0, draws − (total − successes)) … min(draws, successes).
 */
export interface Hypergeometric {
  total: number;
  successes: number;
  draws: number;
}

function hyperSupport(h: Hypergeometric): [number, number] {
  return [Math.max(0, h.draws - (h.total - h.successes)), Math.min(h.draws, h.successes)];
}

export function hypergeometricLogPmf(k: number, h: Hypergeometric): number {
  const [lo, hi] = hyperSupport(h);
  if (k < lo || k > hi) return -Infinity;
  return (
    logChoose(h.successes, k) + logChoose(h.total - h.successes, h.draws - k) - logChoose(h.total, h.draws)
  );
}

/** P(X ≥ k). */
export function hypergeometricSf(k: number, h: Hypergeometric): number {
  const [lo, hi] = hyperSupport(h);
  if (k <= lo) return 1;
  if (k > hi) return 0;
  const { total: N, successes: K, draws: n } = h;
  const mode = Math.floor(((n + 1) * (K + 1)) / (N + 2));
  if (k > mode) {
    const up = (j: number) => ((K - j) * (n - j)) / ((j + 1) * (N - K - n + j + 1));
    return sumTail(hypergeometricLogPmf(k, h), k, lo, hi, 1, up);
  }
  return Math.max(0, 1 - hypergeometricCdf(k - 1, h));
}

/** P(X ≤ k). */
export function hypergeometricCdf(k: number, h: Hypergeometric): number {
  const [lo, hi] = hyperSupport(h);
  if (k < lo) return 0;
  if (k >= hi) return 1;
  const { total: N, successes: K, draws: n } = h;
  const mode = Math.floor(((n + 1) * (K + 1)) / (N + 2));
  if (k < mode) {
    const down = (j: number) => (j * (N - K - n + j)) / ((K - j + 1) * (n - j + 1));
    return sumTail(hypergeometricLogPmf(k, h), k, lo, hi, -1, down);
  }
  return Math.max(0, 1 - hypergeometricSf(k + 1, h));
}

/**
 * Fisher's exact test for the 2×2 table
 *
 *              events   non-events
 *   canary        a         b
 *   baseline      c         d
 *
 * conditional on the margins, a ~ Hypergeometric(total a+b+c+d, successes a+c, draws a+b).
 * `greater`: P(A ≥ a), evidence that the canary's event rate is higher; `less`: P(A ≤ a).
 * Example (Fisher 1935, the lady tasting tea): a=3, b=1, c=1, d=3 → greater = 17/70 = 0.242857…
 */
export function fisherExact(a: number, b: number, c: number, d: number): { greater: number; less: number } {
  for (const v of [a, b, c, d])
    if (!Number.isInteger(v) || v < 0)
      throw new RangeError(`fisherExact: counts must be non-negative integers, got ${v}`);
  const h: Hypergeometric = { total: a + b + c + d, successes: a + c, draws: a + b };
  return { greater: hypergeometricSf(a, h), less: hypergeometricCdf(a, h) };
}

/**
 * The distribution of S = Σ X_t with independent X_t ~ Binomial(n_t, p_t) (a Poisson-binomial sum of
 * binomials), by exact convolution. Returns the pmf over 0…Σ n_t. Cost O((Σ n_t)²); meant for totals up
 * to a few thousand.
 */
export function binomialSumPmf(strata: readonly { n: number; p: number }[]): Float64Array {
  let total = 0;
  for (const s of strata) total += s.n;
  let dist = new Float64Array(total + 1);
  dist[0] = 1;
  let width = 0; // current support 0…width
  for (const s of strata) {
    if (s.n === 0) continue;
    const pmf = new Float64Array(s.n + 1);
    for (let k = 0; k <= s.n; k++) pmf[k] = Math.exp(binomialLogPmf(k, s.n, s.p));
    const next = new Float64Array(total + 1);
    for (let i = 0; i <= width; i++) {
      const di = dist[i]!;
      if (di === 0) continue;
      for (let k = 0; k <= s.n; k++) next[i + k]! += di * pmf[k]!;
    }
    dist = next;
    width += s.n;
  }
  return dist;
}
