/**
 * Rendering a canary run as a report document (job summary, terminal, check run): the result, the
 * deployment's course, a table per step with each metric's measurements and values over time, the
 * judge's verdicts, the rollback, the messages and the decisions from the journal — and, for a dry
 * run, the plan (steps, programs, metrics and limits in words, what happens on failure, the messages,
 * the worst-case duration). Pure: data in, data out.
 */
import { type JudgeDecision } from '../analysis/judge/index.js';
import { fmt } from '../analysis/evaluate.js';
import { needsPreRolloutBaseline } from '../analysis/runner.js';
import { sparkline } from '../analysis/sparkline.js';
import type { AnalysisResult, AnalysisSpec, Measurement } from '../analysis/types.js';
import { formatDuration } from '../config/duration.js';
import { quote } from '../deploy/index.js';
import type { JournalEntry } from '../journal/journal.js';
import { mermaidChart, textChart, type ChartInput } from '../report/chart.js';
import type { Block, ReportDoc } from '../report/doc.js';
import type { DeploymentStatusRecord } from './deployment.js';
import { parseProgress } from './progress.js';
import type { CanaryRun, StepRecord } from './run.js';
import type { CanarySettings } from './settings.js';

export { canaryPlan, worstCaseDurationMs, type PlanFacts } from './plan.js';

const clock = (ms: number) => new Date(ms).toISOString().slice(11, 19);
const MARK: Record<Measurement['phase'], string> = {
  successful: '✓',
  failed: '✗',
  inconclusive: '?',
  error: '!',
};
export const argvText = (argv: readonly string[]) => argv.map(quote).join(' ');

/** One series per metric value named by a condition: all measurements in order (steps, then verify). */
function series(analyses: AnalysisResult[], metric: string, value: string): (number | null)[] {
  return analyses.flatMap((a) =>
    a.measurements.filter((m) => m.metric === metric).map((m) => m.values[value] ?? null),
  );
}

function metricRow(a: AnalysisResult, metric: AnalysisSpec['metrics'][number]): string[] {
  const mine = a.measurements.filter((m) => m.metric === metric.name);
  const values = [...new Set(metric.conditions.map((c) => c.value))]
    .map((v) => {
      const vs = mine.map((m) => m.values[v] ?? null);
      const last = [...vs].reverse().find((x) => x !== null);
      return `${v} ${sparkline(vs)} ${last !== undefined && last !== null ? fmt(last) : '–'}`;
    })
    .join('\n');
  const sum = a.summary.find((x) => x.metric === metric.name);
  const counts = sum ? `${sum.successful}✓ ${sum.failed}✗ ${sum.inconclusive + sum.error}?` : '';
  const decisive =
    a.decision !== 'successful' &&
    a.decisions.some((d) => d.metric === metric.name || d.reason.includes(`${metric.name}:`));
  const judged = (metric.judge ?? []).map(
    (j) =>
      `judge ${j.kind}${metric.judge!.length > 1 ? ` (${j.name})` : ''} ${j.direction === 'lower_is_worse' ? '−' : '+'}${j.max_increase_pct ?? 0} %`,
  );
  return [
    metric.name,
    mine.map((m) => MARK[m.phase]).join(''),
    counts,
    values,
    [...metric.conditions.map((c) => c.text), ...judged].join(', '),
    decisive ? `**${a.decision}**` : 'ok',
  ];
}

function stepTable(a: AnalysisResult, spec: AnalysisSpec): Block {
  return {
    kind: 'table',
    headers: ['Metric', 'Measurements', 'Count', 'Values over time (last)', 'Conditions', ''],
    rows: spec.metrics.map((metric) => metricRow(a, metric)),
  };
}

/**
 * The judge's verdict per metric at its last look, and the score: a line, then a table. Every message
 * carries the effect size and its interval (e.g. "p95 +23 % [+15 %, +31 %] vs baseline, p=0.0021").
 */
function judgeBlocks(decisions: readonly JudgeDecision[] | undefined): Block[] {
  const d = decisions?.at(-1);
  if (!d) return [];
  const scores = decisions!.map((x) => x.score);
  const score =
    d.score === null
      ? 'no score (no data from both sides)'
      : `score ${fmt(d.score)} ${sparkline(scores, { min: 0, max: 100 })}`;
  const VERDICT: Record<string, string> = { pass: '✓ pass', fail: '**✗ fail**', 'no-data': '? no data' };
  return [
    { kind: 'text', text: `Judge, look ${d.look}/${d.looks}: **${d.action}**, ${score}` },
    {
      kind: 'table',
      headers: ['Judged metric', 'Kind', 'Verdict', 'Canary / baseline', 'Effect vs baseline [interval]'],
      rows: d.metrics.map((m) => [
        `${m.metric}${m.critical ? ' (critical)' : ''}${m.weight !== 1 ? ` ×${fmt(m.weight)}` : ''}`,
        m.kind,
        `${VERDICT[m.verdict] ?? m.verdict}${m.failedAtLook !== undefined ? ` at look ${m.failedAtLook}` : ''}`,
        m.events
          ? `${m.events.canary}/${m.n.canary} vs ${m.events.baseline}/${m.n.baseline}`
          : `${m.n.canary} vs ${m.n.baseline} samples`,
        [m.message.replace(/^[^:]*: /, ''), ...m.notes].join('; '),
      ]),
    },
  ];
}

/** One status in the deployment line: the step and weight it names, not only GitHub's state. */
export function statusLabel(x: Pick<DeploymentStatusRecord, 'state' | 'description'>): string {
  const p = parseProgress(x.description);
  const after = x.description.replace(/^[^:]*: /, '');
  switch (p?.state) {
    case 'starting':
      return 'started';
    case 'running':
      return /^resuming/.test(x.description) ? `resumed at ${p.weight}%` : `${p.weight}%`;
    case 'paused':
      return `paused at ${p.weight}% (${after})`;
    case 'stopped':
      return `stopped at ${p.weight}%`;
    case 'cancelled':
      return `cancelled at ${p.weight}%`;
    case 'aborted':
      return x.state === 'in_progress' ? `aborted at ${p.weight}%` : `${x.state}: ${after}`;
    case 'promoted':
      return 'promoted (100%)';
    default:
      return `${x.state}${x.description ? `: ${x.description}` : ''}`;
  }
}

function deploymentLine(s: CanarySettings, run: CanaryRun): string {
  const d = run.deployment;
  if (!d.tracked) return d.note ?? 'deployment tracking is off';
  const course = d.statuses.map(statusLabel).join(' → ') || 'no status';
  return `GitHub deployment ${d.id} (${s.tag}${s.sha ? ` @ ${s.sha.slice(0, 12)}` : ''} → ${d.environment}): ${course}`;
}

function stepsTable(s: CanarySettings, run: CanaryRun): Block {
  const total = (r: StepRecord, k: 'successful' | 'failed' | 'inconclusive' | 'error') =>
    (r.analysis?.summary ?? []).reduce((a, x) => a + x[k], 0);
  const analysisCell = (r: StepRecord) =>
    r.analysis
      ? r.analysis.decision
      : !s.analysis
        ? 'none configured'
        : r.outcome === 'cancelled'
          ? 'cancelled'
          : s.mode === 'promote-now'
            ? 'skipped (promote-now)'
            : 'not run';
  return {
    kind: 'table',
    headers: ['Step', 'Weight', 'Deploy', 'Pause', 'Analysis', 'Measurements', 'Took'],
    rows: s.steps.map((st) => {
      const r = run.steps.find((x) => x.step === st.step);
      const pause = st.approve ? 'approve' : formatDuration(st.pauseMs);
      if (!r) {
        const reached = s.continued && st.step < s.continued.progress.resumeStep;
        return [String(st.step), `${st.weight}%`, reached ? 'earlier run' : 'not run', pause, '', '', ''];
      }
      return [
        String(r.step),
        `${r.weight}%`,
        r.deploy ? (r.deploy.ok ? 'ok' : r.deploy.exit) : st.hold ? 'holds' : '',
        pause,
        analysisCell(r),
        r.analysis
          ? `${total(r, 'successful')}✓ ${total(r, 'failed')}✗ ${total(r, 'inconclusive') + total(r, 'error')}?`
          : '',
        formatDuration(r.endedAt - r.startedAt),
      ];
    }),
  };
}

function analysisBlocks(s: CanarySettings, run: CanaryRun): Block[] {
  const blocks: Block[] = [];
  const spec = s.analysis;
  if (!spec) return blocks;
  const one = (title: string, a: AnalysisResult) => {
    blocks.push({ kind: 'heading', text: `${title}: ${a.decision}`, level: 3 });
    blocks.push(stepTable(a, spec));
    blocks.push(...judgeBlocks(a.judge));
    if (a.decision !== 'successful') blocks.push({ kind: 'text', text: a.reason });
  };
  if (run.recheck) one(`Re-check at ${run.recheck.label.replace(/^re-check at /, '')}`, run.recheck);
  for (const r of run.steps) if (r.analysis) one(`Step ${r.step} — ${r.weight}%`, r.analysis);
  return blocks;
}

function rollbackBlocks(s: CanarySettings, run: CanaryRun): Block[] {
  if (!run.rollback && !run.verify) return [];
  const blocks: Block[] = [{ kind: 'heading', text: 'Rollback' }];
  const items: string[] = [];
  if (run.rollback)
    items.push(
      `\`${argvText(run.rollback.argv)}\`: ${run.rollback.exit} in ${formatDuration(run.rollback.durationMs)}`,
    );
  if (run.verify) items.push(`verification: ${run.verify.decision} — ${run.verify.reason}`);
  blocks.push({ kind: 'list', items });
  if (run.verify && s.verify) {
    blocks.push(stepTable(run.verify, s.verify));
    blocks.push(...judgeBlocks(run.verify.judge));
  }
  if (run.rollback && !run.rollback.ok && run.rollback.tail.length)
    blocks.push({ kind: 'code', text: run.rollback.tail.join('\n') });
  return blocks;
}

function deployOutputBlocks(run: CanaryRun): Block[] {
  const failed = run.steps.find((r) => r.deploy && !r.deploy.ok && r.deploy.tail.length);
  if (!failed?.deploy) return [];
  return [
    { kind: 'heading', text: `Deploy program output (step ${failed.step}, last lines)`, level: 3 },
    { kind: 'code', text: failed.deploy.tail.join('\n') },
  ];
}

function metricsOverTime(s: CanarySettings, run: CanaryRun): Block[] {
  const analyses = [
    ...(run.recheck ? [run.recheck] : []),
    ...run.steps.flatMap((r) => (r.analysis ? [r.analysis] : [])),
    ...(run.verify ? [run.verify] : []),
  ];
  if (!s.analysis || !analyses.length) return [];
  const rows: string[][] = [];
  for (const metric of s.analysis.metrics) {
    for (const v of [...new Set(metric.conditions.map((c) => c.value))]) {
      const vs = series(analyses, metric.name, v);
      const nums = vs.filter((x): x is number => x !== null);
      const conditions = metric.conditions.filter((c) => c.value === v).map((c) => c.text);
      const stat = (f: (xs: number[]) => number) => (nums.length ? fmt(f(nums)) : '–');
      rows.push([
        `${metric.name}.${v}`,
        sparkline(vs),
        stat((xs) => Math.min(...xs)),
        stat((xs) => Math.max(...xs)),
        stat((xs) => xs[xs.length - 1]!),
        conditions.join(', '),
      ]);
    }
  }
  return [
    { kind: 'heading', text: 'Metrics over time' },
    { kind: 'table', headers: ['Metric', 'Over time', 'Min', 'Max', 'Last', 'Condition'], rows },
    {
      kind: 'text',
      text: `${analyses.map((a) => `${a.label}: ${a.ticks}`).join(', ')} measurements; a gap is a measurement without data.`,
    },
  ];
}

/** The analyses of the steps (and a resumed run's re-check) with the step each belongs to. */
function stepAnalyses(s: CanarySettings, run: CanaryRun) {
  const p = s.continued?.progress;
  return [
    ...(run.recheck && p ? [{ step: p.step, weight: p.weight, a: run.recheck }] : []),
    ...run.steps.flatMap((r) => (r.analysis ? [{ step: r.step, weight: r.weight, a: r.analysis }] : [])),
  ];
}

/**
 * One chart per metric value a condition limits: its value at each measurement of every step, the
 * condition's threshold as a line, the steps' boundaries marked. A baseline condition's threshold is
 * the one its first measurement was held to.
 */
export function chartInputs(s: CanarySettings, run: CanaryRun): ChartInput[] {
  const analyses = stepAnalyses(s, run);
  if (!s.analysis || !analyses.length) return [];
  const steps = analyses
    .map(({ step, weight }) => ({ step, weight }))
    .filter((x, i, all) => all.findIndex((y) => y.step === x.step) === i);
  return s.analysis.metrics.flatMap((metric) =>
    metric.conditions.map((c): ChartInput => {
      const mine = analyses.flatMap(({ step, a }) =>
        a.measurements.filter((m) => m.metric === metric.name).map((m) => ({ step, m })),
      );
      const limit = mine
        .flatMap(({ m }) => m.conditions)
        .find((x) => x.condition === c.text && x.threshold !== null)?.threshold;
      return {
        title: `${metric.name}.${c.value}`,
        ...(limit !== undefined && limit !== null ? { threshold: { value: limit, label: c.text } } : {}),
        points: mine.map(({ step, m }) => ({ at: m.at, value: m.values[c.value] ?? null, step })),
        steps,
      };
    }),
  );
}

function chartBlocks(s: CanarySettings, run: CanaryRun): Block[] {
  return chartInputs(s, run).map((c) => ({ kind: 'chart', markdown: mermaidChart(c), text: textChart(c) }));
}

function messageBlocks(run: CanaryRun): Block[] {
  if (!run.messages.length) return [];
  const items = run.messages.map((m) => {
    const hook = m.webhook
      ? m.webhook.delivered
        ? ' (posted)'
        : ` (webhook failed after ${m.webhook.attempts} attempts: ${m.webhook.error})`
      : '';
    return `${clock(m.at)} ${m.kind}: ${m.text}${hook}`;
  });
  return [
    { kind: 'heading', text: 'Messages' },
    { kind: 'list', items },
  ];
}

function decisionBlocks(journal: readonly JournalEntry[]): Block[] {
  const rows = journal
    .filter((e) => e.kind === 'decision')
    .map((x) => [clock(x.at), x.name, x.step !== undefined ? String(x.step) : '', x.detail]);
  return [
    { kind: 'heading', text: 'Decisions' },
    { kind: 'table', headers: ['Time (UTC)', 'Decision', 'Step', 'Reason'], rows },
  ];
}

/** What the next run can do with a rollout that stopped part-way. */
function nextBlocks(s: CanarySettings, run: CanaryRun): Block[] {
  if (run.resumeStep === undefined) return [];
  const weight = run.journal.filter((e) => e.kind === 'decision').at(-1)?.data?.weight ?? '?';
  return [
    {
      kind: 'text',
      text: `${s.tag} is live at ${weight}% in ${s.environment}. Next: \`canary --resume\` continues at step ${run.resumeStep} (after one analysis window), \`canary --promote-now --reason "…"\` finishes it without analysis, \`canary --abort --reason "…"\` rolls it back.`,
    },
  ];
}

export function canaryReport(
  s: CanarySettings,
  run: CanaryRun,
  extra: { evidencePath?: string } = {},
): ReportDoc {
  const ok = run.result === 'promoted' ? true : run.result === 'paused' ? null : false;
  const blocks: Block[] = [
    { kind: 'result', label: 'Result', value: run.result, ok },
    { kind: 'text', text: run.reason },
    ...nextBlocks(s, run),
    { kind: 'text', text: deploymentLine(s, run) },
    ...(run.preflight.length
      ? [{ kind: 'list' as const, items: run.preflight.map((p) => `preflight: ${p}`) }]
      : []),
    { kind: 'heading', text: 'Steps' },
    stepsTable(s, run),
    ...analysisBlocks(s, run),
    ...rollbackBlocks(s, run),
    ...deployOutputBlocks(run),
    ...metricsOverTime(s, run),
    ...chartBlocks(s, run),
    ...messageBlocks(run),
    ...decisionBlocks(run.journal),
    ...(extra.evidencePath ? [{ kind: 'text' as const, text: `Evidence: \`${extra.evidencePath}\`` }] : []),
  ];
  const mode = s.mode === 'start' ? '' : ` (${s.mode})`;
  return { title: `canary-promote ${s.tag} → ${s.environment}${mode}`, blocks };
}

/** Whether the metrics need a baseline read before the rollout (for the plan). */
export function baselineMetrics(spec: AnalysisSpec | undefined): string[] {
  return (spec?.metrics ?? []).filter(needsPreRolloutBaseline).map((m) => m.name);
}
