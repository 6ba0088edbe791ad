import * as z from 'zod';
import { parseCondition } from '../condition.js';
import { duration, headers, httpUrl, name, nonNegativeInt, positiveInt } from './common.js';

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
  conditions: z.array(condition).min(1, 'expected at least one condition, e.g. "error_rate_pct <= 2"'),
  failure_limit: nonNegativeInt.optional().meta({
    description:
      'Failed measurements tolerated in the window; one more fails the analysis (default 0 when no other failure limit is set)',
  }),
  consecutive_failures: nonNegativeInt.optional().meta({
    description: 'Consecutive failed measurements tolerated; one more fails the analysis (seed 003: 2)',
  }),
  inconclusive_limit: nonNegativeInt.optional().meta({
    description:
      'Inconclusive or error measurements (no data, source unreachable) tolerated in the window; one more stops the analysis (default 2)',
  }),
  sustained_for: duration().optional().meta({
    description: 'Fail when the conditions have been failing continuously for this long (seed 002: 2m)',
  }),
  timeout: duration().default(5000).meta({ description: 'Per-request timeout (default 5s)' }),
};

export const httpMetric = z.strictObject({
  name,
  provider: z.literal('http'),
  url: httpUrl,
  method: z.enum(['GET', 'HEAD', 'POST']).default('GET'),
  headers: headers.optional(),
  expect_status: z.array(z.number().int().min(100).max(599)).min(1).default([200]),
  samples: positiveInt.max(1000).default(5).meta({ description: 'Requests per measurement' }),
  concurrency: positiveInt
    .max(64)
    .default(1)
    .meta({ description: 'Requests of a measurement in flight at once' }),
  baseline: z.strictObject({ url: httpUrl, headers: headers.optional() }).optional(),
  ...limits,
});

export const jsonMetric = z.strictObject({
  name,
  provider: z.literal('json'),
  url: httpUrl,
  headers: headers.optional(),
  baseline: z.strictObject({ url: httpUrl, headers: headers.optional() }).optional(),
  ...limits,
});

export const prometheusMetric = z.strictObject({
  name,
  provider: z.literal('prometheus'),
  address: httpUrl,
  query: z.string().min(1),
  headers: headers.optional(),
  baseline: z.strictObject({ query: z.string().min(1) }).optional(),
  ...limits,
});

export const metric = z.discriminatedUnion('provider', [httpMetric, jsonMetric, prometheusMetric]);

export const analysis = z
  .strictObject({
    interval: duration().default(30_000).meta({ description: 'Time between measurements (default 30s)' }),
    window: duration().default(300_000).meta({ description: 'How long an analysis lasts (default 5m)' }),
    metrics: z.array(metric).min(1, 'expected at least one metric'),
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
    a.metrics.forEach((m, i) => {
      if (seen.has(m.name))
        ctx.addIssue({
          code: 'custom',
          path: ['metrics', i, 'name'],
          message: `metric name "${m.name}" is used twice`,
        });
      seen.add(m.name);
      if (m.provider === 'prometheus') {
        m.conditions.forEach((c, j) => {
          if (!/^\s*result\b/.test(c)) {
            ctx.addIssue({
              code: 'custom',
              path: ['metrics', i, 'conditions', j],
              message: 'a prometheus metric has one value, "result" (e.g. "result <= 2")',
            });
          }
        });
      }
    });
  });

export type MetricConfig = z.output<typeof metric>;
export type AnalysisConfig = z.output<typeof analysis>;
