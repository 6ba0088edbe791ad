import { createRequire as __roCreateRequire } from 'node:module';
const require = __roCreateRequire(import.meta.url);
import {
  canary_default,
  inputs,
  outputs
} from "./chunk-VRXJJMHK.js";
import "./chunk-6KG2XNIZ.js";
import "./chunk-NQINPQAQ.js";
import "./chunk-EJMB666R.js";
import "./chunk-6XOFQANJ.js";
import "./chunk-FFBNLGT7.js";
import "./chunk-GA6YVV6L.js";
import "./chunk-CEYLEXXP.js";
import "./chunk-3TUOJGC2.js";
import "./chunk-2UNPAZD7.js";
export {
  canary_default as default,
  inputs,
  outputs
};
