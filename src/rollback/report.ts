/**
 * The rollback's report (job summary, terminal), rendered from its result and journal: the facts, the
 * plan (a dry run's `planned` entries, each line `DRY-RUN …`), the steps, the decisions, the watch and
 * verification measurements, the evidence file. Free text (reason, impact) is shown on one line with
 * no markers, mentions or links. Pure.
 */
import { describeMeasurement } from '../analysis/runner.js';
import { sparkline } from '../analysis/sparkline.js';
import type { AnalysisResult } from '../analysis/types.js';
import type { JournalEntry } from '../journal/journal.js';
import type { Block, ReportDoc } from '../report/doc.js';
import { oneLine } from './banner.js';
import type { EvidenceNote } from './evidence.js';
import { SEVERITY_MATRIX } from './incident.js';
import type { RollbackSettings } from './settings.js';
import { FAILING_RESULTS, type RollbackResult } from './types.js';

const STATUS: Record<string, string> = {
  done: '✅ done',
  already: '✅ already',
  skipped: '➖ skipped',
  failed: '❌ failed',
  planned: '📝 planned',
};

const utc = (ms: number) => new Date(ms).toISOString().slice(11, 19);

export function rollbackReport(
  s: RollbackSettings,
  r: RollbackResult,
  opts: { evidence?: EvidenceNote; cwdRelative?: (p: string) => string } = {},
): ReportDoc {
  const blocks: Block[] = [{ kind: 'table', headers: ['', ''], rows: facts(s, r) }];
  blocks.push(...planBlocks(r.journal), ...stepBlocks(r.journal), ...decisionBlocks(r.journal));
  blocks.push(...analysisBlocks('Watch', r.watch), ...analysisBlocks('Verification', r.verify));
  const ev = opts.evidence;
  const rel = opts.cwdRelative ?? ((p: string) => p);
  if (ev && 'written' in ev) blocks.push({ kind: 'text', text: `Evidence: \`${rel(ev.written)}\`` });
  if (ev && 'wouldWrite' in ev)
    blocks.push({
      kind: 'text',
      text: `Evidence: none (dry run); a run would write \`${rel(ev.wouldWrite)}\``,
    });
  blocks.push({ kind: 'text', text: r.message });
  blocks.push({
    kind: 'result',
    label: 'Result',
    value: r.result,
    ok: FAILING_RESULTS.includes(r.result) ? false : r.result === 'dry-run' ? null : true,
  });
  const title =
    r.fromTag && r.toTag
      ? `auto-rollback: ${r.fromTag} → ${r.toTag}`
      : `auto-rollback${r.fromTag ? `: ${r.fromTag}` : ''}`;
  return { title, blocks };
}

function facts(s: RollbackSettings, r: RollbackResult): string[][] {
  const rows: string[][] = [];
  if (r.fromTag) rows.push(['rolled back', r.fromTag]);
  if (r.toTag) rows.push(['restored', `${r.toTag}${r.targetKind ? ` (${r.targetKind})` : ''}`]);
  if (r.reason) rows.push(['reason', oneLine(r.reason, 500)]);
  if (r.impact) rows.push(['impact', oneLine(r.impact, 500)]);
  const m = SEVERITY_MATRIX[r.severity];
  const from =
    r.severitySource.kind === 'trigger'
      ? ` (the severity matrix for trigger ${r.severitySource.trigger})`
      : r.severitySource.kind === 'input'
        ? ' (input severity)'
        : '';
  rows.push(['severity', `${r.severity}${from}: ${m.action}, respond ${m.response}`]);
  const since = r.deployedSince
    ? `, first deployed ${r.deployedSince.replace('T', ' ').slice(0, 19)} UTC`
    : '';
  rows.push([
    'mode',
    `${r.mode}${r.hypercareWindow ? ` (hypercare window ${r.hypercareWindow}${since})` : ''}`,
  ]);
  rows.push(['environment', s.environment]);
  rows.push(['strategy', s.strategy]);
  if (r.incidentUrl) rows.push(['incident', r.incidentUrl]);
  if (s.run.url) rows.push(['run', s.run.url]);
  if (r.revertPrUrl) rows.push(['revert pull request', r.revertPrUrl]);
  if (r.hotfix) rows.push(['hotfix branch', `${r.hotfix.branch} (version ${r.hotfix.version})`]);
  return rows;
}

/** A dry run's plan: every write and program it would make, in order, with its arguments. */
function planBlocks(journal: readonly JournalEntry[]): Block[] {
  const planned = journal.filter((e) => e.status === 'planned');
  if (!planned.length) return [];
  const lines = planned.flatMap((e) => [
    `DRY-RUN ${e.detail}`,
    ...(Array.isArray(e.data?.lines) ? e.data.lines.map((l) => `  - ${String(l)}`) : []),
  ]);
  return [
    { kind: 'heading', text: 'Plan (dry run: nothing was changed)', level: 3 },
    { kind: 'code', text: lines.join('\n') },
  ];
}

function stepBlocks(journal: readonly JournalEntry[]): Block[] {
  const steps = journal.filter((e) => e.kind !== 'decision' && e.status !== 'planned');
  if (!steps.length) return [];
  return [
    { kind: 'heading', text: 'Steps', level: 3 },
    {
      kind: 'table',
      headers: ['step', 'status', 'time (UTC)', 'detail'],
      rows: steps.map((e) => [e.name, STATUS[e.status] ?? e.status, utc(e.at), oneLine(e.detail, 1000)]),
    },
  ];
}

function decisionBlocks(journal: readonly JournalEntry[]): Block[] {
  const decisions = journal.filter((e) => e.kind === 'decision');
  if (!decisions.length) return [];
  return [
    { kind: 'heading', text: 'Decisions', level: 3 },
    { kind: 'list', items: decisions.map((d) => `${utc(d.at)} **${d.name}**: ${oneLine(d.detail, 1000)}`) },
  ];
}

function analysisBlocks(title: string, r: AnalysisResult | undefined): Block[] {
  if (!r) return [];
  const byMetric = new Map<string, AnalysisResult['measurements']>();
  for (const m of r.measurements) byMetric.set(m.metric, [...(byMetric.get(m.metric) ?? []), m]);
  const rows = [...byMetric.entries()].map(([metric, ms]) => {
    const key = ms[0]?.conditions[0]?.value;
    const values = key ? ms.map((m) => m.values[key]) : [];
    const last = ms[ms.length - 1]!;
    return [
      metric,
      ms.map((m) => ({ successful: '✓', failed: '✗', inconclusive: '?', error: '!' })[m.phase]).join(''),
      key ? `${key} ${sparkline(values)}` : '',
      describeMeasurement(last),
    ];
  });
  return [
    { kind: 'heading', text: title, level: 3 },
    { kind: 'text', text: `${r.decision}: ${r.reason} (${r.ticks} measurements)` },
    ...(rows.length
      ? [{ kind: 'table' as const, headers: ['metric', 'measurements', 'trend', 'last'], rows }]
      : []),
  ];
}
