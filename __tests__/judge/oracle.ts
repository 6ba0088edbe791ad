/**
 * Independent oracles for the judge's reference tests, written with BigInt integers and rationals so that
 * they share no code and no floating-point shortcut with src/analysis/judge: exact binomial coefficients,
 * exact hypergeometric, binomial and binomial-sum tails, brute-force enumeration of the Mann–Whitney
 * permutation distribution, and the normal distribution function in 80-digit fixed point.
 */

/** Product of the integers lo…hi (inclusive) by binary splitting. */
function rangeProduct(lo: number, hi: number): bigint {
  if (lo > hi) return 1n;
  if (hi - lo < 16) {
    let r = 1n;
    for (let i = lo; i <= hi; i++) r *= BigInt(i);
    return r;
  }
  const mid = Math.floor((lo + hi) / 2);
  return rangeProduct(lo, mid) * rangeProduct(mid + 1, hi);
}

/** Exact C(n, k) = (n−k+1)···n / k!. */
export function choose(n: number, k: number): bigint {
  if (k < 0 || k > n) return 0n;
  k = Math.min(k, n - k);
  return rangeProduct(n - k + 1, n) / rangeProduct(1, k);
}

function bitLength(v: bigint): number {
  return v === 0n ? 0 : v.toString(2).length;
}

/** num / den as the nearest double (well, within 1 ulp), for num ≥ 0, den > 0. */
export function ratio(num: bigint, den: bigint): number {
  if (num === 0n) return 0;
  const shift = bitLength(den) - bitLength(num) + 64;
  const q = shift >= 0 ? (num << BigInt(shift)) / den : num / (den << BigInt(-shift));
  // scale by 2^-shift in two steps to avoid underflow of the factor itself
  const half = Math.trunc(shift / 2);
  return Number(q) * 2 ** -half * 2 ** -(shift - half);
}

/**
 * Σ_{j = from…to} C(K, j)·C(N−K, n−j), exactly: the first term from binomial coefficients, the next ones by
 * the integer recurrence t_{j+1} = t_j·(K−j)(n−j) / ((j+1)(N−K−n+j+1)), whose division is exact.
 */
function hyperWeights(from: number, to: number, N: number, K: number, n: number): bigint {
  if (from > to) return 0n;
  let t = choose(K, from) * choose(N - K, n - from);
  let sum = t;
  for (let j = from; j < to; j++) {
    t = (t * BigInt(K - j) * BigInt(n - j)) / (BigInt(j + 1) * BigInt(N - K - n + j + 1));
    sum += t;
  }
  return sum;
}

/** P(X ≥ k) for X ~ Hypergeometric(total, successes, draws), exactly. */
export function hypergeometricSfExact(k: number, total: number, successes: number, draws: number): number {
  const lo = Math.max(k, 0, draws - (total - successes));
  return ratio(hyperWeights(lo, Math.min(draws, successes), total, successes, draws), choose(total, draws));
}

/** P(X ≤ k) for X ~ Hypergeometric(total, successes, draws), exactly. */
export function hypergeometricCdfExact(k: number, total: number, successes: number, draws: number): number {
  const lo = Math.max(0, draws - (total - successes));
  return ratio(
    hyperWeights(lo, Math.min(k, draws, successes), total, successes, draws),
    choose(total, draws),
  );
}

/** P(X ≥ k) for X ~ Binomial(n, a/b), exactly. */
export function binomialSfExact(k: number, n: number, a: bigint, b: bigint): number {
  let num = 0n;
  for (let j = Math.max(k, 0); j <= n; j++) num += choose(n, j) * a ** BigInt(j) * (b - a) ** BigInt(n - j);
  return ratio(num, b ** BigInt(n));
}

/**
 * P(Σ X_t ≥ s) for independent X_t ~ Binomial(n_t, a_t/b_t), by exact convolution of integer weights
 * (every probability scaled by Π b_t^{n_t}).
 */
export function binomialSumSfExact(strata: { n: number; a: bigint; b: bigint }[], s: number): number {
  let dist: bigint[] = [1n];
  let den = 1n;
  for (const st of strata) {
    const w: bigint[] = [];
    for (let j = 0; j <= st.n; j++)
      w.push(choose(st.n, j) * st.a ** BigInt(j) * (st.b - st.a) ** BigInt(st.n - j));
    const next: bigint[] = new Array(dist.length + st.n).fill(0n);
    for (let i = 0; i < dist.length; i++)
      for (let j = 0; j <= st.n; j++) next[i + j] = next[i + j]! + dist[i]! * w[j]!;
    dist = next;
    den *= st.b ** BigInt(st.n);
  }
  let num = 0n;
  for (let i = Math.max(s, 0); i < dist.length; i++) num += dist[i]!;
  return ratio(num, den);
}

/**
 * The Mann–Whitney permutation distribution by brute force: every way of choosing which n1 of the pooled
 * values are "x", with U counted pair by pair (½ for ties). Returns P(U ≥ u_obs) and P(U ≤ u_obs) as
 * exact fractions of C(N, n1). Feasible for N ≤ ~16.
 */
export function mannWhitneyBrute(x: number[], y: number[]): { u: number; greater: number; less: number } {
  const pooled = [...x, ...y];
  const N = pooled.length;
  const n1 = x.length;
  const uOf = (xs: number[], ys: number[]) => {
    let twice = 0; // 2U, an integer
    for (const a of xs) for (const b of ys) twice += a > b ? 2 : a === b ? 1 : 0;
    return twice;
  };
  const obs = uOf(x, y);
  let ge = 0n;
  let le = 0n;
  let total = 0n;
  const pick: number[] = [];
  const rec = (start: number) => {
    if (pick.length === n1) {
      const xs = pick.map((i) => pooled[i]!);
      const ys = pooled.filter((_, i) => !pick.includes(i));
      const u2 = uOf(xs, ys);
      total++;
      if (u2 >= obs) ge++;
      if (u2 <= obs) le++;
      return;
    }
    for (let i = start; i <= N - (n1 - pick.length); i++) {
      pick.push(i);
      rec(i + 1);
      pick.pop();
    }
  };
  rec(0);
  return { u: obs / 2, greater: ratio(ge, total), less: ratio(le, total) };
}

// ── Φ in fixed point ──────────────────────────────────────────────────────────────────────────────────

const DIGITS = 80n;
const S = 10n ** DIGITS;

/** arctan(1/k)·S by its alternating series. */
function arctanInv(k: bigint): bigint {
  let sum = 0n;
  let power = S / k; // S / k^(2n+1)
  const k2 = k * k;
  for (let n = 0n; power !== 0n; n++) {
    const term = power / (2n * n + 1n);
    sum += n % 2n === 0n ? term : -term;
    power /= k2;
  }
  return sum;
}

/** π·S by Machin's formula π = 16·arctan(1/5) − 4·arctan(1/239). */
const PI = 16n * arctanInv(5n) - 4n * arctanInv(239n);

function isqrt(v: bigint): bigint {
  if (v < 2n) return v;
  let x = BigInt(Math.floor(Math.sqrt(Number(v))));
  for (;;) {
    const y = (x + v / x) >> 1n;
    if (y >= x && y - x <= 1n) return y * y > v ? y - 1n : y;
    x = y;
  }
}

/** A decimal as a rational (num, den), exactly as written by String(x). */
function rational(x: number): [bigint, bigint] {
  const [m, e] = x.toExponential().split('e');
  const [int, frac = ''] = m!.split('.');
  const digits = BigInt(int! + frac);
  const exp = Number(e) - frac.length;
  return exp >= 0 ? [digits * 10n ** BigInt(exp), 1n] : [digits, 10n ** BigInt(-exp)];
}

/**
 * Φ(x) to ~60 significant digits: Φ(x) = ½ + φ(x)·Σ_{n≥0} x^{2n+1}/(1·3···(2n+1)) (Abramowitz & Stegun
 * 26.2.11) for x ≥ 0, φ(x) = e^{−x²/2}/√(2π) with e^{x²/2} by its Taylor series and π by Machin's formula;
 * Φ(x) = 1 − Φ(−x) for x < 0. Intended for |x| ≤ 12.
 */
export function normalCdfOracle(x: number): number {
  const neg = x < 0;
  const [p, q] = rational(Math.abs(x));
  // e^{y}, y = p²/(2q²) ≥ 0, all terms positive
  const yNum = p * p;
  const yDen = 2n * q * q;
  let term = S;
  let expY = S;
  for (let n = 1n; term !== 0n; n++) {
    term = (term * yNum) / (yDen * n);
    expY += term;
  }
  const sqrt2pi = isqrt(2n * PI * S); // √(2π)·S
  // φ·S = S·S·S / (e^{y}·S) / (√(2π)·S) · S … keep everything at scale S
  const phi = (((S * S) / expY) * S) / sqrt2pi;
  // Σ x^{2n+1}/(2n+1)!!, at scale S
  let t = (S * p) / q;
  let sum = t;
  for (let n = 1n; t !== 0n; n++) {
    t = (t * p * p) / (q * q * (2n * n + 1n));
    sum += t;
  }
  const upper = S / 2n + (phi * sum) / S; // Φ(|x|)·S
  return neg ? ratio(S - upper, S) : ratio(upper, S);
}

/** ln((n−1)!) = ln Γ(n) from the exact factorial. */
export function logGammaIntegerOracle(n: number): number {
  const s = rangeProduct(1, n - 1).toString();
  const lead = Number(`${s[0]}.${s.slice(1, 17)}`);
  return Math.log(lead) + (s.length - 1) * Math.LN10;
}
