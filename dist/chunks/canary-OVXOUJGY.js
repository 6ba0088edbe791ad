import { createRequire as __roCreateRequire } from 'node:module';
const require = __roCreateRequire(import.meta.url);
import{canary,templates}from"./chunk-5T7KUHV6.js";import"./chunk-U5E46SO4.js";import"./chunk-6LRS6JE5.js";import"./chunk-OE43MLKA.js";import"./chunk-ATQG6YTY.js";import"./chunk-TUXMJ3KW.js";import"./chunk-4WIEE7L2.js";export{canary,templates};
