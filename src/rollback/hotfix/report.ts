/** The hotfix runbook's report: the production tag, the hotfix version, the branch, the evidence. Pure. */
import type { ReportDoc } from '../../report/doc.js';
import type { EvidenceNote } from '../evidence.js';
import type { HotfixResult } from './run.js';

const RESULT: Record<HotfixResult['result'], { value: string; ok: boolean | null }> = {
  created: { value: 'branch ready', ok: true },
  already: { value: 'branch ready', ok: true },
  'dry-run': { value: 'dry-run', ok: null },
  'not-created': { value: 'not created', ok: false },
};

export function hotfixReport(
  r: HotfixResult,
  opts: { evidence?: EvidenceNote; cwdRelative?: (p: string) => string } = {},
): ReportDoc {
  const rel = opts.cwdRelative ?? ((p: string) => p);
  const rows: string[][] = [];
  if (r.plan) {
    rows.push(['production tag', `${r.plan.fromTag}${r.sha ? ` (${r.sha.slice(0, 12)})` : ''}`]);
    rows.push(['hotfix version', `${r.plan.version} (release it as ${r.plan.tag})`]);
    rows.push(['branch', `${r.plan.branch}: ${r.message}`]);
  }
  const ev = opts.evidence;
  if (ev && 'written' in ev) rows.push(['evidence', rel(ev.written)]);
  if (ev && 'wouldWrite' in ev)
    rows.push(['evidence', `none (dry run); a run would write ${rel(ev.wouldWrite)}`]);
  const result = RESULT[r.result];
  return {
    title: `hotfix: ${r.plan?.branch ?? 'no branch'}`,
    blocks: [
      { kind: 'table', headers: ['', ''], rows },
      { kind: 'result', label: 'Result', value: result.value, ok: result.ok },
    ],
  };
}
