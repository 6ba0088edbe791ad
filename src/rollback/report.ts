/**
 * Rendering a rollback: the evidence object (`rollback_report_<UTC>.json`: settings, every step,
 * every measurement and decision, timings) and the report document (job summary / terminal). Pure.
 */
import { analysisEvidence } from '../analysis/evidence.js';
import { describeMeasurement } from '../analysis/runner.js';
import { sparkline } from '../analysis/sparkline.js';
import type { AnalysisResult, AnalysisSpec } from '../analysis/types.js';
import type { Block, ReportDoc } from '../report/doc.js';
import { SEVERITY_MATRIX } from './incident.js';
import { FAILING_RESULTS, type RollbackResult, type RollbackSettings } from './types.js';

function specEvidence(a: AnalysisSpec | undefined) {
  if (!a) return null;
  return {
    interval_ms: a.intervalMs,
    window_ms: a.windowMs,
    metrics: a.metrics.map((m) => ({
      name: m.name,
      provider: m.provider,
      conditions: m.conditions.map((c) => c.text),
      limits: m.limits,
    })),
  };
}

export function rollbackEvidence(s: RollbackSettings, r: RollbackResult): object {
  return {
    kind: 'rollback',
    result: r.result,
    message: r.message,
    mode: r.mode,
    from_tag: r.fromTag ?? null,
    to_tag: r.toTag ?? null,
    target_kind: r.targetKind ?? null,
    reason: r.reason ?? null,
    severity: r.severity,
    hypercare_window: r.hypercareWindow ?? null,
    incident_url: r.incidentUrl ?? null,
    revert_pr_url: r.revertPrUrl ?? null,
    hotfix: r.hotfix ?? null,
    settings: {
      mode: s.mode,
      from: s.from ?? null,
      to: s.to ?? null,
      environment: s.environment,
      strategy: s.strategy,
      dry_run: s.dryRun,
      hotfix: s.hotfix,
      webhook: s.webhookUrl ? 'set (masked)' : null,
      program: s.program ? { argv: s.program.argv, timeout_ms: s.program.timeoutMs } : null,
      lock_ttl_ms: s.lockTtlMs,
      incident_labels: s.incident.labels,
      watch: specEvidence(s.watch),
      verify: specEvidence(s.verify),
      run: s.run,
    },
    steps: r.steps.map((st) => ({
      step: st.step,
      status: st.status,
      detail: st.detail,
      started_at: st.startedAt,
      duration_ms: st.durationMs,
    })),
    plan: r.plan,
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
  };
}

const STATUS: Record<string, string> = {
  done: '✅ done',
  already: '✅ already',
  skipped: '➖ skipped',
  failed: '❌ failed',
  planned: '📝 planned',
};

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

export function rollbackReport(
  s: RollbackSettings,
  r: RollbackResult,
  opts: { evidencePath?: string } = {},
): ReportDoc {
  const blocks: Block[] = [];
  const facts: string[][] = [];
  if (r.fromTag) facts.push(['rolled back', r.fromTag]);
  if (r.toTag) facts.push(['restored', `${r.toTag}${r.targetKind ? ` (${r.targetKind})` : ''}`]);
  if (r.reason) facts.push(['reason', r.reason]);
  facts.push([
    'severity',
    `${r.severity}: ${SEVERITY_MATRIX[r.severity].action}, respond ${SEVERITY_MATRIX[r.severity].response}`,
  ]);
  facts.push(['mode', `${r.mode}${r.hypercareWindow ? ` (hypercare window ${r.hypercareWindow})` : ''}`]);
  facts.push(['environment', s.environment]);
  facts.push(['strategy', s.strategy]);
  if (r.incidentUrl) facts.push(['incident', r.incidentUrl]);
  if (r.revertPrUrl) facts.push(['revert pull request', r.revertPrUrl]);
  if (r.hotfix) facts.push(['hotfix branch', `${r.hotfix.branch} (version ${r.hotfix.version})`]);
  blocks.push({ kind: 'table', headers: ['', ''], rows: facts });
  if (r.plan.length) {
    blocks.push({ kind: 'heading', text: 'Plan (dry run: nothing was changed)', level: 3 });
    blocks.push({
      kind: 'code',
      text: r.plan.map((l) => (l.startsWith('  ') ? l : `DRY-RUN ${l}`)).join('\n'),
    });
  }
  const steps = r.steps.filter((st) => st.status !== 'planned');
  if (steps.length) {
    blocks.push({ kind: 'heading', text: 'Steps', level: 3 });
    blocks.push({
      kind: 'table',
      headers: ['step', 'status', 'time (UTC)', 'detail'],
      rows: steps.map((st) => [
        st.step,
        STATUS[st.status] ?? st.status,
        st.startedAt.slice(11, 19),
        st.detail,
      ]),
    });
  }
  blocks.push(...analysisBlocks('Watch', r.watch), ...analysisBlocks('Verification', r.verify));
  if (opts.evidencePath) blocks.push({ kind: 'text', text: `Evidence: \`${opts.evidencePath}\`` });
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
