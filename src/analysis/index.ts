export * from './types.js';
export { evaluateConditions, fmt, thresholdOf } from './evaluate.js';
export {
  applyMeasurement,
  initialState,
  limitsEvaluator,
  windowEnd,
  type Breach,
  type MetricState,
} from './limits.js';
export { describeSource, PROVIDERS, readMetric, type ProviderName } from './providers/index.js';
export { describePreflightProblem, preflight, type PreflightProblem } from './preflight.js';
export { analysisEvidence, analysisSpecEvidence } from './evidence.js';
export {
  describeMeasurement,
  measureBaselines,
  needsPreRolloutBaseline,
  runAnalysis,
  ticksIn,
  type AnalysisDeps,
  type AnalysisOptions,
} from './runner.js';
export { DEFAULT_INCONCLUSIVE_LIMIT, resolveAnalysis, resolveLimits } from './settings.js';
export { describeLimits, limitWarnings, worstCaseMs } from './plan.js';
export { sparkline } from './sparkline.js';
