import * as z from 'zod/mini';
import { duration } from './mini.js';

/** Preconditions that `skip_checks` (or input skip-checks) may name; kept in step with src/promote/settings.ts. */
export const SKIPPABLE_PRECONDITIONS = ['rc-prerelease', 'commit-checks', 'soak', 'newer-rc'] as const;

/** `promote:` — defaults for rc-to-ga / `release-ops promote`; action inputs override each key (zod/mini: see mini.ts). */
export const promote = z.strictObject({
  strategy: z._default(z.enum(['new-release', 'edit-release']), 'new-release').check(
    z.meta({
      description:
        'new-release: a GA tag and release copying the RC; edit-release: the RC release edited in place',
    }),
  ),
  min_soak: z
    ._default(duration({ min: 0 }), 0)
    .check(z.meta({ description: 'The RC must be at least this old (the release runbook: 24h)' })),
  skip_checks: z
    ._default(z.union([z.boolean(), z.array(z.enum(SKIPPABLE_PRECONDITIONS)).check(z.minLength(1))]), false)
    .check(
      z.meta({
        description:
          'Preconditions to skip: false (none), true (every skippable one), or a list of rc-prerelease, commit-checks, soak, newer-rc. rc-release and ga-tag cannot be skipped.',
      }),
    ),
  ignore_checks: z
    ._default(z.array(z.string().check(z.minLength(1))), [])
    .check(z.meta({ description: 'Check-run names or status contexts that commit-checks does not count' })),
  allow_no_checks: z
    ._default(z.boolean(), false)
    .check(z.meta({ description: 'commit-checks passes when the RC commit has no checks at all' })),
  floating_tags: z
    ._default(z.boolean(), false)
    .check(z.meta({ description: 'Move v1 and v1.0 to the GA commit' })),
  generate_notes: z
    ._default(z.boolean(), false)
    .check(
      z.meta({ description: "Append GitHub's generated notes since the previous GA to the RC's notes" }),
    ),
  name: z
    .optional(z.string().check(z.minLength(1)))
    .check(z.meta({ description: 'GA release title; {tag} is the GA tag (default: the tag)' })),
});

export type PromoteConfig = z.output<typeof promote>;
