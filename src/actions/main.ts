import * as core from '@actions/core';
import { COMMANDS } from '../commands/index.js';
import { ConfigError } from '../errors.js';
import { reportError, runAsAction } from './runtime.js';

/** The root action (`uses: OWNER/release-ops@v1`): runs the command chosen by the `command` input. */
const name = core.getInput('command').trim();
const entry = COMMANDS[name];
if (entry) {
  await runAsAction(await entry.load());
} else {
  reportError(
    new ConfigError({
      file: 'input command',
      message: `expected one of ${Object.keys(COMMANDS).join(', ')}, found "${name}"`,
    }),
  );
}
