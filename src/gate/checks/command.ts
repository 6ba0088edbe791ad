import path from 'node:path';
import type { CommandCheckConfig } from '../../config/schema/gate.js';
import { expandEnv, isCredentialName } from '../../evidence/redact.js';
import { clip, human } from '../format.js';
import { isDeadline, type CheckImpl } from '../types.js';

/** Lines of output kept for the report and the evidence. */
export const TAIL_LINES = 20;
/** After SIGTERM, a program's group gets this long before SIGKILL. */
export const KILL_GRACE_MS = 3000;

/**
 * `command`: runs a program with an argument array (a shell only when `shell: true` is written).
 * Exit 0 passes. The time left before the check's deadline becomes the process runner's timeout, so a
 * hung program is killed with its whole process group and reported as a timeout.
 */
export const commandCheck: CheckImpl<CommandCheckConfig> = {
  async run(check, ctx) {
    const env: Record<string, string> = {};
    for (const [k, v] of Object.entries(check.env ?? {})) {
      const r = expandEnv(v, ctx.env, ctx.redactor, { secret: isCredentialName(k) });
      if ('missing' in r) {
        return { ok: false, detail: `env.${k}: environment variable ${r.missing} is not set` };
      }
      env[k] = r.value;
    }
    const cwd = path.resolve(ctx.cwd, check.cwd ?? '.');
    if (!(await ctx.fs.stat(cwd))) return { ok: false, detail: `cwd ${check.cwd ?? cwd}: no such directory` };
    const timeoutMs = Math.max(1, ctx.deadline - ctx.clock.now());
    const res = await ctx.process.run({
      argv: check.run,
      shell: check.shell,
      env,
      cwd,
      timeoutMs,
      killGraceMs: KILL_GRACE_MS,
      signal: ctx.signal,
      tailLines: TAIL_LINES,
      mask: ctx.redactor,
    });
    const tail = res.tail.map((l) => ctx.redactor.redact(l));
    const timedOut = res.timedOut || (res.cancelled && isDeadline(ctx.signal.reason));
    const how = res.spawnError
      ? ctx.redactor.redact(res.spawnError)
      : timedOut
        ? `timed out after ${human(ctx.timeoutMs)} (process group killed)`
        : res.cancelled
          ? 'cancelled (process group killed)'
          : res.signal
            ? `killed by ${res.signal}`
            : `exit code ${res.exitCode}`;
    const ok = !timedOut && !res.cancelled && !res.spawnError && res.exitCode === 0;
    const last = [...tail].reverse().find((l) => l.trim() !== '');
    return {
      ok,
      detail: ok || !last ? how : `${how}: ${clip(ctx.redactor, last, 160)}`,
      limits: [{ what: 'exit code', value: res.exitCode, limit: 0, ok }],
      tail,
      timedOut,
      data: {
        exit_code: res.exitCode,
        signal: res.signal,
        timed_out: timedOut,
        cancelled: res.cancelled && !timedOut,
        duration_ms: Math.round(res.durationMs),
        ...(res.spawnError ? { spawn_error: res.spawnError } : {}),
      },
    };
  },

  describe(check) {
    return check.shell
      ? `sh -c ${JSON.stringify(check.run.join(' '))}`
      : check.run.map(quoteForDisplay).join(' ');
  },
};

/** Shows an argument array the way a reader would type it; for display only, never executed. */
function quoteForDisplay(arg: string): string {
  return /^[A-Za-z0-9_@%+=:,./-]+$/.test(arg) ? arg : `'${arg.replace(/'/g, `'\\''`)}'`;
}
