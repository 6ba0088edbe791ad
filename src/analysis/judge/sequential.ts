/**
 * Sequential decisions: the judge looks at the data at every interval (K planned looks over the window) and
 * may stop at any of them. Testing each look at the full alpha would inflate the false-abort rate (with 10
 * looks, roughly ×3–4); instead the alpha is spent across the looks with a Lan–DeMets spending function
 * α(t), t = k/K the fraction of the window elapsed, and look k tests at a *nominal level* p*_k:
 *
 * - `group_sequential` (default): the boundaries c_k are chosen so that, for a statistic whose sequence of
 *   z-values has the canonical joint distribution (multivariate normal, corr(Z_j, Z_k) = √(t_j/t_k): the
 *   large-sample law of the rank-sum and conditional-binomial score statistics with information
 *   proportional to time), P(Z_j < c_j for j < k, Z_k ≥ c_k) = α(t_k) − α(t_{k−1}) exactly; the crossing
 *   probabilities are computed by the recursive numerical integration of Armitage, McPherson and Rowe
 *   (1969) (Jennison & Turnbull 2000, ch. 19). p*_k = 1 − Φ(c_k). Overall P(any look rejects | H0) = α.
 * - `union_bound`: p*_k = α(t_k) − α(t_{k−1}); by Boole's inequality P(any look rejects | H0) ≤ Σ p*_k = α
 *   for any valid p-values whatever their dependence — a finite-sample guarantee, with less power.
 *
 * A look that is skipped (no data) simply does not test: that can only lower the false-abort rate.
 *
 * Spending functions for a one-sided level α (Lan & DeMets, Biometrika 70 (1983) 659–663):
 * - `obrien_fleming`: α(t) = 2 − 2Φ(z_{1−α/2}/√t) — spends almost nothing early: only a large regression
 *   stops in the first looks, and the last look keeps almost the whole α.
 * - `pocock`: α(t) = α·ln(1 + (e − 1)t) — spends evenly: earlier stops, less power at the end.
 *
 * References: C. Jennison, B. W. Turnbull, Group Sequential Methods with Applications to Clinical Trials
 * (2000), Tables 2.1 and 2.3 (Pocock and O'Brien–Fleming constants, used by the tests), §7.2 (spending).
 */
import { normalPdf, normalQuantile, normalSf } from './math.js';

export type Spending = 'obrien_fleming' | 'pocock';
export type BoundaryMethod = 'group_sequential' | 'union_bound';

/** α(t): the cumulative one-sided alpha spent by information fraction t ∈ [0, 1]. */
export function spent(alpha: number, t: number, spending: Spending): number {
  if (t <= 0) return 0;
  if (t >= 1) return alpha;
  if (spending === 'pocock') return alpha * Math.log(1 + (Math.E - 1) * t);
  return 2 * normalSf(-normalQuantile(alpha / 2) / Math.sqrt(t));
}

const GRID = 801; // odd, for Simpson's rule
const SPAN = 10; // grid from −SPAN·√t: the mass below is < 1e-23

function simpsonWeights(n: number, h: number): Float64Array {
  const w = new Float64Array(n);
  for (let i = 0; i < n; i++) w[i] = ((i === 0 || i === n - 1 ? 1 : i % 2 ? 4 : 2) * h) / 3;
  return w;
}

interface Density {
  x: Float64Array;
  /** Sub-density of W(t) on paths that have not crossed yet, times Simpson weights. */
  wf: Float64Array;
}

function initialDensity(t: number, b: number, a = -Infinity): Density {
  const lo = Math.max(-SPAN * Math.sqrt(t), a);
  const hi = Math.min(b, SPAN * Math.sqrt(t));
  const h = (hi - lo) / (GRID - 1);
  const w = simpsonWeights(GRID, h);
  const x = new Float64Array(GRID);
  const wf = new Float64Array(GRID);
  const s = Math.sqrt(t);
  for (let i = 0; i < GRID; i++) {
    x[i] = lo + i * h;
    wf[i] = (w[i]! * normalPdf(x[i]! / s)) / s;
  }
  return { x, wf };
}

/** P(not crossed before, W(t_k) ≥ b) given the previous density and increment variance dt. */
function crossing(prev: Density, dt: number, b: number): number {
  const s = Math.sqrt(dt);
  let p = 0;
  for (let i = 0; i < prev.x.length; i++) p += prev.wf[i]! * normalSf((b - prev.x[i]!) / s);
  return p;
}

/** P(not crossed before, W(t_k) ≥ b) and its derivative in b. */
function crossingAndSlope(prev: Density, dt: number, b: number): [number, number] {
  const s = Math.sqrt(dt);
  let p = 0;
  let slope = 0;
  for (let i = 0; i < prev.x.length; i++) {
    const z = (b - prev.x[i]!) / s;
    p += prev.wf[i]! * normalSf(z);
    slope -= (prev.wf[i]! * normalPdf(z)) / s;
  }
  return [p, slope];
}

/** The b with crossing(b) = target: Newton's method on ln crossing(b), kept inside a bisection bracket. */
function solveBoundary(prev: Density, dt: number, target: number, lo: number, hi: number): number {
  let b = Math.min(hi, Math.max(lo, -normalQuantile(target) * Math.sqrt(dt)));
  for (let it = 0; it < 200; it++) {
    const [p, slope] = crossingAndSlope(prev, dt, b);
    if (p > target) lo = b;
    else hi = b;
    // Newton on g(b) = ln p(b) − ln target, which is nearly linear in the far tail.
    let next = slope < 0 && p > 0 ? b - ((Math.log(p) - Math.log(target)) * p) / slope : NaN;
    if (!(next > lo && next < hi)) next = (lo + hi) / 2;
    if (Math.abs(next - b) < 1e-12 || hi - lo < 1e-12) return next;
    b = next;
  }
  return b;
}

function nextDensity(prev: Density, dt: number, t: number, b: number, a = -Infinity): Density {
  const lo = Math.max(-SPAN * Math.sqrt(t), a);
  const hi = Math.min(b, SPAN * Math.sqrt(t));
  const h = (hi - lo) / (GRID - 1);
  const w = simpsonWeights(GRID, h);
  const s = Math.sqrt(dt);
  const x = new Float64Array(GRID);
  const wf = new Float64Array(GRID);
  // The previous grid is uniform (x_j = x_0 + j·hp), so along j the Gaussian kernel e_j = exp(−z_j²/2),
  // z_j = (y − x_j)/s, follows e_{j+1} = e_j·r_j, r_{j+1} = r_j·q with δ = hp/s, r_j = exp(z_j·δ − δ²/2),
  // q = exp(−δ²): two multiplications per term instead of an exp.
  const n = prev.x.length;
  const x0 = prev.x[0]!;
  const hp = (prev.x[n - 1]! - x0) / (n - 1);
  const delta = hp / s;
  const q = Math.exp(-delta * delta);
  for (let i = 0; i < GRID; i++) {
    const y = lo + i * h;
    x[i] = y;
    // only |z| < 12 matters: x_j in (y − 12s, y + 12s)
    const jStart = Math.max(0, Math.ceil((y - 12 * s - x0) / hp));
    const jEnd = Math.min(n - 1, Math.floor((y + 12 * s - x0) / hp));
    let f = 0;
    if (jStart <= jEnd) {
      const z0 = (y - (x0 + jStart * hp)) / s;
      let e = Math.exp(-0.5 * z0 * z0);
      let r = Math.exp(z0 * delta - 0.5 * delta * delta);
      for (let j = jStart; j <= jEnd; j++) {
        f += prev.wf[j]! * e;
        e *= r;
        r *= q;
      }
    }
    wf[i] = (w[i]! * f) / (s * Math.sqrt(2 * Math.PI));
  }
  return { x, wf };
}

/**
 * Probability that the canonical process first crosses the upper z-boundary at each look, for given
 * z-boundaries at information fractions `times` (increasing, in (0, 1]); with `lowerZ`, paths that fall
 * below the lower z-boundary stop there (a two-sided design). Used to check the recursion against
 * published constants.
 */
export function crossingProbabilities(
  zBounds: readonly number[],
  times: readonly number[],
  lowerZ?: readonly number[],
): number[] {
  const out: number[] = [];
  let dens: Density | null = null;
  let tPrev = 0;
  for (let k = 0; k < zBounds.length; k++) {
    const t = times[k]!;
    const b = zBounds[k]! * Math.sqrt(t);
    const a = lowerZ ? lowerZ[k]! * Math.sqrt(t) : -Infinity;
    if (!dens) {
      out.push(normalSf(zBounds[k]!));
      dens = initialDensity(t, b, a);
    } else {
      out.push(crossing(dens, t - tPrev, b));
      dens = nextDensity(dens, t - tPrev, t, b, a);
    }
    tPrev = t;
  }
  return out;
}

export interface Boundaries {
  /** z-value boundaries (Infinity: no alpha spent at that look). */
  z: number[];
  /** Nominal one-sided levels p*_k: a test rejects at look k when its p-value ≤ p*_k. */
  nominal: number[];
  /** α(t_k), cumulative. */
  spent: number[];
}

/** Boundaries for `looks` equally spaced looks at one-sided level alpha (cached). */
export function boundaries(
  alpha: number,
  looks: number,
  spending: Spending = 'obrien_fleming',
  method: BoundaryMethod = 'group_sequential',
): Boundaries {
  if (!Number.isInteger(looks) || looks < 1)
    throw new RangeError(`looks must be a positive integer, got ${looks}`);
  const key = `${alpha}|${looks}|${spending}|${method}`;
  const hit = cache.get(key);
  if (hit) return hit;
  const out = spendingBoundaries(
    alpha,
    Array.from({ length: looks }, (_, k) => (k + 1) / looks),
    spending,
    method,
  );
  cache.set(key, out);
  return out;
}

/** Boundaries for looks at information fractions `times` (increasing, the last one 1). */
export function spendingBoundaries(
  alpha: number,
  times: readonly number[],
  spending: Spending = 'obrien_fleming',
  method: BoundaryMethod = 'group_sequential',
): Boundaries {
  if (!(alpha > 0 && alpha < 1)) throw new RangeError(`alpha must be in (0, 1), got ${alpha}`);
  if (!times.length || times.some((t, i) => !(t > (i ? times[i - 1]! : 0) && t <= 1))) {
    throw new RangeError(`times must increase within (0, 1], got ${times.join(', ')}`);
  }
  const looks = times.length;
  const cum = times.map((t) => spent(alpha, t, spending));
  const z: number[] = [];
  const nominal: number[] = [];
  if (method === 'union_bound') {
    for (let k = 0; k < looks; k++) {
      const inc = cum[k]! - (k ? cum[k - 1]! : 0);
      nominal.push(inc);
      z.push(inc > 0 ? -normalQuantile(inc) : Infinity);
    }
    return { z, nominal, spent: cum };
  }
  let dens: Density | null = null;
  let tPrev = 0;
  for (let k = 0; k < looks; k++) {
    const t = times[k]!;
    const inc = cum[k]! - (k ? cum[k - 1]! : 0);
    let b: number;
    if (!(inc > 1e-300)) b = Infinity;
    else if (!dens) b = -normalQuantile(inc) * Math.sqrt(t);
    else b = solveBoundary(dens, t - tPrev, inc, -SPAN * Math.sqrt(t), 2 * SPAN * Math.sqrt(t));
    const zk = b / Math.sqrt(t);
    z.push(zk);
    nominal.push(Number.isFinite(zk) ? normalSf(zk) : 0);
    dens = dens ? nextDensity(dens, t - tPrev, t, b) : initialDensity(t, b);
    tPrev = t;
  }
  return { z, nominal, spent: cum };
}

const cache = new Map<string, Boundaries>();
