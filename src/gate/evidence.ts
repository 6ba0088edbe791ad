import type { CheckConfig, GateResult } from './types.js';

/** Evidence kind for `gate_report_<UTC>.json` (docs/actions/readiness-gate.md#evidence). */
export const EVIDENCE_PREFIX = 'gate_report';

export interface GateRunFacts {
  configFile: string;
  /** Line of each check in the config, by index (for annotations and for readers of the evidence). */
  configLines: number[];
  sha: string | null;
  checkName: string;
  freezeOverride: string | null;
  host: 'action' | 'cli';
  repository?: string;
  runUrl?: string;
  ref?: string;
  eventName?: string;
  actor?: string;
  github: Record<string, unknown>;
}

/**
 * The evidence object (writeEvidence adds schema_version and redacts it): every check's settings,
 * every attempt with its timing, the measurements (samples, output tail, files), each verdict with the
 * limits it was held to, the freeze overrides and what was reported to GitHub.
 */
export function gateEvidence(checks: CheckConfig[], result: GateResult, facts: GateRunFacts): object {
  return {
    kind: 'readiness-gate',
    result: result.result,
    started_at: result.startedAt,
    finished_at: result.finishedAt,
    duration_ms: result.durationMs,
    cancelled: result.cancelled,
    failed: result.failed,
    warned: result.warned,
    run: {
      host: facts.host,
      sha: facts.sha,
      repository: facts.repository ?? null,
      ref: facts.ref ?? null,
      event: facts.eventName ?? null,
      actor: facts.actor ?? null,
      run_url: facts.runUrl ?? null,
    },
    settings: {
      config_file: facts.configFile,
      concurrency: result.concurrency,
      check_name: facts.checkName,
      freeze_override: facts.freezeOverride,
    },
    overrides: result.verdicts.filter((v) => v.override).map((v) => ({ check: v.name, ...v.override })),
    checks: result.verdicts.map((v) => ({
      name: v.name,
      type: v.type,
      severity: v.severity,
      config_line: facts.configLines[v.index] ?? null,
      settings: checks[v.index],
      verdict: v.verdict,
      detail: v.detail,
      timed_out: v.timedOut,
      timeout_ms: v.timeoutMs,
      started_at: v.startedAt,
      duration_ms: v.durationMs,
      limits: v.limits,
      attempts: v.attempts,
      override: v.override,
      ...(v.tail.length ? { output_tail: v.tail } : {}),
      measurements: v.data,
    })),
    github: facts.github,
  };
}
