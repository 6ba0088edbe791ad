/**
 * Analyses as evidence, shared by every command's evidence file so all record them the same way:
 * - `analysisSpecEvidence`: what an analysis was set to do — interval, window, each metric's provider
 *   settings, conditions, limits and judge entries, and the judge's analysis-level settings;
 * - `analysisEvidence`: what it did — every measurement (values, conditions, the raw samples of both
 *   sides when kept), every decision with its timestamp, and the judge's decision at every look.
 * Keys are snake_case; maps keyed by user-chosen names (headers, env) become lists of `{ name, value }`.
 */
import { isCredentialHeader, isCredentialName, REDACTED } from '../evidence/redact.js';
import { decisionForEvidence } from './judge/index.js';
import { describeBaselineSource, describeSource } from './providers/index.js';
import type { AnalysisResult, AnalysisSpec, Limits, MetricSpec } from './types.js';

/** An analysis's settings as evidence (null when there is none). */
export function analysisSpecEvidence(a: AnalysisSpec | undefined | null) {
  if (!a) return null;
  return {
    interval_ms: a.intervalMs,
    window_ms: a.windowMs,
    metrics: a.metrics.map(metricSpecEvidence),
    ...(a.judge ? { judge: { ...a.judge } } : {}),
  };
}

function metricSpecEvidence(m: MetricSpec) {
  return {
    name: m.name,
    provider: snakeCase(m.provider) as Record<string, unknown>,
    source: describeSource(m),
    baseline_source: describeBaselineSource(m),
    conditions: m.conditions.map((c) => c.text),
    limits: limitsEvidence(m.limits),
    ...(m.judge ? { judge: m.judge.map((j) => snakeCase(j)) } : {}),
  };
}

function limitsEvidence(l: Limits) {
  return {
    failure_limit: l.failureLimit,
    consecutive_failures: l.consecutiveFailures,
    sustained_for_ms: l.sustainedForMs,
    inconclusive_limit: l.inconclusiveLimit,
  };
}

/** Maps whose keys the user chose, and whether a key names a credential (its value is then masked). */
const USER_MAPS: Record<string, (key: string) => boolean> = {
  // DD-API-KEY and the like: a header named like a credential is one
  headers: (name) => isCredentialHeader(name) || isCredentialName(name),
  env: isCredentialName,
};

/**
 * A spec as evidence: our camelCase keys in snake_case, user-named maps as `{ name, value }` lists with
 * credential values masked whatever they hold (a literal token written in the config is masked too).
 */
function snakeCase(v: unknown, key?: string): unknown {
  if (Array.isArray(v)) return v.map((x) => snakeCase(x));
  if (!v || typeof v !== 'object') return v;
  const credential = key !== undefined ? USER_MAPS[key] : undefined;
  if (credential)
    return Object.entries(v).map(([name, value]) => ({
      name,
      value: credential(name) ? REDACTED : value,
    }));
  return Object.fromEntries(
    Object.entries(v).map(([k, x]) => [k.replace(/[A-Z]/g, (c) => `_${c.toLowerCase()}`), snakeCase(x, k)]),
  );
}

const iso = (ms: number) => new Date(ms).toISOString();

export function analysisEvidence(a: AnalysisResult) {
  return {
    label: a.label,
    decision: a.decision,
    reason: a.reason,
    started_at: iso(a.startedAt),
    ended_at: iso(a.endedAt),
    ticks: a.ticks,
    summary: a.summary,
    measurements: a.measurements.map((m) => ({
      metric: m.metric,
      index: m.index,
      at: iso(m.at),
      duration_ms: Math.round(m.durationMs),
      phase: m.phase,
      values: m.values,
      ...(m.baselineValues ? { baseline_values: m.baselineValues } : {}),
      conditions: m.conditions,
      ...(m.message ? { message: m.message } : {}),
      ...(m.detail ? { detail: m.detail } : {}),
      ...(m.baselineProblem ? { baseline_problem: m.baselineProblem } : {}),
      ...(m.samples
        ? {
            samples: {
              total: m.samples.total,
              errors: m.samples.errors,
              latencies_ms: m.samples.latenciesMs.map((x) => Math.round(x * 100) / 100),
            },
          }
        : {}),
      ...(m.baselineSamples
        ? {
            baseline_samples: {
              total: m.baselineSamples.total,
              errors: m.baselineSamples.errors,
              latencies_ms: m.baselineSamples.latenciesMs.map((x) => Math.round(x * 100) / 100),
            },
          }
        : {}),
    })),
    decisions: a.decisions.map((d) => ({ ...d, at: iso(d.at) })),
    // The judge's decision at every look: per metric its verdict and every test (p-value, level,
    // estimate and interval); ±Infinity kept as strings.
    ...(a.judge ? { judge: a.judge.map(decisionForEvidence) } : {}),
  };
}
