/**
 * The hypercare watch (mode `watch`) and the post-rollback verification, both through the analysis
 * engine (src/analysis): the same measurement state machine and limits as canary-promote.
 *
 * The watch's analysis is built from `rollback.watch`:
 * - `health_url` and `ready_url` become `http` metrics probed once per interval with the condition
 *   `error_rate_pct == 0` and `consecutive_failures` (default 2): the go-live runbook's "non-200 for more than 2
 *   consecutive checks" fires at the third;
 * - `metrics` are added as written — e.g. the release and incident flow's `error_rate_pct <= 5` with `sustained_for: 2m`,
 *   and `p95_ms <= baseline * 1.5` (latency +50 %; without a baseline source the baseline is read when
 *   the watch starts).
 * Without `rollback.verify`, the verification reuses the watch's metrics for three intervals.
 *
 * Also here: the severity matrix per trigger (which trigger fired → the incident's severity) and the
 * hypercare windows (which window a build is in, counted from its first deployment).
 */
import type { AnalysisConfig, MetricConfig, RollbackConfig } from '../config/schema/index.js';
import { describeLimits } from '../analysis/plan.js';
import { describeSource } from '../analysis/providers/index.js';
import { measureBaselines, needsPreRolloutBaseline, runAnalysis } from '../analysis/runner.js';
import type { AnalysisResult, AnalysisSpec } from '../analysis/types.js';
import type { Clock, HttpClient, Logger, ProcessRunner } from '../ports/index.js';
import type { Redactor } from '../evidence/redact.js';
import { formatDuration } from '../config/duration.js';
import { SEVERITIES, type Severity } from './types.js';

export const HEALTH_CONDITION = 'error_rate_pct == 0';

export function watchAnalysisConfig(watch: NonNullable<RollbackConfig['watch']>): AnalysisConfig | null {
  const probes: MetricConfig[] = [];
  for (const [name, url] of [
    ['health', watch.health_url],
    ['ready', watch.ready_url],
  ] as const) {
    if (!url) continue;
    probes.push({
      name,
      provider: 'http',
      url,
      method: 'GET',
      expect_status: [200],
      samples: 1,
      concurrency: 1,
      timeout: Math.min(5000, watch.interval),
      conditions: [HEALTH_CONDITION],
      consecutive_failures: watch.consecutive_failures,
    });
  }
  const metrics = [...probes, ...(watch.metrics ?? [])];
  if (metrics.length === 0) return null;
  return { interval: watch.interval, window: watch.window, metrics };
}

/** The verification when none is configured: the watch's metrics over three intervals. */
export function defaultVerifyConfig(watch: AnalysisConfig | null): AnalysisConfig | null {
  if (!watch) return null;
  return { ...watch, window: Math.min(watch.window, 3 * watch.interval) };
}

export interface AnalysisRunDeps {
  clock: Clock;
  http: HttpClient;
  signal: AbortSignal;
  logger: Logger;
  /** For metrics that run a program (the command provider). */
  process?: ProcessRunner;
  redactor?: Redactor;
}

/** Runs one analysis; baselines for `baseline * k` conditions without a source are read first. */
export async function analyse(
  deps: AnalysisRunDeps,
  spec: AnalysisSpec,
  label: string,
  cwd?: string,
): Promise<AnalysisResult> {
  const baselines = spec.metrics.some(needsPreRolloutBaseline)
    ? await measureBaselines(spec.metrics, { ...deps, cwd })
    : undefined;
  return runAnalysis(
    spec,
    {
      clock: deps.clock,
      http: deps.http,
      signal: deps.signal,
      logger: deps.logger,
      process: deps.process,
      redactor: deps.redactor,
      cwd,
    },
    { label, baselines },
  );
}

/** One line per metric, for plans: what is probed, the conditions, and what the limits mean. */
export function describeAnalysis(spec: AnalysisSpec): string[] {
  return spec.metrics.map(
    (m) =>
      `${m.name} (${describeSource(m)}): ${m.conditions.map((c) => c.text).join(' and ')}; ${describeLimits(m.limits)}`,
  );
}

/** `72h` for whole hours (a window's usual name), else `1h30m`. */
export function windowLabel(ms: number): string {
  return ms % 3_600_000 === 0 ? `${ms / 3_600_000}h` : formatDuration(ms);
}

/**
 * Which hypercare window a build `ageMs` after its first deployment is in: the latest window that has
 * begun (`0h`, `1h`, …, `72h`), or `after hypercare` once the last window is more than a day old.
 */
export function hypercareWindowFor(ageMs: number, windowsMs: readonly number[]): string {
  const begun = windowsMs.filter((w) => ageMs >= w);
  const last = windowsMs[windowsMs.length - 1] ?? 0;
  if (ageMs >= last + 86_400_000) return 'after hypercare';
  return windowLabel(begun[begun.length - 1] ?? windowsMs[0] ?? 0);
}

/**
 * The severity matrix per trigger: the triggers that fired are the metrics whose measurement failed at
 * the deciding tick (the one named by the decision first); the most severe entry among them wins. Null
 * when none of them is listed.
 */
export function triggerSeverity(
  res: AnalysisResult,
  matrix: Record<string, Severity>,
): { trigger: string; severity: Severity } | null {
  const decided = [...res.decisions].reverse().find((d) => d.decision === 'failed');
  const tick = decided?.tick ?? res.ticks;
  const failing = res.measurements
    .filter((m) => m.index === tick && m.phase === 'failed')
    .map((m) => m.metric);
  const fired = [...new Set([...(decided?.metric ? [decided.metric] : []), ...failing])];
  let best: { trigger: string; severity: Severity } | null = null;
  for (const trigger of fired) {
    const severity = matrix[trigger];
    if (severity && (!best || SEVERITIES.indexOf(severity) < SEVERITIES.indexOf(best.severity)))
      best = { trigger, severity };
  }
  return best;
}
