/**
 * The demo's own canary summaries, drawn in a real browser: `npm run demo` runs (the real bundles, the
 * emulator, the sample service) and keeps each job summary; Chromium renders the Mermaid blocks of the
 * promoted canary (v1.1.0-rc1) and of the one that breaks at 25 % (v1.3.0-rc1). What was drawn is
 * checked against the evidence files of the same runs: one point per measurement, the threshold a
 * flat line at its height, the step boundaries in the x labels, the breach above the line.
 * docs/images/canary-error-rate.png is the first chart of the broken canary, rendered the same way.
 */
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { execFile } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { renderMermaid, type Rendered, type RenderedChart } from '../../support/charts/render.js';
import { ROOT } from '../helpers/run-bundle.js';

interface Measurement {
  metric: string;
  values: Record<string, number>;
  conditions: { value: string; threshold: number | null }[];
}
interface Evidence {
  details: { steps: { weight: number; analysis?: { measurements: Measurement[] } }[] };
}

let dir: string;
const drawn: Record<'promoted' | 'broken', { rendered: Rendered; evidence: Evidence }> = {} as never;

beforeAll(async () => {
  dir = mkdtempSync(path.join(tmpdir(), 'demo-charts-'));
  await promisify(execFile)(process.execPath, ['--import', 'tsx', 'support/demo/index.ts', '--quiet'], {
    cwd: ROOT,
    env: { ...process.env, OPS_ARTIFACTS_DIR: dir, NO_COLOR: '1' },
    maxBuffer: 16 * 1024 * 1024,
  });
  // the canaries' evidence in the story's order: v1.1.0-rc1, v1.2.0-rc1, v1.3.0-rc1
  const canaries = readdirSync(dir)
    .filter((f) => f.startsWith('canary_report_'))
    .sort()
    .map((f) => JSON.parse(readFileSync(path.join(dir, f), 'utf8')) as Evidence);
  expect(canaries).toHaveLength(3);
  for (const [key, stage, evidence] of [
    ['promoted', 2, canaries[0]!],
    ['broken', 7, canaries[2]!],
  ] as const) {
    const summary = readFileSync(path.join(dir, 'summaries', `${stage}-canary-promote.md`), 'utf8');
    drawn[key] = { rendered: await renderMermaid(summary), evidence };
  }
}, 240_000);

afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** The measured values of `metric.value` in the evidence, in order, with each one's step weight. */
function series(e: Evidence, metric: string, value: string) {
  return e.details.steps.flatMap((s) =>
    (s.analysis?.measurements ?? [])
      .filter((m) => m.metric === metric && typeof m.values[value] === 'number')
      .map((m) => ({
        weight: s.weight,
        value: m.values[value]!,
        threshold: m.conditions.find((c) => c.value === value)?.threshold ?? null,
      })),
  );
}

/** y of a value on the chart's y axis, from its tick labels (a linear scale). */
function yOf(chart: RenderedChart, v: number): number {
  const ticks = chart.yTicks.map((t) => ({ v: Number(t.label), y: t.y })).filter((t) => Number.isFinite(t.v));
  const a = ticks[0]!;
  const b = ticks[ticks.length - 1]!;
  return a.y + ((v - a.v) * (b.y - a.y)) / (b.v - a.v);
}

const chartOf = (r: Rendered, label: string) => r.charts.find((c) => c.title.startsWith(`${label} —`))!;

describe("the demo's canary summaries in Chromium", () => {
  it.each(['promoted', 'broken'] as const)(
    '%s: one chart per measured value, each point a measurement of the evidence, the threshold a flat line at its height',
    (key) => {
      const { rendered, evidence } = drawn[key];
      expect(rendered.charts.length).toBeGreaterThanOrEqual(2);
      for (const [metric, value] of [
        ['cutover', 'error_rate_pct'],
        ['cutover', 'p95_ms'],
      ]) {
        const chart = chartOf(rendered, `${metric}.${value}`);
        const points = series(evidence, metric!, value!);
        expect(points.length).toBeGreaterThan(0);
        expect(chart.lines).toHaveLength(2);
        expect(chart.lines[0]).toHaveLength(points.length);
        expect(chart.xLabels).toHaveLength(points.length);
        const threshold = points[0]!.threshold!;
        const ty = yOf(chart, threshold);
        for (const p of chart.lines[1]!) expect(Math.abs(p.y - ty)).toBeLessThan(0.5);
        // each measurement drawn at its height (within a pixel), above the line exactly when over the limit
        chart.lines[0]!.forEach((p, i) => {
          expect(Math.abs(p.y - yOf(chart, points[i]!.value))).toBeLessThan(1);
          if (points[i]!.value > threshold) expect(p.y).toBeLessThan(ty);
        });
      }
    },
  );

  it('marks where each step starts: 10 % → 25 % → 100 % promoted, 10 % → 25 % for the broken one', () => {
    const starts = (key: 'promoted' | 'broken') => {
      const labels = chartOf(drawn[key].rendered, 'cutover.error_rate_pct').xLabels;
      return labels
        .filter((l, i) => i === 0 || l.startsWith('|'))
        .map((l) => l.replace(/^\|/, '').split('·')[0]);
    };
    expect(starts('promoted')).toEqual(['10%', '25%', '100%']);
    expect(starts('broken')).toEqual(['10%', '25%']);
    // the weights of the labels are the evidence's steps, measurement by measurement
    const labels = chartOf(drawn.broken.rendered, 'cutover.error_rate_pct').xLabels;
    const weights = series(drawn.broken.evidence, 'cutover', 'error_rate_pct').map((p) => `${p.weight}%`);
    expect(labels.map((l) => l.replace(/^\|/, '').split('·')[0])).toEqual(weights);
  });

  it('the broken canary: its error rate is drawn over the threshold line at 25 %, and under it at 10 %', () => {
    const chart = chartOf(drawn.broken.rendered, 'cutover.error_rate_pct');
    const points = series(drawn.broken.evidence, 'cutover', 'error_rate_pct');
    const ty = chart.lines[1]![0]!.y;
    const over = chart.lines[0]!.filter((p) => p.y < ty).length;
    expect(over).toBeGreaterThan(0);
    expect(over).toBe(points.filter((p) => p.value > p.threshold!).length);
    points.forEach((p, i) => {
      if (p.weight === 10) expect(chart.lines[0]![i]!.y).toBeGreaterThan(ty);
    });
  });
});
