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
    logger: { info: core.info, warn: (m) => core.warning(m), error: (m) => core.error(m), debug: core.debug },
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
