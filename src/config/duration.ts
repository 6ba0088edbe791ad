/** Durations as written in config and inputs: `500ms`, `90s`, `5m`, `2h`, `1d`, or combined `1h30m`. */
const UNIT_MS: Record<string, number> = { ms: 1, s: 1000, m: 60_000, h: 3_600_000, d: 86_400_000 };
const WHOLE = /^(?:\d+(?:\.\d+)?(?:ms|s|m|h|d))+$/;
const PART = /(\d+(?:\.\d+)?)(ms|s|m|h|d)/g;

/** Largest duration accepted anywhere: 30 days. Anything bigger is a typo, not a plan. */
export const MAX_DURATION_MS = 30 * 86_400_000;

/** Returns milliseconds, or an error message saying what was expected. */
export function parseDuration(value: unknown): { ms: number } | { error: string } {
  // `0` needs no unit, written bare (YAML reads `pause: 0` as the number) or as text.
  if (value === 0) return { ms: 0 };
  if (typeof value === 'number') {
    return { error: `expected a duration with a unit like 90s, 5m or 2h, found the bare number ${value}` };
  }
  if (typeof value !== 'string') {
    return { error: `expected a duration like 90s, 5m or 2h, found ${describe(value)}` };
  }
  const text = value.trim();
  if (text === '0') return { ms: 0 };
  if (!WHOLE.test(text)) {
    return { error: `expected a duration like 500ms, 90s, 5m, 2h or 1h30m, found "${value}"` };
  }
  let ms = 0;
  for (const m of text.matchAll(PART)) ms += Number(m[1]) * UNIT_MS[m[2]!]!;
  ms = Math.round(ms);
  if (ms > MAX_DURATION_MS) return { error: `duration "${value}" is longer than the 30-day maximum` };
  return { ms };
}

export function formatDuration(ms: number): string {
  if (ms === 0) return '0s';
  if (ms < 1000) return `${Math.round(ms)}ms`;
  const parts: string[] = [];
  let rest = Math.round(ms / 1000);
  for (const [unit, size] of [
    ['h', 3600],
    ['m', 60],
    ['s', 1],
  ] as const) {
    const n = Math.floor(rest / size);
    if (n > 0) parts.push(`${n}${unit}`);
    rest -= n * size;
  }
  return parts.join('');
}

export function describe(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'a list';
  if (typeof value === 'object') return 'a mapping';
  if (typeof value === 'string')
    return `the string "${value.length > 40 ? value.slice(0, 40) + '…' : value}"`;
  return `${typeof value} ${String(value)}`;
}
