/**
 * The limits state machine (docs/analysis.md#limits), after Argo Rollouts' analysis controller:
 * each metric counts its measurements by phase, and a limit is exceeded when a count becomes greater
 * than the limit. The analysis is decided at the measurement where that happens — not before (one
 * blip within the limits never decides), not after (no lag of our own).
 *
 * - failure_limit: failed measurements in the window (total).
 * - consecutive_failures: failed measurements in a row. Only a successful measurement ends a streak;
 *   an inconclusive or error measurement says nothing about the canary and neither extends nor ends it.
 * - sustained_for: the condition has been failing for at least this long: from the first failed
 *   measurement of the current streak to this one.
 * - inconclusive_limit: inconclusive and error measurements in the window (total).
 *
 * Pure: state in, state out. The runner feeds it; tests drive it exhaustively.
 */
import { formatDuration } from '../config/duration.js';
import type { Evaluator, EvaluatorDecision, Limits, Measurement, MetricSpec, Tick } from './types.js';

export interface MetricState {
  measurements: number;
  successful: number;
  failed: number;
  inconclusive: number;
  error: number;
  consecutiveFailed: number;
  /** `at` of the first failed measurement of the current streak. */
  failingSince: number | null;
  /** Message of the latest failed / inconclusive measurement. */
  lastFailure?: string;
  lastInconclusive?: string;
}

export const initialState = (): MetricState => ({
  measurements: 0,
  successful: 0,
  failed: 0,
  inconclusive: 0,
  error: 0,
  consecutiveFailed: 0,
  failingSince: null,
});

export interface Breach {
  rule: 'failure_limit' | 'consecutive_failures' | 'sustained_for' | 'inconclusive_limit';
  /** failed → the analysis fails; inconclusive → it ends inconclusive. */
  outcome: 'failed' | 'inconclusive';
  message: string;
}

const plural = (n: number, word: string) => `${n} ${word}${n === 1 ? '' : 's'}`;

/** Applies one measurement. Returns the new state and, if a limit is now exceeded, the breach. */
export function applyMeasurement(
  state: MetricState,
  m: Pick<Measurement, 'phase' | 'at' | 'message'>,
  limits: Limits,
  metric: string,
): { state: MetricState; breach?: Breach } {
  const s: MetricState = { ...state, measurements: state.measurements + 1 };
  switch (m.phase) {
    case 'successful':
      s.successful++;
      s.consecutiveFailed = 0;
      s.failingSince = null;
      return { state: s };
    case 'inconclusive':
    case 'error': {
      if (m.phase === 'error') s.error++;
      else s.inconclusive++;
      s.lastInconclusive = m.message ?? m.phase;
      const count = s.inconclusive + s.error;
      if (count > limits.inconclusiveLimit) {
        return {
          state: s,
          breach: {
            rule: 'inconclusive_limit',
            outcome: 'inconclusive',
            message: `${metric}: ${plural(count, 'inconclusive measurement')} (limit ${limits.inconclusiveLimit}); last: ${s.lastInconclusive}`,
          },
        };
      }
      return { state: s };
    }
    case 'failed': {
      s.failed++;
      s.consecutiveFailed++;
      s.failingSince ??= m.at;
      s.lastFailure = m.message ?? 'failed';
      const what = `${metric}: ${s.lastFailure}`;
      // The order only matters when two limits are exceeded by the same measurement: the most specific wins.
      if (limits.consecutiveFailures !== null && s.consecutiveFailed > limits.consecutiveFailures) {
        return {
          state: s,
          breach: {
            rule: 'consecutive_failures',
            outcome: 'failed',
            message: `${what} on ${s.consecutiveFailed} consecutive measurements (limit ${limits.consecutiveFailures})`,
          },
        };
      }
      if (
        limits.sustainedForMs !== null &&
        s.consecutiveFailed > 1 &&
        m.at - s.failingSince >= limits.sustainedForMs
      ) {
        return {
          state: s,
          breach: {
            rule: 'sustained_for',
            outcome: 'failed',
            message: `${what} sustained for ${formatDuration(m.at - s.failingSince)} over ${plural(s.consecutiveFailed, 'measurement')} (limit ${formatDuration(limits.sustainedForMs)})`,
          },
        };
      }
      if (limits.failureLimit !== null && s.failed > limits.failureLimit) {
        return {
          state: s,
          breach: {
            rule: 'failure_limit',
            outcome: 'failed',
            message: `${what} on ${s.failed} of ${plural(s.measurements, 'measurement')} (limit ${limits.failureLimit})`,
          },
        };
      }
      return { state: s };
    }
  }
}

/**
 * At the end of the window a metric that was never measured successfully does not pass: with only
 * failures (within their limits) it fails, with no conclusive measurement at all it is inconclusive.
 */
export function windowEnd(state: MetricState, metric: string): Breach | undefined {
  if (state.successful > 0) return undefined;
  if (state.failed > 0) {
    return {
      rule: 'failure_limit',
      outcome: 'failed',
      message: `${metric}: ${state.lastFailure} — no successful measurement in the window (${plural(state.failed, 'failed')} of ${state.measurements})`,
    };
  }
  return {
    rule: 'inconclusive_limit',
    outcome: 'inconclusive',
    message: `${metric}: no conclusive measurement in the window (${plural(state.measurements, 'measurement')}${state.lastInconclusive ? `; last: ${state.lastInconclusive}` : ''})`,
  };
}

/** The limits as an Evaluator: one state per metric; the first breach decides the analysis. */
export function limitsEvaluator(metrics: MetricSpec[]): Evaluator & { states: Map<string, MetricState> } {
  const states = new Map(metrics.map((m) => [m.name, initialState()]));
  const limitsOf = new Map(metrics.map((m) => [m.name, m.limits]));
  return {
    name: 'limits',
    states,
    onTick(tick: Tick): EvaluatorDecision {
      const breaches: (Breach & { metric: string })[] = [];
      for (const m of tick.measurements) {
        const limits = limitsOf.get(m.metric);
        if (!limits) continue;
        const { state, breach } = applyMeasurement(states.get(m.metric)!, m, limits, m.metric);
        states.set(m.metric, state);
        if (breach) breaches.push({ ...breach, metric: m.metric });
      }
      return decide(breaches);
    },
    onWindowEnd(): EvaluatorDecision {
      const breaches: (Breach & { metric: string })[] = [];
      for (const [metric, state] of states) {
        const b = windowEnd(state, metric);
        if (b) breaches.push({ ...b, metric });
      }
      const v = decide(breaches);
      return v.decision === 'continue'
        ? { decision: 'successful', reason: 'every metric within its limits for the whole window' }
        : v;
    },
  };
}

/** Failures outrank inconclusives; all breaches of the same rank are reported together. */
function decide(breaches: (Breach & { metric: string })[]): EvaluatorDecision {
  const failed = breaches.filter((b) => b.outcome === 'failed');
  const chosen = failed.length ? failed : breaches;
  if (!chosen.length) return { decision: 'continue', reason: '' };
  return {
    decision: chosen[0]!.outcome,
    reason: chosen.map((b) => b.message).join('; '),
    metric: chosen[0]!.metric,
    rule: chosen[0]!.rule,
  };
}
