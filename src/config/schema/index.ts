import * as z from 'zod';
import { canary } from './canary.js';
import { gate } from './gate.js';
import { promote } from './promote.js';
import { rollback } from './rollback.js';

/** The whole `.github/release-ops.yml`. Each section is optional; the action that needs it says so. */
export const configSchema = z
  .strictObject({
    version: z.literal(1).optional().meta({ description: 'Config format version (1)' }),
    secret_vars: z
      .array(z.string().regex(/^[A-Za-z_][A-Za-z0-9_]*$/))
      .optional()
      .meta({
        description:
          'Environment variables whose values are secrets wherever ${VAR} expands them (masked in logs, reports and evidence). Values expanded into credential headers (Authorization, Cookie, X-Api-Key, …) and variables named like credentials (*TOKEN*, *SECRET*, *PASSWORD*, *KEY*, …) are secrets without being listed',
      }),
    public_vars: z
      .array(z.string().regex(/^[A-Za-z_][A-Za-z0-9_]*$/))
      .optional()
      .meta({
        description:
          'Environment variables whose values are never masked, even when named like a credential (AUTH_SERVICE_URL): hostnames and paths stay readable in reports. A value expanded into a credential header is masked all the same; a variable cannot be both secret and public',
      }),
    gate: gate.optional(),
    canary: canary.optional(),
    promote: promote.optional(),
    rollback: rollback.optional(),
  })
  .superRefine((c, ctx) => {
    const secret = new Set(c.secret_vars ?? []);
    (c.public_vars ?? []).forEach((name, i) => {
      if (secret.has(name))
        ctx.addIssue({
          code: 'custom',
          path: ['public_vars', i],
          message: `${name} is listed in secret_vars too: a variable is either secret or public`,
        });
    });
  })
  .meta({
    title: 'release-ops configuration',
    description: 'https://github.com/OWNER/release-ops/blob/main/docs/config.md',
  });

export type Config = z.output<typeof configSchema>;
export type { CheckConfig, GateConfig } from './gate.js';
export type { CanaryConfig } from './canary.js';
export type { PromoteConfig } from './promote.js';
export type { RollbackConfig } from './rollback.js';
export type { AnalysisConfig, MetricConfig } from './analysis.js';

export function jsonSchema(): object {
  return z.toJSONSchema(configSchema, { io: 'input', unrepresentable: 'any', target: 'draft-2020-12' });
}
