/**
 * A metric over time in one line of text: ▁▂▃▄▅▆▇█ from the series' minimum to its maximum. A gap (no
 * value: an inconclusive or error measurement) is a space. A flat series is drawn at the bottom (▁).
 * Longer series than `width` are reduced by taking the maximum of each bucket, so a spike stays visible.
 */
const BARS = '▁▂▃▄▅▆▇█';

export function sparkline(
  values: readonly (number | null | undefined)[],
  opts: { width?: number; min?: number; max?: number } = {},
): string {
  const series = reduce(values, opts.width ?? 60);
  const nums = series.filter((v): v is number => typeof v === 'number' && Number.isFinite(v));
  if (nums.length === 0) return ' '.repeat(series.length);
  const lo = opts.min ?? Math.min(...nums);
  const hi = opts.max ?? Math.max(...nums);
  return series
    .map((v) => {
      if (typeof v !== 'number' || !Number.isFinite(v)) return ' ';
      if (hi <= lo) return BARS[0];
      const i = Math.round(((Math.min(hi, Math.max(lo, v)) - lo) / (hi - lo)) * (BARS.length - 1));
      return BARS[i];
    })
    .join('');
}

function reduce(values: readonly (number | null | undefined)[], width: number): (number | null)[] {
  const list = values.map((v) => (typeof v === 'number' && Number.isFinite(v) ? v : null));
  if (list.length <= width) return list;
  const out: (number | null)[] = [];
  for (let b = 0; b < width; b++) {
    const from = Math.floor((b * list.length) / width);
    const to = Math.floor(((b + 1) * list.length) / width);
    const nums = list.slice(from, to).filter((v): v is number => v !== null);
    out.push(nums.length ? Math.max(...nums) : null);
  }
  return out;
}
