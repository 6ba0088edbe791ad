import * as core from '@actions/core';
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
  const token = core.getInput('github-token') || undefined;
  if (token) core.setSecret(token);
  const ctx = createContext({
    host: 'action',
    specs,
    get: (name) => core.getInput(name),
    logger: {
      info: (m) => core.info(noCommands(m)),
      warn: (m) => core.warning(noCommands(m)),
      error: (m) => core.error(noCommands(m)),
      debug: (m) => core.debug(noCommands(m)),
    },
    env: process.env,
    cwd: process.env.GITHUB_WORKSPACE || process.cwd(),
    signal: cancellationSignal(),
    onSecret: (s) => core.setSecret(s),
    token,
  });
  try {
    const outcome = await command.run(ctx);
    for (const [k, v] of Object.entries(outcome.outputs)) core.setOutput(k, ctx.redactor.redact(v));
    if (process.env.GITHUB_STEP_SUMMARY) {
      await core.summary.addRaw(ctx.redactor.redact(toMarkdown(outcome.report)), true).write();
    }
    if (outcome.exitCode !== 0)
      core.setFailed(ctx.redactor.redact(outcome.failMessage ?? `${command.name} failed`));
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
      core.error(redact(`${p.key ? `${p.key}: ` : ''}${p.message}`), {
        title: 'release-ops configuration',
        ...(isFile ? { file: p.file, startLine: p.line, startColumn: p.column } : {}),
      });
    }
    core.setFailed(redact(`The configuration has ${err.problems.length} problem(s):\n${err.message}`));
  } else if (isUserFacing(err)) {
    core.setFailed(redact(err.message));
  } else {
    // A bug: the only case that shows a stack trace.
    core.setFailed(
      redact(`release-ops internal error (please report it): ${(err as Error)?.stack ?? String(err)}`),
    );
  }
}
