/**
 * The canary rollout, as a short list of named steps recorded in the run's journal:
 *
 *   start      the GitHub deployment is created (or the continued one adopted) — tracking follows the journal
 *   preflight  every metric read once; one that cannot be read stops the run before anything is deployed
 *   baseline   baseline conditions' values read before the rollout changes anything
 *   take over  --abort: roll back now; --resume: one analysis window at the weight reached (re-check)
 *   steps      per step: deploy → analysis from the moment it is deployed, for its pause and its window
 *              (a breach during the bake stops it at once) → continue; `pause: approve` ends the run paused
 *   promote    every step passed: the build is at 100 %
 *
 * A step that fails stops the rollout: `on_failure: abort` runs the rollback program and then a
 * verification analysis; `pause` stops where it is (a later run may resume it); an inconclusive
 * analysis with `on_inconclusive: pause` ends the run `paused`. Cancellation (the job's SIGTERM/SIGINT
 * through `signal`) stops at once: the running program's process group is killed, the deployment gets
 * status `error`, and nothing is rolled back by a cancelled job. Deployment statuses and messages are
 * journal listeners (deployment.ts, messages.ts). A dry run walks the same steps, recording each as
 * `planned`.
 *
 * Results: promoted | paused | aborted | rolled-back | rollback-failed.
 */
import { measureBaselines, needsPreRolloutBaseline, runAnalysis } from '../analysis/runner.js';
import type { AnalysisResult, AnalysisSpec, Baselines, EvaluatorFactory } from '../analysis/types.js';
import { preflight, type PreflightProblem } from '../analysis/preflight.js';
import { formatDuration } from '../config/duration.js';
import { quote, renderArgv, runProgram, type ProgramRun } from '../deploy/index.js';
import { CancelledError } from '../errors.js';
import type { Redactor } from '../evidence/redact.js';
import { Journal, type JournalEntry, type JournalListener } from '../journal/journal.js';
import type { StopCause, SentMessage, WebhookOptions } from '../notify/index.js';
import type { Clock, GitHubPort, HttpClient, Logger, ProcessRunner } from '../ports/index.js';
import { DeploymentTracker, type DecisionData, type DeploymentRecord } from './deployment.js';
import { CanaryMessages } from './messages.js';
import type { CanarySettings, CanaryStep } from './settings.js';

export type CanaryResult = 'promoted' | 'paused' | 'aborted' | 'rolled-back' | 'rollback-failed';

export interface RolloutDeps {
  clock: Clock;
  http: HttpClient;
  process: ProcessRunner;
  logger: Logger;
  redactor: Redactor;
  signal: AbortSignal;
  github: GitHubPort | null;
  /**
   * Extra analysis evaluators, after the limits and the canary judge. The judge itself comes from the
   * settings: an analysis with judged metrics (`AnalysisSpec.judge`) runs it in every step's analysis and
   * in the verification (runAnalysis builds it; its decisions land in `AnalysisResult.judge`).
   */
  evaluators?: EvaluatorFactory[];
  webhook?: WebhookOptions;
  /** Grace between SIGTERM and SIGKILL for the user's programs (default 3 s). */
  killGraceMs?: number;
  /** A dry run: every step is recorded as `planned`; nothing runs, nothing is recorded or posted. */
  dryRun?: boolean;
  /** More journal listeners, after deployment tracking and messages. */
  listeners?: JournalListener[];
  /**
   * Listeners that render the run as it goes (the live check run): given the run so far, on demand,
   * they return the listeners to subscribe.
   */
  live?: (now: () => CanaryRun) => JournalListener[];
}

export interface StepRecord {
  step: number;
  weight: number;
  pauseMs: number;
  startedAt: number;
  endedAt: number;
  deploy?: ProgramRun;
  analysis?: AnalysisResult;
  outcome: 'passed' | 'failed' | 'deploy-failed' | 'cancelled' | 'planned';
}

export interface CanaryRun {
  result: CanaryResult;
  cancelled: boolean;
  failedStep?: number;
  /** The step a later `--resume` continues at, when the rollout can be resumed. */
  resumeStep?: number;
  reason: string;
  startedAt: number;
  endedAt: number;
  /** Problems preflight found (empty: every metric could be read). */
  preflight: string[];
  baselines?: Baselines;
  /** A resumed run's analysis at the weight reached, before its first step. */
  recheck?: AnalysisResult;
  steps: StepRecord[];
  rollback?: ProgramRun;
  verify?: AnalysisResult;
  deployment: DeploymentRecord;
  messages: SentMessage[];
  journal: JournalEntry[];
}

/** Why the rollout stops, where. `reason` is the whole sentence; `why` the measured value or exit. */
interface Halt {
  cause: StopCause;
  reason: string;
  why: string;
  step: number;
  weight: number;
}

/** The run's state: what each step function reads and adds to. */
class Rollout {
  readonly journal: Journal;
  readonly steps: StepRecord[] = [];
  readonly startedAt: number;
  baselines?: Baselines;
  preflight: string[] = [];
  recheck?: AnalysisResult;
  rollback?: ProgramRun;
  verify?: AnalysisResult;
  result: CanaryResult = 'promoted';
  reason = '';
  cancelled = false;
  failedStep?: number;
  resumeStep?: number;
  /** The step reached and the weight live on the new build. */
  live: { step: number; weight: number };

  constructor(
    readonly s: CanarySettings,
    readonly d: RolloutDeps,
  ) {
    this.journal = new Journal(d.clock, d.logger, !!d.dryRun);
    this.startedAt = d.clock.now();
    const p = s.continued?.progress;
    this.live = p ? { step: p.step, weight: p.weight } : { step: 0, weight: 0 };
  }

  get dryRun(): boolean {
    return this.journal.dryRun;
  }

  analysisDeps() {
    const { clock, http, signal, logger, process, redactor } = this.d;
    return { clock, http, signal, logger, process, redactor, cwd: this.s.cwd };
  }

  /**
   * Runs an analysis (its measurements labelled `label`) and notes its verdict in the journal as
   * `note.name`: done when it passed, failed otherwise; the detail headed by `note.head` when given.
   */
  async analyse(
    spec: AnalysisSpec,
    label: string,
    note: { name: string; head?: string; data?: Record<string, unknown>; step?: number },
  ): Promise<AnalysisResult> {
    const a = await runAnalysis(spec, this.analysisDeps(), {
      label,
      baselines: this.baselines,
      evaluators: this.d.evaluators,
    });
    await this.journal.note(
      note.name,
      {
        status: a.decision === 'successful' ? 'done' : 'failed',
        detail: `${note.head ? `${note.head}: ` : ''}${a.decision} — ${a.reason}`,
        data: { decision: a.decision, ...note.data },
      },
      note.step ? { step: note.step } : {},
    );
    return a;
  }

  programDeps() {
    return { process: this.d.process, logger: this.d.logger, redactor: this.d.redactor };
  }

  /**
   * Runs the `deploy` or `rollback` program as an effect in the journal (a dry run records it as planned
   * and runs nothing): done when it exited 0, else failed, the detail headed by `note.head` when given.
   */
  runProgramEffect(
    label: 'deploy' | 'rollback',
    argv: string[],
    vars: Record<string, string>,
    note: { head?: string; data?: Record<string, unknown>; step?: number },
  ): Promise<ProgramRun | undefined> {
    const shown = renderArgv(argv, vars).map(quote).join(' ');
    return this.journal.effect(
      label,
      `would run ${shown}`,
      async () => {
        const p = await runProgram(this.programDeps(), {
          label,
          argv,
          vars,
          cwd: this.s.cwd,
          timeoutMs: this.s.programTimeoutMs,
          signal: this.d.signal,
          killGraceMs: this.d.killGraceMs,
        });
        const detail = `${note.head ? `${note.head}: ` : ''}${shown}: ${p.exit}`;
        const status = p.ok ? 'done' : 'failed';
        return { value: p, outcome: { status, detail, ...(note.data ? { data: note.data } : {}) } };
      },
      note.step ? { step: note.step } : {},
    );
  }

  programVars(step: number, weight: number) {
    return {
      weight: String(weight),
      step: String(step),
      tag: this.s.tag,
      previous_tag: this.s.previousTag ?? '',
    };
  }

  cancelReason(where: string): string {
    const r = this.d.signal.reason;
    const why = r instanceof Error ? r.message : 'cancelled';
    return `the run was cancelled (${why}) during ${where}; nothing was rolled back`;
  }

  halt(cause: StopCause, reason: string, why: string, at: { step: number; weight: number }): Halt {
    return { cause, reason, why, step: at.step, weight: at.weight };
  }

  async decide(name: string, detail: string, step: number, data: DecisionData): Promise<void> {
    await this.journal.decide(name, detail, {
      ...(step > 0 ? { step } : {}),
      data: data as Record<string, unknown>,
    });
  }
}

export async function runCanary(s: CanarySettings, deps: RolloutDeps): Promise<CanaryRun> {
  const r = new Rollout(s, deps);
  const tracker = new DeploymentTracker(deps.github, deps, s);
  const messages = new CanaryMessages(s, deps, deps.webhook);
  const now = () => snapshot(r, tracker, messages);
  if (!r.dryRun) {
    r.journal.subscribe(tracker.listen);
    r.journal.subscribe(messages.listen);
    for (const l of deps.listeners ?? []) r.journal.subscribe(l);
    for (const l of deps.live?.(now) ?? []) r.journal.subscribe(l);
  }
  await begin(r);
  const halt =
    (await preflightStep(r)) ?? (await baselineStep(r)) ?? (await takeOver(r)) ?? (await stepsFrom(r));
  if (halt) await stop(r, halt);
  else await promote(r);
  return now();
}

/** The run as it stands: the final result once it has ended, the progress so far before. */
function snapshot(r: Rollout, tracker: DeploymentTracker, messages: CanaryMessages): CanaryRun {
  return {
    result: r.result,
    cancelled: r.cancelled,
    ...(r.failedStep !== undefined ? { failedStep: r.failedStep } : {}),
    ...(r.resumeStep !== undefined ? { resumeStep: r.resumeStep } : {}),
    reason: r.reason,
    startedAt: r.startedAt,
    endedAt: r.d.clock.now(),
    preflight: r.preflight,
    ...(r.baselines ? { baselines: r.baselines } : {}),
    ...(r.recheck ? { recheck: r.recheck } : {}),
    steps: r.steps,
    ...(r.rollback ? { rollback: r.rollback } : {}),
    ...(r.verify ? { verify: r.verify } : {}),
    deployment: tracker.record,
    messages: messages.notifier.sent,
    journal: r.journal.entries,
  };
}

/** The step a run starts at: 1, or where the continued rollout stands. */
function firstStep(s: CanarySettings): number {
  return s.continued?.progress.resumeStep ?? 1;
}

async function begin(r: Rollout): Promise<void> {
  const s = r.s;
  const plan = s.steps.map((x) => `${x.weight}%${x.approve ? ' (approve)' : ''}`).join(' → ');
  const detail = s.continued
    ? `${s.mode} the canary of ${s.tag} (deployment ${s.continued.deploymentId}: ${s.continued.description})`
    : `canary of ${s.tag} to ${s.environment}: ${plan}`;
  const data = { mode: s.mode, from_step: firstStep(s), weight: r.live.weight };
  if (r.dryRun) return r.journal.note('start', { status: 'planned', detail, data });
  await r.journal.step('start', async () => ({ status: 'done', detail, data }));
}

/** The metrics of the analysis and the verification, each once. */
function allMetrics(s: CanarySettings): AnalysisSpec | undefined {
  const metrics = [...(s.analysis?.metrics ?? []), ...(s.verify?.metrics ?? [])];
  const unique = metrics.filter((m, i) => metrics.findIndex((x) => x.name === m.name) === i);
  const base = s.analysis ?? s.verify;
  return base && unique.length ? { ...base, metrics: unique } : undefined;
}

async function preflightStep(r: Rollout): Promise<Halt | undefined> {
  const spec = allMetrics(r.s);
  if (!spec || r.s.mode === 'abort') return undefined;
  const names = spec.metrics.map((m) => m.name).join(', ');
  if (r.dryRun) {
    await r.journal.note('preflight', { status: 'planned', detail: `would read each metric once: ${names}` });
    return undefined;
  }
  // the same deps as the analyses: the command provider's process runner, redactor and workspace
  const problems = (await preflight(spec, r.analysisDeps())).map((p) => withLine(r.s, p));
  r.preflight = problems;
  if (r.d.signal.aborted) return r.halt('cancelled', r.cancelReason('the preflight'), 'cancelled', r.live);
  await r.journal.note('preflight', {
    status: problems.length ? 'failed' : 'done',
    detail: problems.length ? problems.join('; ') : `every metric could be read: ${names}`,
  });
  if (!problems.length) return undefined;
  const why = problems.join('; ');
  const tail = r.live.weight ? `nothing more was deployed` : 'nothing was deployed';
  return r.halt('preflight', `a metric could not be read before the rollout (${why}); ${tail}`, why, r.live);
}

/** A preflight problem, `metric: why (file:line key)`, with the config line of its metric when known. */
function withLine(s: CanarySettings, p: PreflightProblem): string {
  const text = `${p.metric}${p.source === 'baseline' ? ' baseline source' : ''}: ${p.problem}`;
  const at = p.where !== p.metric ? p.where : s.metricAt?.[p.metric];
  return at ? `${text} (${at})` : text;
}

async function baselineStep(r: Rollout): Promise<Halt | undefined> {
  const spec = r.s.analysis;
  if (
    !spec ||
    !spec.metrics.some(needsPreRolloutBaseline) ||
    r.s.mode === 'abort' ||
    r.s.mode === 'promote-now'
  )
    return undefined;
  if (r.dryRun) {
    await r.journal.note('baseline', {
      status: 'planned',
      detail: 'would read each baseline metric 3 times',
    });
    return undefined;
  }
  try {
    r.baselines = await measureBaselines(spec.metrics, r.analysisDeps());
  } catch (err) {
    if (err instanceof CancelledError || r.d.signal.aborted)
      return r.halt('cancelled', r.cancelReason('the baseline measurement'), 'cancelled', r.live);
    throw err;
  }
  const missing = Object.entries(r.baselines).filter(([, b]) => 'error' in b);
  const why = missing.map(([m, b]) => `${m}: ${'error' in b ? b.error : ''}`).join('; ');
  const read = Object.entries(r.baselines)
    .map(([m, b]) => `${m} ${'values' in b ? JSON.stringify(b.values) : ''}`)
    .join('; ');
  await r.journal.note('baseline', {
    status: missing.length ? 'failed' : 'done',
    detail: missing.length ? why : read,
  });
  if (!missing.length) return undefined;
  const tail = r.live.weight ? 'nothing more was deployed' : 'nothing was deployed';
  return r.halt(
    'baseline',
    `the baseline could not be measured before the rollout (${why}); ${tail}`,
    why,
    r.live,
  );
}

/** --abort stops here; --resume first re-checks the analysis at the weight reached. */
async function takeOver(r: Rollout): Promise<Halt | undefined> {
  const s = r.s;
  if (s.mode === 'abort') {
    const why = s.reason ?? 'no reason given';
    return r.halt('manual', `aborted by hand by ${s.facts.owner ?? 'someone'}: ${why}`, why, r.live);
  }
  if (s.mode !== 'resume' || !s.analysis || r.live.weight === 0) return undefined;
  const label = `re-check at ${r.live.weight}%`;
  if (r.dryRun) {
    await r.journal.note('recheck', { status: 'planned', detail: `would analyse once more (${label})` });
    return undefined;
  }
  const a = await r.analyse(s.analysis, label, { name: 'recheck', head: label, step: r.live.step });
  r.recheck = a;
  return analysisHalt(r, a, label, r.live);
}

/** The halt an analysis that did not pass leads to, if any. */
function analysisHalt(
  r: Rollout,
  a: AnalysisResult,
  label: string,
  at: { step: number; weight: number },
): Halt | undefined {
  if (a.decision === 'successful') return undefined;
  if (a.decision === 'cancelled')
    return r.halt('cancelled', r.cancelReason(`the analysis of ${label}`), 'cancelled', at);
  const verdict = a.decision === 'inconclusive' ? 'inconclusive' : 'failed';
  const cause = a.decision === 'inconclusive' ? 'inconclusive' : 'analysis';
  return r.halt(cause, `${label} analysis ${verdict}: ${a.reason}`, a.reason, at);
}

async function stepsFrom(r: Rollout): Promise<Halt | undefined> {
  for (const st of r.s.steps.slice(firstStep(r.s) - 1)) {
    const halt = await runStep(r, st);
    if (halt) return halt;
  }
  return undefined;
}

async function runStep(r: Rollout, st: CanaryStep): Promise<Halt | undefined> {
  const now = r.d.clock.now();
  const rec: StepRecord = {
    step: st.step,
    weight: st.weight,
    pauseMs: st.pauseMs,
    startedAt: now,
    endedAt: now,
    outcome: r.dryRun ? 'planned' : 'passed',
  };
  r.steps.push(rec);
  const halt = (await deployStep(r, st, rec)) ?? (await bakeStep(r, st, rec));
  rec.endedAt = r.d.clock.now();
  if (halt) return halt;
  if (r.dryRun) return undefined;
  const what = rec.analysis
    ? `step ${st.step} (${st.weight}%) analysis successful`
    : st.hold
      ? `step ${st.step} holds ${st.weight}%`
      : r.s.mode === 'promote-now'
        ? `step ${st.step} (${st.weight}%) deployed; promote-now: no pause, no analysis`
        : `step ${st.step} (${st.weight}%) deployed; no analysis configured, nothing was verified`;
  await r.decide('continue', what, st.step, { weight: st.weight });
  if (!st.approve || r.s.mode === 'promote-now') return undefined;
  const reason = `paused after step ${st.step} (${st.weight}%): awaiting approval`;
  return r.halt('approval', reason, 'awaiting approval', { step: st.step, weight: st.weight });
}

async function deployStep(r: Rollout, st: CanaryStep, rec: StepRecord): Promise<Halt | undefined> {
  const at = { step: st.step, weight: st.weight };
  if (st.hold) {
    await r.journal.note(
      'deploy',
      { status: 'skipped', detail: `step ${st.step} holds ${st.weight}%` },
      { step: st.step },
    );
    return undefined;
  }
  const run = await r.runProgramEffect('deploy', st.deploy, r.programVars(st.step, st.weight), {
    head: `step ${st.step} (${st.weight}%)`,
    data: { weight: st.weight },
    step: st.step,
  });
  if (!run) return undefined;
  rec.deploy = run;
  if (run.cancelled || r.d.signal.aborted) {
    rec.outcome = 'cancelled';
    const where = `step ${st.step} (${st.weight}%), while the deploy program ran (its process group was killed)`;
    return r.halt('cancelled', r.cancelReason(where), 'cancelled', at);
  }
  if (!run.ok) {
    rec.outcome = 'deploy-failed';
    return r.halt(
      'deploy',
      `the deploy program failed at step ${st.step} (${st.weight}%): ${run.exit}`,
      run.exit,
      at,
    );
  }
  r.live = at;
  return undefined;
}

/**
 * The bake: the analysis runs from the moment the step is deployed for its pause and its window,
 * whichever is longer, so a breach during the pause stops the step at once. Without an analysis the
 * step only waits its pause.
 */
async function bakeStep(r: Rollout, st: CanaryStep, rec: StepRecord): Promise<Halt | undefined> {
  const s = r.s;
  const at = { step: st.step, weight: st.weight };
  const label = `step ${st.step} (${st.weight}%)`;
  if (st.hold) return undefined;
  if (s.mode === 'promote-now') {
    await r.journal.note(
      'analysis',
      { status: 'skipped', detail: `${label}: promote-now` },
      { step: st.step },
    );
    return undefined;
  }
  const spec = s.analysis && { ...s.analysis, windowMs: Math.max(s.analysis.windowMs, st.pauseMs) };
  if (r.dryRun) {
    const what = spec
      ? `would analyse ${label} for ${formatDuration(spec.windowMs)}`
      : `would wait ${formatDuration(st.pauseMs)}`;
    await r.journal.note('analysis', { status: 'planned', detail: what }, { step: st.step });
    return undefined;
  }
  if (!spec) {
    if (st.pauseMs <= 0) return undefined;
    try {
      await r.d.clock.sleep(st.pauseMs, r.d.signal);
    } catch (err) {
      if (!(err instanceof CancelledError) && !r.d.signal.aborted) throw err;
      rec.outcome = 'cancelled';
      return r.halt('cancelled', r.cancelReason(`the pause of ${label}`), 'cancelled', at);
    }
    return undefined;
  }
  const a = await r.analyse(spec, label, {
    name: 'analysis',
    head: label,
    data: { weight: st.weight },
    step: st.step,
  });
  rec.analysis = a;
  if (a.decision !== 'successful') rec.outcome = a.decision === 'cancelled' ? 'cancelled' : 'failed';
  return analysisHalt(r, a, label, at);
}

async function promote(r: Rollout): Promise<void> {
  const s = r.s;
  const n = s.steps.length;
  r.result = 'promoted';
  r.reason =
    s.mode === 'promote-now'
      ? `${s.tag} promoted to 100% now by ${s.facts.owner ?? 'someone'}: ${s.reason ?? ''}; the remaining pauses and analysis were skipped`
      : `${s.tag} promoted to 100% in ${n} step${n === 1 ? '' : 's'}`;
  if (r.dryRun) return;
  await r.decide('promote', r.reason, 0, { result: 'promoted', weight: 100 });
}

const CAUSE: Record<StopCause, string> = {
  analysis: 'the analysis failed',
  inconclusive: 'the analysis was inconclusive',
  deploy: 'the deploy program failed',
  baseline: 'the baseline could not be measured',
  preflight: 'a metric could not be read',
  manual: 'stopped by hand',
  cancelled: 'the job was cancelled',
  approval: 'awaiting approval',
};

async function stop(r: Rollout, h: Halt): Promise<void> {
  const s = r.s;
  if (r.dryRun) return;
  if (h.cause === 'cancelled') return cancelled(r, h);
  if (h.cause === 'approval' || (h.cause === 'inconclusive' && s.onInconclusive === 'pause'))
    return pause(r, h, 'paused', h.step + 1);
  if (h.cause !== 'manual' && h.step === 0 && h.weight === 0) {
    r.result = 'aborted';
    r.reason = h.reason;
    await r.decide('abort', h.reason, 0, { result: 'aborted', cause: h.cause, weight: 0, why: h.why });
    return;
  }
  if (h.cause !== 'manual' && (s.onFailure === 'pause' || h.cause === 'preflight' || h.cause === 'baseline'))
    return pause(r, h, 'aborted', Math.max(1, h.step));
  return abortAndRollBack(r, h);
}

async function pause(r: Rollout, h: Halt, result: 'paused' | 'aborted', resumeStep: number): Promise<void> {
  r.result = result;
  r.reason = h.reason;
  r.resumeStep = resumeStep;
  if (result === 'aborted') r.failedStep = h.step;
  const why = h.cause === 'approval' ? 'awaiting approval' : `${CAUSE[h.cause]}: ${h.why}`;
  const mitigation =
    result === 'paused'
      ? `paused at ${h.weight}%; resume at step ${resumeStep}`
      : `rollout paused at ${h.weight}%, not rolled back (on-failure: pause)`;
  await r.decide('pause', `${h.reason} — ${mitigation}`, h.step, {
    result,
    cause: h.cause,
    weight: h.weight,
    why,
    resume_step: resumeStep,
  });
}

async function cancelled(r: Rollout, h: Halt): Promise<void> {
  r.cancelled = true;
  r.result = 'aborted';
  r.reason = h.reason;
  r.failedStep = h.step || undefined;
  r.resumeStep = Math.max(1, h.step);
  await r.decide('cancelled', h.reason, h.step, { result: 'aborted', cause: 'cancelled', weight: h.weight });
}

async function abortAndRollBack(r: Rollout, h: Halt): Promise<void> {
  const s = r.s;
  r.failedStep = h.step || undefined;
  r.reason = h.reason;
  const data = { cause: h.cause, weight: h.weight, why: h.why };
  if (!s.rollback) {
    r.result = 'aborted';
    r.reason = `${h.reason}; no rollback program is configured (canary.rollback): nothing was rolled back`;
    await r.decide('abort', h.reason, h.step, { ...data, result: 'aborted', rolling_back: false });
    return;
  }
  await r.decide('abort', h.reason, h.step, { ...data, rolling_back: true });
  const rb = await rollbackProgram(r, h);
  const end = (result: CanaryResult, note: string) => {
    r.result = result;
    r.reason = `${h.reason}; ${note}`;
  };
  const at = { weight: h.weight, rolling_back: true };
  if (rb.cancelled || r.d.signal.aborted) {
    r.cancelled = true;
    end(
      'rollback-failed',
      'then the run was cancelled during the rollback program (its process group was killed)',
    );
    return r.decide('cancelled', 'the run was cancelled during the rollback program', h.step, {
      ...at,
      result: r.result,
    });
  }
  if (!rb.ok) {
    const note = `the rollback program failed: ${rb.exit}`;
    end('rollback-failed', note);
    return r.decide('rollback-failed', note, h.step, { ...at, result: r.result, why: note });
  }
  return verifyRollback(r, h, end);
}

async function rollbackProgram(r: Rollout, h: Halt): Promise<ProgramRun> {
  const s = r.s;
  const vars = { ...r.programVars(h.step, h.weight), to_tag: s.previousTag ?? '', from_tag: s.tag };
  const rb = await r.runProgramEffect('rollback', s.rollback!, vars, { step: h.step });
  r.rollback = rb!;
  return rb!;
}

async function verifyRollback(
  r: Rollout,
  h: Halt,
  end: (result: CanaryResult, note: string) => void,
): Promise<void> {
  const s = r.s;
  const prev = s.previousTag ?? 'the previous release';
  const at = { weight: h.weight, rolling_back: true };
  if (!s.verify) {
    const note = `rolled back to ${prev}; not verified (no analysis configured)`;
    end('rolled-back', note);
    return r.decide('rolled-back', note, h.step, { ...at, result: r.result, verified: false });
  }
  const v = await r.analyse(s.verify, 'verify', { name: 'verify' });
  r.verify = v;
  if (v.decision === 'cancelled') {
    r.cancelled = true;
    end('rollback-failed', 'then the run was cancelled during the verification');
    return r.decide('cancelled', 'the run was cancelled during the verification', h.step, {
      ...at,
      result: r.result,
    });
  }
  if (v.decision !== 'successful') {
    const note = `rolled back to ${prev}, but the verification ${v.decision === 'failed' ? 'failed' : 'was inconclusive'}: ${v.reason}`;
    end('rollback-failed', note);
    return r.decide('rollback-failed', note, h.step, {
      ...at,
      result: r.result,
      why: `verification ${v.decision}`,
    });
  }
  const note = `rolled back to ${prev} and verified healthy`;
  end('rolled-back', note);
  return r.decide('rolled-back', note, h.step, { ...at, result: r.result, verified: true });
}
