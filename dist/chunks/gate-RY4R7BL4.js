import { createRequire as __roCreateRequire } from 'node:module';
const require = __roCreateRequire(import.meta.url);
import{check,gate}from"./chunk-3ERHVRV7.js";import"./chunk-V2OVR6AY.js";import"./chunk-4WIEE7L2.js";export{check,gate};
