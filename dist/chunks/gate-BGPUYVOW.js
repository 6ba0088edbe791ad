import { createRequire as __roCreateRequire } from 'node:module';
const require = __roCreateRequire(import.meta.url);
import {
  gate_default,
  inputs,
  outputs
} from "./chunk-QGAJUFRJ.js";
import "./chunk-4GQS4TUJ.js";
import "./chunk-WJZ42WOR.js";
import "./chunk-RL5H6KKJ.js";
import "./chunk-5R5SS73W.js";
import "./chunk-NWFWNKBG.js";
import "./chunk-IIQ5KUFB.js";
import "./chunk-JMMVXS76.js";
import "./chunk-3TUOJGC2.js";
import "./chunk-2UNPAZD7.js";
export {
  gate_default as default,
  inputs,
  outputs
};
