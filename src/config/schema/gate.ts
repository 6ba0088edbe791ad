import * as z from 'zod';
import { argv, duration, headers, httpUrl, name, nonNegativeInt, positiveInt } from './common.js';

/**
 * `gate:` — the readiness gate's checks (docs/actions/readiness-gate.md lists every key).
 * Each check type has its own strict object; unknown keys are errors.
 */
const common = {
  name,
  timeout: duration().optional().meta({
    description: 'Time limit for the check, retries included (default 5m; github-checks: wait + 1m)',
  }),
  retries: nonNegativeInt.max(20).default(0).meta({ description: 'Extra attempts after a failed one' }),
  retry_delay: duration().default(1000).meta({
    description: 'Pause before the first retry, doubled for each next one (default 1s, at most 30s)',
  }),
  severity: z
    .enum(['blocker', 'warning'])
    .default('blocker')
    .meta({ description: 'warning checks never fail the gate' }),
};

const commandCheck = z.strictObject({
  ...common,
  type: z.literal('command'),
  run: argv,
  shell: z
    .boolean()
    .default(false)
    .meta({ description: 'Run run[0] through /bin/sh -c. Off unless written.' }),
  cwd: z.string().min(1).optional().meta({ description: 'Working directory, relative to the workspace' }),
  env: z
    .record(z.string(), z.string())
    .optional()
    .meta({ description: 'Extra environment variables; ${VAR} is expanded and the value masked' }),
});

/** A dotted path into a JSON body: `status`, `checks.db.status`, `items[0].id` or `items.0.id`. */
const jsonPath = z
  .string()
  .regex(
    /^[A-Za-z0-9_$-]+(?:\.[A-Za-z0-9_$-]+|\[\d+\])*$/,
    'expected a dotted path such as status or checks.db.status',
  );

const httpCheck = z
  .strictObject({
    ...common,
    type: z.literal('http'),
    url: httpUrl,
    method: z.enum(['GET', 'HEAD', 'POST', 'PUT', 'DELETE', 'PATCH', 'OPTIONS']).default('GET'),
    headers: headers.optional(),
    body: z.string().optional(),
    expect_status: z.array(z.number().int().min(100).max(599)).min(1).default([200]),
    expect_json: z
      .array(
        z.strictObject({ path: jsonPath, equals: z.union([z.string(), z.number(), z.boolean(), z.null()]) }),
      )
      .optional()
      .meta({ description: 'Values the JSON body must hold, e.g. [{ path: status, equals: ok }]' }),
    samples: positiveInt.max(10_000).default(1),
    concurrency: positiveInt.max(64).default(1),
    request_timeout: duration().default(5000),
    p95_ms: z.number().positive().optional(),
    p99_ms: z.number().positive().optional(),
    max_ms: z.number().positive().optional(),
    consecutive_failures: nonNegativeInt
      .optional()
      .meta({ description: 'Consecutive failed samples tolerated (default: none tolerated)' }),
  })
  .superRefine((c, ctx) => {
    if (c.concurrency > c.samples) {
      ctx.addIssue({ code: 'custom', path: ['concurrency'], message: `is more than samples (${c.samples})` });
    }
  });

const gitCheck = z.strictObject({
  ...common,
  type: z.literal('git'),
  branch: z
    .string()
    .min(1)
    .optional()
    .meta({ description: 'Glob the current branch must match, e.g. release/*' }),
  clean: z.boolean().default(true),
  semver_tag: z.boolean().default(false).meta({ description: 'HEAD must carry a semver tag' }),
  cwd: z.string().min(1).optional(),
});

const weekday = z.enum(['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun']);
const clock = z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/, 'expected a time as HH:MM (24-hour), e.g. 18:00');

const window = z
  .strictObject({ days: z.array(weekday).min(1).optional(), from: clock.optional(), to: clock.optional() })
  .superRefine((w, ctx) => {
    if (!w.days && !w.from && !w.to) {
      ctx.addIssue({
        code: 'custom',
        message: 'a deny window needs days, from or to (e.g. { days: [fri] })',
      });
    }
    if (w.from !== undefined && w.from === w.to) {
      ctx.addIssue({
        code: 'custom',
        path: ['to'],
        message: 'is the same time as from: the window would be empty',
      });
    }
  });

const freezeCheck = z.strictObject({
  ...common,
  type: z.literal('freeze'),
  timezone: z.string().refine(
    (tz) => {
      try {
        new Intl.DateTimeFormat('en-US', { timeZone: tz });
        return true;
      } catch {
        return false;
      }
    },
    { message: 'expected an IANA time zone such as Europe/Madrid or UTC' },
  ),
  deny: z.array(window).min(1),
  allow_override_for: z
    .array(z.enum(['low', 'medium', 'high', 'critical']))
    .default(['high', 'critical'])
    .meta({ description: 'Hotfix severities (input freeze-override) that may deploy inside a deny window' }),
});

const githubChecksCheck = z.strictObject({
  ...common,
  type: z.literal('github-checks'),
  ref: z
    .string()
    .min(1)
    .optional()
    .meta({ description: 'Commit to inspect (default: input sha, then the workflow sha)' }),
  wait: duration({ min: 0 })
    .default(600_000)
    .meta({ description: 'How long pending checks are awaited (default 10m)' }),
  poll_interval: duration().default(10_000),
  ignore: z
    .array(z.string().min(1))
    .default([])
    .meta({ description: 'Check names to ignore (e.g. this job itself)' }),
  allow_none: z.boolean().default(false).meta({ description: 'Pass when the commit has no checks at all' }),
});

const backupManifestCheck = z.strictObject({
  ...common,
  type: z.literal('backup-manifest'),
  path: z.string().min(1).meta({ description: 'The manifest.json, relative to the workspace' }),
  max_age: duration().optional().meta({ description: 'The manifest (created_at) must be younger than this' }),
  base_dir: z.string().min(1).optional().meta({
    description: "Directory the manifest's file paths are relative to (default: the manifest's directory)",
  }),
  root: z
    .string()
    .min(1)
    .refine((p) => p.startsWith('/'), 'expected an absolute path, e.g. /mnt/backups')
    .optional()
    .meta({
      description:
        'The manifest and every file it lists must be under this absolute directory, symbolic links resolved (default: the workspace)',
    }),
});

export const check = z.discriminatedUnion('type', [
  commandCheck,
  httpCheck,
  gitCheck,
  freezeCheck,
  githubChecksCheck,
  backupManifestCheck,
]);

export const gate = z
  .strictObject({
    concurrency: positiveInt
      .max(64)
      .default(4)
      .meta({ description: 'Checks run at the same time (default 4)' }),
    checks: z.array(check).min(1, 'expected at least one check'),
  })
  .superRefine((g, ctx) => {
    const seen = new Set<string>();
    g.checks.forEach((c, i) => {
      if (seen.has(c.name)) {
        ctx.addIssue({
          code: 'custom',
          path: ['checks', i, 'name'],
          message: `"${c.name}" is used by an earlier check`,
        });
      }
      seen.add(c.name);
    });
  });

export type CheckConfig = z.output<typeof check>;
export type CheckType = CheckConfig['type'];
export type GateConfig = z.output<typeof gate>;
export type CommandCheckConfig = z.output<typeof commandCheck>;
export type HttpCheckConfig = z.output<typeof httpCheck>;
export type GitCheckConfig = z.output<typeof gitCheck>;
export type FreezeCheckConfig = z.output<typeof freezeCheck>;
export type GitHubChecksCheckConfig = z.output<typeof githubChecksCheck>;
export type BackupManifestCheckConfig = z.output<typeof backupManifestCheck>;
export type Weekday = z.output<typeof weekday>;
