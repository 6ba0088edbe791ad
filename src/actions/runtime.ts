import { appendFileSync, existsSync, promises as fsp } from 'node:fs';
import { cancellationSignal, createContext } from '../commands/context.js';
import type { Command } from '../commands/types.js';
import { ConfigError, isUserFacing } from '../errors.js';
import { toMarkdown } from '../report/doc.js';

/**
 * The Actions host: INPUT_* → Context → command → outputs, job summary, step result.
 * The only place (with src/github) that talks to the runner.
 */
export async function runAsAction(command: Command): Promise<void> {
  const specs = Object.fromEntries(Object.entries(command.inputs).filter(([, s]) => !s.cliOnly));
  const token = runner.getInput('github-token') || undefined;
  if (token) runner.setSecret(token);
  const ctx = createContext({
    host: 'action',
    specs,
    get: (name) => runner.getInput(name),
    logger: {
      info: (m) => runner.info(noCommands(m)),
      warn: (m) => runner.warning(noCommands(m)),
      error: (m) => runner.error(noCommands(m)),
      debug: (m) => runner.debug(noCommands(m)),
    },
    env: process.env,
    cwd: process.env.GITHUB_WORKSPACE || process.cwd(),
    signal: cancellationSignal(),
    onSecret: (s) => runner.setSecret(s),
    token,
  });
  try {
    const outcome = await command.run(ctx);
    for (const [k, v] of Object.entries(outcome.outputs)) runner.setOutput(k, ctx.redactor.redact(v));
    if (process.env.GITHUB_STEP_SUMMARY) {
      await runner.appendSummary(ctx.redactor.redact(toMarkdown(outcome.report)));
    }
    if (outcome.exitCode !== 0)
      runner.setFailed(ctx.redactor.redact(outcome.failMessage ?? `${command.name} failed`));
  } catch (err) {
    reportError(err, (m) => ctx.redactor.redact(m));
  }
}

/**
 * Text from GitHub, services or the user's programs must never act as a workflow command: a line
 * starting with `::` (the runner trims leading spaces) is broken with a zero-width space.
 */
export function noCommands(text: string): string {
  return text.replace(/^(\s*):(:)/gm, '$1:\u200b$2');
}

export function reportError(err: unknown, redact: (s: string) => string = (s) => s): void {
  if (err instanceof ConfigError) {
    for (const p of err.problems) {
      const isFile = !p.file.startsWith('input ') && !p.file.startsWith('environment ');
      runner.error(redact(`${p.key ? `${p.key}: ` : ''}${p.message}`), {
        title: 'release-ops configuration',
        ...(isFile ? { file: p.file, line: p.line, col: p.column } : {}),
      });
    }
    runner.setFailed(redact(`The configuration has ${err.problems.length} problem(s):\n${err.message}`));
  } else if (isUserFacing(err)) {
    runner.setFailed(redact(err.message));
  } else {
    // A bug: the only case that shows a stack trace.
    runner.setFailed(
      redact(`release-ops internal error (please report it): ${(err as Error)?.stack ?? String(err)}`),
    );
  }
}

const EOL = process.platform === 'win32' ? '\r\n' : '\n';

/** Where an annotation points (the runner's `file`, `line`, `col` properties). */
type Annotation = {
  title?: string;
  file?: string;
  line?: number;
  col?: number;
};

/**
 * The runner's protocol, in the form @actions/core writes it: inputs from INPUT_<NAME>, workflow
 * commands (`::name key=value::message`, escaped the same way) on stdout, outputs appended to
 * $GITHUB_OUTPUT as `name<<DELIMITER` blocks, the job summary appended to $GITHUB_STEP_SUMMARY.
 * Written here because @actions/core loads child_process, crypto and os at start-up, which cost
 * more than everything this needs (bench startup).
 */
export const runner = {
  /** An input as the runner passes it (spaces in the name become `_`), trimmed; '' when unset. */
  getInput(name: string): string {
    return (process.env[`INPUT_${name.replace(/ /g, '_').toUpperCase()}`] || '').trim();
  },
  setSecret: (secret: string) => command('add-mask', {}, secret),
  info: (message: string) => void process.stdout.write(message + EOL),
  debug: (message: string) => command('debug', {}, message),
  warning: (message: string, at: Annotation = {}) => command('warning', at, message),
  error: (message: string, at: Annotation = {}) => command('error', at, message),
  /** Marks the step failed (exit code 1) with an error annotation. */
  setFailed(message: string): void {
    process.exitCode = 1;
    runner.error(message);
  },
  setOutput(name: string, value: string): void {
    const file = process.env.GITHUB_OUTPUT;
    if (!file) {
      process.stdout.write(EOL);
      command('set-output', { name }, value);
      return;
    }
    if (!existsSync(file)) throw new Error(`Missing file at path: ${file}`);
    // The delimiter only has to be absent from the name and the value: chosen until it is.
    let delimiter: string;
    do delimiter = `ghadelimiter_${randomHex()}`;
    while (name.includes(delimiter) || value.includes(delimiter));
    appendFileSync(file, `${name}<<${delimiter}${EOL}${value}${EOL}${delimiter}${EOL}`, 'utf8');
  },
  /** Appends Markdown to the job summary; the file must exist and be writable (the runner creates it). */
  async appendSummary(markdown: string): Promise<void> {
    const file = process.env.GITHUB_STEP_SUMMARY ?? '';
    try {
      await fsp.access(file, fsp.constants.R_OK | fsp.constants.W_OK);
    } catch {
      throw new Error(
        `Unable to access summary file: '${file}'. Check if the file has correct read/write permissions.`,
      );
    }
    await fsp.appendFile(file, markdown + EOL, 'utf8');
  },
};

function command(name: string, properties: Record<string, string | number | undefined>, message: string) {
  const props = Object.entries(properties)
    .filter(([, v]) => v !== undefined && v !== '' && v !== 0)
    .map(([k, v]) => `${k}=${escapeProperty(String(v))}`);
  process.stdout.write(`::${name}${props.length ? ` ${props.join(',')}` : ''}::${escapeData(message)}${EOL}`);
}

function escapeData(s: string): string {
  return s.replace(/%/g, '%25').replace(/\r/g, '%0D').replace(/\n/g, '%0A');
}

function escapeProperty(s: string): string {
  return escapeData(s).replace(/:/g, '%3A').replace(/,/g, '%2C');
}

function randomHex(): string {
  let out = '';
  for (let i = 0; i < 4; i++)
    out += Math.floor(Math.random() * 2 ** 32)
      .toString(16)
      .padStart(8, '0');
  return out;
}
