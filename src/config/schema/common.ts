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

const VARIABLE = /\$\{([A-Za-z_][A-Za-z0-9_]*)\}/g;
const HTTP_URL = /^https?:\/\/[^\s/?#]+[^\s]*$/;

/**
 * Why `url` (with every `${VAR}` already replaced) is not an http:// or https:// URL, or null when it is.
 * `written` is the text as the config has it: when it differs, the message says what the variables
 * became (an empty one by name), since the user never saw the replaced text.
 */
export function httpUrlProblem(url: string, written = url): string | null {
  if (HTTP_URL.test(url) && URL.canParse(url)) return null;
  const found = `expected an http:// or https:// URL, found "${url}"`;
  if (written === url) return found;
  const vars = [...written.matchAll(VARIABLE)].map((m) => m[1]!);
  return `${found} (written "${written}", with ${vars.map((v) => `\${${v}}`).join(', ')} replaced from the environment)`;
}

/**
 * An http:// or https:// URL. `${VAR}` may stand for any part of it (`"${BASE_URL}/health"`): such a URL
 * is checked again once the variables are replaced, when the run starts.
 */
export const httpUrl = z.string().superRefine((v, ctx) => {
  if (/\s/.test(v.replace(VARIABLE, '1'))) {
    ctx.addIssue({
      code: 'custom',
      message: `expected an http:// or https:// URL without spaces, found "${v}"`,
    });
    return;
  }
  const variables = v.match(VARIABLE);
  // A variable may hold the scheme and host: only the text around the variables is checked here.
  const probe = v.startsWith('${') ? `http://${v.replace(VARIABLE, '1')}` : v.replace(VARIABLE, '1');
  const problem = httpUrlProblem(probe);
  if (problem)
    ctx.addIssue({
      code: 'custom',
      message: variables ? `expected an http:// or https:// URL, found "${v}"` : problem,
    });
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
