/**
 * Confidence bounds by inverting the very test that decides, with its own tie handling, so that a
 * reported interval and the decision can never disagree.
 *
 * The latency tests compare the canary shifted by s (on the log scale) with the baseline. Their p-value is
 * a step function of s: it only changes where a shifted canary value crosses a baseline value, i.e. at the
 * pairwise differences d = x_i − y_j (the breakpoints), and at a breakpoint itself the two values tie, which
 * the tests handle their own way (midranks, the exact tie-conditional law). So the set of shifts a test
 * does not reject is a union of breakpoints and open gaps between them. Its end is found from a known
 * shift, the anchor (the limit the decision tests at): if the test rejects the anchor, the end is searched
 * beyond it, else on this side of it — first by bisection on the value, then, once few breakpoints are
 * left, by bisection over the positions
 *
 *   anchor side …, gap, point d_k, gap (d_k, d_k+1), point d_k+1, gap, … far side
 *
 * Hence, whatever the ties and even where the p-value is not monotone in s, "the test rejects at the
 * anchor" ⇔ "the bound lies beyond the anchor" (strictly, or at it with that end excluded: `open`).
 * Without ties this is Moses' interval.
 */
import { sortedCopy } from './rank.js';

/** The breakpoints of a test's p-value as a function of the shift: sorted, with multiplicity. */
export interface Breakpoints {
  readonly m: number;
  readonly min: number;
  readonly max: number;
  /** #{d : lo < d < hi}. */
  countInside(lo: number, hi: number): number;
  /** The smallest breakpoint > t (Infinity when none). */
  nextAbove(t: number): number;
  /** The breakpoints strictly between lo and hi, sorted ascending (meant for few of them). */
  inside(lo: number, hi: number): Float64Array;
}

/** One end of a confidence set: `open` when the value itself is excluded (the set starts just beyond it). */
export interface Bound {
  value: number;
  open: boolean;
}

/** Up to this many pairwise differences are listed and sorted once; above, they are counted on demand. */
const LISTED_MAX = 4096;
/** The value bisection stops when at most this many breakpoints are left inside the bracket. */
const FEW = 64;

/** First index of sorted `a` with a[i] > t (strict: a[i] ≥ t). */
function upperIndex(a: Float64Array, t: number, strict: boolean): number {
  let lo = 0;
  let hi = a.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (strict ? a[mid]! < t : a[mid]! <= t) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/**
 * For sorted xs and ys and each i, the range [from_i, to_i) of j with lo < x_i − y_j < hi. x_i − y_j falls
 * as j grows and rises with i, so both ends only move right: O(n1 + n2).
 */
function rowRanges(
  xs: ArrayLike<number>,
  ys: ArrayLike<number>,
  lo: number,
  hi: number,
  each: (i: number, from: number, to: number) => void,
): void {
  const n2 = ys.length;
  let a = 0;
  let b = 0;
  for (let i = 0; i < xs.length; i++) {
    const xi = xs[i]!;
    while (a < n2 && xi - ys[a]! >= hi) a++;
    while (b < n2 && xi - ys[b]! > lo) b++;
    if (b > a) each(i, a, b);
  }
}

/** The pairwise differences x_i − y_j of two sorted samples, as breakpoints. */
export function pairwiseBreakpoints(xs: Float64Array, ys: Float64Array): Breakpoints {
  const n1 = xs.length;
  const n2 = ys.length;
  const m = n1 * n2;
  const min = m ? xs[0]! - ys[n2 - 1]! : NaN;
  const max = m ? xs[n1 - 1]! - ys[0]! : NaN;
  if (m <= LISTED_MAX) {
    const d = new Float64Array(m);
    let k = 0;
    for (let i = 0; i < n1; i++) for (let j = 0; j < n2; j++) d[k++] = xs[i]! - ys[j]!;
    d.sort();
    return {
      m,
      min,
      max,
      countInside: (lo, hi) => Math.max(0, upperIndex(d, hi, true) - upperIndex(d, lo, false)),
      nextAbove: (t) => {
        const i = upperIndex(d, t, false);
        return i < m ? d[i]! : Infinity;
      },
      inside: (lo, hi) =>
        d.slice(upperIndex(d, lo, false), Math.max(upperIndex(d, lo, false), upperIndex(d, hi, true))),
    };
  }
  return {
    m,
    min,
    max,
    countInside: (lo, hi) => {
      let c = 0;
      rowRanges(xs, ys, lo, hi, (_, from, to) => (c += to - from));
      return c;
    },
    nextAbove: (t) => {
      // in row i the differences above t are j < first j with x_i − y_j ≤ t; the smallest is the last one
      let best = Infinity;
      let j = 0;
      for (let i = 0; i < n1; i++) {
        const xi = xs[i]!;
        while (j < n2 && xi - ys[j]! > t) j++;
        if (j > 0 && xi - ys[j - 1]! < best) best = xi - ys[j - 1]!;
      }
      return best;
    },
    inside: (lo, hi) => {
      const out: number[] = [];
      rowRanges(xs, ys, lo, hi, (i, from, to) => {
        for (let j = from; j < to; j++) out.push(xs[i]! - ys[j]!);
      });
      return sortedCopy(out);
    },
  };
}

/** A known shift and whether the test accepts it. */
interface Known {
  value: number;
  ok: boolean;
}

/**
 * Narrows the bracket [lo, hi] (statuses differ) by bisection on the value until few breakpoints are left
 * strictly inside. Where ties pile up at one value the midpoint cannot reach, it steps onto that value.
 */
function narrow(bp: Breakpoints, ok: (s: number) => boolean, lo: Known, hi: Known): [Known, Known] {
  for (let iter = 0; iter < 400; iter++) {
    const inside = bp.countInside(lo.value, hi.value);
    if (inside <= FEW) break;
    let mid = lo.value + (hi.value - lo.value) / 2;
    if (iter >= 60 || !(mid > lo.value && mid < hi.value)) mid = bp.nextAbove(lo.value);
    if (!(mid > lo.value && mid < hi.value)) break;
    const k = { value: mid, ok: ok(mid) };
    if (k.ok === lo.ok) lo = k;
    else hi = k;
  }
  return [lo, hi];
}

/**
 * The transition between lo and hi (statuses differ, few breakpoints inside) by bisection over the
 * positions lo, gap, d_1, gap, …, d_L, gap, hi: the end of the accepted set next to the rejected one.
 */
function transition(bp: Breakpoints, ok: (s: number) => boolean, lo: Known, hi: Known): Bound {
  const d = bp.inside(lo.value, hi.value);
  const L = d.length;
  const top = 2 * L + 2;
  // position p: 0 = lo, top = hi, even 2k = d_k, odd = the gap between its neighbours
  const valueAt = (p: number): number => {
    if (p === 0) return lo.value;
    if (p === top) return hi.value;
    if (p % 2 === 0) return d[p / 2 - 1]!;
    const a = valueAt(p - 1);
    const b = valueAt(p + 1);
    return a + (b - a) / 2;
  };
  const okAt = (p: number) => (p === 0 ? lo.ok : p === top ? hi.ok : ok(valueAt(p)));
  let acc = lo.ok ? 0 : top;
  let rej = lo.ok ? top : 0;
  while (Math.abs(acc - rej) > 1) {
    const mid = Math.floor((acc + rej) / 2);
    if (okAt(mid)) acc = mid;
    else rej = mid;
  }
  // a point (a breakpoint or the bracket's end) is the bound itself; a gap's bound is the point beside it
  if (acc % 2 === 0) return { value: valueAt(acc), open: false };
  return { value: valueAt(rej), open: true };
}

/**
 * The end of the set {s : accept(s)} on the side given, found from `anchor`:
 * - `lower`: shifts below the set are rejected. If accept(anchor) is false the bound lies beyond the anchor
 *   (value > anchor, or = anchor and open); if true, it does not (value ≤ anchor, and < anchor when open).
 * - `upper`: mirrored (shifts above the set are rejected).
 * ±Infinity when nothing changes on the side searched (all shifts accepted, or all rejected).
 */
export function invertAt(
  bp: Breakpoints,
  accept: (s: number) => boolean,
  anchor: number,
  side: 'lower' | 'upper',
): Bound {
  const memo = new Map<number, boolean>();
  const ok = (v: number) => {
    let r = memo.get(v);
    if (r === undefined) {
      r = accept(v);
      memo.set(v, r);
    }
    return r;
  };
  const a: Known = { value: anchor, ok: ok(anchor) };
  const up = side === 'lower' ? !a.ok : a.ok;
  const none = { value: up ? Infinity : -Infinity, open: false };
  if (bp.m === 0) return none;
  const edge = up ? bp.max : bp.min;
  const farValue = edge + (up ? 1 : -1) * Math.max(1, Math.abs(edge));
  if ((up && farValue <= anchor) || (!up && farValue >= anchor)) return none;
  const far: Known = { value: farValue, ok: ok(farValue) };
  if (far.ok === a.ok) return none;
  const [lo, hi] = narrow(bp, ok, up ? a : far, up ? far : a);
  return transition(bp, ok, lo, hi);
}
