import { createRequire as __roCreateRequire } from 'node:module';
const require = __roCreateRequire(import.meta.url);
import{canary,templates}from"./chunk-PMX7HIWR.js";import"./chunk-7ZELECY5.js";import"./chunk-OE43MLKA.js";import"./chunk-V2OVR6AY.js";import"./chunk-4WIEE7L2.js";export{canary,templates};
