/**
 * Runs one of the user's programs (deploy, rollback) through the ProcessRunner port: arguments rendered
 * from the template, values also in RELEASE_OPS_* variables, a time limit, and cancellation — the
 * runner kills the whole process group, so nothing the program started outlives it. Output lines go
 * to the logger, redacted.
 */
import { describeExit } from '../adapters/process.js';
import type { Redactor } from '../evidence/redact.js';
import type { Logger, ProcessRunner } from '../ports/index.js';
import { renderArgv, templateEnv, type TemplateVars } from './template.js';

export interface ProgramDeps {
  process: ProcessRunner;
  logger: Logger;
  redactor: Redactor;
}

export interface ProgramSpec {
  /** What the program is, for messages: `deploy`, `rollback`. */
  label: string;
  argv: readonly string[];
  vars: TemplateVars;
  cwd?: string;
  timeoutMs: number;
  signal?: AbortSignal;
  /** Extra environment beside RELEASE_OPS_* (e.g. a step's env). */
  env?: Record<string, string>;
  killGraceMs?: number;
}

export interface ProgramRun {
  label: string;
  argv: string[];
  ok: boolean;
  /** `exit code 0`, `timed out after 600s (process group killed)`, `cancelled (process group killed)`… */
  exit: string;
  exitCode: number | null;
  timedOut: boolean;
  cancelled: boolean;
  durationMs: number;
  tail: string[];
}

export async function runProgram(deps: ProgramDeps, spec: ProgramSpec): Promise<ProgramRun> {
  const argv = renderArgv(spec.argv, spec.vars);
  deps.logger.info(`${spec.label}: ${argv.map(quote).join(' ')}`);
  const result = await deps.process.run({
    argv,
    env: { ...spec.env, ...templateEnv(spec.vars) },
    cwd: spec.cwd,
    timeoutMs: spec.timeoutMs,
    killGraceMs: spec.killGraceMs ?? 3000,
    signal: spec.signal,
    tailLines: 20,
    mask: deps.redactor,
    onLine: (line) => deps.logger.info(`  ${spec.label} | ${deps.redactor.redact(line)}`),
  });
  const ok = result.exitCode === 0 && !result.timedOut && !result.cancelled && !result.spawnError;
  return {
    label: spec.label,
    argv,
    ok,
    exit: describeExit(result, spec.timeoutMs),
    exitCode: result.exitCode,
    timedOut: result.timedOut,
    cancelled: result.cancelled,
    durationMs: result.durationMs,
    tail: result.tail.map((l) => deps.redactor.redact(l)),
  };
}

/** For logs: an argument list as a reader would retype it (display only, never executed). */
export function quote(arg: string): string {
  return /^[A-Za-z0-9_./:=@%+-]+$/.test(arg) ? arg : `'${arg.replace(/'/g, `'\\''`)}'`;
}
