/**
 * The dry-run plan: what a run would do — the journal's planned steps, each step with its rendered
 * deploy program, its bake and its analysis, the metrics and their limits in words, what happens on
 * failure, the messages — and the worst-case duration. Pure: data in, data out.
 */
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
import type { AnalysisSpec } from '../analysis/types.js';
import { formatDuration } from '../config/duration.js';
import { quote, renderArgv } from '../deploy/index.js';
import type { JournalEntry } from '../journal/journal.js';
import { MESSAGE_KINDS, renderTemplate } from '../notify/index.js';
import type { Block, ReportDoc } from '../report/doc.js';
import { bakeMs, rolloutVars } from './messages.js';
import type { CanarySettings, CanaryStep } from './settings.js';

export interface PlanFacts {
  /** Whether a GitHub deployment would be recorded (a token is available). */
  tracking: boolean;
  /** The dry run's journal: every step it would take, `planned`. */
  journal?: readonly JournalEntry[];
  /** Where the evidence file would be written (a dry run writes nothing). */
  evidenceDir?: string;
}

const argvText = (argv: readonly string[]) => argv.map(quote).join(' ');

/** A step's analysis: from its deploy, for its pause and its window, whichever is longer. */
function stepSpec(s: CanarySettings, st: CanaryStep): AnalysisSpec | undefined {
  return s.analysis && { ...s.analysis, windowMs: Math.max(s.analysis.windowMs, st.pauseMs) };
}

/** The longest the rollout can take if every program runs to its time limit and it ends in a rollback. */
export function worstCaseDurationMs(s: CanarySettings): number {
  const baseline = s.analysis?.metrics.filter(needsPreRolloutBaseline) ?? [];
  const baselineMs = baseline.length ? 3 * Math.max(...baseline.map(maxMeasurementMs)) : 0;
  const stepsMs = s.steps.reduce((a, st) => {
    if (st.hold) return a;
    const spec = stepSpec(s, st);
    return a + s.programTimeoutMs + (spec ? worstCaseMs(spec) : st.pauseMs);
  }, 0);
  const rollbackMs =
    s.onFailure === 'abort' && s.rollback ? s.programTimeoutMs + (s.verify ? worstCaseMs(s.verify) : 0) : 0;
  // Each of the three messages a run sends may wait for 4 attempts (10 s timeout) and 7 s of backoff.
  const webhookMs = s.webhookUrl ? 3 * (4 * 10_000 + 7_000) : 0;
  return baselineMs + stepsMs + rollbackMs + webhookMs;
}

function describeAnalysis(spec: AnalysisSpec): string {
  return `${ticksIn(spec)} measurements, every ${formatDuration(spec.intervalMs)} for ${formatDuration(spec.windowMs)}`;
}

function stepBlocks(s: CanarySettings): Block[] {
  const vars = (st: CanaryStep) => ({
    weight: String(st.weight),
    step: String(st.step),
    tag: s.tag,
    previous_tag: s.previousTag ?? '',
  });
  return [
    { kind: 'heading', text: 'Steps' },
    {
      kind: 'table',
      headers: ['Step', 'Weight', 'Pause', 'Analysis (from the deploy)', 'Worst case'],
      rows: s.steps.map((st) => {
        const spec = stepSpec(s, st);
        const analysis = st.hold ? 'holds the weight reached' : spec ? describeAnalysis(spec) : 'none';
        const worst = st.hold ? 0 : s.programTimeoutMs + (spec ? worstCaseMs(spec) : st.pauseMs);
        const pause = st.approve ? `${formatDuration(st.pauseMs)}, then approve` : formatDuration(st.pauseMs);
        return [String(st.step), `${st.weight}%`, pause, analysis, formatDuration(worst)];
      }),
    },
    {
      kind: 'code',
      text: s.steps
        .filter((st) => !st.hold)
        .map((st) => `# step ${st.step}\n${argvText(renderArgv(st.deploy, vars(st)))}`)
        .join('\n'),
    },
    {
      kind: 'text',
      text: `Each program run is limited to ${formatDuration(s.programTimeoutMs)} (program_timeout); the environment carries RELEASE_OPS_WEIGHT, RELEASE_OPS_STEP, RELEASE_OPS_TAG, RELEASE_OPS_PREVIOUS_TAG.`,
    },
  ];
}

function judgeText(s: CanarySettings, spec: AnalysisSpec): Block[] {
  const judge = describeJudge(spec);
  if (!judge) return [];
  const n = s.steps.filter((st) => !st.hold).length;
  const perRun = Math.round(n * (1 - spec.judge!.confidence) * 10000) / 100;
  return [
    {
      kind: 'text',
      text:
        n > 1
          ? `${judge} Over the ${n} step analyses of a rollout the bounds add up: ≤ ${perRun} % per rollout.`
          : judge,
    },
    {
      kind: 'list',
      items: spec.metrics.flatMap((m) =>
        (m.judge ?? []).map(
          (j) =>
            `${describeJudged(j)} — ${describeSource(m)} vs baseline ${describeBaselineSource(m) ?? '(none)'}`,
        ),
      ),
    },
  ];
}

function metricBlocks(s: CanarySettings): Block[] {
  const spec = s.analysis;
  if (!spec)
    return [
      {
        kind: 'text',
        text: '⚠ No analysis configured: each step is deployed after its pause without any verification.',
      },
    ];
  const blocks: Block[] = [
    { kind: 'heading', text: 'Metrics' },
    {
      kind: 'table',
      headers: ['Metric', 'Provider', 'Source', 'Conditions', 'Limits'],
      rows: spec.metrics.map((m) => [
        m.name,
        m.provider.kind,
        describeSource(m),
        [...m.conditions.map((c) => c.text), ...(m.judge ? ['judged vs baseline (below)'] : [])].join(', '),
        describeLimits(m.limits),
      ]),
    },
    {
      kind: 'text',
      text: 'Preflight: each metric is read once before step 1; one that cannot be read stops the run before anything is deployed.',
    },
  ];
  const base = spec.metrics.filter(needsPreRolloutBaseline);
  if (base.length)
    blocks.push({
      kind: 'text',
      text: `Baseline: ${base.map((m) => m.name).join(', ')} read 3 times before step 1 (the median of each value); a metric without a baseline stops the rollout before anything is deployed.`,
    });
  blocks.push(...judgeText(s, spec));
  const warnings = [...limitWarnings(spec), ...judgeWarnings(spec)];
  if (warnings.length) blocks.push({ kind: 'list', items: warnings.map((w) => `⚠ ${w}`) });
  return blocks;
}

function failureBlocks(s: CanarySettings, facts: PlanFacts): Block[] {
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
    s.onInconclusive === 'pause'
      ? 'on-inconclusive: pause — the run ends paused for a person to resume, promote now or abort'
      : 'on-inconclusive: abort — an inconclusive analysis is a failure',
  );
  items.push(
    facts.tracking
      ? `GitHub deployment for ${s.tag} in ${s.environment}: in_progress per step, success at 100%, failure on abort, error if cancelled`
      : 'GitHub deployment tracking: skipped (no GitHub token)',
  );
  return [
    { kind: 'heading', text: 'On failure' },
    { kind: 'list', items },
  ];
}

function messagePlan(s: CanarySettings): Block[] {
  const first = s.steps[0]!;
  const example = {
    ...rolloutVars(s),
    step: '1',
    weight: String(first.weight),
    next_weight: String(s.steps[1]?.weight ?? 100),
    reason: '<reason>',
    mitigation:
      s.onFailure === 'abort' && s.rollback
        ? `Rollback in progress to ${s.previousTag ?? '<previous tag>'}`
        : 'Rollout paused, not rolled back',
    next_update: formatDuration(bakeMs(s, first)),
  };
  return [
    { kind: 'heading', text: 'Messages' },
    { kind: 'list', items: MESSAGE_KINDS.map((k) => `${k}: ${renderTemplate(s.templates[k], example)}`) },
    {
      kind: 'text',
      text: s.webhookUrl
        ? 'Each message is also posted to the webhook (masked).'
        : 'No webhook-url: messages go to the job summary only.',
    },
  ];
}

function wouldDo(journal: readonly JournalEntry[] | undefined): Block[] {
  const planned = (journal ?? []).filter((e) => e.status === 'planned');
  if (!planned.length) return [];
  return [
    { kind: 'heading', text: 'Would do' },
    {
      kind: 'list',
      items: planned.map((e) => `${e.name}${e.step !== undefined ? ` (step ${e.step})` : ''}: ${e.detail}`),
    },
  ];
}

export function canaryPlan(s: CanarySettings, facts: PlanFacts): ReportDoc {
  const continued = s.continued
    ? [
        {
          kind: 'text' as const,
          text: `${s.mode}: deployment ${s.continued.deploymentId} says "${s.continued.description}"; the run would start at step ${s.continued.progress.resumeStep}.`,
        },
      ]
    : [];
  const blocks: Block[] = [
    { kind: 'text', text: 'Dry run: nothing was deployed, measured, recorded or posted.' },
    ...continued,
    ...stepBlocks(s),
    ...metricBlocks(s),
    ...failureBlocks(s, facts),
    ...messagePlan(s),
    ...wouldDo(facts.journal),
    ...(facts.evidenceDir
      ? [
          {
            kind: 'text' as const,
            text: `Would write the evidence file ${facts.evidenceDir}/canary_report_<UTC>.json.`,
          },
        ]
      : []),
    { kind: 'result', label: 'Worst-case duration', value: formatDuration(worstCaseDurationMs(s)), ok: null },
  ];
  return { title: `canary-promote plan: ${s.tag} → ${s.environment}`, blocks };
}
