/**
 * Turns one reading into a measurement phase: every condition is checked against the reading's values
 * (and, for `… baseline * 1.5` conditions, against the baseline's). Pure: no I/O, no clock.
 */
import { compare, negate, type Condition } from '../config/condition.js';
import type { ConditionResult, Phase, Reading } from './types.js';

/** Numbers in messages: at most two decimals, no trailing zeros (3.4, 1200, 0.33). */
export function fmt(n: number): string {
  if (!Number.isFinite(n)) return String(n);
  const r = Math.round(n * 100) / 100;
  return Object.is(r, -0) ? '0' : String(r);
}

/** The threshold a condition compares against, given the baseline reading (null when it cannot be known). */
export function thresholdOf(
  c: Condition,
  baseline: Record<string, number> | undefined,
): { threshold: number | null; baseline: number | null } {
  if (c.rhs.kind === 'number') return { threshold: c.rhs.value, baseline: null };
  const b = baseline?.[c.value];
  if (b === undefined) return { threshold: null, baseline: null };
  return { threshold: b * c.rhs.factor + c.rhs.offset, baseline: b };
}

/** The right-hand side as the user wrote it, with its value: `150 (baseline 100 × 1.5)`. */
export function describeThreshold(c: Condition, r: ConditionResult): string {
  if (c.rhs.kind === 'number' || r.threshold === null)
    return r.threshold === null ? 'baseline' : fmt(r.threshold);
  const how =
    c.rhs.factor !== 1
      ? ` × ${fmt(c.rhs.factor)}`
      : c.rhs.offset !== 0
        ? ` ${c.rhs.offset > 0 ? '+' : '−'} ${fmt(Math.abs(c.rhs.offset))}`
        : '';
  return `${fmt(r.threshold)} (baseline ${fmt(r.baseline!)}${how})`;
}

export interface Evaluation {
  phase: Exclude<Phase, 'error'>;
  conditions: ConditionResult[];
  message?: string;
}

export function evaluateConditions(
  conditions: Condition[],
  reading: Reading,
  baseline: Record<string, number> | undefined,
): Evaluation {
  const results: ConditionResult[] = [];
  const failures: string[] = [];
  const unknown: string[] = [];
  for (const c of conditions) {
    const measured = reading.values[c.value];
    const { threshold, baseline: b } = thresholdOf(c, baseline);
    const r: ConditionResult = {
      condition: c.text,
      value: c.value,
      measured: measured ?? null,
      threshold,
      baseline: b,
      passed: null,
    };
    if (measured === undefined) {
      unknown.push(reading.inconclusive ?? `no value "${c.value}" in the reading`);
    } else if (threshold === null) {
      unknown.push(`no baseline value for "${c.value}"`);
    } else {
      r.passed = compare(measured, c.op, threshold);
      if (!r.passed) failures.push(`${c.value} ${fmt(measured)} ${negate(c.op)} ${describeThreshold(c, r)}`);
    }
    results.push(r);
  }
  // A definite failure of one condition is a failure, whatever the others say; otherwise any condition
  // without data makes the measurement inconclusive — never a pass.
  if (failures.length) return { phase: 'failed', conditions: results, message: failures.join('; ') };
  if (unknown.length || reading.inconclusive) {
    return {
      phase: 'inconclusive',
      conditions: results,
      message: [...new Set(unknown.length ? unknown : [reading.inconclusive!])].join('; '),
    };
  }
  return { phase: 'successful', conditions: results };
}
