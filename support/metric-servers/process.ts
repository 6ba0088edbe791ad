/**
 * What the metric servers share: a free loopback port, a temporary directory, a server process whose
 * output is kept for error messages, readiness by polling (with a bound, never a fixed sleep), and a
 * stop that waits for the process to exit before its directory is removed.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';

/** One sample written to a server: a series name, its value, when (epoch ms, default now), labels. */
export interface MetricPoint {
  /** Graphite: a dotted path; InfluxDB: the measurement (the value goes to field `value`); VictoriaMetrics: the metric name. */
  name: string;
  value: number;
  /** Epoch milliseconds; default: now. */
  at?: number;
  /** InfluxDB tags, VictoriaMetrics labels (Graphite has none here). */
  labels?: Record<string, string>;
}

/** A running server: its HTTP address, a write that returns once the points can be queried, and stop. */
export interface MetricServer {
  /** Base URL of the query API, e.g. http://127.0.0.1:41234 */
  url: string;
  /** Writes the points; resolves when every one of them is visible to queries. */
  write(points: MetricPoint[]): Promise<void>;
  /** Stops the server processes and removes their directory (idempotent). */
  stop(): Promise<void>;
  /** Milliseconds from spawn to ready. */
  startedInMs: number;
}

export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = net.createServer();
    s.once('error', reject);
    s.listen(0, '127.0.0.1', () => {
      const port = (s.address() as net.AddressInfo).port;
      s.close(() => resolve(port));
    });
  });
}

/** Polls `f` until it gives a value (errors count as "not yet"), at most `timeoutMs`. */
export async function until<T>(
  what: string,
  f: () => Promise<T | undefined>,
  o: { timeoutMs?: number; everyMs?: number; abort?: () => string | undefined } = {},
): Promise<T> {
  const end = Date.now() + (o.timeoutMs ?? 20_000);
  let last: unknown;
  for (;;) {
    const gone = o.abort?.();
    if (gone) throw new Error(`${what}: ${gone}`);
    const v = await f().catch((err: unknown) => {
      last = err;
      return undefined;
    });
    if (v !== undefined) return v;
    if (Date.now() > end)
      throw new Error(
        `timed out waiting for ${what}${last instanceof Error ? ` (last: ${last.message})` : ''}`,
      );
    await new Promise((r) => setTimeout(r, o.everyMs ?? 50));
  }
}

/** Resolves true when a TCP connection to 127.0.0.1:`port` is accepted. */
export function tcpOpen(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const s = net.connect({ host: '127.0.0.1', port });
    s.once('connect', () => {
      s.destroy();
      resolve(true);
    });
    s.once('error', () => resolve(false));
  });
}

export function tempDir(prefix: string): string {
  return mkdtempSync(path.join(os.tmpdir(), prefix));
}

export function removeDir(dir: string): void {
  rmSync(dir, { recursive: true, force: true });
}

/** Throws the setup command to run when a server's program is missing. */
export function requireProgram(bin: string, setup: string): void {
  if (!existsSync(bin))
    throw new Error(
      `${bin} is missing: run bash scripts/setup-services.sh ${setup} as root (npm test's setup does)`,
    );
}

/** A child process with its output kept (the last 20 kB) for the error of a start that failed. */
export interface ServerProcess {
  child: ChildProcess;
  /** Its output so far. */
  log(): string;
  /** Set once it has exited: how. */
  exited(): string | undefined;
  /** SIGTERM, then SIGKILL after `graceMs`; resolves when it has exited. */
  stop(graceMs?: number): Promise<void>;
}

export function startProcess(
  bin: string,
  args: string[],
  env: Record<string, string> = {},
  cwd?: string,
): ServerProcess {
  const child = spawn(bin, args, {
    cwd,
    env: { ...process.env, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  const keep = (d: Buffer) => {
    out = (out + d.toString()).slice(-20_000);
  };
  child.stdout!.on('data', keep);
  child.stderr!.on('data', keep);
  let exit: string | undefined;
  // a test run that ends without stopping it (a crash, a timeout) leaves no server behind
  const orphan = () => child.kill('SIGKILL');
  process.on('exit', orphan);
  const exitedP = new Promise<void>((resolve) => {
    child.once('exit', (code, signal) => {
      exit = signal ? `killed by ${signal}` : `exited with code ${code}`;
      process.off('exit', orphan);
      resolve();
    });
    child.once('error', (err) => {
      exit = `could not start: ${err.message}`;
      process.off('exit', orphan);
      resolve();
    });
  });
  return {
    child,
    log: () => out,
    exited: () => exit,
    async stop(graceMs = 5000) {
      if (exit === undefined) {
        child.kill('SIGTERM');
        const timer = setTimeout(() => child.kill('SIGKILL'), graceMs);
        await exitedP;
        clearTimeout(timer);
      }
    },
  };
}

/** Waits until `ready` answers for every process, failing early (with its output) when one exits. */
export async function waitReady(
  name: string,
  procs: ServerProcess[],
  ready: () => Promise<boolean>,
  timeoutMs = 30_000,
): Promise<void> {
  try {
    await until(`${name} to be ready`, async () => ((await ready()) ? true : undefined), {
      timeoutMs,
      abort: () => procs.map((p) => p.exited()).find((e) => e !== undefined),
    });
  } catch (err) {
    await Promise.all(procs.map((p) => p.stop()));
    const logs = procs.map((p) => p.log().trim()).filter(Boolean);
    throw new Error(`${(err as Error).message}\n${logs.join('\n---\n')}`);
  }
}

/** GET `url`; resolves with status and body, rejects on network errors (for readiness polls). */
export async function get(url: string, init: RequestInit = {}): Promise<{ status: number; body: string }> {
  const res = await fetch(url, { ...init, signal: AbortSignal.timeout(2000) });
  return { status: res.status, body: await res.text() };
}
