import command from '../commands/promote.js';
import { runAsAction } from './runtime.js';
await runAsAction(command);
