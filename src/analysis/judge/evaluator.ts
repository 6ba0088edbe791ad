/**
 * The judge as an analysis evaluator (src/analysis/types.ts: `Evaluator`, `EvaluatorFactory`), so that
 * wiring it into the measurement loop is one line:
 *
 *   runAnalysis(spec, deps, { label, evaluators: [judgeEvaluator({ pass, marginal, confidence, metrics })] })
 *
 * Each tick's measurements carry the canary's and the baseline's samples (`samples`, `baselineSamples`);
 * a judged metric reads them from the analysis metric named `source` (default: its own name). Metrics whose
 * provider records no raw samples (json, prometheus) can name a reading `value` (e.g. `p95_ms`): the judge
 * then gets that one number per side per interval, judged with exact small-sample tests. A `count` metric
 * without raw samples (json) names the readings `events` and `trials` of the interval instead.
 *
 * runAnalysis builds one from the spec's judged metrics (`AnalysisSpec.judge`, `MetricSpec.judge`) and keeps
 * the evaluator's `decisions` (one per look) in the analysis result, for reports and evidence.
 *
 * Mapping of the judge's actions: `fail` → `failed` (abort now); `continue`/`no-data` before the last look
 * → `continue` (missing data is the limits' business: inconclusive_limit); at the end `pass` → `successful`,
 * `marginal` and `no-data` → `inconclusive` (a human decides), `fail` → `failed`.
 */
import type { AnalysisSpec, Evaluator, EvaluatorDecision, Measurement, Tick } from '../types.js';
import {
  createJudge,
  type JudgeDecision,
  type JudgeMetric,
  type JudgeOptions,
  type MetricData,
} from './judge.js';
import { batchFromSamples } from './samples.js';

export interface JudgedMetric extends JudgeMetric {
  /** The analysis metric to read (default: `name`). */
  source?: string;
  /** Without raw samples: the reading value to judge, one number per side per interval. */
  value?: string;
  /** Without raw samples (count kind): the readings holding the interval's events and trials. */
  events?: string;
  trials?: string;
}

/** The judge as an evaluator, with every decision it made so far (one per look). */
export interface JudgeEvaluator extends Evaluator {
  readonly decisions: readonly JudgeDecision[];
}

export interface JudgeEvaluatorOptions extends Omit<JudgeOptions, 'looks' | 'metrics'> {
  metrics: JudgedMetric[];
}

function batchOf(m: JudgedMetric, meas: Measurement | undefined): MetricData | undefined {
  if (!meas || meas.baselineProblem) return undefined;
  if (meas.samples && meas.baselineSamples)
    return batchFromSamples(m.kind, meas.samples, meas.baselineSamples);
  if (m.kind === 'latency' && m.value) {
    const c = meas.values[m.value];
    const b = meas.baselineValues?.[m.value];
    if (c !== undefined && b !== undefined) return { canary: [c], baseline: [b] };
  }
  if (m.kind === 'count' && m.events && m.trials) {
    const side = (v: Record<string, number> | undefined) =>
      v?.[m.events!] !== undefined && v[m.trials!] !== undefined
        ? { events: v[m.events!]!, trials: v[m.trials!]! }
        : undefined;
    const c = side(meas.values);
    const b = side(meas.baselineValues);
    // Non-integer or inconsistent counts are refused by the judge, with a note in its verdict.
    if (c && b) return { canary: c, baseline: b };
  }
  return undefined;
}

/** An EvaluatorFactory whose evaluators also expose the judge's decisions. */
export function judgeEvaluator(options: JudgeEvaluatorOptions): (spec: AnalysisSpec) => JudgeEvaluator {
  return (spec) => {
    const looks = Math.max(1, Math.floor(spec.windowMs / spec.intervalMs));
    const judge = createJudge({
      ...options,
      looks,
      metrics: options.metrics.map(({ source: _s, value: _v, events: _e, trials: _t, ...m }) => m),
    });
    let latest: JudgeDecision | null = null;
    const failedMetric = (d: JudgeDecision) => d.metrics.find((m) => m.verdict === 'fail')?.metric;
    const evaluator: JudgeEvaluator = {
      name: 'judge',
      decisions: judge.decisions,
      onTick(tick: Tick): EvaluatorDecision {
        if (tick.index > looks) return { decision: 'continue', reason: '' };
        const data: Record<string, MetricData | undefined> = {};
        for (const m of options.metrics) {
          data[m.name] = batchOf(
            m,
            tick.measurements.find((x) => x.metric === (m.source ?? m.name)),
          );
        }
        latest = judge.look(tick.index, data);
        if (latest.action === 'fail')
          return { decision: 'failed', reason: latest.reason, metric: failedMetric(latest), rule: 'judge' };
        return { decision: 'continue', reason: latest.reason };
      },
      onWindowEnd(): EvaluatorDecision {
        const d = latest;
        if (!d) return { decision: 'inconclusive', reason: 'the judge saw no interval', rule: 'judge' };
        switch (d.action) {
          case 'pass':
            return { decision: 'successful', reason: d.reason, rule: 'judge' };
          case 'fail':
            return { decision: 'failed', reason: d.reason, metric: failedMetric(d), rule: 'judge' };
          case 'continue':
            return {
              decision: 'inconclusive',
              reason: `the window ended at look ${d.look} of ${d.looks}: ${d.reason}`,
              rule: 'judge',
            };
          default:
            return { decision: 'inconclusive', reason: d.reason, rule: 'judge' };
        }
      },
    };
    return evaluator;
  };
}
