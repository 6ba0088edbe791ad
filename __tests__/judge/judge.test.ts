/**
 * The judge's decisions: verdicts per metric, scoring, critical metrics, sequential early aborts, messages,
 * and its false-abort guarantee on simulated identical canaries.
 */
import { describe, expect, it } from '@jest/globals';
import {
  batchFromSamples,
  createJudge,
  judgeSeries,
  type JudgeDecision,
  type JudgeOptions,
  type LookData,
} from '../../src/analysis/judge/index.js';
import { createRandom, type Random } from '../../src/analysis/judge/random.js';

const lognormal = (rng: Random, n: number, median: number, sigma: number) =>
  Array.from({ length: n }, () => median * Math.exp(sigma * rng.normal()));

function latencyLooks(
  seed: number,
  looks: number,
  n: number,
  canary: (rng: Random, n: number) => number[],
  baseline: (rng: Random, n: number) => number[] = (rng, m) => lognormal(rng, m, 100, 0.4),
): { index: number; data: LookData }[] {
  const rng = createRandom(seed);
  return Array.from({ length: looks }, (_, k) => ({
    index: k + 1,
    data: { latency: { canary: canary(rng, n), baseline: baseline(rng, n) } },
  }));
}

const LATENCY_ONLY: JudgeOptions = {
  looks: 10,
  metrics: [{ name: 'latency', kind: 'latency', max_increase_pct: 5 }],
};

function last(ds: JudgeDecision[]): JudgeDecision {
  return ds[ds.length - 1]!;
}

/** Runs the looks until the first `fail`, like the analysis loop does. */
function runUntilFail(options: JudgeOptions, looks: { index: number; data: LookData }[]): JudgeDecision {
  const judge = createJudge(options);
  let d!: JudgeDecision;
  for (const l of looks) {
    d = judge.look(l.index, l.data);
    if (d.action === 'fail') break;
  }
  return d;
}

describe('settings', () => {
  it('applies the defaults', () => {
    const j = createJudge({ looks: 4, metrics: [{ name: 'errors', kind: 'count' }] });
    expect(j.settings).toMatchObject({
      pass: 95,
      marginal: 75,
      confidence: 0.98,
      spending: 'obrien_fleming',
      boundaries: 'group_sequential',
    });
    expect(j.settings.metrics[0]).toMatchObject({
      direction: 'higher_is_worse',
      maxIncreasePct: 0,
      weight: 1,
      critical: false,
    });
    expect(j.settings.metrics[0]!.alphaPerTest).toBeCloseTo(0.02, 15);
    expect(j.settings.metrics[0]!.levels).toHaveLength(4);
  });

  it('splits the false-abort budget over metrics and tests', () => {
    const j = createJudge({
      looks: 5,
      confidence: 0.99,
      metrics: [
        { name: 'latency', kind: 'latency' },
        { name: 'errors', kind: 'count' },
      ],
    });
    expect(j.settings.metrics[0]!.alphaPerTest).toBeCloseTo(0.005 / 4, 15);
    expect(j.settings.metrics[1]!.alphaPerTest).toBeCloseTo(0.005, 15);
    // the nominal levels of the last look are below the test's alpha, the first ones far below
    const levels = j.settings.metrics[1]!.levels;
    expect(levels[4]).toBeLessThan(0.005);
    expect(levels[0]).toBeLessThan(1e-6);
  });

  it('refuses contradictory settings with every problem listed', () => {
    expect(() =>
      createJudge({
        looks: 0,
        pass: 70,
        marginal: 80,
        confidence: 1,
        metrics: [
          { name: 'a', kind: 'latency', weight: 0 },
          { name: 'a', kind: 'count', direction: 'lower_is_worse', max_increase_pct: 100 },
        ],
      }),
    ).toThrow(
      /looks must be a positive integer.*marginal \(80\) must not exceed pass \(70\).*confidence must be within.*weight must be > 0.*metric a appears twice.*must be < 100 when lower is worse/,
    );
    expect(() => createJudge({ looks: 3, metrics: [] })).toThrow(/at least one metric/);
  });

  it('checks the look order', () => {
    const j = createJudge({ looks: 3, metrics: [{ name: 'errors', kind: 'count' }] });
    j.look(2, {});
    expect(() => j.look(2, {})).toThrow(/looks must increase/);
    expect(() => j.look(4, {})).toThrow(/within 1…3/);
    expect(() => j.look(2.5, {})).toThrow(/integer/);
  });
});

describe('latency metrics', () => {
  it('passes a canary identical to its baseline, and says why', () => {
    const ds = judgeSeries(
      LATENCY_ONLY,
      latencyLooks(1, 10, 300, (rng, n) => lognormal(rng, n, 100, 0.4)),
    );
    expect(ds.slice(0, 9).every((d) => d.action === 'continue')).toBe(true);
    const d = last(ds);
    expect(d.action).toBe('pass');
    expect(d.final).toBe(true);
    expect(d.score).toBe(100);
    expect(d.reason).toMatch(
      /^score 100 ≥ pass 95 \(look 10\/10\): latency: not worse than baseline beyond the limit \+5 %: median /,
    );
    const tests = d.metrics[0]!.tests;
    expect(tests.map((t) => t.test)).toEqual(['location', 'tail_p95', 'tail_p99', 'spread']);
    for (const t of tests) {
      expect(t.failed).toBe(false);
      expect(Number.isFinite(t.estimate)).toBe(true);
      expect(t.interval![0]).toBeLessThanOrEqual(t.estimate);
      expect(t.interval![1]).toBeGreaterThanOrEqual(t.estimate);
    }
  });

  it('aborts a large median regression early, with the effect, its interval and p in the message', () => {
    const d = runUntilFail(
      LATENCY_ONLY,
      latencyLooks(2, 10, 300, (rng, n) => lognormal(rng, n, 150, 0.4)),
    );
    expect(d.action).toBe('fail');
    expect(d.final).toBe(false);
    expect(d.look).toBeLessThanOrEqual(3);
    const loc = d.metrics[0]!.tests.find((t) => t.test === 'location')!;
    expect(loc.failed).toBe(true);
    expect(loc.estimate).toBeGreaterThan(1.35);
    expect(loc.estimate).toBeLessThan(1.65);
    expect(loc.interval![0]).toBeGreaterThan(1.05);
    expect(loc.message).toMatch(/^median \+\d+ % \[\+[\d.]+ %, \+\d+ %\] vs baseline, p=[\d.e-]+$/);
    expect(d.reason).toMatch(
      /^score 0 < marginal 75 \(look \d+\/10\): latency: .*median \+\d+ % \[.*\(limit \+5 %, look \d+\/10\)/,
    );
  });

  it('catches a tail-only regression (p95 +20 %, median and p90 unchanged) that the rank test misses', () => {
    // above the baseline's p90 the canary is stretched so that its p95 is 1.2× — the body does not move
    const stretch = (rng: Random, n: number) => {
      const q90 = 100 * Math.exp(0.4 * 1.2815515655446004);
      const q95 = 100 * Math.exp(0.4 * 1.6448536269514722);
      const k = (1.2 * q95 - q90) / (q95 - q90);
      return lognormal(rng, n, 100, 0.4).map((x) => (x > q90 ? q90 + (x - q90) * k : x));
    };
    const ds = judgeSeries(LATENCY_ONLY, latencyLooks(3, 10, 1500, stretch));
    const failedAt = ds.find((d) => d.action === 'fail');
    expect(failedAt).toBeDefined();
    const tests = failedAt!.metrics[0]!.tests;
    expect(tests.find((t) => t.test === 'location')!.failed).toBe(false);
    const tails = tests.filter((t) => t.test === 'tail_p95' || t.test === 'tail_p99');
    expect(tails.some((t) => t.failed)).toBe(true);
    const p95 = tests.find((t) => t.test === 'tail_p95')!;
    expect(p95.estimate).toBeGreaterThan(1.1);
    expect(p95.estimate).toBeLessThan(1.3);
    expect(failedAt!.metrics[0]!.message).toMatch(/p9[59] \+\d+ % \[\+[\d.]+ %, \+\d+ %\] vs baseline, p=/);
  });

  it('catches a variance-only change with the median unchanged', () => {
    const ds = judgeSeries(
      LATENCY_ONLY,
      latencyLooks(4, 10, 1500, (rng, n) => lognormal(rng, n, 100, 0.52)),
    );
    const failedAt = ds.find((d) => d.action === 'fail');
    expect(failedAt).toBeDefined();
    const tests = failedAt!.metrics[0]!.tests;
    expect(tests.find((t) => t.test === 'location')!.failed).toBe(false);
    expect(
      tests.find((t) => t.test === 'spread')!.failed ||
        tests.some((t) => t.test.startsWith('tail') && t.failed),
    ).toBe(true);
  });

  it('tolerates a change within max_increase_pct, even with plenty of data', () => {
    const looks = latencyLooks(5, 10, 2000, (rng, n) => lognormal(rng, n, 103, 0.4));
    expect(
      last(
        judgeSeries(
          { ...LATENCY_ONLY, metrics: [{ name: 'latency', kind: 'latency', max_increase_pct: 10 }] },
          looks,
        ),
      ).action,
    ).toBe('pass');
    expect(
      judgeSeries(
        { ...LATENCY_ONLY, metrics: [{ name: 'latency', kind: 'latency', max_increase_pct: 0 }] },
        looks,
      ).some((d) => d.action === 'fail'),
    ).toBe(true);
  });

  it('never fails an improvement', () => {
    const ds = judgeSeries(
      LATENCY_ONLY,
      latencyLooks(6, 10, 1000, (rng, n) => lognormal(rng, n, 60, 0.3)),
    );
    expect(last(ds).action).toBe('pass');
  });

  it('is direction-aware: with lower_is_worse a drop fails and a rise passes', () => {
    const opts: JudgeOptions = {
      looks: 5,
      metrics: [{ name: 'latency', kind: 'latency', direction: 'lower_is_worse', max_increase_pct: 5 }],
    };
    const drop = judgeSeries(
      opts,
      latencyLooks(7, 5, 500, (rng, n) => lognormal(rng, n, 70, 0.4)),
    );
    const failed = drop.find((d) => d.action === 'fail')!;
    expect(failed).toBeDefined();
    const loc = failed.metrics[0]!.tests.find((t) => t.test === 'location')!;
    expect(loc.estimate).toBeLessThan(0.8);
    expect(loc.interval![1]).toBeLessThan(0.95);
    expect(loc.message).toMatch(/^median −\d+ % \[−\d+ %, −\d+ %\]/);
    expect(failed.metrics[0]!.tests.map((t) => t.label)).toEqual(['median', 'p5', 'p1', 'spread']);
    expect(failed.reason).toContain('limit −5 %');
    const rise = judgeSeries(
      opts,
      latencyLooks(8, 5, 500, (rng, n) => lognormal(rng, n, 140, 0.4)),
    );
    expect(last(rise).action).toBe('pass');
  });

  it('judges one value per interval per side (json/prometheus metrics) with exact small-sample tests', () => {
    const rng = createRandom(9);
    const looks = Array.from({ length: 10 }, (_, k) => ({
      index: k + 1,
      data: {
        latency: {
          canary: [300 * Math.exp(0.05 * rng.normal())],
          baseline: [200 * Math.exp(0.05 * rng.normal())],
        },
      },
    }));
    const ds = judgeSeries(
      { looks: 10, confidence: 0.95, metrics: [{ name: 'latency', kind: 'latency' }] },
      looks,
    );
    const loc = last(ds).metrics[0]!.tests[0]!;
    expect(loc.method).toMatch(/exact/);
    expect(loc.p).toBeCloseTo(1 / 184756, 12); // all 10 canary values above all 10 baseline values: 1 / C(20, 10)
    expect(last(ds).action).toBe('fail');
  });

  it('drops unusable values and says so', () => {
    const j = createJudge({ looks: 2, metrics: [{ name: 'latency', kind: 'latency' }] });
    const d = j.look(1, { latency: { canary: [1, 2, NaN, -5, Infinity, 3], baseline: [0, 1, 2, 3] } });
    expect(d.metrics[0]!.n).toEqual({ canary: 3, baseline: 4 });
    expect(d.metrics[0]!.dropped).toBe(3);
    const d2 = j.look(2, { latency: { events: 1, trials: 2 } as never });
    expect(d2.metrics[0]!.notes.join()).toMatch(
      /look 2: expected \{ canary: number\[\], baseline: number\[\] \}/,
    );
  });
});

describe('count metrics', () => {
  const COUNT: JudgeOptions = { looks: 10, metrics: [{ name: 'errors', kind: 'count' }] };
  const countLooks = (seed: number, n: number, pc: number, pb: number) => {
    const rng = createRandom(seed);
    return Array.from({ length: 10 }, (_, k) => ({
      index: k + 1,
      data: {
        errors: {
          canary: { events: rng.binomial(n, pc), trials: n },
          baseline: { events: rng.binomial(n, pb), trials: n },
        },
      },
    }));
  };

  it('fails a canary with errors against an all-zero baseline — decided, not NaN, not a pass', () => {
    const looks = Array.from({ length: 10 }, (_, k) => ({
      index: k + 1,
      data: { errors: { canary: { events: 2, trials: 500 }, baseline: { events: 0, trials: 500 } } },
    }));
    const d = runUntilFail(COUNT, looks);
    expect(d.action).toBe('fail');
    expect(d.final).toBe(false);
    const t = d.metrics[0]!.tests[0]!;
    expect(t.p).toBeGreaterThan(0);
    expect(t.p).toBe(0.5 ** (2 * d.look));
    expect(t.estimate).toBe(Infinity);
    expect(t.interval![0]).toBeGreaterThan(1);
    expect(t.interval![1]).toBe(Infinity);
    expect(t.message).toMatch(/^rate \+∞ % \[\+\d+ %, \+∞ %\] vs baseline \(0\.40 % vs 0\.00 %\), p=/);
    // every number in the decision is a number (JSON.stringify would hide NaN as null, so walk it)
    const numbers: number[] = [];
    const walk = (v: unknown): void => {
      if (typeof v === 'number') numbers.push(v);
      else if (v && typeof v === 'object') Object.values(v).forEach(walk);
    };
    walk(d);
    expect(numbers.length).toBeGreaterThan(10);
    expect(numbers.filter((n) => Number.isNaN(n))).toEqual([]);
  });

  it('passes when neither side has an error', () => {
    const looks = Array.from({ length: 10 }, (_, k) => ({
      index: k + 1,
      data: { errors: { canary: { events: 0, trials: 500 }, baseline: { events: 0, trials: 500 } } },
    }));
    const d = last(judgeSeries(COUNT, looks));
    expect(d.action).toBe('pass');
    expect(d.metrics[0]!.tests[0]!.p).toBe(1);
    expect(d.metrics[0]!.message).toContain('rate 0 events on both sides (5000 vs 5000 trials)');
  });

  it('detects a 2× error rate at 0.5 % with enough traffic, and passes an equal one', () => {
    expect(judgeSeries(COUNT, countLooks(11, 1500, 0.01, 0.005)).some((d) => d.action === 'fail')).toBe(true);
    expect(last(judgeSeries(COUNT, countLooks(12, 1500, 0.005, 0.005))).action).toBe('pass');
  });

  it('aborts a large error regression within the first looks', () => {
    const d = runUntilFail(COUNT, countLooks(13, 1500, 0.025, 0.005));
    expect(d.action).toBe('fail');
    expect(d.look).toBeLessThanOrEqual(2);
    expect(d.metrics[0]!.tests[0]!.message).toMatch(
      /^rate \+\d+ % \[\+\d+ %, \+\d+ %\] vs baseline \([\d.]+ % vs [\d.]+ %\), p=/,
    );
  });

  it('is direction-aware for counts too (lower_is_worse: a success rate that drops)', () => {
    const opts: JudgeOptions = {
      looks: 10,
      metrics: [{ name: 'hits', kind: 'count', direction: 'lower_is_worse' }],
    };
    const rng = createRandom(14);
    const looks = (pc: number) =>
      Array.from({ length: 10 }, (_, k) => ({
        index: k + 1,
        data: {
          hits: {
            canary: { events: rng.binomial(400, pc), trials: 400 },
            baseline: { events: rng.binomial(400, 0.9), trials: 400 },
          },
        },
      }));
    expect(judgeSeries(opts, looks(0.8)).some((d) => d.action === 'fail')).toBe(true);
    expect(last(judgeSeries(opts, looks(0.95))).action).toBe('pass');
  });

  it('refuses malformed batches without failing the metric', () => {
    const j = createJudge({ looks: 2, metrics: [{ name: 'errors', kind: 'count' }] });
    const d = j.look(1, {
      errors: { canary: { events: 5, trials: 3 }, baseline: { events: 0, trials: 10 } },
    });
    expect(d.action).toBe('no-data');
    expect(d.metrics[0]!.notes[0]).toBe('look 1: batch refused: events 5 exceed trials 3');
  });
});

describe('scoring and decisions', () => {
  const rng = createRandom(21);
  const healthyLatency = (n = 400) => ({
    canary: lognormal(rng, n, 100, 0.4),
    baseline: lognormal(rng, n, 100, 0.4),
  });
  const badLatency = (n = 400) => ({
    canary: lognormal(rng, n, 200, 0.4),
    baseline: lognormal(rng, n, 100, 0.4),
  });
  const healthyErrors = { canary: { events: 2, trials: 1000 }, baseline: { events: 2, trials: 1000 } };

  it('a low-weight failure leaves the score above marginal: continue, then marginal at the end', () => {
    const j = createJudge({
      looks: 3,
      metrics: [
        { name: 'latency', kind: 'latency', weight: 1 },
        { name: 'errors', kind: 'count', weight: 9 },
      ],
    });
    const d1 = j.look(1, { latency: badLatency(), errors: healthyErrors });
    expect(d1.metrics[0]!.verdict).toBe('fail');
    expect(d1.score).toBe(90);
    expect(d1.action).toBe('continue');
    expect(d1.reason).toMatch(/^look 1\/3: score 90; failed so far: latency: median \+\d+ %/);
    j.look(2, { latency: healthyLatency(), errors: healthyErrors });
    const d3 = j.look(3, { latency: healthyLatency(), errors: healthyErrors });
    expect(d3.metrics[0]!.verdict).toBe('fail'); // failures are final
    expect(d3.metrics[0]!.failedAtLook).toBe(1);
    expect(d3.action).toBe('marginal');
    expect(d3.reason).toMatch(/^score 90 between marginal 75 and pass 95 \(look 3\/3\): latency:/);
  });

  it('a critical metric fails the run whatever the score', () => {
    const j = createJudge({
      looks: 3,
      metrics: [
        { name: 'latency', kind: 'latency', weight: 1, critical: true },
        { name: 'errors', kind: 'count', weight: 99 },
      ],
    });
    const d = j.look(1, { latency: badLatency(), errors: healthyErrors });
    expect(d.score).toBe(99);
    expect(d.action).toBe('fail');
    expect(d.reason).toMatch(/^critical metric latency failed \(look 1\/3\): latency: median \+/);
  });

  it('equal weights: one failing metric of two is below marginal', () => {
    const j = createJudge({
      looks: 3,
      metrics: [
        { name: 'latency', kind: 'latency' },
        { name: 'errors', kind: 'count' },
      ],
    });
    const d = j.look(1, { latency: badLatency(), errors: healthyErrors });
    expect(d.score).toBe(50);
    expect(d.action).toBe('fail');
  });

  it('metrics without data are left out of the score; none at all is no-data', () => {
    const j = createJudge({
      looks: 3,
      metrics: [
        { name: 'latency', kind: 'latency' },
        { name: 'errors', kind: 'count' },
      ],
    });
    const d1 = j.look(1, {});
    expect(d1.action).toBe('no-data');
    expect(d1.score).toBeNull();
    expect(d1.reason).toBe('look 1/3: no metric has data from both the canary and the baseline');
    const d2 = j.look(2, { errors: healthyErrors });
    expect(d2.metrics[0]!.verdict).toBe('no-data');
    expect(d2.metrics[0]!.message).toBe('latency: no data yet (canary 0, baseline 0 samples)');
    expect(d2.score).toBe(100);
    expect(d2.action).toBe('continue');
  });

  it('is deterministic, and `minimal` detail decides exactly as `full`', () => {
    const looks = latencyLooks(31, 10, 400, (rng, n) => lognormal(rng, n, 115, 0.4));
    const a = judgeSeries(LATENCY_ONLY, looks);
    const b = judgeSeries(LATENCY_ONLY, looks);
    expect(b).toEqual(a);
    const m = judgeSeries(LATENCY_ONLY, looks, { detail: 'minimal' });
    expect(m.map((d) => [d.action, d.score])).toEqual(a.map((d) => [d.action, d.score]));
    expect(m.map((d) => d.metrics[0]!.tests.map((t) => t.p))).toEqual(
      a.map((d) => d.metrics[0]!.tests.map((t) => t.p)),
    );
  });

  it('maps the providers’ samples to judge batches', () => {
    const c = { latenciesMs: [10, 12], errors: 1, total: 2 };
    const b = { latenciesMs: [11], errors: 0, total: 1 };
    expect(batchFromSamples('latency', c, b)).toEqual({ canary: [10, 12], baseline: [11] });
    expect(batchFromSamples('count', c, b)).toEqual({
      canary: { events: 1, trials: 2 },
      baseline: { events: 0, trials: 1 },
    });
    expect(batchFromSamples('count', c, undefined)).toBeUndefined();
  });
});

describe('the false-abort guarantee', () => {
  // Identical canary and baseline, small volumes, a loose confidence so that the rate is measurable:
  // P(abort) must stay below 1 − confidence (plus sampling error) for both boundary methods.
  it.each(['group_sequential', 'union_bound'] as const)(
    '%s: aborts of identical canaries stay below 1 − confidence',
    (method) => {
      const runs = 300;
      let aborts = 0;
      for (let r = 0; r < runs; r++) {
        const rng = createRandom(1000 + r);
        const judge = createJudge({
          looks: 6,
          confidence: 0.8,
          boundaries: method,
          metrics: [
            { name: 'latency', kind: 'latency' },
            { name: 'errors', kind: 'count' },
          ],
        });
        for (let k = 1; k <= 6; k++) {
          const load = Math.exp(0.2 * rng.normal());
          const p = 0.02 * Math.exp(0.3 * rng.normal());
          const d = judge.look(
            k,
            {
              latency: {
                canary: lognormal(rng, 40, 100 * load, 0.5),
                baseline: lognormal(rng, 40, 100 * load, 0.5),
              },
              errors: {
                canary: { events: rng.binomial(150, p), trials: 150 },
                baseline: { events: rng.binomial(150, p), trials: 150 },
              },
            },
            { detail: 'minimal' },
          );
          if (d.action === 'fail') {
            aborts++;
            break;
          }
        }
      }
      expect(aborts / runs).toBeLessThanOrEqual(0.2);
    },
  );
});
