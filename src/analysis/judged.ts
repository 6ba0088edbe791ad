/**
 * How a metric's `judge:` entries are named in the judge's decisions, shared by the config schema (which
 * refuses two entries with one name) and the settings (which build the judge's metrics). No imports: the
 * schema stays free of the engine and the engine free of zod.
 */

/** The fields of a judge entry that its name depends on. */
export interface JudgeEntryName {
  kind: string;
  value?: string;
}

/**
 * The metric's name for a single entry; `<metric>.<value>` or `<metric>.<kind>` for several
 * (`web.latency`, `web.count`, `cutover.p95_ms`).
 */
export function judgedNames(metric: string, entries: readonly JudgeEntryName[]): string[] {
  if (entries.length === 1) return [metric];
  return entries.map((j) => `${metric}.${j.value ?? j.kind}`);
}
