/**
 * Charts against thresholds, as text: the Mermaid block (structure, labels, step boundaries, the
 * threshold line, the fixed scale, escaping of untrusted titles) and the fixed-scale text chart (noise
 * under a far threshold draws flat and low, a breach above the threshold's row).
 */
import { describe, expect, it } from '@jest/globals';
import fc from 'fast-check';
import {
  chartLabel,
  chartScale,
  LABELLED_MAX,
  mermaidChart,
  plainNumber,
  textChart,
  type ChartInput,
} from '../../src/report/chart.js';

const STEPS = [
  { step: 1, weight: 10 },
  { step: 2, weight: 25 },
  { step: 3, weight: 100 },
];

/** `perStep` measurements in each of the three steps, 30 s apart. */
function chart(values: (number | null)[], perStep = 4, threshold: number | null = 500): ChartInput {
  return {
    title: 'checkout p95 latency (ms)',
    ...(threshold === null ? {} : { threshold: { value: threshold, label: '≤ 500 ms' } }),
    points: values.map((value, i) => ({ at: i * 30_000, value, step: 1 + Math.floor(i / perStep) })),
    steps: STEPS,
  };
}

/** The lines of the Mermaid block, keyed by their first word. */
function parts(block: string) {
  const lines = block.split('\n');
  const get = (prefix: string) => lines.filter((l) => l.trim().startsWith(prefix)).map((l) => l.trim());
  const list = (l: string) => JSON.parse(l.slice(l.indexOf('['))) as unknown[];
  return {
    lines,
    title: get('title ')[0]!,
    xLabels: list(get('x-axis')[0]!) as string[],
    yAxis: get('y-axis')[0]!,
    series: get('line ').map((l) => list(l) as number[]),
  };
}

describe('mermaidChart', () => {
  it('draws every measurement, the threshold as a flat second line, and marks each step’s first point', () => {
    const values = [0.06, 0.07, 0.06, 0.07, 0.06, 0.07, 0.07, 0.06, 0.07, 0.06, 0.07, 0.06];
    const block = mermaidChart(chart(values));
    const p = parts(block);
    expect(p.lines[0]).toBe('```mermaid');
    expect(p.lines.at(-1)).toBe('```');
    expect(p.lines).toContain('xychart-beta');
    expect(p.xLabels).toEqual([
      '10%·1', '10%·2', '10%·3', '10%·4',
      '|25%·1', '25%·2', '25%·3', '25%·4',
      '|100%·1', '100%·2', '100%·3', '100%·4',
    ]); // prettier-ignore
    expect(p.series).toEqual([values, values.map(() => 500)]);
    // the fixed scale: from 0, above the threshold
    expect(p.yAxis).toBe('y-axis 0 --> 600');
    expect(p.title).toBe('title "checkout p95 latency (ms) — red: ≤ 500 ms"');
  });

  it('leaves out measurements without a value and says how many', () => {
    const p = parts(mermaidChart(chart([120, null, 130, 125, null, 140, 150, 510], 4)));
    expect(p.xLabels).toEqual(['10%·1', '10%·3', '10%·4', '25%·2', '25%·3', '25%·4']);
    expect(p.series[0]).toEqual([120, 130, 125, 140, 150, 510]);
    expect(p.title).toContain('2 of 8 without a value');
  });

  it('numbers the points of a long rollout and names the steps’ first points in the axis title', () => {
    const values = Array.from({ length: 3 * 40 }, (_, i) => 100 + (i % 7));
    const block = mermaidChart(chart(values, 40));
    expect(LABELLED_MAX).toBeLessThan(120);
    expect(block).toContain('x-axis "measurement · 10% from 1 · 25% from 41 · 100% from 81" 1 --> 120');
    expect(parts(block).series[0]).toHaveLength(120);
  });

  it('without any value still draws the threshold (two points) and says so', () => {
    const p = parts(mermaidChart(chart([null, null])));
    expect(p.title).toContain('no value yet');
    expect(p.series).toEqual([[500, 500]]);
  });

  it('untrusted titles and labels cannot leave the block, the quotes or the line', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'binary' }), fc.string({ unit: 'binary' }), (title, label) => {
        const block = mermaidChart({
          title,
          threshold: { value: 1, label },
          points: [{ at: 0, value: 2, step: 1 }],
          steps: [{ step: 1, weight: 10 }],
        });
        const lines = block.split('\n');
        expect(lines[0]).toBe('```mermaid');
        expect(lines.at(-1)).toBe('```');
        expect(lines.slice(1, -1).join('\n')).not.toContain('`');
        const t = lines.find((l) => l.startsWith('    title '))!;
        expect(t).toMatch(/^ {4}title "[^"\n]*"$/);
        expect(t).not.toContain('%%');
        // eslint-disable-next-line no-control-regex -- no control character may remain
        expect(t).not.toMatch(/[<>\u0000-\u001f\u2028\u2029]/);
        expect(t).not.toMatch(/@[A-Za-z0-9]/);
        expect(lines).toHaveLength(9);
        const text = textChart({ title, threshold: { value: 1, label }, points: [], steps: [] });
        for (const l of text.split('\n')) expect(l).not.toMatch(/^\s*::/);
        expect(text).not.toMatch(/@[A-Za-z0-9]/);
      }),
      { numRuns: 300, seed: 8 },
    );
    expect(chartLabel('a"b`c%%d<e>\nf @bob ::set-output')).toBe("a'b'c%d‹e› f @\u200bbob :\u200b:set-output");
  });

  it('writes numbers as Mermaid reads them: digits and a point, never an exponent', () => {
    fc.assert(
      fc.property(fc.double({ noNaN: true, noDefaultInfinity: true, min: -1e12, max: 1e12 }), (v) => {
        const s = plainNumber(v);
        expect(s).toMatch(/^-?(\d+(\.\d+)?)$/);
        if (Math.abs(v) > 1e-90) expect(Math.abs(Number(s) - v)).toBeLessThanOrEqual(Math.abs(v) * 1e-5);
      }),
      { numRuns: 500, seed: 3 },
    );
    expect(plainNumber(1.5e-7)).toBe('0.00000015');
    expect(plainNumber(0.06)).toBe('0.06');
  });
});

/** The text chart's plot rows (top first), without the y labels, and the threshold row's index. */
function grid(text: string, height = 10) {
  const lines = text.split('\n');
  const rows = lines.slice(1, 1 + height).map((l) => l.slice(l.search(/[┤│]/) + 1));
  return {
    rows,
    thresholdRow: rows.findIndex((r) => r.includes('─')),
    axis: lines[1 + height]!,
    under: lines[2 + height]!,
  };
}

describe('textChart', () => {
  it('noise far under the threshold draws flat and low; the scale is fixed and includes the threshold', () => {
    const values = [0.06, 0.06, 0.07, 0.06, 0.07, 0.07, 0.06, 0.07, 0.06, 0.07, 0.06, 0.07];
    const text = textChart(chart(values));
    const g = grid(text);
    expect(g.rows.at(-1)!.replace(/ /g, '')).toBe('●'.repeat(12)); // every point on the bottom row
    expect(g.rows.slice(0, -1).join('')).not.toContain('●');
    expect(g.rows[g.thresholdRow]).toContain('≤ 500 ms');
    expect(text.split('\n')[1 + g.thresholdRow]).toMatch(/^500 ┤/);
    expect(text).toContain('fixed scale 0–600');
    // the step boundaries: a ┬ under each step's first point, its weight below
    expect(g.axis.trim()).toBe('└┬───┬───┬───');
    expect(g.under.trim()).toBe('10% 25% 100%');
  });

  it('a breach draws above the threshold’s row, a value under it below, one at it on it', () => {
    fc.assert(
      fc.property(
        fc.array(fc.double({ min: 0, max: 2000, noNaN: true }), { minLength: 1, maxLength: 40 }),
        fc.double({ min: 1, max: 1000, noNaN: true }),
        (values, t) => {
          values.push(t); // one exactly at the threshold
          const c = chart(values, 100, t);
          const g = grid(textChart(c, 60));
          values.forEach((v, x) => {
            const row = g.rows.findIndex((r) => r[x] === '●');
            expect(row).toBeGreaterThanOrEqual(0);
            if (v > t) expect(row).toBeLessThan(g.thresholdRow);
            else if (v < t) expect(row).toBeGreaterThan(g.thresholdRow);
            else expect(row).toBe(g.thresholdRow);
          });
          expect(chartScale(c).hi).toBeGreaterThanOrEqual(Math.max(t, ...values));
        },
      ),
      { numRuns: 200, seed: 21 },
    );
  });

  it('marks a measurement without a value, and fits a long rollout into the width (a column per run of points)', () => {
    const text = textChart(chart([120, null, 130, 125], 2));
    expect(grid(text).axis).toContain('×');
    expect(text).toContain('× no value');
    const long = textChart(
      chart(
        Array.from({ length: 240 }, (_, i) => (i === 200 ? 700 : 100)),
        80,
      ),
      60,
    );
    const g = grid(long);
    expect([...g.axis.trim()]).toHaveLength(1 + 60); // └ and 60 columns
    expect(g.rows.every((r) => r.replace(/ ≤ 500 ms$/, '').length <= 60)).toBe(true);
    // the single breach still shows, above the threshold
    expect(g.rows.slice(0, g.thresholdRow).join('')).toContain('●');
  });
});
