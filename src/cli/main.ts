import { createContext } from '../commands/context.js';
import { COMMANDS, SCHEMA_SUMMARY } from '../commands/index.js';
import type { InputSpecs } from '../commands/inputs.js';
import type { Command, Outcome } from '../commands/types.js';
import { ConfigError, isUserFacing } from '../errors.js';
import { toMarkdown, toTerminal } from '../report/doc.js';
import { TOOL_VERSION } from '../version.js';

/**
 * `release-ops <command> [--option value]…` — the same engine as the actions, in a terminal.
 * Options map one to one to action inputs (`--rc-tag` for input `rc-tag`).
 * Exit codes: 0 success, 1 failed gate / aborted rollout / failed rollback or GitHub error, 2 bad usage or config.
 */
export interface CliIO {
  argv: string[];
  env: Record<string, string | undefined>;
  cwd: string;
  stdout: (s: string) => void;
  stderr: (s: string) => void;
  signal?: AbortSignal;
}

export async function cli(io: CliIO): Promise<number> {
  const [name, ...args] = io.argv;
  if (!name || name === '--help' || name === '-h' || name === 'help') {
    // No command (or an empty one, `release-ops "$CMD"` with CMD unset) is a usage error: say so on stderr.
    if (!name)
      io.stderr(`release-ops: no command given (${[...Object.keys(COMMANDS), 'schema'].join(', ')})\n`);
    io.stdout(await usage());
    return name ? 0 : 2;
  }
  if (name === '--version') {
    io.stdout(`release-ops ${TOOL_VERSION}\n`);
    return 0;
  }
  if (name === 'schema') return schema(io, args);
  const entry = COMMANDS[name];
  if (!entry) {
    io.stderr(`release-ops: unknown command "${name}"\n\n${await usage()}`);
    return 2;
  }
  const command = await entry.load();
  const specs = Object.fromEntries(Object.entries(command.inputs).filter(([, s]) => !s.actionOnly));
  let values: Map<string, string>;
  let summaryFile: string | undefined;
  try {
    const split = takeSummary(args);
    summaryFile = split.file ?? (io.env.GITHUB_STEP_SUMMARY || undefined);
    values = parseOptions(split.rest, specs);
  } catch (err) {
    io.stderr(
      `release-ops ${name}: ${(err as Error).message}\nRun "release-ops ${name} --help" for the options.\n`,
    );
    return 2;
  }
  if (values.has('help')) {
    io.stdout(commandHelp(command, specs));
    return 0;
  }
  return runCommand(io, command, specs, values, summaryFile);
}

/** `release-ops schema` prints the config's JSON Schema; `--evidence`, the evidence files'. */
async function schema(io: CliIO, args: string[]): Promise<number> {
  if (args.includes('--help') || args.includes('-h')) {
    io.stdout(
      [
        'release-ops schema [--evidence]',
        '',
        '  Prints a JSON Schema (draft 2020-12) to stdout:',
        '  (no option)  the config file, .github/release-ops.yml, for editor completion and checks',
        '  --evidence   the evidence files every command writes (one envelope, details per command)',
        '',
      ].join('\n'),
    );
    return 0;
  }
  const unknown = args.filter((a) => a !== '--evidence');
  if (unknown.length) {
    io.stderr(`release-ops schema: unexpected argument "${unknown[0]}" (only --evidence)\n`);
    return 2;
  }
  const printed = args.includes('--evidence')
    ? (await import('../evidence/envelope.js')).evidenceJsonSchema()
    : (await import('../config/schema/index.js')).jsonSchema();
  io.stdout(JSON.stringify(printed, null, 2) + '\n');
  return 0;
}

/**
 * `--summary FILE` (every command): the report's Markdown — what the action writes to the job
 * summary — is appended to FILE. Without it, to $GITHUB_STEP_SUMMARY when that is set.
 */
export function takeSummary(args: string[]): { file?: string; rest: string[] } {
  const rest: string[] = [];
  let file: string | undefined;
  for (let i = 0; i < args.length; i++) {
    const m = /^--summary(?:=(.*))?$/s.exec(args[i]!);
    if (!m) {
      rest.push(args[i]!);
      continue;
    }
    if (file !== undefined) throw new Error('option --summary is given twice');
    const value = m[1] ?? args[++i];
    if (value === undefined || value === '' || (m[1] === undefined && value.startsWith('--')))
      throw new Error('option --summary needs a file');
    file = value;
  }
  return file === undefined ? { rest } : { file, rest };
}

async function runCommand(
  io: CliIO,
  command: Command,
  specs: InputSpecs,
  values: Map<string, string>,
  summaryFile: string | undefined,
): Promise<number> {
  const token = io.env.GITHUB_TOKEN || io.env.GH_TOKEN || undefined;
  const ctx = createContext({
    host: 'cli',
    specs,
    get: (n) => values.get(n),
    logger: {
      info: (m) => io.stderr(m + '\n'),
      warn: (m) => io.stderr(`warning: ${m}\n`),
      error: (m) => io.stderr(`error: ${m}\n`),
      debug: (m) => (io.env.RELEASE_OPS_DEBUG ? io.stderr(`debug: ${m}\n`) : undefined),
    },
    env: io.env,
    cwd: io.cwd,
    signal: io.signal ?? new AbortController().signal,
    token,
  });
  const redact = (s: string) => ctx.redactor.redact(s);
  try {
    const outcome = await command.run(ctx);
    if (summaryFile) await appendSummary(io, summaryFile, redact(toMarkdown(outcome.report)));
    return printOutcome(io, specs, outcome, redact);
  } catch (err) {
    if (err instanceof ConfigError) {
      io.stderr(redact(err.message) + '\n');
      return 2;
    }
    if (isUserFacing(err)) {
      io.stderr(`release-ops ${command.name}: ${redact(err.message)}\n`);
      return 1;
    }
    io.stderr(
      `release-ops internal error (please report it): ${redact((err as Error)?.stack ?? String(err))}\n`,
    );
    return 1;
  }
}

/** Appends the report to the summary file; a file that cannot be written is a warning, not a failure. */
async function appendSummary(io: CliIO, file: string, markdown: string): Promise<void> {
  const { appendFile } = await import('node:fs/promises');
  const { resolve } = await import('node:path');
  try {
    await appendFile(resolve(io.cwd, file), markdown.endsWith('\n') ? markdown : `${markdown}\n`);
  } catch (err) {
    const why = (err as NodeJS.ErrnoException).code ?? (err as Error).message;
    io.stderr(`warning: cannot write the summary to ${JSON.stringify(file)} (${why})\n`);
  }
}

function printOutcome(io: CliIO, specs: InputSpecs, outcome: Outcome, redact: (s: string) => string): number {
  // A command with a `--json` option returns its json output only when asked: then it is all of stdout.
  if (specs.json?.cliOnly && outcome.outputs.json !== undefined) {
    io.stdout(redact(outcome.outputs.json) + '\n');
    return outcome.exitCode;
  }
  const outputs = Object.entries(outcome.outputs).map(([k, v]) => `${k}=${v}`);
  io.stdout(
    redact(
      toTerminal(outcome.report, { redact }) +
        (outputs.length ? `\nOutputs:\n  ${outputs.join('\n  ')}\n` : ''),
    ),
  );
  if (outcome.exitCode !== 0 && outcome.failMessage) io.stderr(redact(outcome.failMessage) + '\n');
  return outcome.exitCode;
}

/** `--rc-tag v1`, `--rc-tag=v1`, and bare `--dry-run` for booleans. Unknown options are errors. */
export function parseOptions(args: string[], specs: InputSpecs): Map<string, string> {
  const values = new Map<string, string>();
  for (let i = 0; i < args.length; i++) {
    const arg = args[i]!;
    if (arg === '--help' || arg === '-h') {
      values.set('help', 'true');
      continue;
    }
    const m = /^--([a-z0-9-]+)(?:=(.*))?$/s.exec(arg);
    if (!m) throw new Error(`unexpected argument "${arg}"`);
    const key = m[1]!;
    const spec = specs[key];
    if (!spec) throw new Error(`unknown option --${key}`);
    let value = m[2];
    if (value === undefined) {
      if (spec.kind === 'boolean' && (args[i + 1] === undefined || args[i + 1]!.startsWith('--')))
        value = 'true';
      else if (args[i + 1] === undefined) throw new Error(`option --${key} needs a value`);
      else value = args[++i]!;
    }
    if (values.has(key)) throw new Error(`option --${key} is given twice`);
    values.set(key, value);
  }
  return values;
}

function commandHelp(command: Command, specs: InputSpecs): string {
  const rows = Object.entries(specs).map(([k, s]) => {
    const flag = s.kind === 'boolean' ? `--${k}` : `--${k} ${s.placeholder ?? 'VALUE'}`;
    const def = s.default && !s.default.includes('${{') ? ` (default: ${s.default})` : '';
    const values = s.values ? ` [${s.values.join('|')}]` : '';
    return [flag, `${s.description}${values}${def}${s.required ? ' (required)' : ''}`];
  });
  const w = Math.max(...rows.map((r) => r[0]!.length));
  return [
    `release-ops ${command.name} — ${command.summary}`,
    '',
    `Usage: release-ops ${command.name} [options]`,
    '',
    'Options (each is also the action input of the same name):',
    ...rows.map(([f, d]) => `  ${f!.padEnd(w)}  ${d}`),
    '',
    `  --summary FILE${' '.repeat(Math.max(0, w - 14))}  Append the report's Markdown (the job summary) to FILE (default: $GITHUB_STEP_SUMMARY when set)`,
    '',
    'Environment: GITHUB_TOKEN, GITHUB_REPOSITORY (owner/name), GITHUB_API_URL (GitHub Enterprise Server), OPS_ARTIFACTS_DIR.',
    'Exit codes: 0 success, 1 failed/aborted/rolled back, 2 bad usage or config.',
    '',
  ].join('\n');
}

async function usage(): Promise<string> {
  const lines = [
    'release-ops — release runbooks as code',
    '',
    'Usage: release-ops <command> [options]',
    '',
    'Commands:',
  ];
  for (const [k, e] of Object.entries(COMMANDS)) lines.push(`  ${k.padEnd(9)} ${(await e.load()).summary}`);
  lines.push(`  ${'schema'.padEnd(9)} ${SCHEMA_SUMMARY}`);
  lines.push('', 'Run "release-ops <command> --help" for its options.', '');
  return lines.join('\n');
}
