/**
 * Config (zod output) → AnalysisSpec: conditions parsed, limits defaulted, `${VAR}` in URLs and header
 * values expanded from the environment (each expanded value registered as a secret).
 */
import { parseCondition, type Condition } from '../config/condition.js';
import type { SourceMap } from '../config/load.js';
import { httpUrlProblem } from '../config/schema/common.js';
import type { AnalysisConfig, MetricConfig } from '../config/schema/index.js';
import { ConfigError, type ConfigProblem } from '../errors.js';
import { expandEnv, isCredentialHeader, type Redactor } from '../evidence/redact.js';
import type { JudgedMetric } from './judge/evaluator.js';
import { judgedNames } from './judged.js';
import { JUDGE_DEFAULTS } from './judge/judge.js';
import { providerOf } from './providers/index.js';
import type { ResolveTools } from './providers/provider.js';
import type { AnalysisJudgeSpec, AnalysisSpec, Limits, MetricSpec, ProviderSpec } from './types.js';

/**
 * Defaults (docs/analysis.md#defaults):
 * - no failure limit written at all → failure_limit 0, as in Argo Rollouts: the first failed measurement
 *   decides. Once any of failure_limit, consecutive_failures, sustained_for is written, only those apply.
 * - inconclusive_limit 2: a metrics source may miss two readings in a window; the third stops the analysis.
 */
export const DEFAULT_INCONCLUSIVE_LIMIT = 2;

export function resolveLimits(
  m: Pick<MetricConfig, 'failure_limit' | 'consecutive_failures' | 'sustained_for' | 'inconclusive_limit'>,
): Limits {
  const anyFailureLimit =
    m.failure_limit !== undefined || m.consecutive_failures !== undefined || m.sustained_for !== undefined;
  return {
    failureLimit: m.failure_limit ?? (anyFailureLimit ? null : 0),
    consecutiveFailures: m.consecutive_failures ?? null,
    sustainedForMs: m.sustained_for ?? null,
    inconclusiveLimit: m.inconclusive_limit ?? DEFAULT_INCONCLUSIVE_LIMIT,
  };
}

export interface ResolveContext {
  env: Record<string, string | undefined>;
  redactor: Redactor;
  source?: SourceMap;
  /** Path of the analysis in the config, e.g. ['canary', 'analysis'], for error positions. */
  path: (string | number)[];
}

export function resolveAnalysis(cfg: AnalysisConfig, ctx: ResolveContext): AnalysisSpec {
  const problems: ConfigProblem[] = [];
  const metrics = cfg.metrics.map((m, i): MetricSpec => {
    const tools = resolveTools(ctx, ['metrics', i], problems);
    const conditions = m.conditions.map((text) => parseCondition(text) as Condition);
    const provider = { kind: m.provider, ...providerOf(m.provider).resolve(m, tools) } as ProviderSpec;
    const judge = resolveMetricJudges(m);
    const origin = locate(ctx, ['metrics', i]);
    return {
      name: m.name,
      provider,
      conditions,
      limits: resolveLimits(m),
      ...(judge ? { judge } : {}),
      origin: { file: origin.file, line: origin.line, key: origin.key! },
      ...(m.preflight === false ? { preflight: false } : {}),
    };
  });
  const judge = metrics.some((m) => m.judge?.length) ? resolveJudge(cfg) : undefined;
  if (problems.length) throw new ConfigError(problems);
  return { intervalMs: cfg.interval, windowMs: cfg.window, metrics, ...(judge ? { judge } : {}) };
}

/** Where a key of the analysis sits: file, line and the dotted key path. */
function locate(ctx: ResolveContext, p: (string | number)[]): Omit<ConfigProblem, 'message'> {
  const full = [...ctx.path, ...p];
  return {
    file: ctx.source?.file ?? 'config',
    line: ctx.source?.lineOf(full),
    key: full.map((s, i) => (typeof s === 'number' ? `[${s}]` : i ? `.${s}` : s)).join(''),
  };
}

/** `${VAR}` expansion for one metric, recording each problem at its key (see ResolveTools). */
function resolveTools(
  ctx: ResolveContext,
  base: (string | number)[],
  problems: ConfigProblem[],
): ResolveTools {
  const expand = (text: string, p: (string | number)[], opts: { secret?: boolean } = {}): string => {
    const r = expandEnv(text, ctx.env, ctx.redactor, { secret: opts.secret ?? false });
    if ('missing' in r) {
      problems.push({
        ...locate(ctx, [...base, ...p]),
        message: `uses \${${r.missing}}, but the environment has no ${r.missing} (set it in the step's env:)`,
      });
      return text;
    }
    return r.value;
  };
  return {
    expand,
    headers: (h, p) =>
      Object.fromEntries(
        Object.entries(h ?? {}).map(([k, v]) => [k, expand(v, [...p, k], { secret: isCredentialHeader(k) })]),
      ),
    url: (text, p) => {
      const value = expand(text, p);
      // checked once the variables are replaced: a variable may hold the scheme and host
      const problem = value === text ? null : httpUrlProblem(ctx.redactor.redact(value), text);
      if (problem) problems.push({ ...locate(ctx, [...base, ...p]), message: problem });
      return value;
    },
  };
}

/** The judge's analysis-level settings, defaults applied. */
function resolveJudge(cfg: AnalysisConfig): AnalysisJudgeSpec {
  // Every setting was checked by the schema (src/config/schema/analysis.ts) against the same bounds
  // the judge enforces, so creating the judge at run time cannot fail on them.
  return {
    pass: cfg.judge?.pass ?? JUDGE_DEFAULTS.pass,
    marginal: cfg.judge?.marginal ?? JUDGE_DEFAULTS.marginal,
    confidence: cfg.judge?.confidence ?? JUDGE_DEFAULTS.confidence,
    spending: cfg.judge?.spending ?? JUDGE_DEFAULTS.spending,
    boundaries: cfg.judge?.boundaries ?? JUDGE_DEFAULTS.boundaries,
  };
}

/** A metric's `judge:` entries as the judge's metrics, named (judgedNames) and reading this metric. */
export function resolveMetricJudges(m: MetricConfig): JudgedMetric[] | undefined {
  if (!m.judge?.length) return undefined;
  const names = judgedNames(m.name, m.judge);
  return m.judge.map((j, k): JudgedMetric => {
    // A single-valued provider's reading (prometheus: `result`) has one value to judge.
    const value = j.value ?? (j.kind === 'latency' ? providerOf(m.provider).defaultJudgeValue : undefined);
    return {
      name: names[k]!,
      source: m.name,
      kind: j.kind,
      direction: j.direction,
      max_increase_pct: j.max_increase_pct,
      weight: j.weight,
      critical: j.critical,
      ...(value !== undefined ? { value } : {}),
      ...(j.events !== undefined ? { events: j.events } : {}),
      ...(j.trials !== undefined ? { trials: j.trials } : {}),
    };
  });
}
