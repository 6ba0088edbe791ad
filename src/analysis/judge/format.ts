/** Numbers in judge messages: relative changes, p-values, rates. */

/** A ratio as a signed relative change: 1.234 → "+23 %", 0.991 → "−0.9 %", Infinity → "+∞ %". */
export function pct(ratio: number): string {
  if (Number.isNaN(ratio)) return 'n/a';
  if (ratio === Infinity) return '+∞ %';
  const v = (ratio - 1) * 100;
  const a = Math.abs(v);
  const digits = a >= 10 ? 0 : a >= 1 ? 1 : 2;
  const text = a.toFixed(digits);
  if (Number(text) === 0) return `${(0).toFixed(digits)} %`;
  return `${v > 0 ? '+' : '−'}${text} %`;
}

/** "[+15 %, +31 %]" */
export function interval(lower: number, upper: number): string {
  return `[${pct(lower)}, ${pct(upper)}]`;
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
