import { createRequire as __roCreateRequire } from 'node:module';
const require = __roCreateRequire(import.meta.url);
import{SKIPPABLE_PRECONDITIONS,promote}from"./chunk-AYTC6PLY.js";import"./chunk-Y4NDPDEH.js";import"./chunk-REXPHQIH.js";import"./chunk-5HXCQTSK.js";import"./chunk-UTT7BLUM.js";import"./chunk-OM4D3GRS.js";import"./chunk-F5RHIPQS.js";import"./chunk-4WIEE7L2.js";export{SKIPPABLE_PRECONDITIONS,promote};
