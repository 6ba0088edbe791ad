import { createRequire as __roCreateRequire } from 'node:module';
const require = __roCreateRequire(import.meta.url);
import{SKIPPABLE_PRECONDITIONS,promote}from"./chunk-DAAGQGD6.js";import"./chunk-SN3BTSSB.js";import"./chunk-4CSGSXBH.js";import"./chunk-YKIHPXYT.js";import"./chunk-TUXMJ3KW.js";import"./chunk-4WIEE7L2.js";export{SKIPPABLE_PRECONDITIONS,promote};
