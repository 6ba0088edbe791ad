import * as z from 'zod/mini';
import { argv, duration, headers, httpUrl, name, nonNegativeInt, positiveInt } from './mini.js';

/**
 * `gate:` — the readiness gate's checks (docs/actions/readiness-gate.md lists every key).
 * Each check type has its own strict object; unknown keys are errors. Built with zod/mini (see mini.ts).
 */
const common = {
  name,
  timeout: z.optional(duration()).check(
    z.meta({
      description: 'Time limit for the check, retries included (default 5m; github-checks: wait + 1m)',
    }),
  ),
  retries: z
    ._default(nonNegativeInt.check(z.lte(20)), 0)
    .check(z.meta({ description: 'Extra attempts after a failed one' })),
  retry_delay: z._default(duration(), 1000).check(
    z.meta({
      description: 'Pause before the first retry, doubled for each next one (default 1s, at most 30s)',
    }),
  ),
  severity: z
    ._default(z.enum(['blocker', 'warning']), 'blocker')
    .check(z.meta({ description: 'warning checks never fail the gate' })),
};

const nonEmpty = () => z.string().check(z.minLength(1));

const commandCheck = z.strictObject({
  ...common,
  type: z.literal('command'),
  run: argv,
  shell: z
    ._default(z.boolean(), false)
    .check(z.meta({ description: 'Run run[0] through /bin/sh -c. Off unless written.' })),
  cwd: z.optional(nonEmpty()).check(z.meta({ description: 'Working directory, relative to the workspace' })),
  env: z
    .optional(z.record(z.string(), z.string()))
    .check(z.meta({ description: 'Extra environment variables; ${VAR} is expanded and the value masked' })),
});

/** A dotted path into a JSON body: `status`, `checks.db.status`, `items[0].id` or `items.0.id`. */
const jsonPath = z
  .string()
  .check(
    z.regex(
      /^[A-Za-z0-9_$-]+(?:\.[A-Za-z0-9_$-]+|\[\d+\])*$/,
      'expected a dotted path such as status or checks.db.status',
    ),
  );

const positive = () => z.optional(z.number().check(z.gt(0)));

const httpCheck = z
  .strictObject({
    ...common,
    type: z.literal('http'),
    url: httpUrl,
    method: z._default(z.enum(['GET', 'HEAD', 'POST', 'PUT', 'DELETE', 'PATCH', 'OPTIONS']), 'GET'),
    headers: z.optional(headers),
    body: z.optional(z.string()),
    expect_status: z._default(
      z.array(z.number().check(z.int(), z.gte(100), z.lte(599))).check(z.minLength(1)),
      [200],
    ),
    expect_json: z
      .optional(
        z.array(
          z.strictObject({
            path: jsonPath,
            equals: z.union([z.string(), z.number(), z.boolean(), z.null()]),
          }),
        ),
      )
      .check(z.meta({ description: 'Values the JSON body must hold, e.g. [{ path: status, equals: ok }]' })),
    samples: z._default(positiveInt.check(z.lte(10_000)), 1),
    concurrency: z._default(positiveInt.check(z.lte(64)), 1),
    request_timeout: z._default(duration(), 5000),
    p95_ms: positive(),
    p99_ms: positive(),
    max_ms: positive(),
    consecutive_failures: z
      .optional(nonNegativeInt)
      .check(z.meta({ description: 'Consecutive failed samples tolerated (default: none tolerated)' })),
  })
  .check(
    z.superRefine((c, ctx) => {
      if (c.concurrency > c.samples) {
        ctx.addIssue({
          code: 'custom',
          path: ['concurrency'],
          message: `is more than samples (${c.samples})`,
        });
      }
    }),
  );

const gitCheck = z.strictObject({
  ...common,
  type: z.literal('git'),
  branch: z
    .optional(nonEmpty())
    .check(z.meta({ description: 'Glob the current branch must match, e.g. release/*' })),
  clean: z._default(z.boolean(), true),
  semver_tag: z._default(z.boolean(), false).check(z.meta({ description: 'HEAD must carry a semver tag' })),
  cwd: z.optional(nonEmpty()),
});

const weekday = z.enum(['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun']);
const clock = z
  .string()
  .check(z.regex(/^([01]\d|2[0-3]):[0-5]\d$/, 'expected a time as HH:MM (24-hour), e.g. 18:00'));

const window = z
  .strictObject({
    days: z.optional(z.array(weekday).check(z.minLength(1))),
    from: z.optional(clock),
    to: z.optional(clock),
  })
  .check(
    z.superRefine((w, ctx) => {
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
    }),
  );

function knownTimeZone(tz: string): boolean {
  try {
    new Intl.DateTimeFormat('en-US', { timeZone: tz });
    return true;
  } catch {
    return false;
  }
}

const freezeCheck = z.strictObject({
  ...common,
  type: z.literal('freeze'),
  timezone: z
    .string()
    .check(z.refine(knownTimeZone, { message: 'expected an IANA time zone such as Europe/Madrid or UTC' })),
  deny: z.array(window).check(z.minLength(1)),
  allow_override_for: z
    ._default(z.array(z.enum(['low', 'medium', 'high', 'critical'])), ['high', 'critical'])
    .check(
      z.meta({
        description: 'Hotfix severities (input freeze-override) that may deploy inside a deny window',
      }),
    ),
});

const githubChecksCheck = z.strictObject({
  ...common,
  type: z.literal('github-checks'),
  ref: z
    .optional(nonEmpty())
    .check(z.meta({ description: 'Commit to inspect (default: input sha, then the workflow sha)' })),
  wait: z
    ._default(duration({ min: 0 }), 600_000)
    .check(z.meta({ description: 'How long pending checks are awaited (default 10m)' })),
  poll_interval: z._default(duration(), 10_000),
  ignore: z
    ._default(z.array(nonEmpty()), [])
    .check(z.meta({ description: 'Check names to ignore (e.g. this job itself)' })),
  allow_none: z
    ._default(z.boolean(), false)
    .check(z.meta({ description: 'Pass when the commit has no checks at all' })),
});

const backupManifestCheck = z.strictObject({
  ...common,
  type: z.literal('backup-manifest'),
  path: nonEmpty().check(z.meta({ description: 'The manifest.json, relative to the workspace' })),
  max_age: z
    .optional(duration())
    .check(z.meta({ description: 'The manifest (created_at) must be younger than this' })),
  base_dir: z.optional(nonEmpty()).check(
    z.meta({
      description: "Directory the manifest's file paths are relative to (default: the manifest's directory)",
    }),
  ),
  root: z
    .optional(
      nonEmpty().check(z.refine((p) => p.startsWith('/'), 'expected an absolute path, e.g. /mnt/backups')),
    )
    .check(
      z.meta({
        description:
          'The manifest and every file it lists must be under this absolute directory, symbolic links resolved (default: the workspace)',
      }),
    ),
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
    concurrency: z
      ._default(positiveInt.check(z.lte(64)), 4)
      .check(z.meta({ description: 'Checks run at the same time (default 4)' })),
    checks: z.array(check).check(z.minLength(1, 'expected at least one check')),
  })
  .check(
    z.superRefine((g, ctx) => {
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
    }),
  );

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
