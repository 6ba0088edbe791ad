/**
 * The load beside a stressed hardening run: one CPU-bound process per core (a busy loop each), as
 * on a shared, noisy runner. Started before the run, killed (each by its pid) when it ends, and on
 * any way out of this process.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import os from 'node:os';

export interface Stress {
  /** How many busy processes run. */
  readonly processes: number;
  stop(): void;
}

export function startStress(count = os.availableParallelism()): Stress {
  const children: ChildProcess[] = [];
  for (let i = 0; i < count; i++)
    children.push(spawn(process.execPath, ['-e', 'for (;;) {}'], { stdio: 'ignore' }));
  const stop = () => {
    for (const c of children.splice(0)) if (c.exitCode === null && c.signalCode === null) c.kill('SIGKILL');
  };
  process.once('exit', stop);
  for (const sig of ['SIGINT', 'SIGTERM'] as const)
    process.once(sig, () => {
      stop();
      process.exit(sig === 'SIGINT' ? 130 : 143);
    });
  return { processes: count, stop };
}
