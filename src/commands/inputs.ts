import { parseDuration } from '../config/duration.js';
import { ConfigError } from '../errors.js';

/**
 * Declared inputs: one table per command, shared by the action (INPUT_* through @actions/core) and the
 * CLI (`--rc-tag` for input `rc-tag`). actions/<name>/action.yml must declare exactly these; a test
 * checks both directions and that no code reads an input by any other way.
 */
export interface InputSpec {
  description: string;
  /** Default as written in action.yml (strings there). */
  default?: string;
  required?: boolean;
  kind?: 'string' | 'boolean' | 'duration' | 'enum' | 'list' | 'secret';
  values?: readonly string[];
  /** CLI only: short usage placeholder, e.g. `TAG`. */
  placeholder?: string;
  /** Not an action input: only the CLI has it (e.g. `config` is both, `help` is neither). */
  cliOnly?: boolean;
  /** Not shown by the CLI (e.g. github-token, which the CLI reads from GITHUB_TOKEN). */
  actionOnly?: boolean;
  /**
   * May span lines (config-inline, free text). Every other text input must be one line: a line break
   * in a tag or a name is a mistake — or an attempt to inject `::workflow commands::` into the log.
   */
  multiline?: boolean;
}

export type InputSpecs = Record<string, InputSpec>;

/** Line breaks and the other control characters (a tab is allowed). */
// eslint-disable-next-line no-control-regex -- control characters are what it looks for
const CONTROL = /[\u0000-\u0008\u000a-\u001f\u007f\u2028\u2029]/;

/** Inputs every command takes. */
export const COMMON_INPUTS = {
  config: {
    description: 'Path of the release-ops config file',
    default: '.github/release-ops.yml',
    placeholder: 'FILE',
  },
  'config-inline': {
    description: 'The config as inline YAML; used instead of the file when set',
    default: '',
    placeholder: 'YAML',
    multiline: true,
  },
  'dry-run': {
    description: 'Validate and print what would happen; run nothing, write nothing',
    default: 'false',
    kind: 'boolean',
  },
  'github-token': {
    description: 'Token for the GitHub API (the CLI reads GITHUB_TOKEN)',
    default: '${{ github.token }}',
    kind: 'secret',
    actionOnly: true,
  },
  'artifacts-dir': {
    description: 'Directory for evidence files (default $OPS_ARTIFACTS_DIR, then ./artifacts)',
    default: '',
    placeholder: 'DIR',
  },
} as const satisfies InputSpecs;

/** Typed access to declared inputs; reading an undeclared name is a bug and throws. */
export class Inputs {
  constructor(
    private readonly specs: InputSpecs,
    private readonly get: (name: string) => string | undefined,
  ) {}

  private raw(name: string): string {
    const spec = this.specs[name];
    if (!spec) throw new Error(`bug: input "${name}" is read but not declared`);
    const v = this.get(name);
    const value = v === undefined || v === '' ? (spec.default ?? '') : v;
    if (spec.required && value.trim() === '') throw ConfigError.input(name, 'is required');
    return value;
  }

  string(name: string): string | undefined {
    const v = this.raw(name).trim();
    const bad = this.specs[name]?.multiline ? undefined : CONTROL.exec(v)?.[0];
    if (bad !== undefined) {
      const code = `U+${bad.charCodeAt(0).toString(16).toUpperCase().padStart(4, '0')}`;
      throw ConfigError.input(
        name,
        `must be a single line of text, found ${bad === '\n' || bad === '\r' ? 'a line break' : 'a control character'} (${code})`,
      );
    }
    return v === '' ? undefined : v;
  }

  bool(name: string): boolean {
    const v = this.raw(name).trim().toLowerCase();
    if (['true', 'yes', '1', 'on'].includes(v)) return true;
    if (['false', 'no', '0', 'off', ''].includes(v)) return false;
    throw ConfigError.input(name, `expected true or false, found "${v}"`);
  }

  /** Milliseconds, or undefined when empty. */
  duration(name: string): number | undefined {
    const v = this.string(name);
    if (v === undefined) return undefined;
    const d = parseDuration(v);
    if ('error' in d) throw ConfigError.input(name, d.error);
    return d.ms;
  }

  enum<T extends string>(name: string): T | undefined {
    const v = this.string(name);
    const values = this.specs[name]?.values ?? [];
    if (v !== undefined && !values.includes(v)) {
      throw ConfigError.input(name, `expected one of ${values.join(', ')}, found "${v}"`);
    }
    return v as T | undefined;
  }

  /** Comma- or newline-separated list. */
  list(name: string): string[] {
    const v = this.raw(name);
    return v
      .split(/[\n,]/)
      .map((s) => s.trim())
      .filter(Boolean);
  }
}
