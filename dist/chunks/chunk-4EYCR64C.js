import { createRequire as __roCreateRequire } from 'node:module';
const require = __roCreateRequire(import.meta.url);
import{en_default}from"./chunk-3HOT2D27.js";import{config}from"./chunk-F5RHIPQS.js";config(en_default());
