/**
 * The rollback's evidence: the shared envelope (who ran it, on which build, the journal with every
 * step, decision and write) around what the rollback found and did — from, to, reason, severity and
 * where it came from, the hypercare window, the incident, every watch and verification measurement,
 * the timings. Snake_case throughout; the severity matrix per trigger is written as a list of
 * `{ name, severity }`. A dry run writes no file: it says which file a run would write.
 */
import path from 'node:path';
import { analysisEvidence, analysisSpecEvidence } from '../analysis/evidence.js';
import type { Context } from '../commands/types.js';
import { evidenceEnvelope, runFactsOf, type Evidence, type RunFacts } from '../evidence/envelope.js';
import { artifactsDir } from '../evidence/write.js';
import { recordEvidenceFile, type EvidenceNote } from '../shared/evidence-file.js';
import type { RollbackSettings } from './settings.js';
import type { RollbackResult } from './types.js';

export const EVIDENCE_PREFIX = 'rollback_report';

export function rollbackEvidence(s: RollbackSettings, r: RollbackResult, run: RunFacts): Evidence {
  return evidenceEnvelope({
    command: 'rollback',
    run,
    startedAt: Date.parse(r.timings.startedAt),
    endedAt: Date.parse(r.timings.endedAt ?? r.timings.startedAt),
    dryRun: s.dryRun,
    build: { tag: r.fromTag, sha: r.fromSha },
    result: r.result,
    reason: r.message,
    settings: settingsEvidence(s),
    journal: r.journal,
    details: {
      mode: r.mode,
      from_tag: r.fromTag ?? null,
      to_tag: r.toTag ?? null,
      target_kind: r.targetKind ?? null,
      reason: r.reason ?? null,
      impact: r.impact ?? null,
      severity: r.severity,
      severity_source: r.severitySource.kind,
      trigger: r.severitySource.kind === 'trigger' ? r.severitySource.trigger : null,
      hypercare_window: r.hypercareWindow ?? null,
      deployed_since: r.deployedSince ?? null,
      incident_url: r.incidentUrl ?? null,
      revert_pr_url: r.revertPrUrl ?? null,
      hotfix: r.hotfix ?? null,
      watch: r.watch ? analysisEvidence(r.watch) : null,
      verify: r.verify ? analysisEvidence(r.verify) : null,
      timings: {
        started_at: r.timings.startedAt,
        triggered_at: r.timings.triggeredAt ?? null,
        health_restored_at: r.timings.healthRestoredAt ?? null,
        program_ms: r.timings.programMs ?? null,
        verify_ms: r.timings.verifyMs ?? null,
        total_ms: r.timings.totalMs,
      },
    },
  });
}

export function settingsEvidence(s: RollbackSettings): Record<string, unknown> {
  return {
    mode: s.mode,
    from: s.from ?? null,
    to: s.to ?? null,
    environment: s.environment,
    strategy: s.strategy,
    severity: s.severity,
    severity_from_input: s.severityFromInput,
    severity_by_trigger: Object.entries(s.triggerSeverity).map(([name, severity]) => ({ name, severity })),
    dry_run: s.dryRun,
    hotfix: s.hotfix,
    webhook: s.webhookUrl ? 'set (masked)' : null,
    hypercare_window: s.hypercareWindow ?? null,
    hypercare_windows_ms: s.hypercareWindowsMs,
    program: s.program ? { argv: s.program.argv, timeout_ms: s.program.timeoutMs } : null,
    lock_ttl_ms: s.lockTtlMs,
    stale_after_ms: s.staleAfterMs,
    incident: { labels: s.incident.labels, impact: s.incident.impact ?? null },
    watch: analysisSpecEvidence(s.watch),
    verify: analysisSpecEvidence(s.verify),
  };
}

export type { EvidenceNote } from '../shared/evidence-file.js';

/** The evidence directory of the rollback and hotfix runbooks: artifacts-dir, resolved from the workspace. */
export function evidenceDir(ctx: Context): string {
  return path.resolve(ctx.cwd, artifactsDir(ctx.env, ctx.inputs.string('artifacts-dir')));
}

/**
 * Writes the evidence file (redacted) and says where; a dry run writes nothing and says where a run
 * would write. A file that cannot be written is a warning (the rollback's outcome stands).
 */
export function recordRollbackEvidence(
  ctx: Context,
  s: RollbackSettings,
  r: RollbackResult,
): Promise<EvidenceNote> {
  return recordEvidenceFile(ctx, {
    dir: evidenceDir(ctx),
    prefix: EVIDENCE_PREFIX,
    dryRun: s.dryRun,
    data: () => rollbackEvidence(s, r, runFactsOf(ctx.run)),
  });
}
