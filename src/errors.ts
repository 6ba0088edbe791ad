/**
 * The three kinds of error the suite distinguishes (docs/architecture.md):
 * - ConfigError: the user's file or inputs are wrong. Carries one line per problem, already located.
 * - ExternalError: GitHub, the network or the user's program failed. Says what failed and what to do.
 * - anything else is a bug, and only a bug may print a stack trace.
 */

export interface ConfigProblem {
  /** File the problem is in, or the input name (e.g. `input rc-tag`). */
  file: string;
  line?: number;
  column?: number;
  /** Dotted key path, e.g. `gate.checks[2].timeout`. */
  key?: string;
  message: string;
}

export function formatProblem(p: ConfigProblem): string {
  const where = p.line !== undefined ? `${p.file}:${p.line}:${p.column ?? 1}` : p.file;
  return p.key ? `${where} ${p.key}: ${p.message}` : `${where}: ${p.message}`;
}

export class ConfigError extends Error {
  readonly problems: ConfigProblem[];
  constructor(problems: ConfigProblem[] | ConfigProblem) {
    const list = Array.isArray(problems) ? problems : [problems];
    super(list.map(formatProblem).join('\n'));
    this.name = 'ConfigError';
    this.problems = list;
  }
  /** An error about an action input or CLI option rather than a file. */
  static input(name: string, message: string): ConfigError {
    return new ConfigError({ file: `input ${name}`, message });
  }
}

export class ExternalError extends Error {
  /** What the user can do about it, when we know. */
  readonly hint?: string;
  readonly status?: number;
  constructor(message: string, opts: { hint?: string; status?: number; cause?: unknown } = {}) {
    super(opts.hint ? `${message} — ${opts.hint}` : message, { cause: opts.cause });
    this.name = 'ExternalError';
    this.hint = opts.hint;
    this.status = opts.status;
  }
}

/** Thrown when a run is cancelled (SIGTERM/SIGINT or an AbortSignal). */
export class CancelledError extends Error {
  constructor(message = 'the run was cancelled') {
    super(message);
    this.name = 'CancelledError';
  }
}

export function isUserFacing(err: unknown): err is ConfigError | ExternalError | CancelledError {
  return err instanceof ConfigError || err instanceof ExternalError || err instanceof CancelledError;
}

export function errorMessage(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}
