/**
 * A snapshot of the status as evidence (`status_report_<UTC>.json`): the shared envelope around what
 * is live where and the releases, with the version lines as a list (`name: "1.1"`) so every key is
 * ours. Written only when a directory is named for it (input artifacts-dir or OPS_ARTIFACTS_DIR).
 */
import type { Context } from '../commands/types.js';
import { evidenceEnvelope, runFactsOf, type Evidence, type RunFacts } from '../evidence/envelope.js';
import { writeEvidence } from '../evidence/write.js';
import type { StatusRun } from './run.js';
import type { StatusSettings } from './settings.js';

export const EVIDENCE_PREFIX = 'status_report';

export function statusEvidence(run: StatusRun, s: StatusSettings, facts: RunFacts): Evidence {
  const { environments, releases } = run.status;
  // one environment asked for: its live build is the build the snapshot is about
  const one = s.environment !== undefined ? environments[0] : undefined;
  const live = environments.filter((e) => e.tag !== null).length;
  return evidenceEnvelope({
    command: 'status',
    run: facts,
    startedAt: run.startedAt,
    endedAt: run.endedAt,
    dryRun: false,
    build: { tag: one?.tag ?? null, sha: one?.sha ?? null },
    result: 'read',
    reason: `${live} of ${environments.length} environment${environments.length === 1 ? '' : 's'} with a live build; latest GA ${releases.latest?.tag ?? 'none'}; ${releases.rolled_back.length} build${releases.rolled_back.length === 1 ? '' : 's'} marked rolled back`,
    settings: { environment: s.environment ?? null, incident_label: s.incidentLabel },
    journal: run.journal.entries,
    details: {
      environments,
      releases: {
        latest: releases.latest,
        newest_rc: Object.entries(releases.newest_rc).map(([name, r]) => ({ name, ...r })),
        rolled_back: releases.rolled_back,
      },
    },
  });
}

/** Writes the snapshot (redacted) when a directory is named for it; returns its path, else ''. */
export async function recordEvidence(ctx: Context, run: StatusRun, s: StatusSettings): Promise<string> {
  if (!s.evidenceDir) return '';
  const file = await writeEvidence(ctx, {
    dir: s.evidenceDir,
    prefix: EVIDENCE_PREFIX,
    data: statusEvidence(run, s, runFactsOf(ctx.run)),
  });
  if (file) ctx.logger.info(`evidence: ${file}`);
  return file;
}
