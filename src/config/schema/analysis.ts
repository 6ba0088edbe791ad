import * as z from 'zod';
import { judgedNames } from '../../analysis/judged.js';
import {
  PROVIDERS,
  PROVIDER_NAMES,
  providerOf,
  type KeysOf,
  type ProviderName,
} from '../../analysis/providers/index.js';
import type { AnyProvider, Issue } from '../../analysis/providers/provider.js';
import { parseCondition } from '../condition.js';
import { MetricRefProblem, REF_ORIGIN } from './metric-refs.js';
import { documentedAs, duration, name, nonNegativeInt } from './common.js';

/** A condition string, validated at load time so a typo is reported with its line. */
export const condition = z.string().superRefine((text, ctx) => {
  const parsed = parseCondition(text);
  if ('error' in parsed) ctx.addIssue({ code: 'custom', message: parsed.error });
});

/**
 * Limits, with Argo Rollouts' semantics (docs/analysis.md#limits): a limit is the number of measurements
 * tolerated; it is exceeded — and the analysis decided — when the count becomes greater.
 */
const limits = {
  conditions: z.array(condition).default([]).meta({
    description:
      'Fixed-threshold conditions, e.g. "error_rate_pct <= 2" or "p95_ms <= baseline * 1.5"; may be left out when the metric has a judge',
  }),
  failure_limit: nonNegativeInt.optional().meta({
    description:
      'Failed measurements tolerated in the window; one more fails the analysis (default 0 when no other failure limit is set)',
  }),
  consecutive_failures: nonNegativeInt.optional().meta({
    description:
      'Consecutive failed measurements tolerated; one more fails the analysis (the go-live runbook: 2)',
  }),
  inconclusive_limit: nonNegativeInt.optional().meta({
    description:
      'Inconclusive or error measurements (no data, source unreachable) tolerated in the window; one more stops the analysis (default 2)',
  }),
  sustained_for: duration().optional().meta({
    description:
      'Fail when the conditions have been failing continuously for this long (the release and incident flow: 2m)',
  }),
  timeout: duration().default(5000).meta({ description: 'Per-request timeout (default 5s)' }),
  preflight: z.boolean().optional().meta({
    description:
      'Read once before step 1, so a source that cannot be read stops the rollout before anything is deployed (default true); false for a source that exists only once the canary is deployed',
  }),
};

// ───────────────────────────── the canary judge (docs/judge.md) ─────────────────────────────

/** One `judge:` entry of a metric: how to compare the canary with its baseline source. */
export const metricJudge = z
  .strictObject({
    kind: z.enum(['latency', 'count']).meta({
      description:
        'latency: continuous values (latencies, durations, a value read once per interval); count: events out of trials (errors out of requests)',
    }),
    direction: z
      .enum(['higher_is_worse', 'lower_is_worse'])
      .default('higher_is_worse')
      .meta({ description: 'Which way is a regression (default higher_is_worse)' }),
    max_increase_pct: z
      .number()
      .min(0, 'expected a percentage ≥ 0')
      .max(1000, 'expected a percentage ≤ 1000')
      .default(0)
      .meta({
        description: 'Allowed change in the worse direction, in % (default 0; below 100 with lower_is_worse)',
      }),
    weight: z
      .number()
      .gt(0, 'expected a weight greater than 0')
      .max(1000, 'expected a weight ≤ 1000')
      .default(1)
      .meta({ description: 'Weight in the score (default 1)' }),
    critical: z
      .boolean()
      .default(false)
      .meta({ description: 'Failing it fails the analysis whatever the score (default false)' }),
    value: z.string().min(1).optional().meta({
      description:
        'json and prometheus (kind latency): the value to judge, one number per side per interval (json: a dotted path; prometheus: result, the default)',
    }),
    events: z.string().min(1).optional().meta({
      description: 'json (kind count): dotted path of the events (e.g. errors) in the last interval',
    }),
    trials: z.string().min(1).optional().meta({
      description: 'json (kind count): dotted path of the trials (e.g. requests) in the last interval',
    }),
  })
  .superRefine((j, ctx) => {
    if (j.direction === 'lower_is_worse' && j.max_increase_pct >= 100) {
      ctx.addIssue({
        code: 'custom',
        path: ['max_increase_pct'],
        message: `expected less than 100 with direction lower_is_worse (a drop of 100 % or more cannot be tolerated), found ${j.max_increase_pct}`,
      });
    }
    if (j.kind === 'latency') {
      for (const k of ['events', 'trials'] as const) {
        if (j[k] !== undefined)
          ctx.addIssue({
            code: 'custom',
            path: [k],
            message: `${k} belongs to kind count (events out of trials); kind latency judges samples or a value`,
          });
      }
    } else if (j.value !== undefined) {
      ctx.addIssue({
        code: 'custom',
        path: ['value'],
        message: 'value belongs to kind latency; kind count judges events out of trials',
      });
    }
  });

const judgeList = z.array(metricJudge).min(1, 'expected at least one judge entry');

/**
 * A metric's `judge:` — one entry or a list of them, always a list once parsed. Parsed by hand (object or
 * list decides the schema) so that a mistake inside an entry is reported at its own key, with zod's own
 * message, rather than as "invalid input" for the union as a whole.
 */
export const metricJudges = documentedAs(
  z.unknown().transform((v, ctx) => {
    const r = Array.isArray(v) ? judgeList.safeParse(v) : metricJudge.safeParse(v);
    if (!r.success) {
      for (const issue of r.error.issues) ctx.addIssue(issue as Parameters<typeof ctx.addIssue>[0]);
      return z.NEVER;
    }
    return Array.isArray(r.data) ? r.data : [r.data];
  }),
  () => z.union([metricJudge, judgeList]),
  'Compare this metric with its baseline source statistically (docs/judge.md): one entry, or a list (then judged as <metric>.<kind> or <metric>.<value>)',
);

export type MetricJudgeConfig = z.output<typeof metricJudge>;

/** The analysis-level settings of the judge (all optional). */
export const analysisJudge = z
  .strictObject({
    pass: z
      .number()
      .min(0, 'expected a score within 0…100')
      .max(100, 'expected a score within 0…100')
      .default(95)
      .meta({ description: 'Score (0–100) at the last look from which the analysis passes (default 95)' }),
    marginal: z
      .number()
      .min(0, 'expected a score within 0…100')
      .max(100, 'expected a score within 0…100')
      .default(75)
      .meta({
        description:
          'A score below it fails the analysis at any look; between marginal and pass it ends inconclusive (default 75)',
      }),
    confidence: z
      .number()
      .min(0.5, 'expected a confidence within 0.5…0.9999 (e.g. 0.98)')
      .max(0.9999, 'expected a confidence within 0.5…0.9999 (e.g. 0.98)')
      .default(0.98)
      .meta({
        description:
          'P(the judge fails a canary identical to its baseline) ≤ 1 − confidence, over the whole analysis (default 0.98)',
      }),
    spending: z
      .enum(['obrien_fleming', 'pocock'])
      .default('obrien_fleming')
      .meta({ description: 'How the error budget is spent over the looks (default obrien_fleming)' }),
    boundaries: z
      .enum(['group_sequential', 'union_bound'])
      .default('group_sequential')
      .meta({ description: 'How the per-look levels are computed (default group_sequential)' }),
  })
  .superRefine((j, ctx) => {
    if (j.marginal > j.pass)
      ctx.addIssue({
        code: 'custom',
        path: ['marginal'],
        message: `expected at most pass (${j.pass}), found ${j.marginal}`,
      });
  });

export type AnalysisJudgeConfig = z.output<typeof analysisJudge>;

// ───────────────────────────── metrics ─────────────────────────────

/** What the checks of one metric look at, whatever its provider. */
interface MetricShape {
  provider: ProviderName;
  conditions: string[];
  baseline?: unknown;
  judge?: MetricJudgeConfig[];
}

/**
 * Checks that involve several keys of one metric: conditions or a judge, the values its conditions read,
 * the judge's needs (checked by its provider).
 */
function checkMetric(m: MetricShape, issue: Issue, definition = false): void {
  const provider = providerOf(m.provider);
  checkConditionValues(provider, m.conditions, issue);
  provider.check?.(m as never, issue);
  // a definition (top-level metrics:) may leave the conditions and the baseline to each use
  if (definition) return checkJudgeEntries(provider, m, issue);
  if (!m.judge) {
    if (m.conditions.length === 0)
      issue(
        ['conditions'],
        'expected at least one condition, e.g. "error_rate_pct <= 2" (or a judge: block that compares with a baseline source)',
      );
    return;
  }
  if (m.baseline === undefined)
    issue(
      ['baseline'],
      `is required with judge: the judge compares the canary with a baseline source read in the same interval, e.g. ${provider.baselineExample}`,
    );
  checkJudgeEntries(provider, m, issue);
}

/** Each judge entry against what its provider can give; two entries that would share a name. */
function checkJudgeEntries(provider: AnyProvider, m: MetricShape, issue: Issue): void {
  if (!m.judge) return;
  const single = m.judge.length === 1;
  m.judge.forEach((j, k) => {
    const at = (key: string) => (single ? ['judge', key] : ['judge', k, key]);
    provider.checkJudge?.(j, { at, entry: single ? ['judge'] : ['judge', k] }, issue);
  });
  const names = judgedNames('x', m.judge);
  names.forEach((n, k) => {
    if (names.indexOf(n) !== k)
      issue(
        ['judge', k],
        `two entries would both be reported as ${n.replace(/^x/, '<metric>')}: give them different kinds or values`,
      );
  });
}

/** A provider with a fixed set of values: each condition must read one of them. */
function checkConditionValues(provider: AnyProvider, conditions: string[], issue: Issue): void {
  const values = provider.values;
  if (!values) return;
  conditions.forEach((text, j) => {
    const c = parseCondition(text);
    if ('error' in c || values.includes(c.value)) return;
    issue(
      ['conditions', j],
      values.length === 1
        ? `a ${provider.name} metric has one value, "${values[0]}" (e.g. "${values[0]} <= 2")`
        : `the ${provider.name} provider's readings carry ${values.join(', ')}; found "${c.value}"`,
    );
  });
}

/** The keys every metric has besides its provider's. */
const common = { name, judge: metricJudges.optional(), ...limits };

/** One provider's metric: its name as `provider`, its own keys, then the keys every metric has. */
function metricSchemaFor<N extends ProviderName>(n: N) {
  const p = PROVIDERS[n];
  return z
    .strictObject({
      name: common.name,
      provider: z.literal(n).meta({ description: p.summary }),
      ...(p.keys as KeysOf<N>),
      judge: common.judge,
      ...limits,
    })
    .meta({ description: `A metric read by the ${n} provider` });
}

/** A definition under the top-level `metrics:`: a metric without its name (the key), conditions optional. */
function definitionSchemaFor<N extends ProviderName>(n: N) {
  const p = PROVIDERS[n];
  return z
    .strictObject({
      provider: z.literal(n).meta({ description: p.summary }),
      ...(p.keys as KeysOf<N>),
      judge: common.judge,
      ...limits,
    })
    .superRefine((m, ctx) =>
      checkMetric(m as MetricShape, (path, message) => ctx.addIssue({ code: 'custom', path, message }), true),
    );
}

type MetricSchema<N extends ProviderName> = ReturnType<typeof metricSchemaFor<N>>;

/** Every provider's metric schema, by provider name. */
export const metricSchemas = Object.fromEntries(PROVIDER_NAMES.map((n) => [n, metricSchemaFor(n)])) as {
  [N in ProviderName]: MetricSchema<N>;
};

type AnyMetricSchema = { [N in ProviderName]: MetricSchema<N> }[ProviderName];

export const metric = z.discriminatedUnion(
  'provider',
  Object.values(metricSchemas) as [AnyMetricSchema, ...AnyMetricSchema[]],
);

export type MetricConfig = z.output<typeof metric>;

/** The top-level `metrics:` map: metrics defined once, used by name (built when first used). */
export const namedMetrics = z
  .record(
    name,
    z.lazy(() => definition),
  )
  .meta({
    description:
      'Metrics defined once and used by name in analysis, verify and watch: "- error-rate", or "- { use: p95, conditions: [...] }" with keys that replace the definition\'s (docs/analysis.md#named-metrics)',
  });

type AnyDefinitionSchema = { [N in ProviderName]: ReturnType<typeof definitionSchemaFor<N>> }[ProviderName];
const definition = z.lazy(() =>
  z.discriminatedUnion(
    'provider',
    PROVIDER_NAMES.map(definitionSchemaFor) as [AnyDefinitionSchema, ...AnyDefinitionSchema[]],
  ),
);

/** How a use may be written, for the JSON Schema: a name, or `use:` with overriding keys. */
const reference = () =>
  z.union([
    name.meta({ description: 'A metric defined under the top-level metrics:' }),
    z.looseObject({
      use: name.meta({
        description: 'The metric defined under the top-level metrics: this entry starts from',
      }),
      name: name.optional().meta({ description: 'Its name in this analysis (default: the one it uses)' }),
    }),
    metric,
  ]);

/**
 * One entry of an analysis's `metrics:` list. References (resolved before the schema runs, see
 * ./metric-refs.ts) arrive as merged metrics; a problem with one is reported at the entry's line, and
 * keys that come from a definition with problems of its own are reported there only.
 */
export const metricEntry = documentedAs(
  z.unknown().transform((v, ctx): MetricConfig => {
    const fail = (message: string) => {
      ctx.addIssue({ code: 'custom', message });
      return z.NEVER;
    };
    if (v instanceof MetricRefProblem) return fail(v.message);
    if (typeof v === 'string' || (isRecord(v) && typeof v.use === 'string'))
      return fail(
        `no metric named "${typeof v === 'string' ? v : String(v.use)}": define it under a top-level metrics: map`,
      );
    const r = metric.safeParse(v);
    if (r.success) {
      // the checks across its keys; the metric stays readable for the analysis's own checks
      checkMetric(r.data as MetricShape, (path, message) =>
        ctx.addIssue({ code: 'custom', path, message, continue: true }),
      );
      return r.data;
    }
    const origin = isRecord(v) ? REF_ORIGIN.get(v) : undefined;
    const brokenDefinition = origin && !definitionOk(v as Record<string, unknown>, origin.written);
    if (brokenDefinition)
      ctx.addIssue({
        code: 'custom',
        message: `uses "${origin.use}", whose definition has problems (reported at metrics.${origin.use})`,
      });
    for (const issue of r.error.issues) {
      const key = issue.path[0];
      // with a broken definition, only the keys written here are this entry's own problems
      if (brokenDefinition && !(typeof key === 'string' && origin.written.includes(key))) continue;
      ctx.addIssue(issue as Parameters<typeof ctx.addIssue>[0]);
    }
    return z.NEVER;
  }),
  reference,
);

const isRecord = (v: unknown): v is Record<string, unknown> =>
  typeof v === 'object' && v !== null && !Array.isArray(v);

/** Whether the definition part of a merged entry (the keys not written at the use) is valid on its own. */
function definitionOk(merged: Record<string, unknown>, written: string[]): boolean {
  const own = Object.fromEntries(
    Object.entries(merged).filter(([k]) => k !== 'name' && !written.includes(k)),
  );
  return definition.safeParse(own).success;
}

/** Looks of a judged analysis (⌊window / interval⌋): its boundaries are computed for every look. */
export const MAX_JUDGE_LOOKS = 200;

export const analysis = z
  .strictObject({
    interval: duration().default(30_000).meta({ description: 'Time between measurements (default 30s)' }),
    window: duration().default(300_000).meta({ description: 'How long an analysis lasts (default 5m)' }),
    judge: analysisJudge.optional().meta({
      description:
        "The canary judge's analysis-level settings (docs/judge.md); metrics opt in with their own judge: block",
    }),
    metrics: z.array(metricEntry).min(1, 'expected at least one metric').meta({
      description:
        "The metrics, each written in full or naming one defined under the top-level metrics: (a name, or { use: name, … } with keys that replace the definition's)",
    }),
  })
  .superRefine((a, ctx) => {
    if (a.interval > a.window) {
      ctx.addIssue({
        code: 'custom',
        path: ['interval'],
        message: 'the interval is longer than the window: no measurement would fit',
      });
    }
    const seen = new Set<string>();
    const judged = new Map<string, number>();
    a.metrics.forEach((m, i) => {
      if (seen.has(m.name))
        ctx.addIssue({
          code: 'custom',
          path: ['metrics', i, 'name'],
          message: `metric name "${m.name}" is used twice`,
        });
      seen.add(m.name);
      for (const n of new Set(m.judge ? judgedNames(m.name, m.judge) : [])) {
        if (judged.has(n))
          ctx.addIssue({
            code: 'custom',
            path: ['metrics', i, 'judge'],
            message: `the judge would report two metrics as ${n} (see metrics[${judged.get(n)}]): rename one`,
          });
        judged.set(n, i);
      }
    });
    const looks = Math.floor(a.window / a.interval);
    if (judged.size > 0 && looks > MAX_JUDGE_LOOKS) {
      ctx.addIssue({
        code: 'custom',
        path: ['window'],
        message: `a judged analysis looks at most ${MAX_JUDGE_LOOKS} times (window / interval), found ${looks}: lengthen the interval — the judge gains nothing from more looks, only from more samples per look`,
      });
    }
    if (a.judge && judged.size === 0) {
      ctx.addIssue({
        code: 'custom',
        path: ['judge'],
        message:
          'no metric has a judge: block, so these settings would do nothing: add judge: { kind: latency } (and a baseline source) to a metric, or remove them',
      });
    }
  });

export type AnalysisConfig = z.output<typeof analysis>;
