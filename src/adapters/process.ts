import { spawn, type ChildProcess } from 'node:child_process';
import type { OutputMask, ProcessResult, ProcessRunner, ProcessSpec } from '../ports/index.js';

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

type Stream = 'stdout' | 'stderr';

/**
 * A program's output, split into lines as it arrives: each line masked whole, then shortened for the
 * tail (a secret is never cut before it is masked), and handed to `onLine`.
 */
class OutputLines {
  readonly tail: string[] = [];
  private readonly partial: Record<Stream, string> = { stdout: '', stderr: '' };
  private readonly tailLines: number;

  constructor(
    private readonly mask: OutputMask | undefined,
    tailLines: number | undefined,
    private readonly onLine: ProcessSpec['onLine'],
  ) {
    this.tailLines = tailLines ?? 20;
  }

  /** A chunk of `stream`: its complete lines go on; an unfinished one is held (or passed on in pieces). */
  chunk(chunk: string, stream: Stream): void {
    const lines = (this.partial[stream] + chunk).split(/\r?\n/);
    this.partial[stream] = lines.pop() ?? '';
    for (const l of lines) this.push(l, stream);
    this.flushLong(stream);
  }

  /** The program ended: what is left of an unfinished line goes on as a line. */
  end(): void {
    for (const stream of ['stdout', 'stderr'] as const)
      if (this.partial[stream]) this.push(this.partial[stream], stream);
    this.partial.stdout = this.partial.stderr = '';
  }

  private push(raw: string, stream: Stream): void {
    const line = this.mask ? this.mask.redact(raw) : raw;
    this.tail.push(line.length > MAX_TAIL_LINE ? line.slice(0, MAX_TAIL_LINE) + '…' : line);
    if (this.tail.length > this.tailLines) this.tail.shift();
    this.onLine?.(line, stream);
  }

  /**
   * An unfinished line too long to hold: pass on its start, cut where no secret crosses the cut (the
   * last characters, where a secret may still be arriving, stay held).
   */
  private flushLong(stream: Stream): void {
    const held = this.partial[stream];
    if (held.length <= MAX_HELD) return;
    let cut = this.mask ? this.mask.safeCut(held) : held.length;
    if (cut === 0 && held.length > 4 * MAX_HELD) cut = held.length; // a "secret" longer than 64 KB
    if (cut === 0) return;
    this.partial[stream] = held.slice(cut);
    this.push(held.slice(0, cut), stream);
  }
}

/**
 * Ends a program's process group: SIGTERM when asked (a timeout, a cancel), SIGKILL after the grace
 * period, and SIGKILL once more when the leader is gone so that no grandchild survives it.
 */
class GroupKiller {
  timedOut = false;
  cancelled = false;
  private killTimer?: NodeJS.Timeout;
  private timeout?: NodeJS.Timeout;
  private readonly onAbort = () => {
    this.cancelled = true;
    this.stop();
  };

  constructor(
    private readonly child: ChildProcess,
    private readonly spec: ProcessSpec,
  ) {
    if (spec.timeoutMs !== undefined)
      this.timeout = setTimeout(() => {
        this.timedOut = true;
        this.stop();
      }, spec.timeoutMs);
    if (spec.signal?.aborted) this.onAbort();
    else spec.signal?.addEventListener('abort', this.onAbort, { once: true });
  }

  /** The leader exited: clear the timers, and kill what is left of a group that was told to stop. */
  leaderGone(): void {
    if (this.timeout) clearTimeout(this.timeout);
    this.spec.signal?.removeEventListener('abort', this.onAbort);
    if (this.timedOut || this.cancelled) this.kill('SIGKILL');
    if (this.killTimer) clearTimeout(this.killTimer);
  }

  private stop(): void {
    this.kill('SIGTERM');
    this.killTimer ??= setTimeout(() => this.kill('SIGKILL'), this.spec.killGraceMs ?? 5000);
  }

  private kill(sig: NodeJS.Signals): void {
    if (this.child.pid === undefined) return;
    try {
      process.kill(-this.child.pid, sig);
    } catch {
      /* already gone */
    }
  }
}

export function runProcess(spec: ProcessSpec): Promise<ProcessResult> {
  const started = performance.now();
  const output = new OutputLines(spec.mask, spec.tailLines, spec.onLine);
  const [cmd, ...args] = spec.shell ? ['/bin/sh', '-c', spec.argv.join(' ')] : spec.argv;
  const result = (
    killer: GroupKiller | null,
    code: number | null,
    sig: string | null,
    err?: string,
  ): ProcessResult => ({
    exitCode: code,
    signal: sig,
    timedOut: killer?.timedOut ?? false,
    cancelled: killer?.cancelled ?? false,
    durationMs: performance.now() - started,
    tail: output.tail,
    ...(err ? { spawnError: err } : {}),
  });

  return new Promise((resolve) => {
    let child: ChildProcess;
    try {
      child = spawn(cmd!, args, {
        cwd: spec.cwd,
        env: { ...process.env, ...spec.env },
        stdio: ['ignore', 'pipe', 'pipe'],
        detached: true,
      });
    } catch (err) {
      resolve(result(null, null, null, `${(err as Error).message}`));
      return;
    }
    const killer = new GroupKiller(child, spec);
    for (const stream of ['stdout', 'stderr'] as const) {
      child[stream]!.setEncoding('utf8');
      child[stream]!.on('data', (chunk: string) => output.chunk(chunk, stream));
    }
    let spawnError: string | undefined;
    child.on('error', (err: NodeJS.ErrnoException) => {
      spawnError = err.code === 'ENOENT' ? `program not found: ${cmd}` : err.message;
    });
    child.on('close', (code, sig) => {
      killer.leaderGone();
      output.end();
      resolve(result(killer, code, sig, spawnError));
    });
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
