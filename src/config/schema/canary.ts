import * as z from 'zod';
import { analysis } from './analysis.js';
import { argv, duration } from './common.js';

const step = z
  .strictObject({
    weight: z
      .number()
      .gt(0, 'a weight must be greater than 0')
      .max(100, 'a weight is a percentage, at most 100')
      .optional()
      .meta({
        description:
          'Percent of the traffic on the new build after this step; a `{ pause: approve }` step without one holds the weight reached',
      }),
    pause: z
      .union([z.literal('approve'), duration({ min: 0 })])
      .default(0)
      .meta({
        description:
          'How long the step bakes (analysed from the moment it is deployed); `approve`: the run ends `paused` after this step, until a later run resumes it',
      }),
    deploy: argv.optional().meta({ description: "This step's deploy program, instead of canary.deploy" }),
  })
  .refine((s) => s.weight !== undefined || s.pause === 'approve', {
    message: 'a step needs a weight (only a `{ pause: approve }` step may hold the weight reached)',
    path: ['weight'],
  });

export const templates = z.strictObject({
  start: z.string().optional(),
  healthy: z.string().optional(),
  complete: z.string().optional(),
  abort: z.string().optional(),
  paused: z.string().optional(),
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
    on_inconclusive: z.enum(['abort', 'pause']).default('abort').meta({
      description:
        'What an inconclusive analysis does: abort (as a failure: on_failure) or pause (the run ends paused, for a person to resume, promote or abort)',
    }),
    decision_owner: z.string().min(1).optional().meta({
      description: 'Who decides on the rollout, for {decision_owner} in messages (default: the actor)',
    }),
    analysis: analysis.optional(),
    verify: analysis
      .optional()
      .meta({ description: 'Short analysis after a rollback (default: the analysis, one window)' }),
    templates: templates.optional(),
  })
  .superRefine((c, ctx) => {
    let last = 0;
    c.steps.forEach((s, i) => {
      if (s.weight === undefined) return;
      if (s.weight <= last)
        ctx.addIssue({
          code: 'custom',
          path: ['steps', i, 'weight'],
          message: 'weights must increase from step to step',
        });
      last = s.weight;
    });
    const end = c.steps[c.steps.length - 1];
    if (end && end.weight !== 100) {
      ctx.addIssue({
        code: 'custom',
        path: ['steps', c.steps.length - 1, 'weight'],
        message: 'the last step must reach weight 100',
      });
    }
  });

export type CanaryConfig = z.output<typeof canary>;
