import { createRequire as __roCreateRequire } from 'node:module';
const require = __roCreateRequire(import.meta.url);

// src/config/duration.ts
var UNIT_MS = { ms: 1, s: 1e3, m: 6e4, h: 36e5, d: 864e5 };
var WHOLE = /^(?:\d+(?:\.\d+)?(?:ms|s|m|h|d))+$/;
var PART = /(\d+(?:\.\d+)?)(ms|s|m|h|d)/g;
var MAX_DURATION_MS = 30 * 864e5;
function parseDuration(value) {
  if (value === 0) return { ms: 0 };
  if (typeof value === "number") {
    return { error: `expected a duration with a unit like 90s, 5m or 2h, found the bare number ${value}` };
  }
  if (typeof value !== "string") {
    return { error: `expected a duration like 90s, 5m or 2h, found ${describe(value)}` };
  }
  const text = value.trim();
  if (text === "0") return { ms: 0 };
  if (!WHOLE.test(text)) {
    return { error: `expected a duration like 500ms, 90s, 5m, 2h or 1h30m, found "${value}"` };
  }
  let ms = 0;
  for (const m of text.matchAll(PART)) ms += Number(m[1]) * UNIT_MS[m[2]];
  ms = Math.round(ms);
  if (ms > MAX_DURATION_MS) return { error: `duration "${value}" is longer than the 30-day maximum` };
  return { ms };
}
function formatDuration(ms) {
  if (ms === 0) return "0s";
  if (ms < 1e3) return `${Math.round(ms)}ms`;
  const parts = [];
  let rest = Math.round(ms / 1e3);
  for (const [unit, size] of [
    ["h", 3600],
    ["m", 60],
    ["s", 1]
  ]) {
    const n = Math.floor(rest / size);
    if (n > 0) parts.push(`${n}${unit}`);
    rest -= n * size;
  }
  return parts.join("");
}
function describe(value) {
  if (value === null) return "null";
  if (Array.isArray(value)) return "a list";
  if (typeof value === "object") return "a mapping";
  if (typeof value === "string")
    return `the string "${value.length > 40 ? value.slice(0, 40) + "\u2026" : value}"`;
  return `${typeof value} ${String(value)}`;
}

export {
  parseDuration,
  formatDuration,
  describe
};
