import { createRequire as __roCreateRequire } from 'node:module';
const require = __roCreateRequire(import.meta.url);
import {
  inputs,
  outputs,
  rollback_default
} from "./chunk-PAABWAIR.js";
import "./chunk-CPBFZNO5.js";
import "./chunk-B5TXLFGS.js";
import "./chunk-23YBNJP7.js";
import "./chunk-EIXLRKEO.js";
import "./chunk-X2ZVALIG.js";
import "./chunk-EJMB666R.js";
import "./chunk-NWFWNKBG.js";
import "./chunk-4Q675M22.js";
import "./chunk-IIQ5KUFB.js";
import "./chunk-JMMVXS76.js";
import "./chunk-3TUOJGC2.js";
import "./chunk-2UNPAZD7.js";
export {
  rollback_default as default,
  inputs,
  outputs
};
