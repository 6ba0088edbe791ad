import { createRequire as __roCreateRequire } from 'node:module';
const require = __roCreateRequire(import.meta.url);
import {
  inputs,
  outputs,
  rollback_default
} from "./chunk-Q6OC5S37.js";
import "./chunk-EGVO5SMO.js";
import "./chunk-Q6WFOFHC.js";
import "./chunk-5BVIXY32.js";
import "./chunk-2ZA7HDHO.js";
import "./chunk-XXRWEAZR.js";
import "./chunk-NP4THNLA.js";
import "./chunk-6XPOX3CP.js";
import "./chunk-LJKKFAWI.js";
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
