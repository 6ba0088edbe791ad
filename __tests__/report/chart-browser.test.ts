/**
 * The charts rendered for real: Debian's Chromium (playwright-core) renders the Mermaid blocks of a
 * canary summary with the `mermaid` package to SVG and PNG, and the test reads back what was drawn — the
 * threshold line flat at the threshold's height, one vertex and one x label per measurement, the step
 * boundaries in the labels, a breach above the threshold line and noise far below it.
 * Chromium is installed by the test setup (scripts/setup-services.sh); if it cannot start, this fails.
 */
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { chartLabel, mermaidChart, textChart, type ChartInput } from '../../src/report/chart.js';
import {
  BrowserUnavailable,
  mermaidBlocks,
  renderMermaid,
  type Rendered,
  type RenderedChart,
} from '../../support/charts/render.js';

const STEPS = [
  { step: 1, weight: 10 },
  { step: 2, weight: 25 },
  { step: 3, weight: 100 },
];

function series(
  title: string,
  values: (number | null)[],
  perStep: number,
  threshold?: number,
  label = '',
): ChartInput {
  return {
    title,
    ...(threshold === undefined ? {} : { threshold: { value: threshold, label } }),
    points: values.map((value, i) => ({ at: i * 30_000, value, step: 1 + Math.floor(i / perStep) })),
    steps: STEPS,
  };
}

const LATENCY = series(
  'checkout p95 latency (ms)',
  [0.06, 0.06, 0.07, 0.06, 0.07, 0.07, 0.06, 0.07, 0.06],
  3,
  500,
  '≤ 500 ms',
);
// the error rate breaches its limit at the 25 % step (second and third measurement); one reading failed
const ERRORS = series(
  'checkout error rate (%)',
  [0.2, 0.3, 0.2, 0.4, 2.5, 3.1, null, 0.3, 0.2],
  3,
  1,
  '≤ 1 %',
);
const LONG = series(
  'checkout p99 latency (ms)',
  Array.from({ length: 120 }, (_, i) => 200 + 40 * Math.sin(i / 6)),
  40,
  900,
  '≤ 900 ms',
);
const HOSTILE = series(
  'x" ]\n```\n%%{init: {}}%%\n<img src=x onerror=alert(1)> @octocat',
  [1, 2, 3],
  3,
  2,
  '"`',
);

/** The canary summary as the job summary would hold it: headings, a table, the charts. */
const SUMMARY = [
  '## Canary v1.4.0',
  '',
  '| step | weight | analysis |',
  '| --- | --- | --- |',
  '| 1 | 10% | successful |',
  '| 2 | 25% | failed |',
  '',
  ...[LATENCY, ERRORS, LONG, HOSTILE].flatMap((c) => [
    `### ${c.title.split('\n')[0]}`,
    '',
    mermaidChart(c),
    '',
  ]),
  '<details><summary>as text</summary>',
  '',
  '```',
  textChart(ERRORS),
  '```',
  '</details>',
].join('\n');

/** y of a value on the chart's y axis, from its tick labels (a linear scale). */
function yOf(chart: RenderedChart, v: number): number {
  const ticks = chart.yTicks.map((t) => ({ v: Number(t.label), y: t.y })).filter((t) => Number.isFinite(t.v));
  const a = ticks[0]!;
  const b = ticks[ticks.length - 1]!;
  return a.y + ((v - a.v) * (b.y - a.y)) / (b.v - a.v);
}

let dir: string;
let rendered: Rendered;
const png = () => path.join(dir, 'summary.png');

beforeAll(async () => {
  dir = mkdtempSync(path.join(tmpdir(), 'charts-'));
  rendered = await renderMermaid(SUMMARY, png());
}, 180_000);

afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('the canary summary’s charts in Chromium', () => {
  it('renders every Mermaid block of the summary to SVG, and one PNG', () => {
    expect(mermaidBlocks(SUMMARY)).toHaveLength(4);
    expect(rendered.svgs).toHaveLength(4);
    for (const svg of rendered.svgs) expect(svg).toMatch(/^<svg[^>]+aria-roledescription="xychart"/);
    const file = readFileSync(png());
    expect(file.subarray(0, 8)).toEqual(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]));
    const width = file.readUInt32BE(16);
    const height = file.readUInt32BE(20);
    expect(width).toBeGreaterThan(600);
    expect(height).toBeGreaterThan(4 * 300); // the charts stacked
  });

  it('draws the threshold as a flat line at the threshold’s height, and one point per measurement', () => {
    const [latency, errors] = rendered.charts;
    for (const [chart, input] of [
      [latency!, LATENCY],
      [errors!, ERRORS],
    ] as const) {
      const measured = input.points.filter((p) => p.value !== null).length;
      expect(chart.lines).toHaveLength(2);
      expect(chart.lines[0]).toHaveLength(measured);
      expect(chart.lines[1]).toHaveLength(measured);
      expect(chart.xLabels).toHaveLength(measured);
      const ty = yOf(chart, input.threshold!.value);
      for (const p of chart.lines[1]!) expect(Math.abs(p.y - ty)).toBeLessThan(0.5);
      // the two lines share the x of every measurement
      expect(chart.lines[1]!.map((p) => p.x)).toEqual(chart.lines[0]!.map((p) => p.x));
    }
  });

  it('marks the step boundaries in the x labels', () => {
    expect(rendered.charts[0]!.xLabels).toEqual([
      '10%·1', '10%·2', '10%·3', '|25%·1', '25%·2', '25%·3', '|100%·1', '100%·2', '100%·3',
    ]); // prettier-ignore
    // the measurement without a value is left out (and said in the title)
    expect(rendered.charts[1]!.xLabels).toEqual([
      '10%·1', '10%·2', '10%·3', '|25%·1', '25%·2', '25%·3', '100%·2', '100%·3',
    ]); // prettier-ignore
    expect(rendered.charts[1]!.title).toContain('1 of 9 without a value');
  });

  it('noise far under its limit draws flat at the bottom; a breach draws above the threshold line', () => {
    const latency = rendered.charts[0]!;
    const bottom = yOf(latency, 0);
    const top = yOf(latency, 500);
    for (const p of latency.lines[0]!) expect(Math.abs(p.y - bottom)).toBeLessThan(0.01 * (bottom - top));
    const errors = rendered.charts[1]!;
    const ty = errors.lines[1]![0]!.y;
    const values = ERRORS.points.map((p) => p.value).filter((v): v is number => v !== null);
    errors.lines[0]!.forEach((p, i) => {
      if (values[i]! > 1)
        expect(p.y).toBeLessThan(ty); // SVG y grows downwards
      else expect(p.y).toBeGreaterThan(ty);
    });
  });

  it('a long rollout: a numbered axis naming where the steps start, still every point drawn', () => {
    const long = rendered.charts[2]!;
    expect(long.lines[0]).toHaveLength(120);
    const ty = yOf(long, 900);
    for (const p of long.lines[1]!) expect(Math.abs(p.y - ty)).toBeLessThan(0.5);
    expect(rendered.svgs[2]).toContain('measurement · 10% from 1 · 25% from 41 · 100% from 81');
  });

  it('a hostile metric name stays one harmless title', () => {
    const hostile = rendered.charts[3]!;
    expect(hostile.title).toBe(chartLabel(`${HOSTILE.title} — red: ${chartLabel('"`')}`, 100));
    // the markup is text in the one title, never an element
    expect(rendered.svgs[3]).not.toMatch(/<img/);
    expect(rendered.svgs[3]!.match(/class="chart-title"/g)).toHaveLength(1);
    expect(hostile.lines[0]).toHaveLength(3);
  });
});

describe('without a browser', () => {
  it('fails with the command that installs Chromium, never silently', async () => {
    const missing = path.join(tmpdir(), 'no-such-chromium');
    expect(existsSync(missing)).toBe(false);
    const err = await renderMermaid(['xychart-beta\n  line [1, 2]'], undefined, {
      executablePath: missing,
    }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(BrowserUnavailable);
    expect((err as Error).message).toContain('bash scripts/setup-services.sh chromium');
  }, 60_000);
});
