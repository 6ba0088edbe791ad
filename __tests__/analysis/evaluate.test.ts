import { describe, expect, it } from '@jest/globals';
import { evaluateConditions, fmt } from '../../src/analysis/evaluate.js';
import { conds } from './fakes.js';

describe('evaluateConditions', () => {
  it('passes when every condition holds', () => {
    const e = evaluateConditions(
      conds('error_rate_pct <= 2.0', 'p95_ms <= 1200'),
      { values: { error_rate_pct: 1.5, p95_ms: 900 } },
      undefined,
    );
    expect(e.phase).toBe('successful');
    expect(e.conditions.map((c) => c.passed)).toEqual([true, true]);
  });
  it('fails on any failed condition, naming the measured value, the breach and the threshold', () => {
    const e = evaluateConditions(
      conds('error_rate_pct <= 2', 'p95_ms <= 1200'),
      { values: { error_rate_pct: 3.4, p95_ms: 1500.456 } },
      undefined,
    );
    expect(e).toMatchObject({ phase: 'failed', message: 'error_rate_pct 3.4 > 2; p95_ms 1500.46 > 1200' });
  });
  it('a definite failure wins over a missing value; a missing value alone is inconclusive, never a pass', () => {
    expect(evaluateConditions(conds('a <= 1', 'b <= 1'), { values: { a: 5 } }, undefined).phase).toBe(
      'failed',
    );
    const e = evaluateConditions(conds('a <= 1', 'b <= 1'), { values: { a: 0 } }, undefined);
    expect(e).toMatchObject({ phase: 'inconclusive', message: 'no value "b" in the reading' });
    expect(
      evaluateConditions(conds('result <= 2'), { values: {}, inconclusive: 'empty result' }, undefined),
    ).toMatchObject({
      phase: 'inconclusive',
      message: 'empty result',
    });
  });
  it('relative conditions: factor, offset, and no baseline → inconclusive', () => {
    const b = { p95_ms: 100 };
    expect(evaluateConditions(conds('p95_ms <= baseline * 1.5'), { values: { p95_ms: 150 } }, b).phase).toBe(
      'successful',
    );
    expect(
      evaluateConditions(conds('p95_ms <= baseline * 1.5'), { values: { p95_ms: 151 } }, b).message,
    ).toBe('p95_ms 151 > 150 (baseline 100 × 1.5)');
    expect(evaluateConditions(conds('p95_ms < baseline + 20'), { values: { p95_ms: 120 } }, b).message).toBe(
      'p95_ms 120 >= 120 (baseline 100 + 20)',
    );
    expect(
      evaluateConditions(conds('p95_ms <= baseline * 1.5'), { values: { p95_ms: 1 } }, undefined),
    ).toMatchObject({
      phase: 'inconclusive',
      message: 'no baseline value for "p95_ms"',
    });
  });
  it('== and != conditions (the go-live runbook: every probe 200)', () => {
    expect(
      evaluateConditions(conds('error_rate_pct == 0'), { values: { error_rate_pct: 20 } }, undefined).message,
    ).toBe('error_rate_pct 20 != 0');
  });
  it('fmt: two decimals at most', () => {
    expect([fmt(3.4), fmt(1200), fmt(0.333333), fmt(-0.001), fmt(2.005)]).toEqual([
      '3.4',
      '1200',
      '0.33',
      '0',
      '2.01',
    ]);
  });
});
