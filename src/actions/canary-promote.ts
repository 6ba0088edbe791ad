import command from '../commands/canary.js';
import { runAsAction } from './runtime.js';
await runAsAction(command);
