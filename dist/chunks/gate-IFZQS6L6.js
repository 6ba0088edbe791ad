import { createRequire as __roCreateRequire } from 'node:module';
const require = __roCreateRequire(import.meta.url);
import{check,gate}from"./chunk-M44PZE7J.js";import"./chunk-HSWTRIDR.js";import"./chunk-REXPHQIH.js";import"./chunk-5HXCQTSK.js";import"./chunk-7G7Q6ROA.js";import"./chunk-F5RHIPQS.js";import"./chunk-4WIEE7L2.js";export{check,gate};
