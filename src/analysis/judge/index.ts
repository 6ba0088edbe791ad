/**
 * The canary judge: a pure module that compares canary samples with baseline samples, look by look, and
 * decides (docs/judge.md). The analysis loop creates one judge per analysis and feeds it each interval:
 *
 *   const judge = createJudge({ looks, metrics: [{ name: 'latency', kind: 'latency', max_increase_pct: 5 }, …], pass, marginal, confidence });
 *   const decision = judge.look(k, { latency: { canary: [...ms], baseline: [...ms] }, errors: { canary: { events, trials }, baseline: { events, trials } } });
 *   decision.action: 'continue' | 'fail' (abort now) | 'pass' | 'marginal' | 'no-data'
 *
 * or, inside the analysis runner, as one more evaluator: `evaluators: [judgeEvaluator({ metrics, … })]`.
 */
export {
  createJudge,
  decisionForEvidence,
  judgeSeries,
  resolveJudgeSettings,
  worseEndBeyondLimit,
  JUDGE_DEFAULTS,
  LATENCY_FLOOR,
  type CountData,
  type Direction,
  type Judge,
  type JudgeAction,
  type JudgeDecision,
  type JudgeKind,
  type JudgeMetric,
  type JudgeOptions,
  type JudgeSettings,
  type LatencyData,
  type LookData,
  type LookOptions,
  type MetricData,
  type MetricVerdict,
  type MetricVerdictKind,
  type ResolvedMetric,
  type TestId,
  type TestOutcome,
} from './judge.js';
export { batchFromSamples, type ProviderSamples } from './samples.js';
export {
  judgeEvaluator,
  type JudgedMetric,
  type JudgeEvaluator,
  type JudgeEvaluatorOptions,
} from './evaluator.js';
export { boundaries, spent, type BoundaryMethod, type Boundaries, type Spending } from './sequential.js';
export { mannWhitney, hodgesLehmann, type MannWhitneyResult, type ShiftEstimate } from './rank.js';
export { fisherExact } from './exact.js';
export { rateTest, rateInterval, type CountSide, type CountStratum } from './count.js';
