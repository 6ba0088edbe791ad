import * as z from 'zod';
import { analysis } from './analysis.js';
import { argv, duration } from './common.js';

const step = z.strictObject({
  weight: z
    .number()
    .gt(0, 'a weight must be greater than 0')
    .max(100, 'a weight is a percentage, at most 100'),
  pause: duration({ min: 0 }).default(0),
});

export const templates = z.strictObject({
  start: z.string().optional(),
  healthy: z.string().optional(),
  complete: z.string().optional(),
  abort: z.string().optional(),
});

export const canary = z
  .strictObject({
    deploy: argv,
    rollback: argv.optional(),
    steps: z.array(step).min(1),
    program_timeout: duration()
      .default(600_000)
      .meta({ description: 'Time limit for one run of deploy or rollback' }),
    environment: z.string().min(1).default('production'),
    stale_after: duration()
      .default(6 * 3_600_000)
      .meta({
        description:
          'A deployment of the environment left in_progress longer than this (a crashed run) is marked error at the start of the next canary or rollback',
      }),
    on_failure: z.enum(['abort', 'pause']).default('abort'),
    analysis: analysis.optional(),
    verify: analysis
      .optional()
      .meta({ description: 'Short analysis after a rollback (default: the analysis, one window)' }),
    templates: templates.optional(),
  })
  .superRefine((c, ctx) => {
    for (let i = 1; i < c.steps.length; i++) {
      if (c.steps[i]!.weight <= c.steps[i - 1]!.weight) {
        ctx.addIssue({
          code: 'custom',
          path: ['steps', i, 'weight'],
          message: 'weights must increase from step to step',
        });
      }
    }
    if (c.steps.length > 0 && c.steps[c.steps.length - 1]!.weight !== 100) {
      ctx.addIssue({
        code: 'custom',
        path: ['steps', c.steps.length - 1, 'weight'],
        message: 'the last step must reach weight 100',
      });
    }
  });

export type CanaryConfig = z.output<typeof canary>;
