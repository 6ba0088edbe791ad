import { createRequire as __roCreateRequire } from 'node:module';
const require = __roCreateRequire(import.meta.url);
import{canary,templates}from"./chunk-YFVJJALT.js";import"./chunk-7Y3BXUYL.js";import"./chunk-CORH4BQP.js";import"./chunk-OE43MLKA.js";import"./chunk-BEZX7ZIR.js";import"./chunk-4WIEE7L2.js";export{canary,templates};
