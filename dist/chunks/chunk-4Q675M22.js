import { createRequire as __roCreateRequire } from 'node:module';
const require = __roCreateRequire(import.meta.url);

// src/config/condition.ts
var RE = /^\s*([A-Za-z_][A-Za-z0-9_]*(?:\.[A-Za-z0-9_]+|\[\d+\])*)\s*(<=|>=|==|!=|<|>)\s*(?:(-?\d+(?:\.\d+)?)|baseline(?:\s*([*+-])\s*(\d+(?:\.\d+)?))?)\s*$/;
function parseCondition(text) {
  const m = RE.exec(text);
  if (!m) {
    return {
      error: `expected "<value> <op> <number>" or "<value> <op> baseline * <factor>" (ops: <= < >= > == !=), found "${text}"`
    };
  }
  const [, value, op, num, sign, operand] = m;
  if (num !== void 0)
    return {
      text: text.trim(),
      value,
      op,
      rhs: { kind: "number", value: Number(num) }
    };
  const n = operand === void 0 ? 0 : Number(operand);
  const rhs = sign === "*" ? { kind: "baseline", factor: n, offset: 0 } : { kind: "baseline", factor: 1, offset: sign === "-" ? -n : n };
  return { text: text.trim(), value, op, rhs };
}
function compare(left, op, right) {
  switch (op) {
    case "<=":
      return left <= right;
    case "<":
      return left < right;
    case ">=":
      return left >= right;
    case ">":
      return left > right;
    case "==":
      return left === right;
    case "!=":
      return left !== right;
  }
}
function negate(op) {
  return { "<=": ">", "<": ">=", ">=": "<", ">": "<=", "==": "!=", "!=": "==" }[op];
}

// src/analysis/judged.ts
function judgedNames(metric, entries) {
  if (entries.length === 1) return [metric];
  return entries.map((j) => `${metric}.${j.value ?? j.kind}`);
}

export {
  parseCondition,
  compare,
  negate,
  judgedNames
};
