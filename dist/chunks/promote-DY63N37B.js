import { createRequire as __roCreateRequire } from 'node:module';
const require = __roCreateRequire(import.meta.url);
import{SKIPPABLE_PRECONDITIONS,promote}from"./chunk-DDXZE2EU.js";import"./chunk-7ZIVAVJ7.js";import"./chunk-J3AGNHL5.js";import"./chunk-4WIEE7L2.js";export{SKIPPABLE_PRECONDITIONS,promote};
