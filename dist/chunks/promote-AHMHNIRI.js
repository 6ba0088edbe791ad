import { createRequire as __roCreateRequire } from 'node:module';
const require = __roCreateRequire(import.meta.url);
import{SKIPPABLE_PRECONDITIONS,promote}from"./chunk-DPLTK5ZH.js";import"./chunk-V2OVR6AY.js";import"./chunk-4WIEE7L2.js";export{SKIPPABLE_PRECONDITIONS,promote};
