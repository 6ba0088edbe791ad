import { createRequire as __roCreateRequire } from 'node:module';
const require = __roCreateRequire(import.meta.url);
import {
  gate_default,
  inputs,
  outputs
} from "./chunk-JLNJMYGO.js";
import "./chunk-4GQS4TUJ.js";
import "./chunk-WJZ42WOR.js";
import "./chunk-NQINPQAQ.js";
import "./chunk-6XOFQANJ.js";
import "./chunk-GA6YVV6L.js";
import "./chunk-CEYLEXXP.js";
import "./chunk-3TUOJGC2.js";
import "./chunk-2UNPAZD7.js";
export {
  gate_default as default,
  inputs,
  outputs
};
