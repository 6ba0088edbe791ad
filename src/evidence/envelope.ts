/**
 * One evidence schema for every command. Each evidence file is an envelope — who ran what, on which
 * build, with which tool, what it decided, and the journal of the run — around the command's own
 * `details`. Keys are snake_case throughout; maps keyed by user-chosen names (metrics, checks) are
 * written as arrays of objects with a `name`, so every key in a file is ours.
 *
 * `release-ops schema --evidence` prints the JSON Schema; tests validate every command's file against
 * it. The schema is zod/mini's: every run writes evidence, and this module is loaded at its start.
 */
import * as z from 'zod/mini';
import { journalEvidence, type JournalEntry } from '../journal/journal.js';
import '../config/schema/locale.js';
import { TOOL_VERSION } from '../version.js';

export const EVIDENCE_SCHEMA_ID = 'release-ops/evidence@2';

export type EvidenceCommand = 'gate' | 'canary' | 'promote' | 'rollback' | 'hotfix' | 'status';

/** Who ran it and where: from the workflow's environment (GITHUB_ACTOR, the run URL), or null locally. */
export interface RunFacts {
  actor: string | null;
  url: string | null;
  id: string | null;
  repository: string | null;
}

/** The run facts from what the runner provides (a Context's `run`): null for each one it does not. */
export function runFactsOf(run: {
  actor?: string;
  runUrl?: string;
  runId?: string;
  repository?: string;
}): RunFacts {
  return {
    actor: run.actor ?? null,
    url: run.runUrl ?? null,
    id: run.runId ?? null,
    repository: run.repository ?? null,
  };
}

const nullableString = z.nullable(z.string());
const snakeKey = /^[a-z][a-z0-9_]*$/;

const journalEntrySchema = z.object({
  kind: z.enum(['step', 'decision', 'effect']),
  name: z.string(),
  status: z.enum(['done', 'already', 'skipped', 'planned', 'failed']),
  detail: z.string(),
  at: z.string(),
  duration_ms: z.number().check(z.int(), z.gte(0)),
  step: z.optional(z.number().check(z.int(), z.gt(0))),
  data: z.optional(z.record(z.string(), z.unknown())),
});

export const evidenceSchema = z.object({
  schema: z.literal(EVIDENCE_SCHEMA_ID),
  tool: z.object({ name: z.literal('release-ops'), version: z.string() }),
  command: z.enum(['gate', 'canary', 'promote', 'rollback', 'hotfix', 'status']),
  run: z.object({
    actor: nullableString,
    url: nullableString,
    id: nullableString,
    repository: nullableString,
    started_at: z.string(),
    ended_at: z.string(),
    dry_run: z.boolean(),
  }),
  build: z.object({ tag: nullableString, sha: nullableString }),
  result: z.string(),
  reason: z.string(),
  settings: z.record(z.string(), z.unknown()),
  journal: z.array(journalEntrySchema),
  details: z.record(z.string(), z.unknown()),
});

export type Evidence = z.infer<typeof evidenceSchema>;

export interface EnvelopeInput {
  command: EvidenceCommand;
  run: RunFacts;
  startedAt: number;
  endedAt: number;
  dryRun: boolean;
  build: { tag?: string | null; sha?: string | null };
  result: string;
  reason: string;
  settings: Record<string, unknown>;
  journal: readonly JournalEntry[];
  details: Record<string, unknown>;
}

/** The evidence file's content for one run (before redaction, which writeEvidence applies). */
export function evidenceEnvelope(e: EnvelopeInput): Evidence {
  return {
    schema: EVIDENCE_SCHEMA_ID,
    tool: { name: 'release-ops', version: TOOL_VERSION },
    command: e.command,
    run: {
      ...e.run,
      started_at: new Date(e.startedAt).toISOString(),
      ended_at: new Date(e.endedAt).toISOString(),
      dry_run: e.dryRun,
    },
    build: { tag: e.build.tag ?? null, sha: e.build.sha ?? null },
    result: e.result,
    reason: e.reason,
    settings: e.settings,
    journal: journalEvidence(e.journal),
    details: e.details,
  };
}

/** The JSON Schema of an evidence file, as `release-ops schema --evidence` prints it. */
export function evidenceJsonSchema(): unknown {
  return { $id: EVIDENCE_SCHEMA_ID, ...z.toJSONSchema(evidenceSchema) };
}

/**
 * The problems of an evidence object: its shape against the schema, and every key that is not
 * snake_case (the path of each). Empty when it is valid.
 */
export function evidenceProblems(value: unknown): string[] {
  const parsed = evidenceSchema.safeParse(value);
  const problems = parsed.success
    ? []
    : parsed.error.issues.map((i) => `${i.path.join('.') || '(root)'}: ${i.message}`);
  const walk = (v: unknown, at: string) => {
    if (Array.isArray(v)) v.forEach((x, i) => walk(x, `${at}[${i}]`));
    else if (v && typeof v === 'object')
      for (const [k, x] of Object.entries(v)) {
        if (!snakeKey.test(k)) problems.push(`${at ? `${at}.` : ''}${k}: not a snake_case key`);
        walk(x, at ? `${at}.${k}` : k);
      }
  };
  walk(value, '');
  return problems;
}
