import command from '../commands/gate.js';
import { runAsAction } from './runtime.js';
await runAsAction(command);
