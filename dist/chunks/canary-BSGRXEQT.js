import { createRequire as __roCreateRequire } from 'node:module';
const require = __roCreateRequire(import.meta.url);
import{canary,templates}from"./chunk-CMUCHOLQ.js";import"./chunk-RILKFRDI.js";import"./chunk-TXOCXEYW.js";import"./chunk-OE43MLKA.js";import"./chunk-ATQG6YTY.js";import"./chunk-TUXMJ3KW.js";import"./chunk-4WIEE7L2.js";export{canary,templates};
