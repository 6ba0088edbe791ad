/**
 * Rendering a canary run: the evidence object (every measurement, decision and timestamp), the report
 * document (a table per step, a sparkline per metric over time), and the dry-run plan (steps, pauses,
 * metrics, limits, worst-case duration). Pure: data in, data out.
 */
import { type JudgeDecision } from '../analysis/judge/index.js';
import { analysisEvidence } from '../analysis/evidence.js';
import {
  describeJudge,
  describeJudged,
  describeLimits,
  judgeWarnings,
  limitWarnings,
  maxMeasurementMs,
  worstCaseMs,
} from '../analysis/plan.js';
import { describeBaselineSource, describeSource } from '../analysis/providers/index.js';
import { needsPreRolloutBaseline, ticksIn } from '../analysis/runner.js';
import { fmt } from '../analysis/evaluate.js';
import { sparkline } from '../analysis/sparkline.js';
import type { AnalysisResult, AnalysisSpec, Measurement } from '../analysis/types.js';
import { formatDuration } from '../config/duration.js';
import { quote } from '../deploy/run.js';
import { renderArgv } from '../deploy/template.js';
import { renderTemplate, MESSAGE_KINDS } from '../notify/templates.js';
import type { Block, ReportDoc } from '../report/doc.js';
import type { CanaryRun, StepRecord } from './canary.js';
import type { CanarySettings } from './settings.js';

const iso = (ms: number) => new Date(ms).toISOString();
const clock = (ms: number) => new Date(ms).toISOString().slice(11, 19);
const MARK: Record<Measurement['phase'], string> = {
  successful: '✓',
  failed: '✗',
  inconclusive: '?',
  error: '!',
};
const argvText = (argv: readonly string[]) => argv.map(quote).join(' ');

// ───────────────────────────── evidence ─────────────────────────────

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
      ...(m.judge ? { judge: m.judge } : {}),
    })),
    ...(a.judge ? { judge: a.judge } : {}),
  };
}

export function canaryEvidence(s: CanarySettings, run: CanaryRun): object {
  const step = (r: StepRecord) => ({
    step: r.step,
    weight: r.weight,
    pause_ms: r.pauseMs,
    started_at: iso(r.startedAt),
    ended_at: iso(r.endedAt),
    outcome: r.outcome,
    deploy: r.deploy ? { ...r.deploy, duration_ms: Math.round(r.deploy.durationMs) } : null,
    analysis: r.analysis ? analysisEvidence(r.analysis) : null,
  });
  return {
    kind: 'canary',
    tag: s.tag,
    previous_tag: s.previousTag ?? null,
    environment: s.environment,
    on_failure: s.onFailure,
    result: run.result,
    cancelled: run.cancelled,
    failed_step: run.failedStep ?? null,
    reason: run.reason,
    started_at: iso(run.startedAt),
    ended_at: iso(run.endedAt),
    duration_ms: run.endedAt - run.startedAt,
    settings: {
      deploy: s.deploy,
      rollback: s.rollback ?? null,
      steps: s.steps,
      program_timeout_ms: s.programTimeoutMs,
      analysis: specEvidence(s.analysis),
      verify: specEvidence(s.verify),
      templates: s.templates,
      webhook: s.webhookUrl ? 'set (masked)' : 'not set',
    },
    baselines: run.baselines
      ? Object.fromEntries(Object.entries(run.baselines).map(([k, b]) => [k, { ...b, at: iso(b.at) }]))
      : null,
    steps: run.steps.map(step),
    rollback: run.rollback ?? null,
    verify: run.verify ? analysisEvidence(run.verify) : null,
    deployment: {
      ...run.deployment,
      statuses: run.deployment.statuses.map((x) => ({ ...x, at: iso(x.at) })),
    },
    messages: run.messages.map((m) => ({ ...m, at: iso(m.at) })),
    decisions: run.decisions.map((d) => ({ ...d, at: iso(d.at) })),
  };
}

// ───────────────────────────── report ─────────────────────────────

/** One series per metric value named by a condition: all measurements in order (steps, then verify). */
function series(analyses: AnalysisResult[], metric: string, value: string): (number | null)[] {
  return analyses.flatMap((a) =>
    a.measurements.filter((m) => m.metric === metric).map((m) => m.values[value] ?? null),
  );
}

function stepTable(a: AnalysisResult, spec: AnalysisSpec): Block {
  const rows = spec.metrics.map((metric) => {
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
    return [
      metric.name,
      mine.map((m) => MARK[m.phase]).join(''),
      counts,
      values,
      [
        ...metric.conditions.map((c) => c.text),
        ...(metric.judge ?? []).map(
          (j) =>
            `judge ${j.kind}${metric.judge!.length > 1 ? ` (${j.name})` : ''} ${j.direction === 'lower_is_worse' ? '−' : '+'}${j.max_increase_pct ?? 0} %`,
        ),
      ].join(', '),
      decisive ? `**${a.decision}**` : 'ok',
    ];
  });
  return {
    kind: 'table',
    headers: ['Metric', 'Measurements', 'Count', 'Values over time (last)', 'Conditions', ''],
    rows,
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

export function canaryReport(
  s: CanarySettings,
  run: CanaryRun,
  extra: { evidencePath?: string } = {},
): ReportDoc {
  const blocks: Block[] = [];
  blocks.push({ kind: 'result', label: 'Result', value: run.result, ok: run.result === 'promoted' });
  blocks.push({ kind: 'text', text: run.reason });
  const d = run.deployment;
  blocks.push({
    kind: 'text',
    text: d.tracked
      ? `GitHub deployment ${d.id} (${s.tag}${s.sha ? ` @ ${s.sha.slice(0, 12)}` : ''} → ${d.environment}): ${d.statuses.map((x) => x.state).join(' → ') || 'no status'}`
      : (d.note ?? 'deployment tracking is off'),
  });

  blocks.push({ kind: 'heading', text: 'Steps' });
  blocks.push({
    kind: 'table',
    headers: ['Step', 'Weight', 'Deploy', 'Pause', 'Analysis', 'Measurements', 'Took'],
    rows: s.steps.map((st, i) => {
      const r = run.steps.find((x) => x.step === i + 1);
      if (!r) return [String(i + 1), `${st.weight}%`, 'not run', formatDuration(st.pauseMs), '', '', ''];
      const sums = r.analysis?.summary ?? [];
      const total = (k: 'successful' | 'failed' | 'inconclusive' | 'error') =>
        sums.reduce((a, x) => a + x[k], 0);
      return [
        String(r.step),
        `${r.weight}%`,
        r.deploy ? (r.deploy.ok ? 'ok' : r.deploy.exit) : '',
        formatDuration(r.pauseMs),
        r.analysis
          ? r.analysis.decision
          : s.analysis
            ? r.outcome === 'cancelled'
              ? 'cancelled'
              : 'not run'
            : 'none configured',
        r.analysis
          ? `${total('successful')}✓ ${total('failed')}✗ ${total('inconclusive') + total('error')}?`
          : '',
        formatDuration(r.endedAt - r.startedAt),
      ];
    }),
  });
  for (const r of run.steps) {
    if (!r.analysis || !s.analysis) continue;
    blocks.push({ kind: 'heading', text: `Step ${r.step} — ${r.weight}%: ${r.analysis.decision}`, level: 3 });
    blocks.push(stepTable(r.analysis, s.analysis));
    blocks.push(...judgeBlocks(r.analysis.judge));
    if (r.analysis.decision !== 'successful') blocks.push({ kind: 'text', text: r.analysis.reason });
  }
  if (run.rollback || run.verify) {
    blocks.push({ kind: 'heading', text: 'Rollback' });
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
  }
  const failedDeploy = run.steps.find((r) => r.deploy && !r.deploy.ok && r.deploy.tail.length);
  if (failedDeploy?.deploy) {
    blocks.push({
      kind: 'heading',
      text: `Deploy program output (step ${failedDeploy.step}, last lines)`,
      level: 3,
    });
    blocks.push({ kind: 'code', text: failedDeploy.deploy.tail.join('\n') });
  }

  const analyses = [
    ...run.steps.flatMap((r) => (r.analysis ? [r.analysis] : [])),
    ...(run.verify ? [run.verify] : []),
  ];
  if (s.analysis && analyses.length) {
    blocks.push({ kind: 'heading', text: 'Metrics over time' });
    const rows: string[][] = [];
    for (const metric of s.analysis.metrics) {
      for (const v of [...new Set(metric.conditions.map((c) => c.value))]) {
        const vs = series(analyses, metric.name, v);
        const nums = vs.filter((x): x is number => x !== null);
        rows.push([
          `${metric.name}.${v}`,
          sparkline(vs),
          nums.length ? fmt(Math.min(...nums)) : '–',
          nums.length ? fmt(Math.max(...nums)) : '–',
          nums.length ? fmt(nums[nums.length - 1]!) : '–',
          metric.conditions
            .filter((c) => c.value === v)
            .map((c) => c.text)
            .join(', '),
        ]);
      }
    }
    blocks.push({ kind: 'table', headers: ['Metric', 'Over time', 'Min', 'Max', 'Last', 'Condition'], rows });
    blocks.push({
      kind: 'text',
      text: `${analyses.map((a) => `${a.label}: ${a.ticks}`).join(', ')} measurements; a gap is a measurement without data.`,
    });
  }
  if (run.messages.length) {
    blocks.push({ kind: 'heading', text: 'Messages' });
    blocks.push({
      kind: 'list',
      items: run.messages.map((m) => {
        const hook = m.webhook
          ? m.webhook.delivered
            ? ' (posted)'
            : ` (webhook failed after ${m.webhook.attempts} attempts: ${m.webhook.error})`
          : '';
        return `${clock(m.at)} ${m.kind}: ${m.text}${hook}`;
      }),
    });
  }
  blocks.push({ kind: 'heading', text: 'Decisions' });
  blocks.push({
    kind: 'table',
    headers: ['Time (UTC)', 'Decision', 'Reason'],
    rows: run.decisions.map((x) => [clock(x.at), x.decision, x.reason]),
  });
  if (extra.evidencePath) blocks.push({ kind: 'text', text: `Evidence: \`${extra.evidencePath}\`` });
  return { title: `canary-promote ${s.tag} → ${s.environment}`, blocks };
}

// ───────────────────────────── dry-run plan ─────────────────────────────

export interface PlanFacts {
  /** Whether a GitHub deployment would be recorded (a token is available). */
  tracking: boolean;
}

/** The longest the rollout can take if every program runs to its time limit and it ends in a rollback. */
export function worstCaseDurationMs(s: CanarySettings): number {
  const analysisMs = s.analysis ? worstCaseMs(s.analysis) : 0;
  const baselineMs = s.analysis?.metrics.some(needsPreRolloutBaseline)
    ? 3 * Math.max(...s.analysis.metrics.filter(needsPreRolloutBaseline).map(maxMeasurementMs))
    : 0;
  const stepsMs = s.steps.reduce((a, st) => a + s.programTimeoutMs + st.pauseMs + analysisMs, 0);
  const rollbackMs =
    s.onFailure === 'abort' && s.rollback ? s.programTimeoutMs + (s.verify ? worstCaseMs(s.verify) : 0) : 0;
  // Each of the three messages a run sends may wait for 4 attempts (10 s timeout) and 7 s of backoff.
  const webhookMs = s.webhookUrl ? 3 * (4 * 10_000 + 7_000) : 0;
  return baselineMs + stepsMs + rollbackMs + webhookMs;
}

function describeAnalysis(spec: AnalysisSpec): string {
  return `${ticksIn(spec)} measurements, every ${formatDuration(spec.intervalMs)} for ${formatDuration(spec.windowMs)}`;
}

export function canaryPlan(s: CanarySettings, facts: PlanFacts): ReportDoc {
  const blocks: Block[] = [];
  blocks.push({ kind: 'text', text: 'Dry run: nothing was deployed, measured, recorded or posted.' });
  const analysisMs = s.analysis ? worstCaseMs(s.analysis) : 0;
  blocks.push({ kind: 'heading', text: 'Steps' });
  blocks.push({
    kind: 'table',
    headers: ['Step', 'Weight', 'Pause', 'Analysis', 'Worst case'],
    rows: s.steps.map((st, i) => [
      String(i + 1),
      `${st.weight}%`,
      formatDuration(st.pauseMs),
      s.analysis ? describeAnalysis(s.analysis) : 'none',
      formatDuration(s.programTimeoutMs + st.pauseMs + analysisMs),
    ]),
  });
  blocks.push({
    kind: 'code',
    text: s.steps
      .map(
        (st, i) =>
          `# step ${i + 1}\n${argvText(renderArgv(s.deploy, { weight: String(st.weight), step: String(i + 1), tag: s.tag, previous_tag: s.previousTag ?? '' }))}`,
      )
      .join('\n'),
  });
  blocks.push({
    kind: 'text',
    text: `Each program run is limited to ${formatDuration(s.programTimeoutMs)} (program_timeout); the environment carries RELEASE_OPS_WEIGHT, RELEASE_OPS_STEP, RELEASE_OPS_TAG, RELEASE_OPS_PREVIOUS_TAG.`,
  });
  if (s.analysis) {
    blocks.push({ kind: 'heading', text: 'Metrics' });
    blocks.push({
      kind: 'table',
      headers: ['Metric', 'Provider', 'Source', 'Conditions', 'Limits'],
      rows: s.analysis.metrics.map((m) => [
        m.name,
        m.provider.kind,
        describeSource(m),
        [...m.conditions.map((c) => c.text), ...(m.judge ? ['judged vs baseline (below)'] : [])].join(', '),
        describeLimits(m.limits),
      ]),
    });
    const base = s.analysis.metrics.filter(needsPreRolloutBaseline);
    if (base.length) {
      blocks.push({
        kind: 'text',
        text: `Baseline: ${base.map((m) => m.name).join(', ')} read 3 times before step 1 (the median of each value); a metric without a baseline stops the rollout before anything is deployed.`,
      });
    }
    const judge = describeJudge(s.analysis);
    if (judge) {
      const n = s.steps.length;
      const perRun = Math.round(n * (1 - s.analysis.judge!.confidence) * 10000) / 100;
      blocks.push({
        kind: 'text',
        text:
          n > 1
            ? `${judge} Over the ${n} step analyses of a rollout the bounds add up: ≤ ${perRun} % per rollout.`
            : judge,
      });
      blocks.push({
        kind: 'list',
        items: s.analysis.metrics.flatMap((m) =>
          (m.judge ?? []).map(
            (j) =>
              `${describeJudged(j)} — ${describeSource(m)} vs baseline ${describeBaselineSource(m) ?? '(none)'}`,
          ),
        ),
      });
    }
    const warnings = [...limitWarnings(s.analysis), ...judgeWarnings(s.analysis)];
    if (warnings.length) blocks.push({ kind: 'list', items: warnings.map((w) => `⚠ ${w}`) });
  } else {
    blocks.push({
      kind: 'text',
      text: '⚠ No analysis configured: each step is deployed after its pause without any verification.',
    });
  }
  blocks.push({ kind: 'heading', text: 'On failure' });
  const rbVars = {
    weight: '<weight>',
    step: '<step>',
    tag: s.tag,
    previous_tag: s.previousTag ?? '',
    to_tag: s.previousTag ?? '',
    from_tag: s.tag,
  };
  const items: string[] = [];
  if (s.onFailure === 'pause')
    items.push('on-failure: pause — the rollout stops where it is; nothing is rolled back');
  else if (!s.rollback)
    items.push(
      'on-failure: abort — but no rollback program is configured (canary.rollback): nothing would be rolled back',
    );
  else {
    items.push(`on-failure: abort — runs \`${argvText(renderArgv(s.rollback, rbVars))}\``);
    items.push(
      s.verify
        ? `then verifies: ${describeAnalysis(s.verify)} (${s.verify.metrics.map((m) => m.name).join(', ')})`
        : 'then nothing verifies it (no analysis configured)',
    );
  }
  items.push(
    facts.tracking
      ? `GitHub deployment for ${s.tag} in ${s.environment}: in_progress per step, success at 100%, failure on abort, error if cancelled`
      : 'GitHub deployment tracking: skipped (no GitHub token)',
  );
  blocks.push({ kind: 'list', items });
  blocks.push({ kind: 'heading', text: 'Messages' });
  const example = {
    service: s.facts.service,
    repository: s.facts.repository,
    owner: s.facts.owner,
    run_url: s.facts.runUrl,
    tag: s.tag,
    previous_tag: s.previousTag,
    environment: s.environment,
    step: '1',
    weight: String(s.steps[0]!.weight),
    next_weight: String(s.steps[1]?.weight ?? 100),
    reason: '<reason>',
    mitigation:
      s.onFailure === 'abort' && s.rollback
        ? `Rollback in progress to ${s.previousTag ?? '<previous tag>'}`
        : 'Rollout paused, not rolled back',
    next_update: formatDuration((s.steps[0]?.pauseMs ?? 0) + (s.analysis?.windowMs ?? 0)),
  };
  blocks.push({
    kind: 'list',
    items: MESSAGE_KINDS.map((k) => `${k}: ${renderTemplate(s.templates[k], example)}`),
  });
  blocks.push({
    kind: 'text',
    text: s.webhookUrl
      ? 'Each message is also posted to the webhook (masked).'
      : 'No webhook-url: messages go to the job summary only.',
  });
  blocks.push({
    kind: 'result',
    label: 'Worst-case duration',
    value: formatDuration(worstCaseDurationMs(s)),
    ok: null,
  });
  return { title: `canary-promote plan: ${s.tag} → ${s.environment}`, blocks };
}
