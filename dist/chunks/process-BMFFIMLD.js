import { createRequire as __roCreateRequire } from 'node:module';
const require = __roCreateRequire(import.meta.url);
import{describeExit,processRunner,runProcess}from"./chunk-OE43MLKA.js";import"./chunk-4WIEE7L2.js";export{describeExit,processRunner,runProcess};
