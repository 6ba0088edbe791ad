import { describe, expect, it } from '@jest/globals';
import fc from 'fast-check';
import {
  applyMeasurement,
  initialState,
  limitsEvaluator,
  windowEnd,
  type MetricState,
} from '../../src/analysis/limits.js';
import { DEFAULT_INCONCLUSIVE_LIMIT, resolveLimits } from '../../src/analysis/settings.js';
import type { Limits, Measurement, MetricSpec, Phase } from '../../src/analysis/types.js';

const INTERVAL = 30_000;
const limits = (l: Partial<Limits>): Limits => ({
  failureLimit: null,
  consecutiveFailures: null,
  sustainedForMs: null,
  inconclusiveLimit: 99,
  ...l,
});
const CODE: Record<string, Phase> = { S: 'successful', F: 'failed', I: 'inconclusive', E: 'error' };

/** Feeds a sequence like "SFFIF" (one measurement per interval); returns the 1-based index of the first breach. */
function run(seq: string, l: Limits) {
  let state: MetricState = initialState();
  for (let i = 0; i < seq.length; i++) {
    const phase = CODE[seq[i]!]!;
    const r = applyMeasurement(
      state,
      { phase, at: i * INTERVAL, message: phase === 'failed' ? 'error_rate_pct 3.4 > 2' : 'no data' },
      l,
      'errors',
    );
    state = r.state;
    if (r.breach) return { at: i + 1, breach: r.breach, state };
  }
  return { at: null, state };
}

/**
 * An independent model of the documented semantics, computed from each prefix from scratch:
 * the first index where any count exceeds its limit.
 */
function reference(seq: string, l: Limits): { at: number | null; rule?: string } {
  for (let n = 1; n <= seq.length; n++) {
    const p = seq.slice(0, n);
    const last = p[n - 1]!;
    if (last === 'I' || last === 'E') {
      const inc = [...p].filter((c) => c === 'I' || c === 'E').length;
      if (inc > l.inconclusiveLimit) return { at: n, rule: 'inconclusive_limit' };
      continue;
    }
    if (last !== 'F') continue;
    // the current streak: walk back over F and I/E until an S (I/E neither extend nor end it)
    let streak = 0;
    let first = n - 1;
    for (let j = n - 1; j >= 0 && p[j] !== 'S'; j--) {
      if (p[j] === 'F') {
        streak++;
        first = j;
      }
    }
    if (l.consecutiveFailures !== null && streak > l.consecutiveFailures)
      return { at: n, rule: 'consecutive_failures' };
    if (l.sustainedForMs !== null && streak > 1 && (n - 1 - first) * INTERVAL >= l.sustainedForMs)
      return { at: n, rule: 'sustained_for' };
    const failed = [...p].filter((c) => c === 'F').length;
    if (l.failureLimit !== null && failed > l.failureLimit) return { at: n, rule: 'failure_limit' };
  }
  return { at: null };
}

describe('limits: defaults', () => {
  it('with no failure limit written, the first failed measurement decides (Argo: failure_limit 0)', () => {
    expect(resolveLimits({})).toEqual({
      failureLimit: 0,
      consecutiveFailures: null,
      sustainedForMs: null,
      inconclusiveLimit: DEFAULT_INCONCLUSIVE_LIMIT,
    });
    expect(run('SF', resolveLimits({})).at).toBe(2);
  });
  it('once any failure limit is written, only the written ones apply', () => {
    expect(resolveLimits({ consecutive_failures: 2 })).toMatchObject({
      failureLimit: null,
      consecutiveFailures: 2,
    });
    expect(resolveLimits({ sustained_for: 120_000 })).toMatchObject({
      failureLimit: null,
      sustainedForMs: 120_000,
    });
    expect(resolveLimits({ failure_limit: 3, consecutive_failures: 1 })).toMatchObject({
      failureLimit: 3,
      consecutiveFailures: 1,
    });
    expect(run('FSFSFSFSF', resolveLimits({ consecutive_failures: 1 })).at).toBeNull();
  });
  it('tolerates two inconclusive measurements by default; the third stops', () => {
    expect(DEFAULT_INCONCLUSIVE_LIMIT).toBe(2);
    const r = run('SIESI', resolveLimits({ consecutive_failures: 2 }));
    expect(r.at).toBe(5);
    expect(r.breach).toMatchObject({ rule: 'inconclusive_limit', outcome: 'inconclusive' });
    expect(r.breach!.message).toBe('errors: 3 inconclusive measurements (limit 2); last: no data');
  });
});

describe('limits: blips and breaches', () => {
  it('consecutive_failures 2: two failures in a row are blips, the third decides — with value, condition and limit', () => {
    const l = limits({ consecutiveFailures: 2 });
    expect(run('FFSFFSSFF', l).at).toBeNull();
    const r = run('SFFF', l);
    expect(r.at).toBe(4);
    expect(r.breach!.message).toBe('errors: error_rate_pct 3.4 > 2 on 3 consecutive measurements (limit 2)');
    expect(r.breach!.outcome).toBe('failed');
  });
  it('an inconclusive measurement neither extends nor ends a failure streak', () => {
    const l = limits({ consecutiveFailures: 2 });
    expect(run('FFIF', l).at).toBe(4);
    expect(run('FFI', l).at).toBeNull();
    expect(run('FFSF', l).at).toBeNull();
  });
  it('failure_limit counts failures over the window, consecutive or not', () => {
    const l = limits({ failureLimit: 2 });
    expect(run('FSFSS', l).at).toBeNull();
    const r = run('FSFSF', l);
    expect(r.at).toBe(5);
    expect(r.breach!.message).toBe('errors: error_rate_pct 3.4 > 2 on 3 of 5 measurements (limit 2)');
  });
  it('sustained_for 2m at a 30s interval decides at the fifth failed measurement in a row (failing from 0s to 2m)', () => {
    const l = limits({ sustainedForMs: 120_000 });
    expect(run('FFFF', l).at).toBeNull();
    const r = run('FFFFF', l);
    expect(r.at).toBe(5);
    expect(r.breach!.message).toBe(
      'errors: error_rate_pct 3.4 > 2 sustained for 2m over 5 measurements (limit 2m)',
    );
    expect(run('FFFFSFFFF', l).at).toBeNull();
  });
  it('sustained_for never decides on a single failed measurement, however long the interval', () => {
    expect(run('SFS', limits({ sustainedForMs: 1 })).at).toBeNull();
    expect(run('FF', limits({ sustainedForMs: 1 })).at).toBe(2);
  });
  it('when several limits are exceeded by the same measurement, consecutive_failures is named', () => {
    expect(run('FFF', limits({ failureLimit: 2, consecutiveFailures: 2 })).breach!.rule).toBe(
      'consecutive_failures',
    );
  });
});

describe('limits: exhaustively against a reference model', () => {
  const sequences: string[] = [''];
  for (let len = 1; len <= 6; len++) {
    for (const s of sequences.filter((x) => x.length === len - 1))
      for (const c of 'SFIE') sequences.push(s + c);
  }
  const variants: Limits[] = [];
  for (const failureLimit of [null, 0, 2]) {
    for (const consecutiveFailures of [null, 0, 2]) {
      for (const sustainedForMs of [null, 30_000, 90_000]) {
        for (const inconclusiveLimit of [0, 2])
          variants.push({ failureLimit, consecutiveFailures, sustainedForMs, inconclusiveLimit });
      }
    }
  }
  it(`decides at exactly the first measurement where a limit is exceeded (${sequences.length - 1} sequences × ${variants.length} limit sets)`, () => {
    let checked = 0;
    for (const l of variants) {
      for (const seq of sequences) {
        if (!seq) continue;
        const got = run(seq, l);
        const want = reference(seq, l);
        if (got.at !== want.at || (want.rule && got.breach?.rule !== want.rule)) {
          throw new Error(
            `${seq} with ${JSON.stringify(l)}: got ${got.at} (${got.breach?.rule}), want ${want.at} (${want.rule})`,
          );
        }
        checked++;
      }
    }
    expect(checked).toBe((sequences.length - 1) * variants.length);
  });

  it('property: a limit of L never decides on L or fewer failures, and always on L + 1 in a row', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: 6 }),
        fc.array(fc.constantFrom('S', 'F', 'I'), { maxLength: 30 }),
        (L, prefix) => {
          const l = limits({ consecutiveFailures: L });
          const withS = prefix.join('') + 'S';
          const before = run(withS, l).at;
          const after = run(withS + 'F'.repeat(L + 1), l);
          if (before !== null) return after.at === before;
          return after.at === withS.length + L + 1 && run(withS + 'F'.repeat(L), l).at === null;
        },
      ),
    );
  });
});

describe('limits: window end', () => {
  it('a metric with no successful measurement never passes', () => {
    expect(windowEnd(run('SF', limits({ failureLimit: 5 })).state, 'm')).toBeUndefined();
    expect(windowEnd(run('FF', limits({ failureLimit: 5 })).state, 'm')).toMatchObject({ outcome: 'failed' });
    const inc = windowEnd(run('II', limits({ inconclusiveLimit: 5 })).state, 'm');
    expect(inc).toMatchObject({ outcome: 'inconclusive' });
    expect(inc!.message).toContain('no conclusive measurement in the window (2 measurements; last: no data)');
  });
});

describe('limitsEvaluator', () => {
  const metric = (name: string, l: Limits): MetricSpec => ({
    name,
    provider: { kind: 'json', url: 'http://x', headers: {}, timeoutMs: 1000 },
    conditions: [],
    limits: l,
  });
  const m = (metric: string, phase: Phase, at: number): Measurement => ({
    metric,
    index: 1,
    at,
    durationMs: 0,
    phase,
    values: {},
    conditions: [],
    message: phase === 'failed' ? `${metric} bad` : 'no data',
  });
  it('a failure in one metric outranks an inconclusive in another at the same tick', () => {
    const ev = limitsEvaluator([
      metric('a', limits({ failureLimit: 0 })),
      metric('b', limits({ inconclusiveLimit: 0 })),
    ]);
    const v = ev.onTick({ index: 1, at: 0, measurements: [m('b', 'inconclusive', 0), m('a', 'failed', 0)] });
    expect(v).toMatchObject({ decision: 'failed', metric: 'a', rule: 'failure_limit' });
  });
  it('continues while within limits, and passes at the window end', () => {
    const ev = limitsEvaluator([metric('a', limits({ consecutiveFailures: 1 }))]);
    expect(ev.onTick({ index: 1, at: 0, measurements: [m('a', 'failed', 0)] }).decision).toBe('continue');
    expect(ev.onTick({ index: 2, at: 1, measurements: [m('a', 'successful', 1)] }).decision).toBe('continue');
    expect(ev.onWindowEnd([]).decision).toBe('successful');
  });
});
