/**
 * The gate's evidence (`gate_report_<UTC>.json`, docs/actions/readiness-gate.md#evidence): the shared
 * envelope — who ran it, on which commit, the journal — around every check's settings, every attempt
 * with its timing, the measurements (samples, output tail, files), each verdict with the limits it
 * was held to, the freeze overrides and what was reported to GitHub. A dry run writes no file.
 */
import path from 'node:path';
import type { Context } from '../commands/types.js';
import type { CheckConfig } from '../config/schema/gate.js';
import { evidenceEnvelope, runFactsOf, type Evidence, type RunFacts } from '../evidence/envelope.js';
import { isCredentialHeader, REDACTED } from '../evidence/redact.js';
import { utcStamp, writeEvidence } from '../evidence/write.js';
import type { GateRun } from './run.js';
import { settingsEvidence, type GateSettings } from './settings.js';
import type { Verdict } from './types.js';

export const EVIDENCE_PREFIX = 'gate_report';

/** Where the run came from, beyond the envelope's facts. */
export interface GateTrigger {
  host: 'action' | 'cli';
  ref: string | null;
  event: string | null;
}

export function gateEvidence(run: GateRun, s: GateSettings, facts: RunFacts, trigger: GateTrigger): Evidence {
  const result = run.result!;
  return evidenceEnvelope({
    command: 'gate',
    run: facts,
    startedAt: run.startedAt,
    endedAt: run.endedAt,
    dryRun: s.dryRun,
    build: { tag: s.tag ?? null, sha: s.sha ?? null },
    result: result.result,
    reason: run.journal.lastDecision()?.detail ?? '',
    settings: settingsEvidence(s),
    journal: run.journal.entries,
    details: {
      trigger,
      duration_ms: result.durationMs,
      cancelled: result.cancelled,
      failed: result.failed,
      warned: result.warned,
      overrides: result.verdicts.filter((v) => v.override).map((v) => ({ check: v.name, ...v.override })),
      checks: result.verdicts.map((v) => checkEvidence(v, s.checks[v.index]!, s.config.lines[v.index])),
      github: run.github,
    },
  });
}

function checkEvidence(v: Verdict, settings: CheckConfig, line: number | undefined): Record<string, unknown> {
  return {
    name: v.name,
    type: v.type,
    severity: v.severity,
    config_line: line ?? null,
    settings: checkSettings(settings),
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
  };
}

/**
 * A check's settings as written, with the user-named maps (`headers`, `env`) as lists of `{ name,
 * value }` — every key in the file is ours — and a credential header's value masked whatever it is.
 */
function checkSettings(check: CheckConfig): Record<string, unknown> {
  const out: Record<string, unknown> = { ...check };
  if ('headers' in check && check.headers)
    out.headers = Object.entries(check.headers).map(([name, value]) => ({
      name,
      value: isCredentialHeader(name) ? REDACTED : value,
    }));
  if ('env' in check && check.env)
    out.env = Object.entries(check.env).map(([name, value]) => ({ name, value }));
  return out;
}

/**
 * Writes the evidence (redacted) and returns its absolute path ('' when it could not be written: a
 * warning, the verdict stands); a dry run writes nothing and returns the file a run would write.
 */
export async function recordEvidence(
  ctx: Context,
  run: GateRun,
  s: GateSettings,
): Promise<{ written: string } | { wouldWrite: string }> {
  if (s.dryRun)
    return { wouldWrite: path.join(s.evidenceDir, `${EVIDENCE_PREFIX}_${utcStamp(ctx.clock.now())}.json`) };
  const file = await writeEvidence(ctx, {
    dir: s.evidenceDir,
    prefix: EVIDENCE_PREFIX,
    data: gateEvidence(run, s, runFactsOf(ctx.run), {
      host: ctx.host,
      ref: ctx.run.ref ?? null,
      event: ctx.run.eventName ?? null,
    }),
  });
  if (file) ctx.logger.info(`Evidence written to ${file}`);
  return { written: file };
}
