/**
 * What one rollback run carries from step to step: its ports, its settings, the journal every step
 * records into, and the facts of the result as the steps learn them (the tags, the incident, the
 * timings). `finish` records the run's last decision and returns the result.
 */
import { Journal } from '../journal/journal.js';
import type { RollbackSettings } from './settings.js';
import { FAILING_RESULTS, type Result, type RollbackDeps, type RollbackResult } from './types.js';

export interface RunContext {
  deps: RollbackDeps;
  s: RollbackSettings;
  journal: Journal;
  /** The result as known so far. */
  r: RollbackResult;
  /** Why: the input, the default for how the run was started, or the trigger that fired. */
  reason: string;
  started: number;
  /** When the trigger fired: the start in rollback mode, the watch's decision in watch mode. */
  triggeredAt: number;
}

export const iso = (ms: number) => new Date(ms).toISOString();

export function newContext(deps: RollbackDeps, s: RollbackSettings): RunContext {
  const started = deps.clock.now();
  const journal = new Journal(deps.clock, deps.logger, s.dryRun);
  return {
    deps,
    s,
    journal,
    reason: s.reason ?? defaultReason(s),
    started,
    triggeredAt: started,
    r: {
      result: 'dry-run',
      mode: s.mode,
      message: '',
      severity: s.severity,
      severitySource: { kind: s.severityFromInput ? 'input' : 'config' },
      impact: s.incident.impact,
      journal: journal.entries,
      timings: { startedAt: iso(started), totalMs: 0 },
      ...(s.hypercareWindow && s.hypercareWindow !== 'auto' ? { hypercareWindow: s.hypercareWindow } : {}),
    },
  };
}

/** Records the run's last decision (the result and why) and returns the result. */
export async function finish(c: RunContext, result: Result, message: string): Promise<RollbackResult> {
  const { r, deps } = c;
  r.result = result;
  r.message = message;
  r.reason ??= c.reason;
  const last = c.journal.lastDecision();
  if (last?.name !== result || last.detail !== message) await c.journal.decide(result, message);
  const now = deps.clock.now();
  r.timings.endedAt = iso(now);
  r.timings.totalMs = Math.max(0, now - c.started);
  if (FAILING_RESULTS.includes(result)) deps.logger.error(message);
  return r;
}

/** Who started it and how: a manual rollback, an automatic one after a failed step, or the watch. */
export type Cause = 'manual' | 'failed-step' | 'watch';

export function causeOf(s: RollbackSettings): Cause {
  if (s.mode === 'watch') return 'watch';
  return s.run.eventName === 'workflow_dispatch' || !s.run.eventName ? 'manual' : 'failed-step';
}

function defaultReason(s: RollbackSettings): string {
  const who = s.run.actor ? ` by ${s.run.actor}` : '';
  switch (causeOf(s)) {
    case 'watch':
      return 'hypercare watch trigger';
    case 'manual':
      return `manual rollback${who}`;
    case 'failed-step':
      return `automatic rollback after a failed step (${s.run.eventName})`;
  }
}
