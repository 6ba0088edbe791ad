/**
 * Conditions on a metric's value, as written in config: `error_rate_pct <= 2`, `p95_ms <= baseline * 1.5`,
 * `result == 0`, `data.p95_ms < baseline + 100`. Parsed once at config time so a typo is a config error.
 */
export type Operator = '<=' | '<' | '>=' | '>' | '==' | '!=';

export interface Condition {
  /** The source text, for messages. */
  text: string;
  /** Value name: a field of the provider's reading (e.g. `p95_ms`, `result`, or a JSON path `data.p95`). */
  value: string;
  op: Operator;
  /** Right-hand side: a constant, or the baseline reading of the same value scaled or offset. */
  rhs: { kind: 'number'; value: number } | { kind: 'baseline'; factor: number; offset: number };
}

const RE =
  /^\s*([A-Za-z_][A-Za-z0-9_]*(?:\.[A-Za-z0-9_]+|\[\d+\])*)\s*(<=|>=|==|!=|<|>)\s*(?:(-?\d+(?:\.\d+)?)|baseline(?:\s*([*+-])\s*(\d+(?:\.\d+)?))?)\s*$/;

export function parseCondition(text: string): Condition | { error: string } {
  const m = RE.exec(text);
  if (!m) {
    return {
      error: `expected "<value> <op> <number>" or "<value> <op> baseline * <factor>" (ops: <= < >= > == !=), found "${text}"`,
    };
  }
  const [, value, op, num, sign, operand] = m;
  if (num !== undefined)
    return {
      text: text.trim(),
      value: value!,
      op: op as Operator,
      rhs: { kind: 'number', value: Number(num) },
    };
  const n = operand === undefined ? 0 : Number(operand);
  const rhs =
    sign === '*'
      ? { kind: 'baseline' as const, factor: n, offset: 0 }
      : { kind: 'baseline' as const, factor: 1, offset: sign === '-' ? -n : n };
  return { text: text.trim(), value: value!, op: op as Operator, rhs };
}

export function compare(left: number, op: Operator, right: number): boolean {
  switch (op) {
    case '<=':
      return left <= right;
    case '<':
      return left < right;
    case '>=':
      return left >= right;
    case '>':
      return left > right;
    case '==':
      return left === right;
    case '!=':
      return left !== right;
  }
}

/** The operator that states the breach, for messages: `3.4 > 2` when `<= 2` failed. */
export function negate(op: Operator): Operator {
  return ({ '<=': '>', '<': '>=', '>=': '<', '>': '<=', '==': '!=', '!=': '==' } as const)[op];
}
