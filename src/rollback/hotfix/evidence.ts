/**
 * The hotfix runbook's evidence: the shared envelope around the production tag, the hotfix version and
 * the branch. A dry run writes no file: it says which file a run would write.
 */
import type { Context } from '../../commands/types.js';
import { evidenceEnvelope, runFactsOf, type Evidence, type RunFacts } from '../../evidence/envelope.js';
import { recordEvidenceFile } from '../../shared/evidence-file.js';
import { evidenceDir, type EvidenceNote } from '../evidence.js';
import type { HotfixResult } from './run.js';
import type { HotfixSettings } from './settings.js';

export const HOTFIX_EVIDENCE_PREFIX = 'hotfix_report';

export function hotfixEvidence(s: HotfixSettings, r: HotfixResult, run: RunFacts): Evidence {
  return evidenceEnvelope({
    command: 'hotfix',
    run,
    startedAt: r.startedAt,
    endedAt: r.endedAt,
    dryRun: s.dryRun,
    build: { tag: r.plan?.fromTag, sha: r.sha },
    result: r.result,
    reason: r.message,
    settings: { from: s.from ?? null, environment: s.environment, dry_run: s.dryRun },
    journal: r.journal,
    details: {
      from_tag: r.plan?.fromTag ?? null,
      sha: r.sha ?? null,
      version: r.plan?.version ?? null,
      tag: r.plan?.tag ?? null,
      branch: r.plan?.branch ?? null,
    },
  });
}

/** Writes the evidence (not in a dry run, and not when nothing was created without a token). */
export async function recordHotfixEvidence(
  ctx: Context,
  s: HotfixSettings,
  r: HotfixResult,
): Promise<EvidenceNote> {
  if (!s.dryRun && r.result === 'not-created') return null;
  return recordEvidenceFile(ctx, {
    dir: evidenceDir(ctx),
    prefix: HOTFIX_EVIDENCE_PREFIX,
    dryRun: s.dryRun,
    data: () => hotfixEvidence(s, r, runFactsOf(ctx.run)),
  });
}
