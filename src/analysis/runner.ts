/**
 * The measurement loop: every `interval`, read every metric at the same moment (concurrently), turn
 * each reading into a measurement, and hand the tick to the evaluators — the limits state machine
 * first, then the canary judge when the spec has judged metrics (built here from `spec.judge`), then any
 * extra ones the caller gives. The first tick at which an evaluator decides `failed` or `inconclusive`
 * stops the analysis; within one tick `failed` outranks `inconclusive`, and verdicts of the same rank are
 * reported together in that order. Otherwise the window ends and each evaluator gives its final verdict.
 *
 * Ticks are scheduled at fixed times (start + k × interval, k = 1…⌊window / interval⌋) so that slow
 * measurements never accumulate drift. I/O goes through the ports it is given: Clock, HttpClient, signal.
 */
import { CancelledError } from '../errors.js';
import type { Redactor } from '../evidence/redact.js';
import type { Clock, HttpClient, Logger, ProcessRunner } from '../ports/index.js';
import { evaluateConditions, fmt } from './evaluate.js';
import { judgeEvaluator, type JudgeEvaluator } from './judge/evaluator.js';
import { limitsEvaluator } from './limits.js';
import { hasBaselineSource, readMetric, type ProviderDeps } from './providers/index.js';
import {
  ProviderError,
  type AnalysisDecision,
  type AnalysisResult,
  type AnalysisSpec,
  type Baselines,
  type DecisionRecord,
  type Evaluator,
  type EvaluatorFactory,
  type Measurement,
  type MetricSpec,
  type MetricSummary,
  type Reading,
  type Tick,
  type EvaluatorDecision,
} from './types.js';

export interface AnalysisDeps {
  clock: Clock;
  http: HttpClient;
  signal: AbortSignal;
  logger?: Logger;
  /** For metrics that run a program (the command provider), with the run's redactor and workspace. */
  process?: ProcessRunner;
  redactor?: Redactor;
  cwd?: string;
  /** Called after each tick has been evaluated (progress, benches). */
  onTick?: (tick: Tick) => void;
}

export interface AnalysisOptions {
  /** For logs and reports, e.g. `step 2 (25%)`. */
  label: string;
  /** Readings taken before the rollout, for baseline conditions of metrics without a baseline source. */
  baselines?: Baselines;
  /** Extra evaluators beside the limits (e.g. the canary judge). */
  evaluators?: EvaluatorFactory[];
}

/** What a provider may use for one reading, from what the analysis was given. */
export function providerDeps(deps: Partial<AnalysisDeps> & Pick<AnalysisDeps, 'http'>): ProviderDeps {
  return {
    http: deps.http,
    signal: deps.signal,
    clock: deps.clock,
    process: deps.process,
    redactor: deps.redactor,
    logger: deps.logger,
    cwd: deps.cwd,
  };
}

/** How many ticks a window holds (at least one). */
export function ticksIn(spec: Pick<AnalysisSpec, 'intervalMs' | 'windowMs'>): number {
  return Math.max(1, Math.floor(spec.windowMs / spec.intervalMs));
}

export function needsPreRolloutBaseline(metric: MetricSpec): boolean {
  return !hasBaselineSource(metric) && metric.conditions.some((c) => c.rhs.kind === 'baseline');
}

export async function runAnalysis(
  spec: AnalysisSpec,
  deps: AnalysisDeps,
  opts: AnalysisOptions,
): Promise<AnalysisResult> {
  const { clock, signal } = deps;
  const startedAt = clock.now();
  const judge = judgeFor(spec);
  const evaluators: Evaluator[] = [
    limitsEvaluator(spec.metrics),
    ...(judge ? [judge] : []),
    ...(opts.evaluators ?? []).map((f) => f(spec)),
  ];
  const measurements: Measurement[] = [];
  const decisions: DecisionRecord[] = [];
  const ticks: Tick[] = [];
  const n = ticksIn(spec);

  const finish = (
    decision: AnalysisDecision,
    reason: string,
    extra: Partial<DecisionRecord> = {},
  ): AnalysisResult => {
    decisions.push({ at: clock.now(), decision, reason, evaluator: 'runner', tick: ticks.length, ...extra });
    return {
      label: opts.label,
      decision,
      reason,
      startedAt,
      endedAt: clock.now(),
      ticks: ticks.length,
      measurements,
      decisions,
      summary: summarize(spec.metrics, measurements),
      ...(judge ? { judge: [...judge.decisions] } : {}),
    };
  };
  const cancelled = () =>
    finish('cancelled', `cancelled during ${opts.label} after ${ticks.length} of ${n} measurements`);

  for (let k = 1; k <= n; k++) {
    try {
      await clock.sleep(startedAt + k * spec.intervalMs - clock.now(), signal);
    } catch (err) {
      if (err instanceof CancelledError || signal.aborted) return cancelled();
      throw err;
    }
    const at = clock.now();
    const tick: Tick = {
      index: k,
      at,
      measurements: await Promise.all(spec.metrics.map((m) => measureMetric(m, k, deps, opts.baselines))),
    };
    if (signal.aborted) return cancelled();
    ticks.push(tick);
    measurements.push(...tick.measurements);
    deps.logger?.info(`${opts.label} ${k}/${n}: ${tick.measurements.map(describeMeasurement).join('; ')}`);
    const verdict = combine(evaluators, (e) => e.onTick(tick));
    const look = judge?.decisions.at(-1);
    if (look?.look === k) deps.logger?.info(`${opts.label} ${k}/${n}: judge ${look.action}: ${look.reason}`);
    deps.onTick?.(tick);
    if (verdict.decision === 'failed' || verdict.decision === 'inconclusive') {
      return finish(verdict.decision, verdict.reason, {
        evaluator: verdict.evaluator,
        metric: verdict.metric,
        rule: verdict.rule,
        tick: k,
      });
    }
  }
  const end = combine(evaluators, (e) => e.onWindowEnd(ticks));
  const decision = end.decision === 'continue' ? 'successful' : end.decision;
  return finish(decision, end.reason || 'every metric within its limits for the whole window', {
    evaluator: end.evaluator,
    metric: end.metric,
    rule: end.rule,
  });
}

/** The canary judge for a spec with judged metrics (docs/judge.md), or undefined. */
export function judgeFor(spec: AnalysisSpec): JudgeEvaluator | undefined {
  const metrics = spec.metrics.flatMap((m) => m.judge ?? []);
  if (!spec.judge || !metrics.length) return undefined;
  return judgeEvaluator({ ...spec.judge, metrics })(spec);
}

/**
 * Failed outranks inconclusive outranks continue/successful; reasons of the same rank are joined, in the
 * evaluators' order (limits, judge, others). At the window's end the successful reasons are joined too,
 * so a pass says what each evaluator saw.
 */
function combine(
  evaluators: Evaluator[],
  ask: (e: Evaluator) => EvaluatorDecision,
): EvaluatorDecision & { evaluator: string } {
  const verdicts = evaluators.map((e) => ({ ...ask(e), evaluator: e.name }));
  for (const rank of ['failed', 'inconclusive', 'successful'] as const) {
    const hits = verdicts.filter((v) => v.decision === rank && (rank !== 'successful' || v.reason));
    if (hits.length) {
      return {
        ...hits[0]!,
        reason: hits
          .map((h) => (rank === 'successful' && h !== hits[0] ? `${h.evaluator}: ${h.reason}` : h.reason))
          .join('; '),
        evaluator: hits.map((h) => h.evaluator).join('+'),
      };
    }
  }
  const ok = verdicts.find((v) => v.decision === 'successful');
  return ok ?? { decision: 'continue', reason: '', evaluator: 'limits' };
}

async function measureMetric(
  metric: MetricSpec,
  index: number,
  deps: AnalysisDeps,
  baselines?: Baselines,
): Promise<Measurement> {
  const at = deps.clock.now();
  const pdeps = providerDeps(deps);
  const [canary, base] = await Promise.allSettled([
    readMetric(metric, 'canary', pdeps),
    hasBaselineSource(metric) ? readMetric(metric, 'baseline', pdeps) : Promise.resolve(undefined),
  ]);
  const durationMs = deps.clock.now() - at;
  const base0 = { metric: metric.name, index, at, durationMs };
  if (canary.status === 'rejected') {
    if (!(canary.reason instanceof ProviderError)) throw canary.reason;
    return { ...base0, phase: 'error', values: {}, conditions: [], message: canary.reason.message };
  }
  const reading: Reading = canary.value;
  let baselineValues: Record<string, number> | undefined;
  let baselineReading: Reading | undefined;
  /** Why the baseline source gave nothing usable (a judged metric cannot be judged without it). */
  let baselineProblem: string | undefined;
  if (hasBaselineSource(metric)) {
    if (base.status === 'fulfilled' && base.value) {
      baselineReading = base.value;
      baselineValues = base.value.values;
      if (base.value.inconclusive) baselineProblem = base.value.inconclusive;
      // The canary being down is data; the baseline being down leaves nothing to compare with.
      const bs = base.value.samples;
      if (bs && bs.total > 0 && bs.errors === bs.total)
        baselineProblem = `every sample failed (${base.value.detail ?? `${bs.total} samples`})`;
    } else if (base.status === 'rejected') {
      if (!(base.reason instanceof ProviderError)) throw base.reason;
      baselineProblem = base.reason.message;
    }
  } else {
    const b = baselines?.[metric.name];
    if (b && 'values' in b) baselineValues = b.values;
  }
  const ev = evaluateConditions(metric.conditions, reading, baselineValues);
  // A judged metric whose baseline source gave nothing this interval is not judged at this look: the
  // measurement is inconclusive (unless a condition failed), so inconclusive_limit bounds how long the
  // judge may go without a baseline — it never passes on the canary alone.
  const unjudged = metric.judge?.length && baselineProblem;
  if (unjudged && ev.phase === 'successful') {
    ev.phase = 'inconclusive';
    ev.message = `baseline source: ${baselineProblem}`;
  }
  return {
    ...base0,
    phase: ev.phase,
    values: reading.values,
    ...(baselineValues ? { baselineValues } : {}),
    conditions: ev.conditions,
    ...(ev.message ? { message: ev.message } : {}),
    ...(reading.detail ? { detail: reading.detail } : {}),
    ...(reading.samples ? { samples: reading.samples } : {}),
    // Kept for the evidence; the judge skips a look whose baseline was unusable (`baselineProblem`).
    ...(baselineReading?.samples ? { baselineSamples: baselineReading.samples } : {}),
    ...(unjudged ? { baselineProblem } : {}),
  };
}

/**
 * Baselines for conditions like `p95_ms <= baseline * 1.5`, read before the rollout changes anything:
 * `readings` readings back to back, the median of each value. A metric whose every reading failed gets
 * an error entry (the caller decides; the rollout refuses to start).
 */
export async function measureBaselines(
  metrics: MetricSpec[],
  deps: Pick<AnalysisDeps, 'clock' | 'http' | 'signal' | 'process' | 'redactor' | 'cwd' | 'logger'>,
  opts: { readings?: number } = {},
): Promise<Baselines> {
  const out: Baselines = {};
  const readings = opts.readings ?? 3;
  await Promise.all(
    metrics.filter(needsPreRolloutBaseline).map(async (m) => {
      const at = deps.clock.now();
      const got: Record<string, number[]> = {};
      const problems: string[] = [];
      for (let i = 0; i < readings; i++) {
        if (deps.signal.aborted) throw new CancelledError();
        try {
          const r = await readMetric(m, 'canary', providerDeps(deps));
          if (r.inconclusive) problems.push(r.inconclusive);
          for (const [k, v] of Object.entries(r.values)) (got[k] ??= []).push(v);
        } catch (err) {
          if (!(err instanceof ProviderError)) throw err;
          problems.push(err.message);
        }
      }
      const needed = m.conditions.filter((c) => c.rhs.kind === 'baseline').map((c) => c.value);
      const missing = needed.filter((v) => !got[v]?.length);
      if (missing.length) {
        out[m.name] = {
          error: `no baseline value for ${missing.join(', ')}${problems.length ? ` (${[...new Set(problems)].join('; ')})` : ''}`,
          at,
        };
        return;
      }
      out[m.name] = { values: Object.fromEntries(Object.entries(got).map(([k, vs]) => [k, median(vs)])), at };
    }),
  );
  return out;
}

export function median(values: number[]): number {
  const s = [...values].sort((a, b) => a - b);
  const mid = Math.floor(s.length / 2);
  return s.length % 2 ? s[mid]! : (s[mid - 1]! + s[mid]!) / 2;
}

function summarize(metrics: MetricSpec[], measurements: Measurement[]): MetricSummary[] {
  return metrics.map((m) => {
    const mine = measurements.filter((x) => x.metric === m.name);
    const count = (p: Measurement['phase']) => mine.filter((x) => x.phase === p).length;
    return {
      metric: m.name,
      successful: count('successful'),
      failed: count('failed'),
      inconclusive: count('inconclusive'),
      error: count('error'),
    };
  });
}

const MARK: Record<Measurement['phase'], string> = {
  successful: '✓',
  failed: '✗',
  inconclusive: '?',
  error: '!',
};

export function describeMeasurement(m: Measurement): string {
  const shown = m.conditions.map((c) => c.value).filter((v, i, a) => a.indexOf(v) === i);
  const values = shown
    .map((v) => (m.values[v] !== undefined ? `${v} ${fmt(m.values[v]!)}` : `${v} –`))
    .join(', ');
  const shownOk = values || m.detail || '';
  return `${m.metric} ${MARK[m.phase]} ${m.phase === 'successful' ? shownOk : (m.message ?? values)}`;
}
