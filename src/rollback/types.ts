/**
 * The words of the rollback: its modes, severities and strategies, the ports it needs, and the result
 * a run returns. The settings (src/rollback/settings.ts) go in; the result comes out, with the journal
 * of the run, and src/rollback/report.ts and evidence.ts render it.
 */
import type { AnalysisResult } from '../analysis/types.js';
import type { Redactor } from '../evidence/redact.js';
import type { JournalEntry } from '../journal/journal.js';
import type { Clock, FileSystem, GitHubPort, HttpClient, Logger, ProcessRunner } from '../ports/index.js';

export type Mode = 'rollback' | 'watch';
export type Severity = 'critical' | 'high' | 'medium' | 'low';
export type Strategy = 'redeploy' | 'revert-commit' | 'both';
export type TargetKind = 'last-live' | 'previous-stable' | 'explicit' | 'rc';

/** The severity matrix's levels, most severe first. */
export const SEVERITIES: readonly Severity[] = ['critical', 'high', 'medium', 'low'];

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

/** Where the incident's severity came from. */
export type SeveritySource =
  | { kind: 'input' }
  | { kind: 'config' }
  /** Watch mode: the severity matrix's entry for the trigger that fired. */
  | { kind: 'trigger'; trigger: string };

export interface RollbackResult {
  result: Result;
  mode: Mode;
  /** One line: what happened (the last decision's reason). */
  message: string;
  fromTag?: string;
  /** The bad build's commit, when GitHub was asked. */
  fromSha?: string;
  toTag?: string;
  targetKind?: TargetKind;
  reason?: string;
  severity: Severity;
  severitySource: SeveritySource;
  /** Tenant/store/user impact recorded in the incident (input impact, else the config's). */
  impact?: string;
  hypercareWindow?: string;
  /** When the bad build was first deployed in the environment (ISO), for `hypercare-window: auto`. */
  deployedSince?: string;
  incidentUrl?: string;
  revertPrUrl?: string;
  hotfix?: { branch: string; version: string };
  /** Every step, decision and effect of the run, in order (planned ones in a dry run). */
  journal: JournalEntry[];
  /** Watch and verification analyses, as the analysis engine returned them. */
  watch?: AnalysisResult;
  verify?: AnalysisResult;
  timings: {
    startedAt: string;
    endedAt?: string;
    /** When the trigger fired (the run start in rollback mode, the decision in watch mode). */
    triggeredAt?: string;
    /** When verification passed. */
    healthRestoredAt?: string;
    programMs?: number;
    verifyMs?: number;
    totalMs: number;
  };
}
