/**
 * The recovery track: run the user's program with the target tag, then verify health. Beside it, the
 * target's deployment (the ledger) is created `in_progress` — never in the recovery's way — and then
 * follows the journal: a failed program or verification → `failure`, a verified one → `success`, a
 * cancelled run → `error`. GitHub failures there do not stop the recovery; they come back as
 * `githubError` for the record.
 */
import { CancelledError } from '../errors.js';
import { formatDuration } from '../config/duration.js';
import { quote, renderArgv, runProgram, templateEnv } from '../deploy/index.js';
import type { JournalEntry } from '../journal/journal.js';
import type { DeploymentState, GitHubPort } from '../ports/index.js';
import { iso, type RunContext } from './context.js';
import { ensureTargetDeployment, setTargetStatus, targetDescription } from './deployments.js';
import type { Result } from './types.js';
import { analyse, describeAnalysis } from './watch.js';

export interface RecoveryOutcome {
  result: Result;
  message: string;
  githubError?: unknown;
}

export async function recover(
  c: RunContext,
  gh: GitHubPort | null,
  fromTag: string,
  toTag: string,
): Promise<RecoveryOutcome> {
  const tracker = gh ? new TargetDeployment(c, gh, fromTag, toTag) : null;
  const stop = tracker ? c.journal.subscribe(tracker.listener) : () => undefined;
  try {
    await tracker?.start();
    const program = await runTheProgram(c, fromTag, toTag);
    const out = program ?? (await verify(c, fromTag, toTag));
    await tracker?.settled();
    // cancelled while GitHub was still being told: the deployment says `error`, like any cancelled run
    if (c.deps.signal.aborted) throw new CancelledError();
    return { ...out, githubError: tracker?.error };
  } catch (err) {
    if (err instanceof CancelledError || c.deps.signal.aborted) {
      await c.journal.decide('cancelled', `the job was cancelled while ${toTag} was being redeployed`);
      await tracker?.settled();
    }
    throw err;
  } finally {
    stop();
  }
}

/** The program, when one is configured; a failed one ends the recovery (returned), else null. */
async function runTheProgram(c: RunContext, fromTag: string, toTag: string): Promise<RecoveryOutcome | null> {
  const { s, deps, journal } = c;
  if (!s.program) {
    await journal.note('program', {
      status: 'skipped',
      detail: 'no rollback.run configured: nothing redeployed by release-ops',
    });
    return null;
  }
  const program = s.program;
  const vars = { to_tag: toTag, from_tag: fromTag };
  const run = await journal.effect('program', programPlan(c, vars), async () => {
    const run = await runProgram(deps, {
      label: 'rollback',
      argv: program.argv,
      vars,
      cwd: program.cwd,
      timeoutMs: program.timeoutMs,
      signal: deps.signal,
    });
    const tail = run.tail.slice(-5).join(' / ');
    const detail = `${run.argv.join(' ')}: ${run.exit} in ${(run.durationMs / 1000).toFixed(1)} s${run.ok || !tail ? '' : ` — ${tail}`}`;
    return {
      value: run,
      outcome: {
        status: run.ok ? 'done' : 'failed',
        detail,
        data: { exit: run.exit, cancelled: run.cancelled },
      },
    };
  });
  if (!run) return null; // a dry run: the verification is planned next
  c.r.timings.programMs = Math.round(run.durationMs);
  if (run.cancelled) throw new CancelledError();
  if (run.ok) return null;
  return {
    result: 'rollback-failed',
    message: `ROLLBACK FAILED: the rollback program ${run.exit}; ${toTag} may not be live. A human must act (release-ops does not retry)`,
  };
}

function programPlan(c: RunContext, vars: Record<string, string>): string {
  const p = c.s.program!;
  let argv: string;
  try {
    argv = renderArgv(p.argv, vars).map(quote).join(' ');
  } catch (err) {
    argv = `${p.argv.map(quote).join(' ')} (${(err as Error).message})`;
  }
  const env = Object.entries(templateEnv(vars))
    .map(([k, v]) => `${k}=${v}`)
    .join(' ');
  return `RUN ${argv} (env ${env}; time limit ${formatDuration(p.timeoutMs)}; cwd ${p.cwd})`;
}

async function verify(c: RunContext, fromTag: string, toTag: string): Promise<RecoveryOutcome> {
  const { s, deps, journal, r } = c;
  if (!s.verify) {
    await journal.note('verify', {
      status: 'skipped',
      detail: 'no rollback.verify or rollback.watch probes configured: health NOT verified',
    });
    return {
      result: 'rolled-back',
      message: `rolled back ${fromTag} to ${toTag}; health was NOT verified (configure rollback.verify)`,
    };
  }
  if (journal.dryRun) {
    const detail = `VERIFY every ${formatDuration(s.verify.intervalMs)} for ${formatDuration(s.verify.windowMs)}`;
    await journal.note('verify', { status: 'planned', detail, data: { lines: describeAnalysis(s.verify) } });
    return { result: 'dry-run', message: '' };
  }
  const res = await analyse(deps, s.verify, `verification of ${toTag}`, s.cwd);
  r.verify = res;
  r.timings.verifyMs = Math.round(res.endedAt - res.startedAt);
  if (res.decision === 'cancelled') throw new CancelledError(res.reason);
  const ok = res.decision === 'successful';
  if (ok) r.timings.healthRestoredAt = iso(res.endedAt);
  await journal.note('verify', {
    status: ok ? 'done' : 'failed',
    detail: ok
      ? `health verified: ${res.reason} (${res.ticks} measurements)`
      : `verification ${res.decision}: ${res.reason}`,
    data: { decision: res.decision },
  });
  return ok
    ? {
        result: 'rolled-back',
        message: `rolled back ${fromTag} to ${toTag}; health verified (${res.ticks} measurements)`,
      }
    : {
        result: 'rollback-failed',
        message: `ROLLBACK FAILED: ${toTag} was redeployed but its health did not verify (${res.reason}). A human must act; release-ops will not retry`,
      };
}

/** The target's deployment: created at the start, then it follows the program and the verification. */
class TargetDeployment {
  private created: Promise<number | undefined> = Promise.resolve(undefined);
  private finishing: Promise<void> = Promise.resolve();
  error: unknown;

  constructor(
    private readonly c: RunContext,
    private readonly gh: GitHubPort,
    private readonly fromTag: string,
    private readonly toTag: string,
  ) {}

  /** Creates the deployment in the background (awaited first in a dry run, so the plan reads in order). */
  async start(): Promise<void> {
    const { s, journal } = this.c;
    const { gh, fromTag, toTag } = this;
    const plan = `DEPLOYMENT create a deployment of ${toTag} in ${s.environment} (in_progress)`;
    this.created = journal
      .effect('target-deployment', plan, async () => {
        const { deployment, created } = await ensureTargetDeployment(gh, {
          fromTag,
          toTag,
          environment: s.environment,
          run: s.run,
        });
        await setTargetStatus(
          gh,
          deployment.id,
          'in_progress',
          `rolling back ${fromTag} to ${toTag}`,
          s.run.url,
        );
        const detail = `deployment ${deployment.id} of ${toTag} in ${s.environment} (${targetDescription(fromTag, toTag)}): in_progress`;
        return { value: deployment.id, outcome: { status: created ? 'done' : 'already', detail } };
      })
      .catch((err: unknown) => {
        this.error ??= err;
        return undefined;
      });
    if (journal.dryRun) await this.created;
  }

  /** Waits for the deployment's last status write, if one is under way. */
  async settled(): Promise<void> {
    await this.created;
    await this.finishing;
  }

  readonly listener = (e: JournalEntry): Promise<void> | void => {
    const end = this.endFor(e);
    if (!end) return;
    this.finishing = this.finishing.then(() => this.finish(end.state, end.text, e.status === 'planned'));
    return this.finishing;
  };

  private endFor(e: JournalEntry): { state: DeploymentState; text: string } | null {
    const { toTag } = this;
    if (e.kind === 'decision' && e.name === 'cancelled') return { state: 'error', text: 'cancelled' };
    if (e.name === 'program' && e.status === 'failed' && !e.data?.cancelled)
      return { state: 'failure', text: `rollback program ${String(e.data?.exit ?? 'failed')}` };
    if (e.name !== 'verify') return null;
    if (e.status === 'failed') return { state: 'failure', text: `verification ${String(e.data?.decision)}` };
    if (e.status === 'skipped')
      return { state: 'success', text: `rolled back to ${toTag} (health not verified)` };
    if (e.status === 'planned') return { state: 'success', text: 'success when verified, failure otherwise' };
    return { state: 'success', text: `rolled back to ${toTag}; health verified` };
  }

  private async finish(state: DeploymentState, text: string, planned: boolean): Promise<void> {
    const { journal, s } = this.c;
    let id = await this.created;
    if (id === undefined && state === 'error' && this.error instanceof CancelledError) {
      // The job was cancelled while the deployment was being created, and GitHub's answer was given up:
      // create it now (what starts after the cancellation gets a short grace), so the ledger records
      // the attempt as `error` and a re-run finds it.
      this.error = undefined;
      await this.start();
      id = await this.created;
    }
    if (this.error !== undefined || (id === undefined && !planned)) return;
    const plan = `DEPLOYMENT ${this.toTag}: ${text}`;
    try {
      await journal.effect('target-status', plan, async () => {
        await setTargetStatus(this.gh, id!, state, text, s.run.url);
        return {
          value: id,
          outcome: { status: 'done', detail: `deployment ${id} of ${this.toTag}: ${state}` },
        };
      });
    } catch (err) {
      this.error ??= err;
    }
  }
}
