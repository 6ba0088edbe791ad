import * as z from 'zod';
import { analysis } from './analysis.js';
import { templates } from './canary.js';
import { argv, duration, httpUrl, nonNegativeInt } from './common.js';
import { incident, severity } from './incident.js';

export { severity } from './incident.js';

/** The hypercare watch (the release runbook, the go-live runbook, the release and incident flow): probes and metrics over a window. */
const watch = z.strictObject({
  health_url: httpUrl
    .optional()
    .meta({ description: 'Probed once per interval; non-200 counts as a failure' }),
  ready_url: httpUrl.optional().meta({ description: 'Probed like health_url' }),
  interval: duration().default(10_000).meta({ description: 'Time between measurements (default 10s)' }),
  window: duration().default(300_000).meta({ description: 'How long one watch lasts (default 5m)' }),
  consecutive_failures: nonNegativeInt.default(2).meta({
    description:
      'Consecutive non-200 probes tolerated; one more triggers the rollback (the go-live runbook: more than 2)',
  }),
  metrics: analysis.shape.metrics.optional().meta({
    description:
      'More metrics, e.g. error_rate_pct <= 5 sustained_for 2m and p95_ms <= baseline * 1.5 (the release and incident flow)',
  }),
  severity: z.record(z.string().min(1), severity).optional().meta({
    description:
      "The severity matrix per trigger: the trigger that fires (health, ready, or a metric's name) → the incident's severity, e.g. { health: critical, errors: high, latency: medium }. A trigger not listed gets incident.severity; input severity overrides both",
  }),
});

export const rollback = z.strictObject({
  run: argv
    .optional()
    .meta({ description: 'The rollback/deploy program; {to_tag} and {from_tag} are replaced' }),
  program_timeout: duration()
    .default(600_000)
    .meta({ description: 'Time limit for the program (default 10m)' }),
  environment: z.string().min(1).default('production').meta({ description: 'GitHub deployment environment' }),
  strategy: z
    .enum(['redeploy', 'revert-commit', 'both'])
    .default('redeploy')
    .meta({ description: 'redeploy the target tag, open a revert pull request, or both' }),
  verify: analysis.optional().meta({
    description: 'Analysis run after the program; default: the watch probes for one watch interval × 3',
  }),
  watch: watch.optional(),
  incident,
  revert: z
    .strictObject({
      remote: z
        .string()
        .min(1)
        .refine((v) => !v.startsWith('-'), {
          message:
            'a git remote cannot start with "-": git would read it as an option (e.g. --upload-pack runs a command)',
        })
        .default('origin'),
      directory: z
        .string()
        .min(1)
        .default('.')
        .meta({ description: 'The checked-out repository (default: the workspace)' }),
    })
    .default({ remote: 'origin', directory: '.' }),
  hypercare_windows: z
    .array(duration({ min: 0 }))
    .min(1)
    .prefault(['0h', '1h', '4h', '8h', '24h', '72h'])
    .meta({
      description:
        "The hypercare windows, as times after the build's first deployment in the environment: hypercare-window auto names the one a run falls in (the last lasts a day). Default the release runbook's 0h, 1h, 4h, 8h, 24h and the go-live runbook's T+72h",
    }),
  lock_ttl: duration().optional().meta({
    description:
      'A rollback lock older than this is taken over (default: program_timeout + verify window + 10m)',
  }),
  service: z
    .string()
    .min(1)
    .optional()
    .meta({ description: 'Service name in messages (default: the repository name)' }),
  templates: templates.optional(),
});

export type RollbackConfig = z.output<typeof rollback>;
