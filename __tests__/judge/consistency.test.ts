/**
 * The judge's words agree with its decision: every interval it reports inverts the test that decided, with
 * the same tie handling, so "the test rejected" ⇔ "the interval's worse end lies beyond the limit" — in
 * the numbers and in the printed message — for tied and untied samples alike.
 */
import { describe, expect, it } from '@jest/globals';
import fc from 'fast-check';
import {
  createJudge,
  worseEndBeyondLimit,
  type JudgeMetric,
  type TestOutcome,
} from '../../src/analysis/judge/index.js';
import { value } from '../../src/analysis/judge/format.js';
import { locationInterval } from '../../src/analysis/judge/latency.js';
import {
  hodgesLehmann,
  hodgesLehmannSorted,
  kthPairwiseDifference,
  sortedCopy,
} from '../../src/analysis/judge/rank.js';

/** The change a printed bound reads as, in percent. */
function readPct(text: string): number {
  if (text.startsWith('+∞')) return Infinity;
  return Number(text.replace(' %', '').replace('−', '-'));
}

/** Whether the printed interval's worse end reads as beyond the printed limit. */
function readsBeyond(t: TestOutcome): boolean {
  const m = /([[(])([^,]+), ([^\])]+)([\])]) vs baseline/.exec(t.message);
  if (!m) throw new Error(`no interval in: ${t.message}`);
  const limit = Number(value((t.limit - 1) * 100));
  if (t.worse === 'lower') {
    const v = readPct(m[2]!);
    return v > limit || (v === limit && m[1] === '(');
  }
  const v = readPct(m[3]!);
  return v < limit || (v === limit && m[4] === ')');
}

function checkAgreement(tests: readonly TestOutcome[]): number {
  let rejected = 0;
  for (const t of tests) {
    if (!t.interval) continue;
    if (t.failed) rejected++;
    const context = `${t.test}: failed=${t.failed} p=${t.p} level=${t.level} ${t.message} limit=${t.limit} interval=${t.interval} open=${t.open}`;
    expect([context, worseEndBeyondLimit(t)]).toEqual([context, t.failed]);
    expect([context, readsBeyond(t)]).toEqual([context, t.failed]);
  }
  return rejected;
}

describe('the reported interval agrees with the decision', () => {
  it('heavily tied samples: a rejection at +0 % never shows an interval that still includes +0 %', () => {
    const judge = createJudge({ looks: 1, confidence: 0.9, metrics: [{ name: 'latency', kind: 'latency' }] });
    const d = judge.look(1, {
      latency: { canary: [200, 200, 200, 200, 200], baseline: [100, 100, 100, 100, 200] },
    });
    const loc = d.metrics[0]!.tests.find((t) => t.test === 'location')!;
    expect(loc.failed).toBe(true);
    expect(loc.p).toBeCloseTo(6 / 252, 12); // the exact tie-conditional law: 6 of the C(10,5) splits
    // the ratios the test does not reject: exactly 2 (every shift below it is rejected by `greater`, every
    // shift above by `less`)
    expect(loc.interval![0]).toBeCloseTo(2, 12);
    expect(loc.interval![1]).toBeCloseTo(2, 12);
    expect(loc.message).toBe('median +100 % [+100 %, +100 %] vs baseline, p=0.024');
    expect(d.reason).toContain('median +100 % [+100 %, +100 %] vs baseline, p=0.024 (limit +0 %, look 1/1)');
  });

  it('a test that rejects the limit itself but not just beyond it shows that end excluded', () => {
    // integer latencies tie across the two sides at the limit (+0 %)
    const judge = createJudge({ looks: 1, confidence: 0.8, metrics: [{ name: 'latency', kind: 'latency' }] });
    const d = judge.look(1, {
      latency: { canary: [130, 150, 120, 130, 120, 130, 130, 150], baseline: [100, 100, 130, 130, 110, 100] },
    });
    const loc = d.metrics[0]!.tests.find((t) => t.test === 'location')!;
    expect(loc.failed).toBe(true);
    expect(loc.interval![0]).toBe(1);
    expect(loc.open[0]).toBe(true);
    expect(loc.message).toBe('median +20 % (0.00 %, +30 %] vs baseline, p=0.019');
    checkAgreement(d.metrics[0]!.tests);
  });

  const latencySample = fc.oneof(
    // heavy ties: a few distinct integer latencies
    fc.array(
      fc.integer({ min: 1, max: 6 }).map((v) => v * 20),
      { minLength: 1, maxLength: 30 },
    ),
    // moderate ties, enough samples for the normal approximation
    fc.array(fc.integer({ min: 50, max: 400 }), { minLength: 20, maxLength: 90 }),
    // untied
    fc.array(fc.double({ min: 1, max: 1000, noNaN: true }), { minLength: 1, maxLength: 40 }),
  );

  it('latency: rejects ⇔ the worse end is beyond the limit, for random tied and untied samples', () => {
    let rejected = 0;
    let total = 0;
    fc.assert(
      fc.property(
        fc.array(fc.tuple(latencySample, latencySample), { minLength: 1, maxLength: 3 }),
        fc.constantFrom(0, 5, 20, 50),
        fc.constantFrom<JudgeMetric['direction']>('higher_is_worse', 'lower_is_worse'),
        fc.constantFrom(0.6, 0.9, 0.98),
        fc.integer({ min: 0, max: 2 }),
        (batches, tol, direction, confidence, scale) => {
          // scale the canary up or down by a tie-keeping factor so that some tests reject
          const factor = [1, 1.5, 0.6][scale]!;
          const judge = createJudge({
            looks: batches.length,
            confidence,
            metrics: [{ name: 'latency', kind: 'latency', max_increase_pct: tol, direction }],
          });
          batches.forEach(([c, b], k) => {
            const d = judge.look(k + 1, { latency: { canary: c.map((v) => v * factor), baseline: b } });
            const tests = d.metrics[0]!.tests;
            rejected += checkAgreement(tests);
            total += tests.filter((t) => t.interval).length;
          });
        },
      ),
      { numRuns: 250, seed: 2024 },
    );
    // the property was exercised on both sides of the decision
    expect(rejected).toBeGreaterThan(50);
    expect(total - rejected).toBeGreaterThan(50);
  });

  it('count: rejects ⇔ the worse end is beyond the limit', () => {
    let rejected = 0;
    fc.assert(
      fc.property(
        fc.array(
          fc.tuple(
            fc.integer({ min: 0, max: 40 }),
            fc.integer({ min: 0, max: 40 }),
            fc.integer({ min: 40, max: 400 }),
          ),
          { minLength: 1, maxLength: 4 },
        ),
        fc.constantFrom(0, 10, 50),
        fc.constantFrom<JudgeMetric['direction']>('higher_is_worse', 'lower_is_worse'),
        (strata, tol, direction) => {
          const judge = createJudge({
            looks: strata.length,
            confidence: 0.9,
            metrics: [{ name: 'errors', kind: 'count', max_increase_pct: tol, direction }],
          });
          strata.forEach(([ce, be, n], k) => {
            const d = judge.look(k + 1, {
              errors: { canary: { events: ce, trials: n }, baseline: { events: be, trials: n } },
            });
            rejected += checkAgreement(d.metrics[0]!.tests);
          });
        },
      ),
      { numRuns: 120, seed: 99 },
    );
    expect(rejected).toBeGreaterThan(20);
  });

  it('without ties the location interval is Moses’ interval', () => {
    // odd canary and even baseline values: no two values of the pooled sample tie at any tested shift
    const distinct = (parity: number) =>
      fc
        .uniqueArray(fc.integer({ min: -500, max: 500 }), { minLength: 2, maxLength: 40 })
        .map((a) => a.map((v) => (2 * v + parity) / 64));
    fc.assert(
      fc.property(distinct(1), distinct(0), fc.constantFrom(0.005, 0.025, 0.1), (x, y, alpha) => {
        const xs = sortedCopy(x);
        const ys = sortedCopy(y);
        const moses = hodgesLehmannSorted(xs, ys, alpha);
        const iv = locationInterval(xs, ys, alpha, 0);
        expect(iv.estimate).toBe(moses.estimate);
        expect(iv.lower.value).toBe(moses.lower);
        expect(iv.upper.value).toBe(moses.upper);
      }),
      { numRuns: 150, seed: 5 },
    );
  });
});

describe('Hodges–Lehmann with heavy ties', () => {
  it('identical samples full of zeros have a shift of exactly 0', () => {
    expect(hodgesLehmann([0, 0, 0, 0, 0, 1], [0, 0, 0, 0, 0, 1]).estimate).toBe(0);
    expect(hodgesLehmann([0, 0, 0, 0, 0, 1], [0, 0, 0, 0, 0, 1]).lower).toBe(0);
    expect(hodgesLehmann([0, 0, 0, 0, 0, 1], [0, 0, 0, 0, 0, 1]).upper).toBe(0);
  });

  it('every k-th pairwise difference is one of the differences, with heavy ties', () => {
    fc.assert(
      fc.property(
        fc.array(fc.integer({ min: 0, max: 2 }), { minLength: 1, maxLength: 60 }),
        fc.array(fc.integer({ min: 0, max: 2 }), { minLength: 1, maxLength: 60 }),
        (x, y) => {
          const d: number[] = [];
          for (const a of x) for (const b of y) d.push(a - b);
          d.sort((a, b) => a - b);
          const xs = sortedCopy(x);
          const ys = sortedCopy(y);
          for (let k = 1; k <= d.length; k += Math.max(1, Math.floor(d.length / 50)))
            expect(kthPairwiseDifference(xs, ys, k)).toBe(d[k - 1]);
        },
      ),
      { numRuns: 150, seed: 11 },
    );
  });
});
