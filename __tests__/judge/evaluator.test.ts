/**
 * The judge plugged into the analysis loop as an evaluator: ticks of measurements (with the canary's and
 * the baseline's samples) in, the loop's verdicts out.
 */
import { describe, expect, it } from '@jest/globals';
import { decisionForEvidence, judgeEvaluator, createJudge } from '../../src/analysis/judge/index.js';
import { createRandom } from '../../src/analysis/judge/random.js';
import type { AnalysisSpec, Measurement, Tick } from '../../src/analysis/types.js';

const spec = { intervalMs: 30_000, windowMs: 150_000, metrics: [] } as unknown as AnalysisSpec; // 5 looks

function measurement(metric: string, index: number, over: Partial<Measurement>): Measurement {
  return {
    metric,
    index,
    at: index * 30_000,
    durationMs: 10,
    phase: 'successful',
    values: {},
    conditions: [],
    ...over,
  };
}

function tick(index: number, measurements: Measurement[]): Tick {
  return { index, at: index * 30_000, measurements };
}

describe('judgeEvaluator', () => {
  it('reads samples and baseline samples of the named analysis metric and aborts a regression', () => {
    const rng = createRandom(1);
    const lat = (n: number, m: number) => Array.from({ length: n }, () => m * Math.exp(0.3 * rng.normal()));
    const ev = judgeEvaluator({
      metrics: [
        { name: 'web-latency', source: 'web', kind: 'latency', max_increase_pct: 5 },
        { name: 'web-errors', source: 'web', kind: 'count' },
      ],
    })(spec);
    expect(ev.name).toBe('judge');
    const v1 = ev.onTick(
      tick(1, [
        measurement('web', 1, {
          samples: { latenciesMs: lat(400, 100), errors: 1, total: 400 },
          baselineSamples: { latenciesMs: lat(400, 100), errors: 1, total: 400 },
        }),
      ]),
    );
    expect(v1.decision).toBe('continue');
    let v = v1;
    for (let k = 2; k <= 5 && v.decision === 'continue'; k++) {
      v = ev.onTick(
        tick(k, [
          measurement('web', k, {
            samples: { latenciesMs: lat(400, 180), errors: 1, total: 400 },
            baselineSamples: { latenciesMs: lat(400, 100), errors: 1, total: 400 },
          }),
        ]),
      );
    }
    expect(v.decision).toBe('failed');
    expect(v.rule).toBe('judge');
    expect(v.metric).toBe('web-latency');
    expect(v.reason).toMatch(/web-latency: median \+\d+ %/);
  });

  it('judges one reading value per side when the provider has no raw samples, and ends successful', () => {
    const rng = createRandom(2);
    const ev = judgeEvaluator({
      metrics: [{ name: 'cutover', kind: 'latency', value: 'p95_ms', max_increase_pct: 10 }],
    })(spec);
    for (let k = 1; k <= 5; k++) {
      const v = ev.onTick(
        tick(k, [
          measurement('cutover', k, {
            values: { p95_ms: 800 * Math.exp(0.05 * rng.normal()) },
            baselineValues: { p95_ms: 800 * Math.exp(0.05 * rng.normal()) },
          }),
        ]),
      );
      expect(v.decision).toBe('continue');
    }
    const end = ev.onWindowEnd([]);
    expect(end.decision).toBe('successful');
    expect(end.reason).toMatch(/^score 100 ≥ pass 95 \(look 5\/5\)/);
  });

  it('without any baseline data the window ends inconclusive, never successful', () => {
    const ev = judgeEvaluator({ metrics: [{ name: 'web', kind: 'count' }] })(spec);
    for (let k = 1; k <= 5; k++) {
      const v = ev.onTick(
        tick(k, [measurement('web', k, { samples: { latenciesMs: [1], errors: 3, total: 10 } })]),
      );
      expect(v.decision).toBe('continue');
    }
    const end = ev.onWindowEnd([]);
    expect(end.decision).toBe('inconclusive');
    expect(end.reason).toMatch(/no metric has data from both the canary and the baseline/);
    expect(judgeEvaluator({ metrics: [{ name: 'web', kind: 'count' }] })(spec).onWindowEnd([]).decision).toBe(
      'inconclusive',
    );
  });
});

describe('judgeEvaluator wiring', () => {
  it('exposes every decision; skips an interval whose baseline was unusable; reads json counts by path', () => {
    const ev = judgeEvaluator({
      metrics: [{ name: 'cutover', kind: 'count', events: 'errors', trials: 'requests' }],
    })(spec);
    const v1 = ev.onTick(
      tick(1, [
        measurement('cutover', 1, {
          values: { errors: 40, requests: 1000 },
          baselineValues: { errors: 2, requests: 1000 },
          baselineProblem: 'GET http://stable/m.json answered 503',
        }),
      ]),
    );
    expect(v1.decision).toBe('continue');
    expect(ev.decisions).toHaveLength(1);
    expect(ev.decisions[0]).toMatchObject({ look: 1, action: 'no-data' });
    let v = v1;
    for (let k = 2; k <= 5 && v.decision === 'continue'; k++) {
      v = ev.onTick(
        tick(k, [
          measurement('cutover', k, {
            values: { errors: 40, requests: 1000 },
            baselineValues: { errors: 10, requests: 1000 },
          }),
        ]),
      );
    }
    expect(v.decision).toBe('failed');
    const last = ev.decisions.at(-1)!;
    expect(last.metrics[0]!.events).toEqual({ canary: 40 * (last.look - 1), baseline: 10 * (last.look - 1) });
    expect(v.reason).toMatch(/cutover: rate \+\d+ % \[/);
  });

  it('refuses non-integer counts with a note instead of judging them', () => {
    const ev = judgeEvaluator({
      metrics: [{ name: 'm', kind: 'count', events: 'errors', trials: 'requests' }],
    })(spec);
    ev.onTick(
      tick(1, [
        measurement('m', 1, {
          values: { errors: 2.5, requests: 100 },
          baselineValues: { errors: 1, requests: 100 },
        }),
      ]),
    );
    expect(ev.decisions[0]!.metrics[0]).toMatchObject({ verdict: 'no-data', dropped: 1 });
    expect(ev.decisions[0]!.metrics[0]!.notes[0]).toMatch(/not non-negative integers/);
  });
});

describe('decisionForEvidence', () => {
  it('keeps infinite bounds visible in JSON and turns values not computed into null', () => {
    const j = createJudge({ looks: 2, metrics: [{ name: 'errors', kind: 'count' }] });
    const d = j.look(
      1,
      { errors: { canary: { events: 4, trials: 100 }, baseline: { events: 0, trials: 100 } } },
      { detail: 'minimal' },
    );
    const json = JSON.stringify(decisionForEvidence(d));
    const parsed = JSON.parse(json);
    const t = parsed.metrics[0].tests[0];
    expect(t.estimate === null || t.estimate === 'Infinity').toBe(true);
    const full = JSON.parse(
      JSON.stringify(
        decisionForEvidence(
          createJudge({ looks: 2, metrics: [{ name: 'errors', kind: 'count' }] }).look(1, {
            errors: { canary: { events: 4, trials: 100 }, baseline: { events: 0, trials: 100 } },
          }),
        ),
      ),
    );
    expect(full.metrics[0].tests[0].estimate).toBe('Infinity');
    expect(full.metrics[0].tests[0].interval[1]).toBe('Infinity');
    expect(typeof full.metrics[0].tests[0].interval[0]).toBe('number');
  });
});
