import { createRequire as __roCreateRequire } from 'node:module';
const require = __roCreateRequire(import.meta.url);
import {
  inputs,
  outputs,
  rollback_default
} from "./chunk-GYRWSQIG.js";
import "./chunk-CPBFZNO5.js";
import "./chunk-6KG2XNIZ.js";
import "./chunk-23YBNJP7.js";
import "./chunk-EIXLRKEO.js";
import "./chunk-NQINPQAQ.js";
import "./chunk-EJMB666R.js";
import "./chunk-6XOFQANJ.js";
import "./chunk-FFBNLGT7.js";
import "./chunk-GA6YVV6L.js";
import "./chunk-CEYLEXXP.js";
import "./chunk-3TUOJGC2.js";
import "./chunk-2UNPAZD7.js";
export {
  rollback_default as default,
  inputs,
  outputs
};
