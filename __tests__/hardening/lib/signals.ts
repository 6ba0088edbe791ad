/**
 * What the cancellation cases synchronise on — events, never a time: a file a program writes (its
 * pids), a line the run logs, a request the emulator receives — and a bundle or the CLI started as the
 * runner starts it, so that a case can send SIGTERM the moment that event happens.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, watch, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parseOutputFile, ROOT } from '../../helpers/run-bundle.js';
import { alive } from './world.js';

/** Resolves when `file` exists with content (fs.watch on its directory), or rejects after `boundMs`. */
export function fileWritten(file: string, boundMs = 20_000): Promise<string> {
  return new Promise((resolve, reject) => {
    const dir = path.dirname(file);
    const read = () => (existsSync(file) ? readFileSync(file, 'utf8').trim() : '');
    let done = false;
    const finish = (err?: Error) => {
      if (done) return;
      done = true;
      watcher.close();
      clearTimeout(timer);
      if (err) reject(err);
      else resolve(read());
    };
    const watcher = watch(dir, () => {
      if (read()) finish();
    });
    const timer = setTimeout(
      () => finish(new Error(`${file} was not written within ${boundMs} ms`)),
      boundMs,
    );
    if (read()) finish();
  });
}

/** A promise with its resolve, for a line or a request to settle. */
export function deferred<T = void>(): { promise: Promise<T>; resolve: (v: T) => void } {
  let resolve!: (v: T) => void;
  const promise = new Promise<T>((r) => (resolve = r));
  return { promise, resolve };
}

/** Rejects after `ms` with `what`: the bound of a wait for an event that may never come. */
export function within<T>(ms: number, what: string, p: Promise<T>): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  return Promise.race([
    p,
    new Promise<never>((_, reject) => {
      timer = setTimeout(() => reject(new Error(`${what}: not within ${ms} ms`)), ms);
    }),
  ]).finally(() => clearTimeout(timer));
}

/**
 * Waits until every pid is gone (or a zombie), up to `boundMs`; returns those still running then. A
 * process killed with its group dies a moment after the kill: how long is the kernel's business.
 */
export async function goneWithin(pids: number[], boundMs = 5_000): Promise<number[]> {
  const until = performance.now() + boundMs;
  for (;;) {
    const left = pids.filter(alive);
    if (left.length === 0 || performance.now() > until) return left;
    await new Promise((r) => setTimeout(r, 20));
  }
}

export interface Started {
  child: ChildProcess;
  /** stderr so far (the CLI logs there). */
  readonly stderr: string;
  /** Resolves with the first stderr or stdout line matching `re`. */
  line(re: RegExp): Promise<string>;
  /** Ends: the exit code, the outputs (GITHUB_OUTPUT) and stdout, with when it exited (performance.now()). */
  done: Promise<{
    exitCode: number | null;
    outputs: Record<string, string>;
    stdout: string;
    exitedAt: number;
  }>;
}

/**
 * Starts `dist/<entry>/index.js` as the runner (an action: inputs as INPUT_*, GITHUB_OUTPUT) or a
 * terminal (the CLI: `argv`) would, with a hard bound after which it is killed.
 */
export function startEntry(
  entry: string,
  o: {
    cwd: string;
    env: Record<string, string>;
    inputs?: Record<string, string>;
    argv?: string[];
    boundMs?: number;
  },
): Started {
  const tmp = mkdtempSync(path.join(os.tmpdir(), 'ro-entry-'));
  const outputFile = path.join(tmp, 'output');
  writeFileSync(outputFile, '');
  writeFileSync(path.join(tmp, 'summary'), '');
  const env: Record<string, string> = {
    PATH: process.env.PATH ?? '',
    HOME: process.env.HOME ?? tmp,
    ...(entry === 'cli'
      ? {}
      : {
          GITHUB_ACTIONS: 'true',
          GITHUB_OUTPUT: outputFile,
          GITHUB_STEP_SUMMARY: path.join(tmp, 'summary'),
          GITHUB_WORKSPACE: o.cwd,
          RUNNER_TEMP: tmp,
        }),
    ...o.env,
  };
  for (const [k, v] of Object.entries(o.inputs ?? {})) env[`INPUT_${k.replace(/ /g, '_').toUpperCase()}`] = v;
  const child = spawn(
    process.env.RELEASE_OPS_NODE || process.execPath,
    [path.join(ROOT, 'dist', entry, 'index.js'), ...(o.argv ?? [])],
    { cwd: o.cwd, env, stdio: ['ignore', 'pipe', 'pipe'] },
  );
  let stdout = '';
  let stderr = '';
  const waiting: { re: RegExp; resolve: (l: string) => void }[] = [];
  const partial = { out: '', err: '' };
  // whole lines only: a line split across two chunks is matched once it is complete
  const scan = (which: 'out' | 'err', text: string) => {
    const lines = (partial[which] + text).split('\n');
    partial[which] = lines.pop() ?? '';
    for (const l of lines)
      for (const w of [...waiting])
        if (w.re.test(l)) {
          waiting.splice(waiting.indexOf(w), 1);
          w.resolve(l);
        }
  };
  child.stdout!.on('data', (d) => {
    stdout += d;
    scan('out', String(d));
  });
  child.stderr!.on('data', (d) => {
    stderr += d;
    scan('err', String(d));
  });
  const killer = setTimeout(() => child.kill('SIGKILL'), o.boundMs ?? 60_000);
  const done = new Promise<{
    exitCode: number | null;
    outputs: Record<string, string>;
    stdout: string;
    exitedAt: number;
  }>((resolve) =>
    child.on('close', (code) => {
      const exitedAt = performance.now();
      clearTimeout(killer);
      resolve({
        exitCode: code,
        outputs: parseOutputFile(readFileSync(outputFile, 'utf8')),
        stdout,
        exitedAt,
      });
    }),
  );
  return {
    child,
    get stderr() {
      return stderr;
    },
    line(re) {
      const seen = [...stdout.split('\n').slice(0, -1), ...stderr.split('\n').slice(0, -1)].find((l) =>
        re.test(l),
      );
      if (seen !== undefined) return Promise.resolve(seen);
      return new Promise((resolve) => waiting.push({ re, resolve }));
    },
    done,
  };
}
