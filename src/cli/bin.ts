import { cancellationSignal } from '../commands/context.js';
import { cli } from './main.js';

process.exitCode = await cli({
  argv: process.argv.slice(2),
  env: process.env,
  cwd: process.cwd(),
  stdout: (s) => process.stdout.write(s),
  stderr: (s) => process.stderr.write(s),
  signal: cancellationSignal(),
});
