/** The expression evaluator the composite test relies on: GitHub's documented semantics, strictly. */
import { describe, expect, it } from '@jest/globals';
import { condition, evaluate, interpolate, type Scope } from './expressions.js';

const scope = (failed = false): Scope => ({
  failed,
  contexts: {
    inputs: { tag: 'v1.1.0-rc1', promote: 'true', 'previous-tag': '', rollback: 'false' },
    steps: {
      canary: { outcome: 'failure', outputs: { result: 'rolled-back', 'failed-step': '2' } },
      gate: { outcome: 'success', outputs: { result: 'PASS' } },
    },
    github: { action_path: '/x/actions/go-live', token: 't' },
  },
});

describe('expressions', () => {
  it('reads contexts, hyphenated names and index syntax; a missing property is null', () => {
    expect(evaluate('inputs.tag', scope())).toBe('v1.1.0-rc1');
    expect(evaluate('steps.canary.outputs.failed-step', scope())).toBe('2');
    expect(evaluate("steps['canary'].outputs['result']", scope())).toBe('rolled-back');
    expect(evaluate('steps.promote.outputs.ga-tag', scope())).toBeNull();
    expect(() => evaluate('secrets.X', scope())).toThrow('unknown context "secrets"');
  });

  it('compares strings case-insensitively, returns operands from && and ||', () => {
    expect(evaluate("steps.gate.outputs.result == 'pass'", scope())).toBe(true);
    expect(evaluate("inputs.previous-tag || 'latest'", scope())).toBe('latest');
    expect(evaluate("inputs.tag && 'yes'", scope())).toBe('yes');
    expect(evaluate("!(inputs.rollback == 'true')", scope())).toBe(true);
    expect(evaluate("'it''s'", scope())).toBe("it's");
    expect(evaluate('2 >= 1 && 0 < 1', scope())).toBe(true);
  });

  it('conditions: success() is implied unless a status function is written', () => {
    expect(condition(undefined, scope(false))).toBe(true);
    expect(condition(undefined, scope(true))).toBe(false);
    expect(condition("inputs.promote == 'true'", scope(true))).toBe(false);
    expect(condition("inputs.promote == 'true'", scope(false))).toBe(true);
    expect(condition("failure() && steps.canary.outcome == 'failure'", scope(true))).toBe(true);
    expect(condition("failure() && steps.canary.outcome == 'failure'", scope(false))).toBe(false);
    expect(condition('${{ always() }}', scope(true))).toBe(true);
  });

  it('interpolates ${{ }} in text', () => {
    expect(interpolate('node "${{ github.action_path }}/../../dist/x/index.js"', scope())).toBe(
      'node "/x/actions/go-live/../../dist/x/index.js"',
    );
    expect(
      interpolate('step ${{ steps.canary.outputs.failed-step }}: ${{ steps.none.outputs.x }}.', scope()),
    ).toBe('step 2: .');
  });
});
