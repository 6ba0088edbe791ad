import { createRequire as __roCreateRequire } from 'node:module';
const require = __roCreateRequire(import.meta.url);
import{canary,templates}from"./chunk-H3KSAQTN.js";import"./chunk-4TXPIPHK.js";import"./chunk-AWRU66GD.js";import"./chunk-OE43MLKA.js";import"./chunk-5XXJVAGJ.js";import"./chunk-4WIEE7L2.js";export{canary,templates};
