/**
 * A canary run as its evidence file: the shared envelope (who ran it, where, on which build, the
 * journal of every step, decision and side effect) around the canary's details — the settings
 * (secrets redacted when written), preflight, the baseline, every step with its deploy program and
 * every measurement, the judge's decision at every look, the rollback and its verification, the
 * deployment with its statuses and every message with its delivery. snake_case keys throughout; maps
 * keyed by metric names are arrays of objects with a `name`.
 */
import { analysisEvidence, analysisSpecEvidence } from '../analysis/evidence.js';
import type { AnalysisResult } from '../analysis/types.js';
import type { ProgramRun } from '../deploy/index.js';
import { evidenceEnvelope, type Evidence, type RunFacts } from '../evidence/envelope.js';
import { custodyEvidence, type CanaryCustody } from './custody.js';
import type { DeploymentRecord } from './deployment.js';
import type { CanaryRun, StepRecord } from './run.js';
import type { CanarySettings } from './settings.js';

const iso = (ms: number) => new Date(ms).toISOString();
const snake = (k: string) => k.replace(/[A-Z]/g, (c) => `_${c.toLowerCase()}`);

/** Our own objects (judge decisions, a rolled-back mark) with snake_case keys, every level. */
function snakeDeep(v: unknown): unknown {
  if (Array.isArray(v)) return v.map(snakeDeep);
  if (v && typeof v === 'object')
    return Object.fromEntries(Object.entries(v).map(([k, x]) => [snake(k), snakeDeep(x)]));
  return v;
}

function analysis(a: AnalysisResult | undefined) {
  if (!a) return null;
  const e = analysisEvidence(a);
  return { ...e, ...(e.judge ? { judge: snakeDeep(e.judge) } : {}) };
}

function program(p: ProgramRun | undefined) {
  if (!p) return null;
  return {
    label: p.label,
    argv: p.argv,
    ok: p.ok,
    exit: p.exit,
    exit_code: p.exitCode,
    timed_out: p.timedOut,
    cancelled: p.cancelled,
    duration_ms: Math.round(p.durationMs),
    tail: p.tail,
  };
}

function step(r: StepRecord) {
  return {
    step: r.step,
    weight: r.weight,
    pause_ms: r.pauseMs,
    started_at: iso(r.startedAt),
    ended_at: iso(r.endedAt),
    outcome: r.outcome,
    deploy: program(r.deploy),
    analysis: analysis(r.analysis),
  };
}

function deployment(d: DeploymentRecord) {
  return {
    tracked: d.tracked,
    id: d.id ?? null,
    ref: d.ref,
    environment: d.environment,
    note: d.note ?? null,
    redeploy_id: d.redeployId ?? null,
    statuses: d.statuses.map((x) => ({ ...x, at: iso(x.at) })),
  };
}

export function settingsEvidence(s: CanarySettings): Record<string, unknown> {
  return {
    mode: s.mode,
    environment: s.environment,
    previous_tag: s.previousTag ?? null,
    on_failure: s.onFailure,
    on_inconclusive: s.onInconclusive,
    decision_owner: s.decisionOwner,
    deploy: s.deploy,
    rollback: s.rollback ?? null,
    steps: s.steps.map((x) => ({
      step: x.step,
      weight: x.weight,
      pause_ms: x.pauseMs,
      approve: x.approve,
      hold: x.hold,
      deploy: x.deploy,
    })),
    program_timeout_ms: s.programTimeoutMs,
    analysis: analysisSpecEvidence(s.analysis),
    verify: analysisSpecEvidence(s.verify),
    templates: s.templates,
    webhook: s.webhookUrl ? 'set (masked)' : 'not set',
  };
}

function details(s: CanarySettings, run: CanaryRun, custody?: CanaryCustody): Record<string, unknown> {
  const custodyRecord = custody ? custodyEvidence(custody) : null;
  return {
    mode: s.mode,
    reason_given: s.reason ?? null,
    previous_tag: s.previousTag ?? null,
    cancelled: run.cancelled,
    failed_step: run.failedStep ?? null,
    resume_step: run.resumeStep ?? null,
    continued: s.continued
      ? {
          deployment_id: s.continued.deploymentId,
          description: s.continued.description,
          resume_step: s.continued.progress.resumeStep,
          weight: s.continued.progress.weight,
        }
      : null,
    preflight: run.preflight,
    baselines: run.baselines
      ? Object.entries(run.baselines).map(([name, b]) => ({ name, ...b, at: iso(b.at) }))
      : null,
    recheck: analysis(run.recheck),
    steps: run.steps.map(step),
    rollback: program(run.rollback),
    verify: analysis(run.verify),
    deployment: deployment(run.deployment),
    messages: run.messages.map((m) => ({ ...m, at: iso(m.at) })),
    custody: custodyRecord && {
      ...custodyRecord,
      rolled_back_mark: custody?.mark ? snakeDeep(custody.mark) : null,
    },
  };
}

export function canaryEvidence(
  s: CanarySettings,
  run: CanaryRun,
  facts: { run: RunFacts; custody?: CanaryCustody },
): Evidence {
  return evidenceEnvelope({
    command: 'canary',
    run: facts.run,
    startedAt: run.startedAt,
    endedAt: run.endedAt,
    dryRun: false,
    build: { tag: s.tag, sha: s.sha || null },
    result: run.result,
    reason: run.reason,
    settings: settingsEvidence(s),
    journal: run.journal,
    details: details(s, run, facts.custody),
  });
}
