/**
 * An analysis as evidence: every measurement (values, conditions, the raw samples of both sides when
 * kept), every decision with its timestamp, and the judge's decision at every look. Shared by the
 * canary's and the rollback's evidence files, so both record an analysis the same way.
 */
import { decisionForEvidence } from './judge/index.js';
import type { AnalysisResult } from './types.js';

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
