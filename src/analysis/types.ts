/**
 * The analysis vocabulary (docs/analysis.md). A **metric** is a provider plus conditions and limits; a
 * **measurement** is one reading of a metric, in one of Argo Rollouts' four phases; an **analysis** is
 * the measurements of all metrics over a window and the **decision** they lead to.
 */
import type { Condition } from '../config/condition.js';
import type { JudgeDecision } from './judge/judge.js';
import type { JudgedMetric } from './judge/evaluator.js';
import type { BoundaryMethod, Spending } from './judge/sequential.js';
import type { ProviderSpec } from './providers/index.js';

export type Phase = 'successful' | 'failed' | 'inconclusive' | 'error';

/** Raw samples behind a reading, kept for evaluators that compare distributions (the judge). */
export interface Samples {
  latenciesMs: number[];
  errors: number;
  total: number;
}

/** What a provider returns. Values are finite numbers; a provider that has no usable number says why. */
export interface Reading {
  values: Record<string, number>;
  /** Set when the source answered but carried no usable number (empty result, NaN, missing field). */
  inconclusive?: string;
  samples?: Samples;
  /** One line for reports, e.g. "5 samples, 1 answered 503". */
  detail?: string;
}

/** Raised by a provider that could not read its source at all (unreachable, 5xx, unparsable): phase `error`. */
export class ProviderError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ProviderError';
  }
}

/** A metric's resolved source: its provider's name (`kind`) and what that provider needs (providers/). */
export type { ProviderSpec } from './providers/index.js';

/**
 * Limits after defaults are applied (docs/analysis.md#limits). `null` means "not applied".
 * A limit is the number of measurements tolerated: it is exceeded, and the analysis decided, when the
 * count becomes greater than it.
 */
export interface Limits {
  failureLimit: number | null;
  consecutiveFailures: number | null;
  sustainedForMs: number | null;
  inconclusiveLimit: number;
}

export interface MetricSpec {
  name: string;
  provider: ProviderSpec;
  /** Fixed-threshold conditions; may be empty when the metric is judged. */
  conditions: Condition[];
  limits: Limits;
  /**
   * The canary judge's entries reading this metric (docs/judge.md), each with `source` = this metric's
   * name; absent when the metric is not judged. A judged metric always has a baseline source.
   */
  judge?: JudgedMetric[];
  /** Where the metric is written in the config, for messages (`ro.yml:12 canary.analysis.metrics[0]`). */
  origin?: { file: string; line?: number; key: string };
  /** Read once before anything is deployed (preflight); false for a source that exists only once the canary does. */
  preflight?: boolean;
}

/** The judge's analysis-level settings, defaults applied (config `analysis.judge`). */
export interface AnalysisJudgeSpec {
  pass: number;
  marginal: number;
  confidence: number;
  spending: Spending;
  boundaries: BoundaryMethod;
}

export interface AnalysisSpec {
  intervalMs: number;
  windowMs: number;
  metrics: MetricSpec[];
  /** Set when at least one metric is judged: runAnalysis then runs the judge beside the limits. */
  judge?: AnalysisJudgeSpec;
}

export interface ConditionResult {
  condition: string;
  value: string;
  measured: number | null;
  /** The right-hand side as evaluated (a baseline condition's threshold is baseline × factor + offset). */
  threshold: number | null;
  baseline: number | null;
  /** null: no data to decide. */
  passed: boolean | null;
}

export interface Measurement {
  metric: string;
  /** 1-based position in its analysis. */
  index: number;
  /** Epoch ms when the measurement started. */
  at: number;
  durationMs: number;
  phase: Phase;
  values: Record<string, number>;
  baselineValues?: Record<string, number>;
  conditions: ConditionResult[];
  /** Why it failed, or why it is inconclusive or an error. */
  message?: string;
  detail?: string;
  samples?: Samples;
  baselineSamples?: Samples;
  /**
   * Set on a judged metric whose baseline source gave nothing usable this interval (unreachable, no value,
   * every sample failed): the judge does not look at this interval.
   */
  baselineProblem?: string;
}

/** Baseline readings taken before the rollout, per metric (for conditions such as `p95_ms <= baseline * 1.5`). */
export type Baselines = Record<
  string,
  { values: Record<string, number>; at: number } | { error: string; at: number }
>;

export type AnalysisDecision = 'successful' | 'failed' | 'inconclusive' | 'cancelled';

/** What an evaluator decides after a tick or at the end of the window. */
export interface EvaluatorDecision {
  decision: 'continue' | 'successful' | 'failed' | 'inconclusive';
  reason: string;
  metric?: string;
  /** Which limit or test decided, e.g. `consecutive_failures`. */
  rule?: string;
}

export interface DecisionRecord {
  at: number;
  decision: AnalysisDecision;
  reason: string;
  evaluator: string;
  metric?: string;
  rule?: string;
  /** The measurement index (tick) at which it was decided. */
  tick: number;
}

/** All measurements of one tick: every metric read once, at the same moment. */
export interface Tick {
  index: number;
  at: number;
  measurements: Measurement[];
}

/**
 * Something that looks at the measurements as they arrive and may decide the analysis: the limits
 * state machine is one; the statistical canary judge plugs in as another. A fresh evaluator
 * is made for each analysis.
 */
export interface Evaluator {
  readonly name: string;
  /** After every tick. Return `continue` to let the analysis go on, `failed`/`inconclusive` to stop it now. */
  onTick(tick: Tick): EvaluatorDecision;
  /** When the window ends without an earlier decision. */
  onWindowEnd(ticks: Tick[]): EvaluatorDecision;
}

export type EvaluatorFactory = (spec: AnalysisSpec) => Evaluator;

export interface MetricSummary {
  metric: string;
  successful: number;
  failed: number;
  inconclusive: number;
  error: number;
}

export interface AnalysisResult {
  label: string;
  decision: AnalysisDecision;
  reason: string;
  startedAt: number;
  endedAt: number;
  ticks: number;
  measurements: Measurement[];
  decisions: DecisionRecord[];
  summary: MetricSummary[];
  /** The judge's decision at every look it made (when the analysis has judged metrics). */
  judge?: JudgeDecision[];
}
