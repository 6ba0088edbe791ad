/** What an analysis will do, in words and numbers, for dry-run plans and docs. Pure. */
import { formatDuration } from '../config/duration.js';
import type { JudgedMetric } from './judge/evaluator.js';
import { resolveJudgeSettings } from './judge/judge.js';
import { maxReadingMs, samplesPerReading } from './providers/index.js';
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
  return maxReadingMs(m);
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

/** One line per judged entry, for plans: what is compared with what, and what counts as worse. */
export function describeJudged(j: JudgedMetric): string {
  const dir = j.direction === 'lower_is_worse' ? '−' : '+';
  const what =
    j.kind === 'count'
      ? j.events
        ? `${j.events} out of ${j.trials}`
        : 'errors out of requests'
      : j.value
        ? `${j.value}, one value per interval`
        : 'every sample';
  const extra = [
    ...((j.weight ?? 1) !== 1 ? [`weight ${j.weight}`] : []),
    ...(j.critical ? ['critical'] : []),
  ];
  return `${j.name}: ${j.kind} (${what}), limit ${dir}${j.max_increase_pct ?? 0} %${extra.length ? `, ${extra.join(', ')}` : ''}`;
}

/** The judge's settings in one sentence, with the false-abort bound they give. */
export function describeJudge(spec: AnalysisSpec): string | null {
  const j = spec.judge;
  const judged = spec.metrics.flatMap((m) => m.judge ?? []);
  if (!j || !judged.length) return null;
  const bound = Math.round((1 - j.confidence) * 10000) / 100;
  return (
    `Judge: ${judged.length} judged metric${judged.length === 1 ? '' : 's'} compared with their baseline sources at each of the ${ticksIn(spec)} measurements; ` +
    `a canary no worse than its baseline is aborted with probability ≤ ${bound} % per analysis (confidence ${j.confidence}); ` +
    `score pass ${j.pass}, marginal ${j.marginal}; ${j.spending} spending, ${j.boundaries} boundaries.`
  );
}

/**
 * Judged metrics that cannot see much: too few samples per side for the window, or — with one value
 * per interval — so few looks that even a canary worse at every interval could not reach the judge's
 * level at the last look (smallest Mann–Whitney p-value 1 / C(2K, K)).
 */
export function judgeWarnings(spec: AnalysisSpec): string[] {
  const j = spec.judge;
  const judged = spec.metrics.flatMap((m) => (m.judge ?? []).map((x) => ({ m, x })));
  if (!j || !judged.length) return [];
  const n = ticksIn(spec);
  const out: string[] = [];
  let levels: Map<string, number>;
  try {
    const s = resolveJudgeSettings({ ...j, looks: n, metrics: judged.map(({ x }) => x) });
    levels = new Map(s.metrics.map((m) => [m.name, m.levels[m.levels.length - 1]!]));
  } catch {
    return out;
  }
  for (const { m, x } of judged) {
    const perReading = x.value ? null : samplesPerReading(m);
    const perSide = perReading === null ? null : perReading * n;
    if (perSide !== null && perSide < 200) {
      out.push(
        `${x.name}: ${perReading} samples × ${n} measurements = ${perSide} per side: the judge can only detect large regressions (raise samples; docs/judge.md#bench)`,
      );
    }
    if (perSide === null && x.kind === 'latency') {
      let c = 1; // C(2n, n), capped
      for (let i = 1; i <= n && c < 1e12; i++) c = (c * (n + i)) / i;
      const level = levels.get(x.name)!;
      if (1 / c > level) {
        out.push(
          `${x.name}: one value per interval and ${n} measurements per window: the judge can never fail it (smallest possible p-value ${Number((1 / c).toPrecision(2))} > its level ${Number(level.toPrecision(2))}); lengthen the window or shorten the interval`,
        );
      }
    }
  }
  return out;
}
