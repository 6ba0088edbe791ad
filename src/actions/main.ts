import { COMMANDS } from '../commands/index.js';
import { ConfigError } from '../errors.js';
import { reportError, runAsAction, runner } from './runtime.js';

/** The root action (`uses: OWNER/release-ops@v1`): runs the command chosen by the `command` input. */
const name = runner.getInput('command');
const entry = Object.hasOwn(COMMANDS, name) ? COMMANDS[name] : undefined;
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
