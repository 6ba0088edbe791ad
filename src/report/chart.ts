/**
 * Charts of a metric against its threshold, one point per measurement, with the rollout's step
 * boundaries (10 % / 25 % / 100 %) marked — so that a breach and noise do not look alike:
 *
 * - `mermaidChart`: a Mermaid `xychart-beta` block (GitHub renders Mermaid in Markdown): the values as a
 *   line, the threshold as a second, flat line, one x label per measurement (`10%·1`, `10%·2`, `|25%·1`
 *   … — a `|` marks the first measurement of a step), and the same fixed y scale as the text chart;
 * - `textChart`: a fixed-scale plot in plain text for terminals, logs and check runs. The scale always
 *   includes the threshold (and 0), so 0.06 → 0.07 ms under a 500 ms limit draws flat and low, and a
 *   value beyond the threshold is drawn on a row beyond the threshold's row, whatever the rounding.
 *
 * Titles and labels are untrusted (user metric names): one line, no quotes, backticks, `%%`, angle
 * brackets or control characters, so nothing can leave the Mermaid block or the code fence, and no
 * `@mention` or `::workflow command` can form. Pure: no I/O.
 */

export interface ChartInput {
  /** e.g. "checkout p95 latency (ms)". */
  title: string;
  /** The limit, drawn as a line. */
  threshold?: { value: number; label: string };
  /** Every measurement in order (`at`: when, in ms; charts space the points evenly); null = no value. */
  points: { at: number; value: number | null; step: number }[];
  /** Step boundaries: the step's number and its traffic weight in percent. */
  steps: { step: number; weight: number }[];
}

const MAX_TITLE = 100;
const MAX_LABEL = 40;

/**
 * One line of untrusted text made safe for a Mermaid string, a code fence and a log line: control and
 * line-break characters become spaces; `"` and backticks become `'`; `%%` (a Mermaid comment) becomes `%`;
 * `<` `>` become ‹ ›; an `@` before a name gets a zero-width space (no mention), `::` is broken (no
 * workflow command); clipped to `max` characters.
 */
export function chartLabel(text: string, max = MAX_LABEL): string {
  let s = String(text)
    // eslint-disable-next-line no-control-regex -- control characters are what is removed
    .replace(/[\u0000-\u001f\u007f-\u009f\u2028\u2029]/g, ' ')
    .replace(/["`]/g, "'")
    .replace(/%{2,}/g, '%')
    .replace(/</g, '‹')
    .replace(/>/g, '›')
    .replace(/@(?=[A-Za-z0-9])/g, '@\u200b')
    .replace(/:(?=:)/g, ':\u200b')
    .replace(/\s+/g, ' ')
    .trim();
  if ([...s].length > max) s = [...s].slice(0, max - 1).join('') + '…';
  return s;
}

/** A number as Mermaid's grammar reads it: digits and a point, never an exponent, never NaN. */
export function plainNumber(v: number): string {
  if (!Number.isFinite(v)) return '0';
  const c = Math.max(-1e15, Math.min(1e15, v));
  if (c === 0) return '0';
  const p = Number(c.toPrecision(6));
  if (!/e/i.test(String(p))) return String(p);
  // tiny magnitudes: fixed notation with enough decimals for 6 significant digits
  const decimals = Math.min(100, Math.max(0, 6 - Math.floor(Math.log10(Math.abs(p)))));
  return p
    .toFixed(decimals)
    .replace(/(\.\d*?)0+$/, '$1')
    .replace(/\.$/, '');
}

/** A round upper end for an axis: 1, 1.2, 1.5, 2, 2.5, 3, 4, 5, 6 or 8 × 10^k, at least v. */
function niceCeil(v: number): number {
  if (!(v > 0)) return 1;
  const e = Math.pow(10, Math.floor(Math.log10(v)));
  for (const m of [1, 1.2, 1.5, 2, 2.5, 3, 4, 5, 6, 8, 10]) {
    const n = Number((m * e).toPrecision(12));
    if (n >= v * (1 - 1e-12)) return n;
  }
  return 10 * e;
}

export interface ChartScale {
  lo: number;
  hi: number;
}

/**
 * The fixed scale both charts use: from min(0, lowest value) to a round number above both the highest
 * value and the threshold (with a fifth of headroom above the threshold, so its line is never the
 * chart's top edge).
 */
export function chartScale(c: ChartInput): ChartScale {
  const values = c.points.map((p) => p.value).filter((v): v is number => v !== null && Number.isFinite(v));
  const t = c.threshold && Number.isFinite(c.threshold.value) ? c.threshold.value : null;
  const all = t === null ? values : [...values, t];
  const lo = Math.min(0, ...all);
  const top = Math.max(t === null ? lo : t + Math.abs(t - lo) * 0.2, ...values);
  const span = top > lo ? niceCeil(top - lo) : 1;
  return { lo, hi: lo + span };
}

/** The label of each point: `weight%·k` (k-th measurement of its step), `|` before a step's first. */
export function pointLabels(c: ChartInput): string[] {
  const weight = new Map(c.steps.map((s) => [s.step, s.weight]));
  const seen = new Set<string>();
  let prevStep: number | undefined;
  let k = 0;
  return c.points.map((p, i) => {
    k = i > 0 && p.step === prevStep ? k + 1 : 1;
    const w = weight.get(p.step);
    const name = w === undefined ? `s${p.step}` : `${plainNumber(w)}%`;
    let label = `${k === 1 && i > 0 ? '|' : ''}${name}·${k}`;
    if (seen.has(label)) label = `${label} (step ${p.step})`;
    seen.add(label);
    prevStep = p.step;
    return chartLabel(label);
  });
}

/** Up to this many points the x axis has one label per measurement; above, it is numbered. */
export const LABELLED_MAX = 16;

/**
 * The x axis: one label per point (with `|` before each step's first) when they fit, else the point
 * numbers with the steps' first points named in the axis title.
 */
function xAxis(
  kept: { p: ChartInput['points'][number]; label: string; step: number }[],
  c: ChartInput,
): string {
  const q = (s: string) => `"${s}"`;
  if (kept.length <= LABELLED_MAX) return `x-axis [${kept.map((k) => q(k.label)).join(', ')}]`;
  const weight = new Map(c.steps.map((s) => [s.step, s.weight]));
  const starts: string[] = [];
  kept.forEach((k, i) => {
    if (i > 0 && kept[i - 1]!.step === k.step) return;
    const w = weight.get(k.step);
    starts.push(`${w === undefined ? `s${k.step}` : `${plainNumber(w)}%`} from ${i + 1}`);
  });
  return `x-axis ${q(chartLabel(`measurement · ${starts.join(' · ')}`, MAX_TITLE))} 1 --> ${kept.length}`;
}

/** The full ```mermaid … ``` block: values and threshold as two lines on the fixed scale. */
export function mermaidChart(c: ChartInput): string {
  const labels = pointLabels(c);
  const kept = c.points
    .map((p, i) => ({ p, label: labels[i]!, step: p.step }))
    .filter(({ p }) => p.value !== null && Number.isFinite(p.value));
  const missing = c.points.length - kept.length;
  const scale = chartScale(c);
  const t = c.threshold && Number.isFinite(c.threshold.value) ? c.threshold : undefined;
  const notes = [
    t ? `red: ${chartLabel(t.label)}` : '',
    missing ? `${missing} of ${c.points.length} without a value` : '',
    kept.length ? '' : 'no value yet',
  ].filter(Boolean);
  const title = chartLabel(`${c.title}${notes.length ? ` — ${notes.join('; ')}` : ''}`, MAX_TITLE);
  const palette = kept.length ? '#1f6feb, #d1242f' : '#d1242f';
  const lines = [
    '```mermaid',
    `%%{init: {"xyChart": {"width": 900, "height": 420, "titleFontSize": 16, "xAxis": {"labelFontSize": 11}}, "themeVariables": {"xyChart": {"plotColorPalette": "${palette}"}}}}%%`,
    'xychart-beta',
    `    title "${title}"`,
    // no value yet: an axis of two points, so that the threshold still draws as a line
    `    ${kept.length ? xAxis(kept, c) : 'x-axis "no measurement with a value yet" 1 --> 2'}`,
    `    y-axis ${plainNumber(scale.lo)} --> ${plainNumber(scale.hi)}`,
  ];
  if (kept.length) lines.push(`    line [${kept.map((k) => plainNumber(k.p.value!)).join(', ')}]`);
  const n = Math.max(2, kept.length);
  if (t) lines.push(`    line [${Array.from({ length: n }, () => plainNumber(t.value)).join(', ')}]`);
  else if (!kept.length) lines.push(`    line [${plainNumber(scale.lo)}, ${plainNumber(scale.lo)}]`);
  lines.push('```');
  return lines.join('\n');
}

/** Columns: each a run of consecutive points (one point per column when they fit). */
function columns(n: number, width: number): [number, number][] {
  const cols = Math.max(1, Math.min(n, width));
  return Array.from({ length: cols }, (_, b) => [
    Math.floor((b * n) / cols),
    Math.floor(((b + 1) * n) / cols),
  ]);
}

/** A short axis number: up to 3 significant digits, no exponent for ordinary magnitudes. */
function axisNumber(v: number): string {
  const a = Math.abs(v);
  if (a >= 1000) return String(Math.round(v));
  return plainNumber(Number(v.toPrecision(3)));
}

/**
 * The text chart: `height` rows on the fixed scale, one column per measurement (several per column when
 * they do not fit in `width`), `●` for a value, `─` for the threshold's row, `×` under a measurement
 * without a value, `┬` under a step's first measurement with its weight below.
 */
export function textChart(c: ChartInput, width = 60, height = 10): string {
  const H = Math.max(3, Math.floor(height));
  const scale = chartScale(c);
  const t = c.threshold && Number.isFinite(c.threshold.value) ? c.threshold.value : null;
  const raw = (v: number) =>
    Math.max(0, Math.min(H - 1, Math.round(((v - scale.lo) / (scale.hi - scale.lo)) * (H - 1))));
  const tRow = t === null ? -1 : Math.max(1, Math.min(H - 2, raw(t)));
  // a value beyond the threshold is drawn beyond the threshold's row, one at it on it
  const rowOf = (v: number) =>
    t === null ? raw(v) : v > t ? Math.max(tRow + 1, raw(v)) : v < t ? Math.min(tRow - 1, raw(v)) : tRow;
  const cols = columns(c.points.length, Math.max(1, Math.floor(width)));
  const grid = Array.from({ length: H }, (_, r) => cols.map((): string => (r === tRow ? '─' : ' ')));
  const axis = cols.map(() => '─');
  cols.forEach(([from, to], x) => {
    const vals = c.points
      .slice(from, to)
      .map((p) => p.value)
      .filter((v): v is number => v !== null && Number.isFinite(v));
    for (const v of vals) grid[rowOf(v)]![x] = '●';
    if (!vals.length) axis[x] = '×';
  });
  const marks = stepMarks(c, cols);
  for (const m of marks) if (axis[m.x] !== '×') axis[m.x] = '┬';
  const yLabel = (r: number) =>
    r === H - 1 ? axisNumber(scale.hi) : r === 0 ? axisNumber(scale.lo) : r === tRow ? axisNumber(t!) : '';
  const lw = Math.max(...Array.from({ length: H }, (_, r) => yLabel(r).length));
  const rows = Array.from({ length: H }, (_, i) => H - 1 - i).map((r) => {
    const tail = r === tRow ? ` ${chartLabel(c.threshold!.label)}` : '';
    return `${yLabel(r).padStart(lw)} ${yLabel(r) ? '┤' : '│'}${grid[r]!.join('')}${tail}`.trimEnd();
  });
  // each step's weight under its first column, when it fits with a space on either side
  const under: string[] = Array.from({ length: cols.length + 8 }, () => ' ');
  let crowded = false;
  for (const m of marks) {
    if (under.slice(Math.max(0, m.x - 1), m.x + m.text.length + 1).every((ch) => ch === ' ')) {
      for (let i = 0; i < m.text.length; i++) under[m.x + i] = m.text[i]!;
    } else crowded = true;
  }
  const legend = [
    '● value',
    t === null ? '' : '─ threshold',
    axis.includes('×') ? '× no value' : '',
    marks.length ? `┬ step start${crowded ? ` (${marks.map((m) => m.text).join(', ')})` : ''}` : '',
  ].filter(Boolean);
  return [
    chartLabel(c.title, MAX_TITLE),
    ...rows,
    `${' '.repeat(lw)} └${axis.join('')}`,
    `${' '.repeat(lw)}  ${under.join('')}`.trimEnd(),
    `${' '.repeat(lw)}  ${legend.join('  ')} · fixed scale ${axisNumber(scale.lo)}–${axisNumber(scale.hi)}`,
  ].join('\n');
}

/** The column of each step's first measurement, with the step's weight to print under it. */
function stepMarks(c: ChartInput, cols: [number, number][]): { x: number; text: string }[] {
  const weight = new Map(c.steps.map((s) => [s.step, s.weight]));
  const out: { x: number; text: string }[] = [];
  c.points.forEach((p, i) => {
    if (i > 0 && c.points[i - 1]!.step === p.step) return;
    const x = cols.findIndex(([from, to]) => i >= from && i < to);
    const w = weight.get(p.step);
    const text = w === undefined ? `s${p.step}` : `${plainNumber(w)}%`;
    if (x >= 0 && !out.some((m) => m.x === x)) out.push({ x, text: chartLabel(text, 8) });
  });
  return out;
}
