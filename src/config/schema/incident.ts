/**
 * `rollback.incident`: how an incident is opened (its labels, severity and impact). The promotion, the
 * canary and status read its labels (a build marked rolled back, open incidents) without the rest of
 * rollback:, whose verification and watch carry the metric providers: for them the part alone is
 * checked (configSchemaFor with 'rollback.incident'). Built with zod/mini (see mini.ts).
 */
import * as z from 'zod/mini';

/** The release and incident flow's severity matrix. */
export const severity = z.enum(['critical', 'high', 'medium', 'low']);

export const incident = z._default(
  z.strictObject({
    labels: z._default(z.array(z.string().check(z.minLength(1))).check(z.minLength(1)), ['incident']),
    severity: z._default(severity, 'high'),
    impact: z.optional(z.string()).check(
      z.meta({
        description: 'Tenant/store/user impact, for the incident record (input impact overrides it)',
      }),
    ),
  }),
  { labels: ['incident'], severity: 'high' },
);

/** rollback: with only its incident checked: its other keys are another command's to check, left out. */
export const rollbackIncident = z.object({ incident });

export type IncidentConfig = z.output<typeof incident>;
