import { createRequire as __roCreateRequire } from 'node:module';
const require = __roCreateRequire(import.meta.url);
import{check,gate}from"./chunk-2FHFL4JG.js";import"./chunk-AIEOJ533.js";import"./chunk-5HXCQTSK.js";import"./chunk-ESZFJCBC.js";import"./chunk-T2HHLFEC.js";import"./chunk-4WIEE7L2.js";export{check,gate};
