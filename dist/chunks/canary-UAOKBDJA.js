import { createRequire as __roCreateRequire } from 'node:module';
const require = __roCreateRequire(import.meta.url);
import{canary,templates}from"./chunk-N7PAPXZA.js";import"./chunk-HVNOH2CY.js";import"./chunk-LXFF3DOZ.js";import"./chunk-OE43MLKA.js";import"./chunk-BEZX7ZIR.js";import"./chunk-4WIEE7L2.js";export{canary,templates};
