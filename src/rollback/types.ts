/**
 * The rollback's settings, dependencies and result: the data that flows through src/rollback/.
 * Commands build RollbackSettings from inputs and config; the engine returns a RollbackResult that
 * src/rollback/report.ts renders (job summary, terminal) and writes as evidence.
 */
import type { AnalysisResult, AnalysisSpec } from '../analysis/types.js';
import type { Redactor } from '../evidence/redact.js';
import type { Clock, FileSystem, GitHubPort, HttpClient, Logger, ProcessRunner } from '../ports/index.js';

export type Mode = 'rollback' | 'watch';
export type Severity = 'critical' | 'high' | 'medium' | 'low';
export type Strategy = 'redeploy' | 'revert-commit' | 'both';

export const SEVERITIES: readonly Severity[] = ['critical', 'high', 'medium', 'low'];
export const HYPERCARE_WINDOWS = ['0h', '1h', '4h', '8h', '24h'] as const;

export interface RollbackSettings {
  mode: Mode;
  /** The bad release's tag; default: the current latest release. */
  from?: string;
  /** A tag, `rc` (the bad version's validated RC), or undefined (the previous stable release). */
  to?: string;
  /** Why: the input, or in watch mode the decision of the analysis that fired. */
  reason?: string;
  severity: Severity;
  environment: string;
  strategy: Strategy;
  webhookUrl?: string;
  /** Which hypercare window this run is (0h…24h), `auto` (from the release's age), or undefined. */
  hypercareWindow?: string;
  hotfix: boolean;
  dryRun: boolean;
  /** The user's rollback program, `{to_tag}`/`{from_tag}` not yet replaced. */
  program?: { argv: string[]; timeoutMs: number; cwd: string };
  /** Post-rollback verification; undefined = no verification configured. */
  verify?: AnalysisSpec;
  /** The watch's analysis (watch mode). */
  watch?: AnalysisSpec;
  incident: { labels: string[]; impact?: string };
  /** A lock older than this may be taken over. */
  lockTtlMs: number;
  revert: { remote: string; directory: string };
  /** Template D override (the go-live runbook). */
  abortTemplate?: string;
  service: string;
  /** Who runs this: the workflow run (a re-run of the same run may take over its lock). */
  run: { id?: string; url?: string; actor?: string; eventName?: string };
}

export interface RollbackDeps {
  gh: GitHubPort | null;
  clock: Clock;
  http: HttpClient;
  process: ProcessRunner;
  fs: FileSystem;
  logger: Logger;
  redactor: Redactor;
  signal: AbortSignal;
  env: Record<string, string | undefined>;
}

export type Result =
  /** The bad release was demoted, the target restored and redeployed, and health verified. */
  | 'rolled-back'
  /** The program or the verification failed: loud, never retried automatically. */
  | 'rollback-failed'
  /** Already rolled back, or nothing live to roll back from. */
  | 'nothing-to-do'
  /** Watch mode: no trigger fired during the window. */
  | 'healthy'
  /** Watch mode: the metrics could not be read (inconclusive limit): no rollback, but loud. */
  | 'inconclusive'
  /** Another run holds the rollback lock for this release. */
  | 'busy'
  /** strategy revert-commit: the release is demoted and a revert pull request is open. */
  | 'revert-opened'
  /** A trigger fired but release-ops refused to act (an earlier rollback needs a human). */
  | 'refused'
  | 'dry-run';

export const FAILING_RESULTS: readonly Result[] = ['rollback-failed', 'inconclusive', 'refused'];

export type StepStatus = 'done' | 'already' | 'skipped' | 'failed' | 'planned';

export interface StepRecord {
  step: string;
  status: StepStatus;
  detail: string;
  startedAt: string;
  durationMs: number;
}

export interface RollbackResult {
  result: Result;
  mode: Mode;
  message: string;
  fromTag?: string;
  toTag?: string;
  targetKind?: 'last-live' | 'previous-stable' | 'explicit' | 'rc';
  reason?: string;
  severity: Severity;
  hypercareWindow?: string;
  incidentUrl?: string;
  revertPrUrl?: string;
  hotfix?: { branch: string; version: string };
  steps: StepRecord[];
  /** Watch and verification analyses, as the analysis engine returned them. */
  watch?: AnalysisResult;
  verify?: AnalysisResult;
  /** Plan lines (dry-run): every write and program the run would make. */
  plan: string[];
  timings: {
    startedAt: string;
    /** When the trigger fired (the run start in rollback mode, the decision in watch mode). */
    triggeredAt?: string;
    /** When verification passed. */
    healthRestoredAt?: string;
    programMs?: number;
    verifyMs?: number;
    totalMs: number;
  };
}
