import { createRequire as __roCreateRequire } from 'node:module';
const require = __roCreateRequire(import.meta.url);
import {
  inputs,
  outputs,
  promote_default,
  skipList
} from "./chunk-XA2ENEUA.js";
import "./chunk-4GQS4TUJ.js";
import "./chunk-BFMB43AU.js";
import "./chunk-XE5BKFHW.js";
import "./chunk-23YBNJP7.js";
import "./chunk-EIXLRKEO.js";
import "./chunk-NQINPQAQ.js";
import "./chunk-FFBNLGT7.js";
import "./chunk-GA6YVV6L.js";
import "./chunk-CEYLEXXP.js";
import "./chunk-3TUOJGC2.js";
import "./chunk-2UNPAZD7.js";
export {
  promote_default as default,
  inputs,
  outputs,
  skipList
};
