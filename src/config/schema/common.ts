import * as z from 'zod';
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

export { httpUrlProblem } from './values.js';

/**
 * A duration written as `90s`, `5m`, `2h`, `1h30m` (or `0`), parsed to milliseconds.
 * `min` is inclusive and in ms; zero is refused unless `min` is 0.
 */
export function duration(opts: { min?: number } = {}) {
  const min = opts.min ?? 1;
  return z
    .union([z.string(), z.number()])
    .transform((value, ctx) => {
      const parsed = durationValue(value, min);
      if ('error' in parsed) {
        ctx.addIssue({ code: 'custom', message: parsed.error });
        return z.NEVER;
      }
      return parsed.ms;
    })
    .meta(DURATION_META);
}

/** A program and its arguments. Never joined into a shell string. */
export const argv = z.array(z.string().min(1, EMPTY_ARGUMENT)).min(1, ARGV_EMPTY).meta(ARGV_META);

export const name = z.string().min(1).max(100).regex(NAME, NAME_MESSAGE);

export const headers = z.record(z.string(), z.string()).meta(HEADERS_META);

/**
 * An http:// or https:// URL. `${VAR}` may stand for any part of it (`"${BASE_URL}/health"`): such a URL
 * is checked again once the variables are replaced, when the run starts.
 */
export const httpUrl = z.string().superRefine((v, ctx) => {
  const problem = writtenUrlProblem(v);
  if (problem) ctx.addIssue({ code: 'custom', message: problem });
});

export const percent = z.number().min(0).max(100);
export const nonNegativeInt = z.number().int().min(0);
export const positiveInt = z.number().int().min(1);

/**
 * Gives a schema that is parsed by hand (a transform or preprocess that picks the schema to apply, so
 * that errors are reported at their own key with zod's own message) the JSON Schema of what it accepts.
 * Computed only when a JSON Schema is generated (`npm run gen`, `release-ops schema`), never when a
 * config is loaded: it costs tens of milliseconds of every run's start-up otherwise.
 */
export function documentedAs<T extends z.ZodType>(
  schema: T,
  shape: () => z.ZodType,
  description?: string,
): T {
  schema._zod.toJSONSchema = () => {
    const json = z.toJSONSchema(shape(), {
      io: 'input',
      unrepresentable: 'any',
      target: 'draft-2020-12',
    }) as Record<string, unknown>;
    delete json.$schema;
    return description ? { ...json, description } : json;
  };
  return schema;
}
