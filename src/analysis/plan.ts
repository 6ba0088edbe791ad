/** What an analysis will do, in words and numbers, for dry-run plans and docs. Pure. */
import { formatDuration } from '../config/duration.js';
import { ticksIn } from './runner.js';
import type { AnalysisSpec, Limits, MetricSpec } from './types.js';

const ordinal = (n: number) =>
  `${n}${n % 10 === 1 && n % 100 !== 11 ? 'st' : n % 10 === 2 && n % 100 !== 12 ? 'nd' : n % 10 === 3 && n % 100 !== 13 ? 'rd' : 'th'}`;

/** e.g. "fails on the 3rd consecutive failed measurement (consecutive_failures 2); stops on the 3rd inconclusive (inconclusive_limit 2)". */
export function describeLimits(l: Limits): string {
  const parts: string[] = [];
  if (l.failureLimit !== null)
    parts.push(
      `fails on the ${ordinal(l.failureLimit + 1)} failed measurement (failure_limit ${l.failureLimit})`,
    );
  if (l.consecutiveFailures !== null) {
    parts.push(
      `fails on the ${ordinal(l.consecutiveFailures + 1)} consecutive failed measurement (consecutive_failures ${l.consecutiveFailures})`,
    );
  }
  if (l.sustainedForMs !== null)
    parts.push(`fails when failing for ${formatDuration(l.sustainedForMs)} (sustained_for)`);
  parts.push(
    `stops on the ${ordinal(l.inconclusiveLimit + 1)} inconclusive measurement (inconclusive_limit ${l.inconclusiveLimit})`,
  );
  return parts.join('; ');
}

/** Longest a single measurement of the metric can take (requests time out). */
export function maxMeasurementMs(m: MetricSpec): number {
  const p = m.provider;
  return p.kind === 'http' ? Math.ceil(p.samples / Math.max(1, p.concurrency)) * p.timeoutMs : p.timeoutMs;
}

/** Longest an analysis can last: ticks at fixed times, each possibly as slow as its slowest metric. */
export function worstCaseMs(spec: AnalysisSpec): number {
  const n = ticksIn(spec);
  const slowest = Math.max(0, ...spec.metrics.map(maxMeasurementMs));
  return slowest <= spec.intervalMs ? n * spec.intervalMs + slowest : spec.intervalMs + n * slowest;
}

/** Limits that cannot be exceeded within one window — they would never decide anything. */
export function limitWarnings(spec: AnalysisSpec): string[] {
  const n = ticksIn(spec);
  const out: string[] = [];
  for (const m of spec.metrics) {
    const l = m.limits;
    const never = (what: string) =>
      out.push(
        `${m.name}: ${what} can never be exceeded in a window of ${n} measurement${n === 1 ? '' : 's'}`,
      );
    if (l.failureLimit !== null && l.failureLimit + 1 > n) never(`failure_limit ${l.failureLimit}`);
    if (l.consecutiveFailures !== null && l.consecutiveFailures + 1 > n)
      never(`consecutive_failures ${l.consecutiveFailures}`);
    if (l.sustainedForMs !== null && l.sustainedForMs > (n - 1) * spec.intervalMs)
      never(`sustained_for ${formatDuration(l.sustainedForMs)}`);
    if (l.inconclusiveLimit + 1 > n) {
      out.push(
        `${m.name}: inconclusive_limit ${l.inconclusiveLimit} is at least the ${n} measurements of a window; a window without any data still ends inconclusive`,
      );
    }
  }
  return out;
}
