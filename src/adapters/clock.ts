import { CancelledError } from '../errors.js';
import type { Clock } from '../ports/index.js';

export const systemClock: Clock = {
  now: () => Date.now(),
  sleep: (ms, signal) =>
    new Promise<void>((resolve, reject) => {
      if (signal?.aborted) return reject(new CancelledError());
      const timer = setTimeout(
        () => {
          signal?.removeEventListener('abort', onAbort);
          resolve();
        },
        Math.max(0, ms),
      );
      const onAbort = () => {
        clearTimeout(timer);
        reject(new CancelledError());
      };
      signal?.addEventListener('abort', onAbort, { once: true });
    }),
};

/** A clock for tests: time moves only when sleep() is called or advance() is. */
export class FakeClock implements Clock {
  constructor(private t = Date.UTC(2026, 0, 5, 10, 0, 0)) {}
  now(): number {
    return this.t;
  }
  async sleep(ms: number, signal?: AbortSignal): Promise<void> {
    if (signal?.aborted) throw new CancelledError();
    this.t += Math.max(0, ms);
    await Promise.resolve();
  }
  advance(ms: number): void {
    this.t += ms;
  }
}
