import { createRequire as __roCreateRequire } from 'node:module';
const require = __roCreateRequire(import.meta.url);
import{SKIPPABLE_PRECONDITIONS,promote}from"./chunk-LS446WGF.js";import"./chunk-AIEOJ533.js";import"./chunk-5HXCQTSK.js";import"./chunk-ESZFJCBC.js";import"./chunk-T2HHLFEC.js";import"./chunk-4WIEE7L2.js";export{SKIPPABLE_PRECONDITIONS,promote};
