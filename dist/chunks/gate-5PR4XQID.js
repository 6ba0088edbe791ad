import { createRequire as __roCreateRequire } from 'node:module';
const require = __roCreateRequire(import.meta.url);
import {
  gate_default,
  inputs,
  outputs
} from "./chunk-KWZIO5MG.js";
import "./chunk-4GQS4TUJ.js";
import "./chunk-YDLQOOZ6.js";
import "./chunk-XXRWEAZR.js";
import "./chunk-NP4THNLA.js";
import "./chunk-LJKKFAWI.js";
import "./chunk-IIQ5KUFB.js";
import "./chunk-JMMVXS76.js";
import "./chunk-3TUOJGC2.js";
import "./chunk-2UNPAZD7.js";
export {
  gate_default as default,
  inputs,
  outputs
};
