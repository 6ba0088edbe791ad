import { spawn } from 'node:child_process';
import type { ProcessResult, ProcessRunner, ProcessSpec } from '../ports/index.js';

/**
 * Runs programs with an argument array (no shell unless spec.shell), in their own process group so
 * that a timeout or cancellation kills the program and everything it started: SIGTERM to the group,
 * then SIGKILL after a grace period. Never hangs: resolves once the group leader has exited.
 */
export const processRunner: ProcessRunner = { run: runProcess };

export function runProcess(spec: ProcessSpec): Promise<ProcessResult> {
  const started = performance.now();
  const tailLines = spec.tailLines ?? 20;
  const tail: string[] = [];
  const partial = { stdout: '', stderr: '' };
  const push = (line: string, stream: 'stdout' | 'stderr') => {
    tail.push(line.length > 2000 ? line.slice(0, 2000) + '…' : line);
    if (tail.length > tailLines) tail.shift();
    spec.onLine?.(line, stream);
  };
  const [cmd, ...args] = spec.shell ? ['/bin/sh', '-c', spec.argv.join(' ')] : spec.argv;

  return new Promise((resolve) => {
    let timedOut = false;
    let cancelled = false;
    let killTimer: NodeJS.Timeout | undefined;
    let child;
    try {
      child = spawn(cmd!, args, {
        cwd: spec.cwd,
        env: { ...process.env, ...spec.env },
        stdio: ['ignore', 'pipe', 'pipe'],
        detached: true,
      });
    } catch (err) {
      resolve(result(null, null, `${(err as Error).message}`));
      return;
    }
    const killGroup = (sig: NodeJS.Signals) => {
      if (child.pid === undefined) return;
      try {
        process.kill(-child.pid, sig);
      } catch {
        /* already gone */
      }
    };
    const stop = () => {
      killGroup('SIGTERM');
      killTimer ??= setTimeout(() => killGroup('SIGKILL'), spec.killGraceMs ?? 5000);
    };
    const timeout =
      spec.timeoutMs !== undefined
        ? setTimeout(() => {
            timedOut = true;
            stop();
          }, spec.timeoutMs)
        : undefined;
    const onAbort = () => {
      cancelled = true;
      stop();
    };
    if (spec.signal?.aborted) onAbort();
    else spec.signal?.addEventListener('abort', onAbort, { once: true });

    for (const stream of ['stdout', 'stderr'] as const) {
      child[stream].setEncoding('utf8');
      child[stream].on('data', (chunk: string) => {
        const text = partial[stream] + chunk;
        const lines = text.split(/\r?\n/);
        partial[stream] = lines.pop() ?? '';
        if (partial[stream].length > 64_000) {
          lines.push(partial[stream]);
          partial[stream] = '';
        }
        for (const l of lines) push(l, stream);
      });
    }
    let spawnError: string | undefined;
    child.on('error', (err: NodeJS.ErrnoException) => {
      spawnError = err.code === 'ENOENT' ? `program not found: ${cmd}` : err.message;
    });
    child.on('close', (code, sig) => {
      if (timeout) clearTimeout(timeout);
      spec.signal?.removeEventListener('abort', onAbort);
      // The leader is gone; make sure no grandchild survives it.
      if (timedOut || cancelled) killGroup('SIGKILL');
      if (killTimer) clearTimeout(killTimer);
      for (const stream of ['stdout', 'stderr'] as const) if (partial[stream]) push(partial[stream], stream);
      resolve(result(code, sig, spawnError));
    });

    function result(code: number | null, sig: string | null, err?: string): ProcessResult {
      return {
        exitCode: code,
        signal: sig,
        timedOut,
        cancelled,
        durationMs: performance.now() - started,
        tail,
        ...(err ? { spawnError: err } : {}),
      };
    }
  });
}

/** One line saying how a program ended, for reports. */
export function describeExit(r: ProcessResult, timeoutMs?: number): string {
  if (r.spawnError) return r.spawnError;
  if (r.timedOut)
    return `timed out after ${Math.round((timeoutMs ?? r.durationMs) / 1000)}s (process group killed)`;
  if (r.cancelled) return 'cancelled (process group killed)';
  if (r.signal) return `killed by ${r.signal}`;
  return `exit code ${r.exitCode}`;
}
