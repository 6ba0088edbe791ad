/**
 * What the config's value schemas check, as plain functions: the classic zod schemas (common.ts) and
 * the zod/mini ones (mini.ts) are built from these, so both read and report a value the same way.
 * No zod here: the engine's own checks (an http:// URL once its variables are replaced) import it.
 */
import { parseDuration } from '../duration.js';

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
 * Why a URL as written in the config is not an http:// or https:// one, or null. `${VAR}` may stand for
 * any part of it (`"${BASE_URL}/health"`): such a URL is checked again once the variables are
 * replaced, when the run starts.
 */
export function writtenUrlProblem(v: string): string | null {
  if (/\s/.test(v.replace(VARIABLE, '1')))
    return `expected an http:// or https:// URL without spaces, found "${v}"`;
  const variables = v.match(VARIABLE);
  // A variable may hold the scheme and host: only the text around the variables is checked here.
  const probe = v.startsWith('${') ? `http://${v.replace(VARIABLE, '1')}` : v.replace(VARIABLE, '1');
  const problem = httpUrlProblem(probe);
  if (!problem) return null;
  return variables ? `expected an http:// or https:// URL, found "${v}"` : problem;
}

/**
 * A duration written as `90s`, `5m`, `2h`, `1h30m` (or `0`) in milliseconds, or why it is not one.
 * `min` is inclusive and in ms; zero is refused unless `min` is 0.
 */
export function durationValue(value: string | number, min: number): { ms: number } | { error: string } {
  const parsed = parseDuration(value);
  if ('error' in parsed) return parsed;
  if (parsed.ms < min)
    return {
      error:
        min <= 1
          ? `expected a duration greater than zero, found "${value}"`
          : `expected at least ${min} ms, found "${value}"`,
    };
  return parsed;
}

export const DURATION_META = {
  description: 'A duration such as 500ms, 90s, 5m, 2h or 1h30m',
  examples: ['30s', '5m'],
};
export const ARGV_META = { description: 'Program and arguments as a list; no shell is involved' };
export const EMPTY_ARGUMENT = 'an empty argument is not allowed';
export const ARGV_EMPTY = 'expected a program and its arguments as a list, e.g. [./deploy.sh, --env, prod]';
export const NAME = /^[A-Za-z0-9][A-Za-z0-9_.:-]*$/;
export const NAME_MESSAGE = 'expected letters, digits, and _ . : - (e.g. health-p95)';
export const HEADERS_META = {
  description: 'HTTP headers. ${VAR} is replaced from the environment at run time and the value is masked.',
};
