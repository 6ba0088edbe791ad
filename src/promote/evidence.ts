/**
 * The promotion's evidence: the shared envelope (who ran it, on which build, the journal with every
 * write and its arguments) around what the promotion found — the preconditions, the assets with their
 * sha256, the GA release, what an earlier run had left. A dry run writes no file: it says which file
 * a run would write.
 */
import path from 'node:path';
import type { Context } from '../commands/types.js';
import { evidenceEnvelope, runFactsOf, type Evidence, type RunFacts } from '../evidence/envelope.js';
import type { RolledBackMark } from '../ledger/marks.js';
import { recordEvidenceFile } from '../shared/evidence-file.js';
import { resultLine, type EvidenceNote } from './report.js';
import type { Promotion } from './run.js';
import { settingsEvidence, type PromoteSettings } from './settings.js';

export const EVIDENCE_PREFIX = 'promote_report';

/** The evidence of one promotion; `error` when it stopped on one (then the result is `failed`). */
export function promoteEvidence(p: Promotion, s: PromoteSettings, run: RunFacts, error?: string): Evidence {
  const build = s.custody?.build;
  return evidenceEnvelope({
    command: 'promote',
    run,
    startedAt: p.startedAt,
    endedAt: p.endedAt ?? p.startedAt,
    dryRun: s.dryRun,
    build: { tag: p.rcTag || build?.tag, sha: p.rcCommit ?? (build?.sha || null) },
    result: error === undefined ? p.outcome : 'failed',
    reason: error ?? resultLine(p),
    settings: settingsEvidence(s),
    journal: p.journal.entries,
    details: {
      strategy: p.strategy,
      rc_tag: p.rcTag,
      ga_tag: p.gaTag,
      release_tag: p.releaseTag,
      rc_commit: p.rcCommit,
      preconditions: p.preconditions.map((c) => ({ ...c })),
      assets: p.assets.map((a) => ({ ...a })),
      release: p.release,
      changed: p.changed,
      recovered: p.recovered,
      notes: p.notes,
      previous_stable: p.previousStable,
      rolled_back_mark: markEvidence(s.custody?.mark ?? null),
    },
  });
}

function markEvidence(m: RolledBackMark | null): Record<string, unknown> | null {
  if (!m) return null;
  return {
    tag: m.tag,
    sha: m.sha || null,
    at: m.at,
    reason: m.reason,
    restored: m.restored,
    incident_url: m.incidentUrl,
  };
}

/**
 * Writes the evidence file (redacted) and says where; in a dry run writes nothing and says where a
 * run would write. A file that cannot be written is a warning (the promotion's outcome stands).
 */
export async function recordEvidence(
  ctx: Context,
  p: Promotion,
  s: PromoteSettings,
  error?: string,
): Promise<EvidenceNote> {
  return recordEvidenceFile(ctx, {
    dir: s.evidenceDir ?? path.resolve(ctx.cwd, 'artifacts'),
    prefix: EVIDENCE_PREFIX,
    dryRun: s.dryRun,
    data: () => promoteEvidence(p, s, runFactsOf(ctx.run), error),
  });
}
