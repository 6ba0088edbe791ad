/**
 * The readiness gate's check runner: every check of `gate.checks`, at most `concurrency` at a time,
 * each under its own time limit (retries included), each ending in a verdict.
 */
import { setMaxListeners } from 'node:events';
import { CancelledError, errorMessage, isUserFacing } from '../errors.js';
import { implFor } from './checks/index.js';
import { human } from './format.js';
import {
  DeadlineReached,
  isDeadline,
  type AttemptRecord,
  type CheckConfig,
  type CheckOutcome,
  type GateDeps,
  type GateResult,
  type Verdict,
} from './types.js';

/** A check's time limit when `timeout` is not written. */
export const DEFAULT_CHECK_TIMEOUT_MS = 5 * 60_000;
/** Retry pauses double from `retry_delay` up to this. */
export const MAX_RETRY_DELAY_MS = 30_000;
/** After a deadline, how long a stopped check may take to clean up (kill its group, report its tail). */
export const DEFAULT_SETTLE_MS = 5000;

export function timeoutOf(check: CheckConfig): number {
  return check.timeout ?? implFor(check).defaultTimeoutMs?.(check) ?? DEFAULT_CHECK_TIMEOUT_MS;
}

/** `DRY-RUN <what it would run>` text for one check; runs nothing. */
export function describeCheck(
  check: CheckConfig,
  deps: Pick<GateDeps, 'env' | 'sha' | 'freezeOverride'>,
): string {
  return implFor(check).describe(check, deps);
}

/**
 * Runs the gate's checks, at most `concurrency` at a time, each under its own time limit (retries
 * included). A check that does not finish in time is stopped through its AbortSignal (a command's
 * process group is killed, requests are aborted) and reported as a failed verdict (timeout): the gate
 * never waits on a hung check. Verdicts come back in config order.
 */
export async function runGate(
  gate: { checks: CheckConfig[]; concurrency: number },
  deps: GateDeps,
  opts: { onVerdict?: (v: Verdict) => void } = {},
): Promise<GateResult> {
  const started = deps.clock.now();
  // The job's signal gets one listener; each running check listens to this one (up to 64 at a time).
  const jobCtl = new AbortController();
  setMaxListeners(gate.concurrency + 10, jobCtl.signal);
  const onJobAbort = () => jobCtl.abort(deps.signal?.reason);
  if (deps.signal?.aborted) onJobAbort();
  else deps.signal?.addEventListener('abort', onJobAbort, { once: true });
  const checkDeps: GateDeps = { ...deps, signal: jobCtl.signal };
  const verdicts: Verdict[] = new Array(gate.checks.length);
  let next = 0;
  const worker = async () => {
    while (next < gate.checks.length) {
      const i = next++;
      const check = gate.checks[i]!;
      let v: Verdict;
      try {
        v = await runCheck(check, i, checkDeps);
      } catch (err) {
        // runCheck catches what checks throw; reaching here is a bug in the gate itself.
        v = blank(check, i, 'fail', `internal error: ${errorMessage(err)}`);
      }
      verdicts[i] = v;
      opts.onVerdict?.(v);
    }
  };
  try {
    await Promise.all(
      Array.from({ length: Math.max(1, Math.min(gate.concurrency, gate.checks.length)) }, worker),
    );
  } finally {
    deps.signal?.removeEventListener('abort', onJobAbort);
  }
  const finished = deps.clock.now();
  const cancelled = jobCtl.signal.aborted;
  const failed = verdicts.filter((v) => v.verdict === 'fail').map((v) => v.name);
  const warned = verdicts.filter((v) => v.verdict === 'warn').map((v) => v.name);
  return {
    result: failed.length === 0 && !cancelled ? 'PASS' : 'FAIL',
    verdicts,
    failed,
    warned,
    cancelled,
    startedAt: new Date(started).toISOString(),
    finishedAt: new Date(finished).toISOString(),
    durationMs: finished - started,
    concurrency: gate.concurrency,
  };
}

function blank(check: CheckConfig, index: number, verdict: Verdict['verdict'], detail: string): Verdict {
  return {
    index,
    name: check.name,
    type: check.type,
    severity: check.severity,
    verdict: check.severity === 'warning' && verdict === 'fail' ? 'warn' : verdict,
    detail,
    timedOut: false,
    limits: [],
    tail: [],
    data: {},
    attempts: [],
    override: null,
    timeoutMs: timeoutOf(check),
    startedAt: null,
    durationMs: 0,
  };
}

const STOPPED = Symbol('stopped');

/** Resolves with the promise's value, or STOPPED when the signal aborts first. */
function untilAbort<T>(p: Promise<T>, signal: AbortSignal): Promise<T | typeof STOPPED> {
  if (signal.aborted) return Promise.resolve(STOPPED);
  return new Promise((resolve) => {
    const onAbort = () => resolve(STOPPED);
    signal.addEventListener('abort', onAbort, { once: true });
    p.then((v) => {
      signal.removeEventListener('abort', onAbort);
      resolve(v);
    });
  });
}

function within<T>(p: Promise<T>, ms: number): Promise<T | undefined> {
  return new Promise((resolve) => {
    const t = setTimeout(() => resolve(undefined), ms);
    p.then((v) => {
      clearTimeout(t);
      resolve(v);
    });
  });
}

interface Attempted extends CheckOutcome {
  /** The check threw (an ExternalError from GitHub, a cancelled sleep) instead of returning. */
  threw?: boolean;
}

/** How a check's attempts ended: the last outcome, whether it was stopped, and each attempt. */
interface Attempts {
  outcome: Attempted;
  stopped: boolean;
  records: AttemptRecord[];
}

/** One check's time limit and its stop switch (aborted at the deadline or by the job's signal). */
interface Limits {
  ctl: AbortController;
  deadline: number;
  timeoutMs: number;
  settleMs: number;
}

async function runCheck(check: CheckConfig, index: number, deps: GateDeps): Promise<Verdict> {
  if (deps.signal?.aborted) return blank(check, index, 'skipped', 'not run: the job was cancelled');
  const timeoutMs = timeoutOf(check);
  const ctl = new AbortController();
  const onParentAbort = () => ctl.abort(new CancelledError('the job was cancelled'));
  deps.signal?.addEventListener('abort', onParentAbort, { once: true });
  // The hard deadline is a real timer: it must fire even when a check never yields to the clock.
  // (setTimeout fires at once beyond 2^31-1 ms, so a limit of 25+ days waits the longest it can.)
  const timer = setTimeout(() => ctl.abort(new DeadlineReached(timeoutMs)), Math.min(timeoutMs, 2 ** 31 - 1));
  const started = deps.clock.now();
  const limits: Limits = {
    ctl,
    deadline: started + timeoutMs,
    timeoutMs,
    settleMs: deps.settleMs ?? DEFAULT_SETTLE_MS,
  };
  deps.logger.info(`▶ ${check.name} (${check.type})`);
  let done: Attempts;
  try {
    done = await runAttempts(check, deps, limits);
  } finally {
    clearTimeout(timer);
    deps.signal?.removeEventListener('abort', onParentAbort);
  }
  const verdict = verdictOf(check, index, deps, done, limits, started);
  const icon = { pass: '✓', fail: '✗', warn: '!', skipped: '-' }[verdict.verdict];
  deps.logger.info(
    `${icon} ${check.name}: ${verdict.verdict.toUpperCase()} — ${verdict.detail} (${human(verdict.durationMs)})`,
  );
  return verdict;
}

/** Attempts until one passes, the retries run out, the deadline would pass, or the check is stopped. */
async function runAttempts(check: CheckConfig, deps: GateDeps, limits: Limits): Promise<Attempts> {
  const { clock, redactor } = deps;
  const records: AttemptRecord[] = [];
  for (let attempt = 1; ; attempt++) {
    const aStart = clock.now();
    const { outcome, stopped } = await oneAttempt(check, deps, limits, attempt);
    records.push({
      attempt,
      ok: outcome.ok && !stopped,
      detail: redactor.redact(outcome.detail),
      started_at: new Date(aStart).toISOString(),
      duration_ms: clock.now() - aStart,
      timed_out: stopped ? isDeadline(limits.ctl.signal.reason) : Boolean(outcome.timedOut),
    });
    if (stopped || outcome.ok || outcome.timedOut || attempt > check.retries)
      return { outcome, stopped, records };
    const pause = Math.min(check.retry_delay * 2 ** (attempt - 1), MAX_RETRY_DELAY_MS);
    if (clock.now() + pause >= limits.deadline) return { outcome, stopped, records };
    deps.logger.info(
      `↻ ${check.name}: attempt ${attempt} failed (${redactor.redact(outcome.detail)}); retrying in ${human(pause)}`,
    );
    try {
      await clock.sleep(pause, limits.ctl.signal);
    } catch {
      return { outcome, stopped: true, records };
    }
  }
}

/** One attempt; a check stopped by its deadline or the job gets a moment to clean up and report. */
async function oneAttempt(
  check: CheckConfig,
  deps: GateDeps,
  limits: Limits,
  attempt: number,
): Promise<{ outcome: Attempted; stopped: boolean }> {
  const { ctl, deadline, timeoutMs } = limits;
  const p: Promise<Attempted> = implFor(check)
    .run(check, { ...deps, signal: ctl.signal, deadline, timeoutMs, attempt })
    .catch((err: unknown) => {
      if (!isUserFacing(err)) deps.logger.debug(`${check.name}: ${(err as Error)?.stack ?? String(err)}`);
      return {
        ok: false,
        threw: true,
        detail: isUserFacing(err) ? err.message : `internal error: ${errorMessage(err)}`,
      };
    });
  const first = await untilAbort(p, ctl.signal);
  if (first !== STOPPED) return { outcome: first, stopped: false };
  // Give the check a moment to clean up (kill its process group) and report what it saw.
  return { outcome: (await within(p, limits.settleMs)) ?? { ok: false, detail: '' }, stopped: true };
}

/** The verdict of a check's attempts: a timeout or a cancellation named, the attempts counted. */
function verdictOf(
  check: CheckConfig,
  index: number,
  deps: GateDeps,
  done: Attempts,
  limits: Limits,
  started: number,
): Verdict {
  const { outcome, stopped, records } = done;
  const timedOut = (stopped && isDeadline(limits.ctl.signal.reason)) || Boolean(outcome.timedOut);
  const cancelled = stopped && !timedOut;
  let detail = outcome.detail;
  if (timedOut && !outcome.timedOut) {
    const seen = outcome.threw || !outcome.detail ? '' : ` (${outcome.detail})`;
    detail = `timed out after ${human(limits.timeoutMs)}${seen}`;
  } else if (cancelled && !outcome.detail.startsWith('cancelled')) {
    detail = `cancelled${outcome.detail && !outcome.threw ? ` (${outcome.detail})` : ''}`;
  }
  const ok = outcome.ok && !stopped;
  if (records.length > 1) {
    detail += ok ? ` (passed on attempt ${records.length})` : ` (${records.length} attempts)`;
  }
  return {
    index,
    name: check.name,
    type: check.type,
    severity: check.severity,
    verdict: ok ? 'pass' : check.severity === 'warning' ? 'warn' : 'fail',
    detail: deps.redactor.redact(detail),
    timedOut,
    limits: outcome.limits ?? [],
    tail: (outcome.tail ?? []).map((l) => deps.redactor.redact(l)),
    data: outcome.data ?? {},
    attempts: records,
    override: outcome.override ?? null,
    timeoutMs: limits.timeoutMs,
    startedAt: new Date(started).toISOString(),
    durationMs: deps.clock.now() - started,
  };
}
