import * as z from 'zod/mini';
import type { $ZodType } from 'zod/v4/core';
import { resolveMetricRefs } from './metric-refs.js';
import type { canary } from './canary.js';
import type { gate } from './gate.js';
import type { promote } from './promote.js';
import type { rollback } from './rollback.js';

/** The sections of the config file, one per runbook. */
export const CONFIG_SECTIONS = ['gate', 'canary', 'promote', 'rollback'] as const;
export type ConfigSection = (typeof CONFIG_SECTIONS)[number];

/**
 * Parts of a section a command may read without the rest: `rollback.incident` (its labels) is checked
 * alone, and rollback: then holds only it (see incident.ts).
 */
export const CONFIG_PARTS = ['rollback.incident'] as const;
export type ConfigPart = (typeof CONFIG_PARTS)[number];
/** What a command reads of the config: whole sections, or parts of them. */
export type ConfigRead = ConfigSection | ConfigPart;

/** The schema of each section, as its module exports it. */
export interface SectionSchemas {
  gate: typeof gate;
  canary: typeof canary;
  promote: typeof promote;
  rollback: typeof rollback;
}

/**
 * The whole `.github/release-ops.yml` around the given section schemas: the keys outside the sections
 * live here, so the full schema (schema/index.ts) and one built for some sections only
 * (configSchemaFor) cannot differ on them. Each section is optional; the action that needs it says so.
 */
export function configObject<
  G extends $ZodType,
  C extends $ZodType,
  P extends $ZodType,
  R extends $ZodType,
  M extends $ZodType = z.ZodMiniUnknown,
>(sections: { gate: G; canary: C; promote: P; rollback: R }, metrics: M = z.unknown() as $ZodType as M) {
  // named metrics: references in analyses are replaced by the metrics they name before the checks
  return z.pipe(z.transform(resolveMetricRefs), configShape(sections, metrics));
}

function configShape<
  G extends $ZodType,
  C extends $ZodType,
  P extends $ZodType,
  R extends $ZodType,
  M extends $ZodType,
>(sections: { gate: G; canary: C; promote: P; rollback: R }, metrics: M) {
  const varNames = z.array(z.string().check(z.regex(/^[A-Za-z_][A-Za-z0-9_]*$/)));
  return z
    .strictObject({
      version: z.optional(z.literal(1)).check(z.meta({ description: 'Config format version (1)' })),
      secret_vars: z.optional(varNames).check(
        z.meta({
          description:
            'Environment variables whose values are secrets wherever ${VAR} expands them (masked in logs, reports and evidence). Values expanded into credential headers (Authorization, Cookie, X-Api-Key, …) and variables named like credentials (*TOKEN*, *SECRET*, *PASSWORD*, *KEY*, …) are secrets without being listed',
        }),
      ),
      public_vars: z.optional(varNames).check(
        z.meta({
          description:
            'Environment variables whose values are never masked, even when named like a credential (AUTH_SERVICE_URL): hostnames and paths stay readable in reports. A value expanded into a credential header is masked all the same; a variable cannot be both secret and public',
        }),
      ),
      metrics: z.optional(metrics),
      gate: z.optional(sections.gate),
      canary: z.optional(sections.canary),
      promote: z.optional(sections.promote),
      rollback: z.optional(sections.rollback),
    })
    .check(
      z.superRefine((c, ctx) => {
        const secret = new Set(c.secret_vars ?? []);
        (c.public_vars ?? []).forEach((name, i) => {
          if (secret.has(name))
            ctx.addIssue({
              code: 'custom',
              path: ['public_vars', i],
              message: `${name} is listed in secret_vars too: a variable is either secret or public`,
            });
        });
      }),
      z.meta({
        title: 'release-ops configuration',
        description: 'https://github.com/OWNER/release-ops/blob/main/docs/config.md',
      }),
    );
}

/**
 * Each section's schema, imported when first asked for: building a section's schema (zod objects for
 * every key, and for canary and rollback every metric provider) is a good part of a run's start-up, so
 * a command that reads only its own section builds only that one (bench startup).
 */
const LOADERS: { [K in ConfigSection]: () => Promise<SectionSchemas[K]> } = {
  gate: async () => (await import('./gate.js')).gate,
  canary: async () => (await import('./canary.js')).canary,
  promote: async () => (await import('./promote.js')).promote,
  rollback: async () => (await import('./rollback.js')).rollback,
};

/** The sections that use the top-level metrics: map (named metrics). */
const USE_METRICS: readonly ConfigSection[] = ['canary', 'rollback'];

/** The schema of a section when only some of its parts are read: rollback.incident. */
async function partsSchema(section: ConfigSection, reads: readonly ConfigRead[]): Promise<$ZodType | null> {
  if (section === 'rollback' && reads.includes('rollback.incident'))
    return (await import('./incident.js')).rollbackIncident;
  return null;
}

/**
 * The schema of the whole file with the given sections checked in full, and the given parts of others
 * (rollback.incident); the others are accepted as they are, and so is metrics: when no section that
 * uses it is checked (see uncheckedKeys). Keys outside the sections and unknown top-level keys are
 * checked the same as by the full schema.
 */
export async function configSchemaFor(reads: readonly ConfigRead[]) {
  // One after another: jest's module loader fails on concurrent imports that share a dependency.
  const schemas: Partial<Record<ConfigSection, $ZodType>> = {};
  for (const s of CONFIG_SECTIONS)
    schemas[s] = reads.includes(s) ? await LOADERS[s]() : ((await partsSchema(s, reads)) ?? z.unknown());
  const { gate, canary, promote, rollback } = schemas;
  // the top-level metrics: map is checked with the sections that use it
  const metrics = reads.some((s) => USE_METRICS.includes(s as ConfigSection))
    ? (await import('./analysis.js')).namedMetrics
    : z.unknown();
  return configObject({ gate: gate!, canary: canary!, promote: promote!, rollback: rollback! }, metrics);
}

/** The top-level keys configSchemaFor(reads) accepts unchecked: left out of the loaded config. */
export function uncheckedKeys(reads: readonly ConfigRead[]): string[] {
  const keys: string[] = CONFIG_SECTIONS.filter(
    (s) => !reads.includes(s) && !reads.some((r) => r.startsWith(`${s}.`)),
  );
  if (!reads.some((s) => USE_METRICS.includes(s as ConfigSection))) keys.push('metrics');
  return keys;
}
