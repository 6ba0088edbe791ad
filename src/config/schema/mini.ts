/**
 * The value schemas of common.ts in zod/mini, for the sections a run checks at start-up without the
 * analysis providers (gate:, promote:, the keys around the sections). zod/mini builds the same checks
 * with the same messages from a fraction of the code classic zod loads (bench startup); the metric
 * providers' keys are classic zod, so the sections built on them (canary:, rollback:) stay classic.
 * A section built here is built only from this module and zod/mini.
 */
import * as z from 'zod/mini';
import {
  ARGV_EMPTY,
  ARGV_META,
  DURATION_META,
  durationValue,
  EMPTY_ARGUMENT,
  HEADERS_META,
  NAME,
  NAME_MESSAGE,
  writtenUrlProblem,
} from './values.js';

/** As common.ts's duration: `90s`, `5m`, `2h`, `1h30m` (or `0`) to milliseconds, at least `min`. */
export function duration(opts: { min?: number } = {}) {
  const min = opts.min ?? 1;
  return z
    .pipe(
      z.union([z.string(), z.number()]),
      z.transform((value: string | number, ctx) => {
        const parsed = durationValue(value, min);
        if ('error' in parsed) {
          ctx.issues.push({ code: 'custom', message: parsed.error, input: value });
          return z.NEVER;
        }
        return parsed.ms;
      }),
    )
    .check(z.meta(DURATION_META));
}

/** A program and its arguments. Never joined into a shell string. */
export const argv = z
  .array(z.string().check(z.minLength(1, EMPTY_ARGUMENT)))
  .check(z.minLength(1, ARGV_EMPTY), z.meta(ARGV_META));

export const name = z.string().check(z.minLength(1), z.maxLength(100), z.regex(NAME, NAME_MESSAGE));

export const headers = z.record(z.string(), z.string()).check(z.meta(HEADERS_META));

/** As common.ts's httpUrl: `${VAR}` may stand for any part, checked again once replaced. */
export const httpUrl = z.string().check(
  z.superRefine((v, ctx) => {
    const problem = writtenUrlProblem(v);
    if (problem) ctx.addIssue({ code: 'custom', message: problem });
  }),
);

export const nonNegativeInt = z.number().check(z.int(), z.gte(0));
export const positiveInt = z.number().check(z.int(), z.gte(1));
