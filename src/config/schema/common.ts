import * as z from 'zod';
import { parseDuration } from '../duration.js';

/**
 * A duration written as `90s`, `5m`, `2h`, `1h30m` (or `0`), parsed to milliseconds.
 * `min` is inclusive and in ms; zero is refused unless `min` is 0.
 */
export function duration(opts: { min?: number } = {}) {
  const min = opts.min ?? 1;
  return z
    .union([z.string(), z.number()])
    .transform((value, ctx) => {
      const parsed = parseDuration(value);
      if ('error' in parsed) {
        ctx.addIssue({ code: 'custom', message: parsed.error });
        return z.NEVER;
      }
      if (parsed.ms < min) {
        ctx.addIssue({
          code: 'custom',
          message:
            min <= 1
              ? `expected a duration greater than zero, found "${value}"`
              : `expected at least ${min} ms, found "${value}"`,
        });
        return z.NEVER;
      }
      return parsed.ms;
    })
    .meta({ description: 'A duration such as 500ms, 90s, 5m, 2h or 1h30m', examples: ['30s', '5m'] });
}

/** A program and its arguments. Never joined into a shell string. */
export const argv = z
  .array(z.string().min(1, 'an empty argument is not allowed'))
  .min(1, 'expected a program and its arguments as a list, e.g. [./deploy.sh, --env, prod]')
  .meta({ description: 'Program and arguments as a list; no shell is involved' });

export const name = z
  .string()
  .min(1)
  .max(100)
  .regex(/^[A-Za-z0-9][A-Za-z0-9_.:-]*$/, 'expected letters, digits, and _ . : - (e.g. health-p95)');

export const headers = z.record(z.string(), z.string()).meta({
  description: 'HTTP headers. ${VAR} is replaced from the environment at run time and the value is masked.',
});

export const httpUrl = z
  .string()
  .refine((v) => /^https?:\/\/[^\s]+$/.test(v.replace(/\$\{[A-Za-z_][A-Za-z0-9_]*\}/g, 'x')), {
    message: 'expected an http:// or https:// URL',
  });

export const percent = z.number().min(0).max(100);
export const nonNegativeInt = z.number().int().min(0);
export const positiveInt = z.number().int().min(1);
