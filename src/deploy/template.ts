/**
 * Argument templating for the user's programs: `{weight}`, `{tag}`, `{previous_tag}`, `{step}` (canary)
 * or `{to_tag}`, `{from_tag}` (rollback) are replaced inside each argument on its own — never through a
 * shell, so a value can never become two arguments or a command. Only `{name}` with a lower-case name is
 * a placeholder (JSON such as `{"a":{"b":1}}` passes through untouched); an unknown name is a config error.
 * The same values reach the program as RELEASE_OPS_<NAME> environment variables.
 */
const PLACEHOLDER = /\{([a-z][a-z0-9_]*)\}/g;

export type TemplateVars = Record<string, string>;

/** The placeholders an argument list uses, in order of first use. */
export function placeholdersIn(argv: readonly string[]): string[] {
  const found: string[] = [];
  for (const arg of argv) {
    for (const m of arg.matchAll(PLACEHOLDER)) if (!found.includes(m[1]!)) found.push(m[1]!);
  }
  return found;
}

/** Placeholders that are not among `known`, for config validation. */
export function unknownPlaceholders(argv: readonly string[], known: readonly string[]): string[] {
  return placeholdersIn(argv).filter((p) => !known.includes(p));
}

export class TemplateError extends Error {
  constructor(
    message: string,
    readonly missing: string[],
  ) {
    super(message);
    this.name = 'TemplateError';
  }
}

/** Replaces placeholders in one string. Throws TemplateError naming every placeholder without a value. */
export function renderString(text: string, vars: TemplateVars): string {
  const missing: string[] = [];
  const out = text.replace(PLACEHOLDER, (all, name: string) => {
    const v = vars[name];
    if (v === undefined) {
      missing.push(name);
      return all;
    }
    return v;
  });
  if (missing.length)
    throw new TemplateError(`no value for ${missing.map((m) => `{${m}}`).join(', ')}`, missing);
  return out;
}

/** Each argument rendered on its own: the result has exactly as many arguments as the template. */
export function renderArgv(argv: readonly string[], vars: TemplateVars): string[] {
  const missing = placeholdersIn(argv).filter((p) => vars[p] === undefined);
  if (missing.length)
    throw new TemplateError(`no value for ${missing.map((m) => `{${m}}`).join(', ')}`, missing);
  return argv.map((a) => renderString(a, vars));
}

/** `previous_tag` → `RELEASE_OPS_PREVIOUS_TAG`. Empty values are passed as empty strings. */
export function templateEnv(vars: TemplateVars): Record<string, string> {
  return Object.fromEntries(Object.entries(vars).map(([k, v]) => [`RELEASE_OPS_${k.toUpperCase()}`, v]));
}
