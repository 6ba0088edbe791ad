/**
 * The readiness gate's vocabulary (docs/actions/readiness-gate.md):
 * a **check** is one item of `gate.checks`; running it gives a **verdict** (pass, fail, warn, skipped)
 * with the measured values next to the limits they were held to; all verdicts together are the
 * gate's result (PASS or FAIL) and its **evidence**.
 */
import type { CheckConfig, CheckType } from '../config/schema/gate.js';
import type { Redactor } from '../evidence/redact.js';
import type { Clock, FileSystem, GitHubPort, HttpClient, Logger, ProcessRunner } from '../ports/index.js';

export type { CheckConfig, CheckType };

export type Severity = 'low' | 'medium' | 'high' | 'critical';
export type VerdictKind = 'pass' | 'fail' | 'warn' | 'skipped';

/** Hashes a file as a stream (never loading it whole): sha256 hex and size in bytes. */
export type FileHasher = (path: string, signal?: AbortSignal) => Promise<{ sha256: string; size: number }>;

/** The ports the gate receives; nothing else reaches the outside world. */
export interface GateDeps {
  process: ProcessRunner;
  http: HttpClient;
  clock: Clock;
  fs: FileSystem;
  hashFile: FileHasher;
  /** null without a token: github-checks checks fail and say so. */
  github: GitHubPort | null;
  redactor: Redactor;
  env: Record<string, string | undefined>;
  /** The workspace: relative paths in checks (cwd, path, base_dir) resolve against it. */
  cwd: string;
  logger: Logger;
  /** Aborted when the job is cancelled: running checks are stopped, the rest are skipped. */
  signal?: AbortSignal;
  /** The commit the gate reports on (github-checks default ref). */
  sha?: string;
  /** The hotfix severity from input freeze-override, if any. */
  freezeOverride?: Severity;
  /** Check-run names the github-checks check never waits for (the gate's own check run, this job). */
  selfNames: string[];
  /** Grace after a deadline for a stopped check to finish its cleanup (default 5s). */
  settleMs?: number;
}

/** One number (or text) held against its limit: `p95 184 ms > 120 ms`. */
export interface Limit {
  /** What was measured: `p95`, `exit code`, `age`, `pending`. */
  what: string;
  value: number | string | null;
  limit: number | string | null;
  unit?: string;
  ok: boolean;
}

/** What one attempt of a check found. `data` is check-specific evidence (samples, output tail, files). */
export interface CheckOutcome {
  ok: boolean;
  /** One line for the summary table: the measured value next to the limit it broke. */
  detail: string;
  limits?: Limit[];
  /** Trailing output lines (commands), shown under the table for failed checks. */
  tail?: string[];
  data?: Record<string, unknown>;
  /** A timeout the check itself observed (e.g. the process runner killed the group). */
  timedOut?: boolean;
  /** A freeze window overridden by a hotfix: recorded in the summary and the evidence. */
  override?: FreezeOverride;
}

export interface FreezeOverride {
  severity: Severity;
  windows: string[];
  /** UTC time of the decision. */
  at: string;
  local_time: string;
}

/** What a check implementation gets for one attempt. */
export interface CheckContext extends GateDeps {
  /** Aborted at the check's deadline or when the job is cancelled. */
  signal: AbortSignal;
  /** Clock time (ms) at which the check's time limit runs out. */
  deadline: number;
  /** The check's time limit (retries included), for messages. */
  timeoutMs: number;
  /** 1-based attempt number. */
  attempt: number;
}

export interface CheckImpl<C extends CheckConfig = CheckConfig> {
  run(check: C, ctx: CheckContext): Promise<CheckOutcome>;
  /** What the check would do, for `DRY-RUN <what it would run>`. Runs nothing. */
  describe(check: C, deps: Pick<GateDeps, 'env' | 'sha' | 'freezeOverride'>): string;
  /** Time limit when `timeout` is not written (default 5m). */
  defaultTimeoutMs?(check: C): number;
}

export interface AttemptRecord {
  attempt: number;
  ok: boolean;
  detail: string;
  started_at: string;
  duration_ms: number;
  timed_out: boolean;
}

export interface Verdict {
  index: number;
  name: string;
  type: CheckType;
  severity: 'blocker' | 'warning';
  verdict: VerdictKind;
  detail: string;
  timedOut: boolean;
  limits: Limit[];
  tail: string[];
  data: Record<string, unknown>;
  attempts: AttemptRecord[];
  override: FreezeOverride | null;
  timeoutMs: number;
  startedAt: string | null;
  durationMs: number;
}

export interface GateResult {
  result: 'PASS' | 'FAIL';
  verdicts: Verdict[];
  /** Names of blocker checks that failed (or were skipped by a cancellation). */
  failed: string[];
  /** Names of warning checks that failed. */
  warned: string[];
  cancelled: boolean;
  startedAt: string;
  finishedAt: string;
  durationMs: number;
  concurrency: number;
}

/** The abort reason of a check's signal when its time limit ran out (as opposed to a cancelled job). */
export class DeadlineReached extends Error {
  constructor(readonly timeoutMs: number) {
    super(`time limit of ${timeoutMs} ms reached`);
    this.name = 'DeadlineReached';
  }
}

export function isDeadline(reason: unknown): reason is DeadlineReached {
  return reason instanceof DeadlineReached;
}
