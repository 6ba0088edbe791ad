import command from '../commands/rollback.js';
import { runAsAction } from './runtime.js';
await runAsAction(command);
