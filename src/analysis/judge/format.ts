/** Numbers in judge messages: relative changes, p-values, rates. */

/** The digits a relative change of this size is shown with: 0 from 10 %, 1 from 1 %, else 2. */
function defaultDigits(changePct: number): number {
  const a = Math.abs(changePct);
  return a >= 10 ? 0 : a >= 1 ? 1 : 2;
}

/**
 * A ratio as a signed relative change: 1.234 → "+23 %", 0.991 → "−0.9 %", Infinity → "+∞ %"; `digits`
 * overrides the number of decimals.
 */
export function pct(ratio: number, digits?: number): string {
  if (Number.isNaN(ratio)) return 'n/a';
  if (ratio === Infinity) return '+∞ %';
  const v = (ratio - 1) * 100;
  const d = digits ?? defaultDigits(v);
  const text = Math.abs(v).toFixed(d);
  if (Number(text) === 0) return `${(0).toFixed(d)} %`;
  return `${v > 0 ? '+' : '−'}${text} %`;
}

export interface IntervalLimit {
  /** Which end is the worse one: `lower` when higher is worse. */
  worse: 'lower' | 'upper';
  /** The limit as printed beside the interval, in percent (+5 for "limit +5 %", −5 for "limit −5 %"). */
  shownPct: number;
  /** Whether the worse end truly lies beyond the limit (the test rejected). */
  beyond: boolean;
}

/** The change a pct() text reads as, in percent (NaN for "n/a"). */
function readPct(text: string): number {
  if (text.startsWith('+∞')) return Infinity;
  return Number(text.replace(' %', '').replace('−', '-'));
}

/**
 * The worse end's text with as many decimals as it takes to read beyond the limit exactly when it is
 * beyond (an end just past the limit is not printed as the limit itself).
 */
function worseEndText(ratio: number, open: boolean, limit: IntervalLimit): string {
  const reads = (text: string) => {
    const v = readPct(text);
    const past = limit.worse === 'lower' ? v > limit.shownPct : v < limit.shownPct;
    return past || (v === limit.shownPct && open);
  };
  const first = pct(ratio);
  if (!Number.isFinite(ratio) || reads(first) === limit.beyond) return first;
  for (let d = defaultDigits((ratio - 1) * 100) + 1; d <= 12; d++) {
    const text = pct(ratio, d);
    if (reads(text) === limit.beyond) return text;
  }
  return first;
}

/**
 * "[+15 %, +31 %]"; a round bracket marks an end that is excluded ("(+0 %, +100 %]": every ratio above
 * +0 % up to +100 %). With `limit`, the worse end is printed so that it reads beyond the limit exactly
 * when it is.
 */
export function interval(
  lower: number,
  upper: number,
  open: readonly [boolean, boolean] = [false, false],
  limit?: IntervalLimit,
): string {
  const lo = limit?.worse === 'lower' ? worseEndText(lower, open[0], limit) : pct(lower);
  const hi = limit?.worse === 'upper' ? worseEndText(upper, open[1], limit) : pct(upper);
  return `${open[0] ? '(' : '['}${lo}, ${hi}${open[1] ? ')' : ']'}`;
}

/** p-values with two significant digits: 0.0021, 0.31, 3.4e-9; "<1e-300" for an underflowed 0. */
export function pValue(p: number): string {
  if (p <= 0) return '<1e-300';
  if (p >= 0.001) return String(Number(p.toPrecision(2)));
  const [m, e] = p.toExponential(1).split('e');
  return `${m}e${e}`;
}

/** A rate in percent: 0.004913 → "0.49 %", 0.12 → "12 %". */
export function ratePct(events: number, trials: number): string {
  if (trials === 0) return 'n/a';
  const v = (events / trials) * 100;
  return `${v >= 10 ? v.toFixed(0) : v >= 1 ? v.toFixed(1) : v.toFixed(2)} %`;
}

/** A metric value such as a quantile: up to 3 significant digits, no exponent for ordinary magnitudes. */
export function value(v: number): string {
  if (!Number.isFinite(v)) return String(v);
  const a = Math.abs(v);
  if (a >= 100) return String(Math.round(v));
  return String(Number(v.toPrecision(3)));
}
