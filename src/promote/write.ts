/**
 * How the promotion writes to GitHub: every write is a journal effect that carries its arguments —
 * made, or in a dry run recorded as planned and not made.
 */
import { CancelledError } from '../errors.js';
import type { StepOutcome } from '../journal/journal.js';
import type { PromoteRun } from './run.js';

export const short = (sha: string | null | undefined) => (sha ? sha.slice(0, 7) : '?');

/** A write's arguments on one line: `tag=v1.0.0 objectSha=… message=(45 characters)`. */
export function argText(args: Record<string, unknown>): string {
  return Object.entries(args)
    .filter(([, v]) => v !== undefined)
    .map(([k, v]) => `${k}=${typeof v === 'string' ? v : JSON.stringify(v)}`)
    .join(' ');
}

/** A body argument as the journal records it: its length, not its text. */
export const bodyArg = (body: string) => `(${body.length} characters)`;

/**
 * One GitHub write, as a journal effect with its arguments: made (what it produced is the entry's
 * detail), or — in a dry run — recorded as planned and not made (then undefined is returned).
 */
export function write<T>(
  run: PromoteRun,
  call: string,
  args: Record<string, unknown>,
  fn: () => Promise<T>,
  describe: (v: T) => string,
): Promise<T | undefined> {
  return settledWrite(run, call, args, async () => {
    const value = await fn();
    return { value, outcome: { status: 'done', detail: describe(value) } };
  });
}

/** A write whose `fn` says how it ended (a 422 that proves the write was already made is `already`). */
export async function settledWrite<T>(
  run: PromoteRun,
  call: string,
  args: Record<string, unknown>,
  fn: () => Promise<{ value: T; outcome: StepOutcome }>,
): Promise<T | undefined> {
  if (run.signal?.aborted) throw new CancelledError();
  return run.journal.effect(call, argText(args), fn, { data: { args } });
}
