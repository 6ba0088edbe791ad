import { spawn } from 'node:child_process';
import type { ProcessResult, ProcessRunner, ProcessSpec } from '../ports/index.js';

/**
 * Runs programs with an argument array (no shell unless spec.shell), in their own process group so
 * that a timeout or cancellation kills the program and everything it started: SIGTERM to the group,
 * then SIGKILL after a grace period. Never hangs: resolves once the group leader has exited.
 */
export const processRunner: ProcessRunner = { run: runProcess };

/** A line longer than this is passed on in pieces rather than held whole. */
const MAX_HELD = 64_000;
/** Characters of one line kept in the tail (after masking). */
const MAX_TAIL_LINE = 2000;

export function runProcess(spec: ProcessSpec): Promise<ProcessResult> {
  const started = performance.now();
  const tailLines = spec.tailLines ?? 20;
  const tail: string[] = [];
  const partial = { stdout: '', stderr: '' };
  const mask = spec.mask;
  // Masked whole, then shortened: a secret is never cut before it is masked.
  const push = (raw: string, stream: 'stdout' | 'stderr') => {
    const line = mask ? mask.redact(raw) : raw;
    tail.push(line.length > MAX_TAIL_LINE ? line.slice(0, MAX_TAIL_LINE) + '…' : line);
    if (tail.length > tailLines) tail.shift();
    spec.onLine?.(line, stream);
  };
  // An unfinished line too long to hold: pass on its start, cut where no secret crosses the cut
  // (the last characters, where a secret may still be arriving, stay held).
  const flushLong = (stream: 'stdout' | 'stderr') => {
    const held = partial[stream];
    if (held.length <= MAX_HELD) return;
    let cut = mask ? mask.safeCut(held) : held.length;
    if (cut === 0 && held.length > 4 * MAX_HELD) cut = held.length; // a "secret" longer than 64 KB
    if (cut === 0) return;
    partial[stream] = held.slice(cut);
    push(held.slice(0, cut), stream);
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
        for (const l of lines) push(l, stream);
        flushLong(stream);
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
