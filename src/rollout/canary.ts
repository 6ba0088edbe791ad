/**
 * The canary rollout: for each step, deploy → pause → analysis → decision. A failed or inconclusive
 * analysis, or a failed deploy program, stops the rollout: `on_failure: abort` runs the rollback
 * program and then a verification analysis; `pause` stops where it is. Cancellation (the job's
 * SIGTERM/SIGINT through `signal`) stops at once: the running program's process group is killed, the
 * deployment gets status `error`, and the run is recorded — nothing is rolled back by a cancelled job.
 *
 * Results: promoted | aborted | rolled-back | rollback-failed. Everything observed is kept in the
 * returned CanaryRun, which the command writes as evidence and renders as the report.
 */
import { measureBaselines, needsPreRolloutBaseline, runAnalysis } from '../analysis/runner.js';
import type { AnalysisResult, Baselines, EvaluatorFactory } from '../analysis/types.js';
import { formatDuration } from '../config/duration.js';
import { runProgram, type ProgramRun } from '../deploy/run.js';
import { CancelledError } from '../errors.js';
import type { Redactor } from '../evidence/redact.js';
import { Notifier, type SentMessage, type WebhookOptions } from '../notify/index.js';
import type { Clock, GitHubPort, HttpClient, Logger, ProcessRunner } from '../ports/index.js';
import { ledgerPayload } from '../ledger/ledger.js';
import { DeploymentTracker, type DeploymentRecord } from './deployment.js';
import type { CanarySettings } from './settings.js';

export type CanaryResult = 'promoted' | 'aborted' | 'rolled-back' | 'rollback-failed';

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
}

export interface StepRecord {
  step: number;
  weight: number;
  pauseMs: number;
  startedAt: number;
  endedAt: number;
  deploy?: ProgramRun;
  analysis?: AnalysisResult;
  outcome: 'passed' | 'failed' | 'deploy-failed' | 'cancelled';
}

export interface RolloutDecision {
  at: number;
  decision: string;
  reason: string;
  step?: number;
}

export interface CanaryRun {
  result: CanaryResult;
  cancelled: boolean;
  failedStep?: number;
  reason: string;
  startedAt: number;
  endedAt: number;
  baselines?: Baselines;
  steps: StepRecord[];
  rollback?: ProgramRun;
  verify?: AnalysisResult;
  deployment: DeploymentRecord;
  messages: SentMessage[];
  decisions: RolloutDecision[];
}

class Stop extends Error {
  constructor(
    readonly kind: 'failure' | 'cancel',
    readonly reason: string,
    readonly step?: number,
  ) {
    super(reason);
  }
}

export async function runCanary(s: CanarySettings, deps: RolloutDeps): Promise<CanaryRun> {
  const { clock, logger, signal } = deps;
  const startedAt = clock.now();
  const steps: StepRecord[] = [];
  const decisions: RolloutDecision[] = [];
  const decide = (decision: string, reason: string, step?: number) => {
    decisions.push({ at: clock.now(), decision, reason, ...(step !== undefined ? { step } : {}) });
    logger.info(`decision: ${decision}${step !== undefined ? ` (step ${step})` : ''} — ${reason}`);
  };
  const notifier = new Notifier(
    { http: deps.http, clock, logger, redactor: deps.redactor },
    s.templates,
    s.webhookUrl,
    deps.webhook,
  );
  const tracker = new DeploymentTracker(
    deps.github,
    { clock, logger },
    { ref: s.sha || s.tag, environment: s.environment, logUrl: s.facts.runUrl },
  );
  const n = s.steps.length;
  /** When the next message is due: a step's pause and its analysis window (nominal, not worst case). */
  const windowMs = s.analysis?.windowMs ?? 0;
  const vars = (extra: Record<string, string | undefined> = {}) => ({
    service: s.facts.service,
    repository: s.facts.repository,
    owner: s.facts.owner,
    run_url: s.facts.runUrl,
    tag: s.tag,
    previous_tag: s.previousTag,
    environment: s.environment,
    ...extra,
  });
  const programVars = (step: number, weight: number) => ({
    weight: String(weight),
    step: String(step),
    tag: s.tag,
    previous_tag: s.previousTag ?? '',
  });
  const cancelReason = (where: string) => {
    const why = signal.reason instanceof Error ? signal.reason.message : 'cancelled';
    return `the run was cancelled (${why}) during ${where}; nothing was rolled back`;
  };
  const pdeps = { process: deps.process, logger, redactor: deps.redactor };

  let baselines: Baselines | undefined;
  let current = { step: 0, weight: 0 };
  let result: CanaryResult = 'promoted';
  let reason = '';
  let failedStep: number | undefined;
  let cancelled = false;
  let rollback: ProgramRun | undefined;
  let verify: AnalysisResult | undefined;

  await tracker.create(`canary ${s.tag}: ${s.steps.map((x) => `${x.weight}%`).join(' → ')}`, {
    ...ledgerPayload({
      kind: 'canary',
      tag: s.tag,
      run_url: s.facts.runUrl ?? null,
      run_id: s.facts.runId ?? null,
      actor: s.facts.owner ?? null,
      replaces: s.previousTag ?? null,
    }),
    steps: s.steps.map((x) => x.weight),
    ...(s.allowRolledBack ? { allow_rolled_back: s.allowRolledBack } : {}),
  });
  await tracker.status('in_progress', `starting canary of ${s.tag}`);
  await notifier.send(
    'start',
    vars({
      step: '1',
      weight: String(s.steps[0]!.weight),
      next_update: formatDuration(s.steps[0]!.pauseMs + windowMs),
    }),
  );

  try {
    // Baseline: the stable version, measured before anything changes.
    if (s.analysis && s.analysis.metrics.some(needsPreRolloutBaseline)) {
      try {
        baselines = await measureBaselines(s.analysis.metrics, { clock, http: deps.http, signal });
      } catch (err) {
        if (err instanceof CancelledError || signal.aborted)
          throw new Stop('cancel', cancelReason('the baseline measurement'));
        throw err;
      }
      const missing = Object.entries(baselines).filter(([, b]) => 'error' in b);
      if (missing.length) {
        const why = missing.map(([m, b]) => `${m}: ${'error' in b ? b.error : ''}`).join('; ');
        throw new Stop(
          'failure',
          `the baseline could not be measured before the rollout (${why}); nothing was deployed`,
        );
      }
      logger.info(
        `baseline: ${Object.entries(baselines)
          .map(([m, b]) => `${m} ${'values' in b ? JSON.stringify(b.values) : ''}`)
          .join('; ')}`,
      );
    }

    for (let i = 0; i < n; i++) {
      const { weight, pauseMs } = s.steps[i]!;
      const step = i + 1;
      current = { step, weight };
      const rec: StepRecord = {
        step,
        weight,
        pauseMs,
        startedAt: clock.now(),
        endedAt: clock.now(),
        outcome: 'passed',
      };
      steps.push(rec);
      await tracker.status('in_progress', `step ${step}/${n}: ${weight}% of traffic on ${s.tag}`);
      rec.deploy = await runProgram(pdeps, {
        label: 'deploy',
        argv: s.deploy,
        vars: programVars(step, weight),
        cwd: s.cwd,
        timeoutMs: s.programTimeoutMs,
        signal,
        killGraceMs: deps.killGraceMs,
      });
      rec.endedAt = clock.now();
      if (rec.deploy.cancelled || signal.aborted) {
        rec.outcome = 'cancelled';
        throw new Stop(
          'cancel',
          cancelReason(
            `step ${step} (${weight}%), while the deploy program ran (its process group was killed)`,
          ),
          step,
        );
      }
      if (!rec.deploy.ok) {
        rec.outcome = 'deploy-failed';
        throw new Stop(
          'failure',
          `the deploy program failed at step ${step} (${weight}%): ${rec.deploy.exit}`,
          step,
        );
      }
      if (pauseMs > 0) {
        logger.info(`step ${step}: pausing ${formatDuration(pauseMs)} before the analysis`);
        try {
          await clock.sleep(pauseMs, signal);
        } catch (err) {
          rec.outcome = 'cancelled';
          rec.endedAt = clock.now();
          if (err instanceof CancelledError || signal.aborted)
            throw new Stop('cancel', cancelReason(`the pause of step ${step} (${weight}%)`), step);
          throw err;
        }
      }
      if (s.analysis) {
        rec.analysis = await runAnalysis(
          s.analysis,
          { clock, http: deps.http, signal, logger },
          { label: `step ${step} (${weight}%)`, baselines, evaluators: deps.evaluators },
        );
        rec.endedAt = clock.now();
        if (rec.analysis.decision === 'cancelled') {
          rec.outcome = 'cancelled';
          throw new Stop('cancel', cancelReason(`the analysis of step ${step} (${weight}%)`), step);
        }
        if (rec.analysis.decision !== 'successful') {
          rec.outcome = 'failed';
          const verdict = rec.analysis.decision === 'inconclusive' ? 'inconclusive' : 'failed';
          throw new Stop(
            'failure',
            `step ${step} (${weight}%) analysis ${verdict}: ${rec.analysis.reason}`,
            step,
          );
        }
        decide('continue', `step ${step} (${weight}%) analysis successful`, step);
      } else {
        decide(
          'continue',
          `step ${step} (${weight}%) deployed; no analysis configured, nothing was verified`,
          step,
        );
      }
      rec.endedAt = clock.now();
      if (step === 1 && n > 1) {
        const next = s.steps[1]!;
        await notifier.send(
          'healthy',
          vars({
            step: '1',
            weight: String(weight),
            next_weight: String(next.weight),
            next_update: formatDuration(next.pauseMs + windowMs),
          }),
        );
      }
    }
    result = 'promoted';
    reason = `${s.tag} promoted to 100% in ${n} step${n === 1 ? '' : 's'}`;
    decide('promote', reason);
    await tracker.status('success', `promoted: ${s.tag} at 100%${s.analysis ? ', analysis passed' : ''}`);
    await notifier.send('complete', vars({ step: String(n), weight: '100' }));
  } catch (err) {
    if (!(err instanceof Stop)) throw err;
    failedStep = err.step;
    reason = err.reason;
    if (err.kind === 'cancel') {
      cancelled = true;
      result = 'aborted';
      decide('cancelled', reason, err.step);
      await tracker.status('error', `cancelled at step ${current.step}/${n} (${current.weight}%)`);
      await notifier.send(
        'abort',
        vars({
          reason,
          step: String(current.step),
          weight: String(current.weight),
          mitigation: `Rollout stopped at ${current.weight}% by a cancelled job, not rolled back`,
          next_update: 'the next run',
        }),
        { retries: 0, timeoutMs: 2000 },
      );
    } else if (s.onFailure === 'pause' || current.step === 0) {
      result = 'aborted';
      const mitigation =
        current.step === 0
          ? 'Nothing was deployed'
          : `Rollout paused at ${current.weight}%, not rolled back (on-failure: pause)`;
      decide(current.step === 0 ? 'abort' : 'pause', `${reason} — ${mitigation.toLowerCase()}`, err.step);
      await tracker.status(
        'failure',
        current.step === 0 ? `not started: ${reason}` : `paused at ${current.weight}%: ${reason}`,
      );
      await notifier.send(
        'abort',
        vars({
          reason,
          step: String(current.step),
          weight: String(current.weight),
          mitigation,
          next_update: 'the next run',
        }),
      );
    } else {
      decide('abort', reason, err.step);
      const outcome = await abortAndRollBack();
      result = outcome.result;
      rollback = outcome.rollback;
      verify = outcome.verify;
      if (outcome.cancelled) {
        cancelled = true;
        reason = `${reason}; then ${outcome.note}`;
      } else if (outcome.note) {
        reason = `${reason}; ${outcome.note}`;
      }
    }
  }

  return {
    result,
    cancelled,
    ...(failedStep !== undefined ? { failedStep } : {}),
    reason,
    startedAt,
    endedAt: clock.now(),
    ...(baselines ? { baselines } : {}),
    steps,
    ...(rollback ? { rollback } : {}),
    ...(verify ? { verify } : {}),
    deployment: tracker.record,
    messages: notifier.sent,
    decisions,
  };

  async function abortAndRollBack(): Promise<{
    result: CanaryResult;
    rollback?: ProgramRun;
    verify?: AnalysisResult;
    note?: string;
    cancelled?: boolean;
  }> {
    const { step, weight } = current;
    if (!s.rollback) {
      const note = 'no rollback program is configured (canary.rollback): nothing was rolled back';
      await tracker.status('failure', `aborted at ${weight}%; no rollback program`);
      await notifier.send(
        'abort',
        vars({
          reason,
          step: String(step),
          weight: String(weight),
          mitigation: `Rollout stopped at ${weight}%; no rollback program is configured`,
          next_update: 'the next run',
        }),
      );
      return { result: 'aborted', note };
    }
    await notifier.send(
      'abort',
      vars({
        reason,
        step: String(step),
        weight: String(weight),
        mitigation: `Rollback in progress to ${s.previousTag ?? 'the previous release'}`,
        next_update: formatDuration((s.verify?.windowMs ?? 0) + 60_000),
      }),
    );
    await tracker.status(
      'in_progress',
      `aborted at ${weight}%: rolling back to ${s.previousTag ?? 'the previous release'}`,
    );
    const settleRedeploy = await tracker.redeploy(
      s.previousTag,
      ledgerPayload({
        kind: 'redeploy',
        tag: s.previousTag ?? '',
        run_url: s.facts.runUrl ?? null,
        run_id: s.facts.runId ?? null,
        actor: s.facts.owner ?? null,
        replaces: s.tag,
      }),
    );
    const rb = await runProgram(pdeps, {
      label: 'rollback',
      argv: s.rollback,
      vars: { ...programVars(step, weight), to_tag: s.previousTag ?? '', from_tag: s.tag },
      cwd: s.cwd,
      timeoutMs: s.programTimeoutMs,
      signal,
      killGraceMs: deps.killGraceMs,
    });
    if (rb.cancelled || signal.aborted) {
      decide('cancelled', 'the run was cancelled during the rollback program', step);
      await tracker.status('error', `cancelled during the rollback from ${weight}%`);
      await settleRedeploy('failure', 'cancelled while redeploying');
      return {
        result: 'rollback-failed',
        rollback: rb,
        cancelled: true,
        note: 'the run was cancelled during the rollback program (its process group was killed)',
      };
    }
    if (!rb.ok) {
      const note = `the rollback program failed: ${rb.exit}`;
      decide('rollback-failed', note, step);
      await tracker.status('failure', `rollback failed: ${rb.exit}`);
      await settleRedeploy('failure', `the rollback program failed: ${rb.exit}`);
      return { result: 'rollback-failed', rollback: rb, note };
    }
    if (!s.verify) {
      const note = `rolled back to ${s.previousTag ?? 'the previous release'}; not verified (no analysis configured)`;
      decide('rolled-back', note, step);
      await tracker.status('failure', `aborted at ${weight}%, rolled back (not verified)`);
      await settleRedeploy('success', `redeployed ${s.previousTag ?? ''} (not verified: no analysis)`);
      return { result: 'rolled-back', rollback: rb, note };
    }
    const v = await runAnalysis(
      s.verify,
      { clock, http: deps.http, signal, logger },
      { label: 'verify', baselines, evaluators: deps.evaluators },
    );
    if (v.decision === 'cancelled') {
      decide('cancelled', 'the run was cancelled during the verification', step);
      await tracker.status('error', 'cancelled during the verification of the rollback');
      await settleRedeploy('failure', 'cancelled during the verification');
      return {
        result: 'rollback-failed',
        rollback: rb,
        verify: v,
        cancelled: true,
        note: 'the run was cancelled during the verification',
      };
    }
    if (v.decision !== 'successful') {
      const note = `rolled back to ${s.previousTag ?? 'the previous release'}, but the verification ${v.decision === 'failed' ? 'failed' : 'was inconclusive'}: ${v.reason}`;
      decide('rollback-failed', note, step);
      await tracker.status('failure', `rollback verification ${v.decision}`);
      await settleRedeploy('failure', `verification ${v.decision}`);
      return { result: 'rollback-failed', rollback: rb, verify: v, note };
    }
    const note = `rolled back to ${s.previousTag ?? 'the previous release'} and verified healthy`;
    decide('rolled-back', note, step);
    await tracker.status(
      'failure',
      `aborted at ${weight}%: rolled back to ${s.previousTag ?? 'the previous release'}, verified`,
    );
    await settleRedeploy('success', `redeployed ${s.previousTag ?? ''}, verified healthy`);
    return { result: 'rolled-back', rollback: rb, verify: v, note };
  }
}
