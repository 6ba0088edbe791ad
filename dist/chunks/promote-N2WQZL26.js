import { createRequire as __roCreateRequire } from 'node:module';
const require = __roCreateRequire(import.meta.url);
import {
  inputs,
  outputs,
  promote_default,
  skipList
} from "./chunk-MSKAIIL5.js";
import "./chunk-7BR7QCMN.js";
import "./chunk-4GQS4TUJ.js";
import "./chunk-HASQCN34.js";
import "./chunk-TPKCOUBV.js";
import "./chunk-5BVIXY32.js";
import "./chunk-2ZA7HDHO.js";
import "./chunk-XXRWEAZR.js";
import "./chunk-NP4THNLA.js";
import "./chunk-4Q675M22.js";
import "./chunk-IIQ5KUFB.js";
import "./chunk-JMMVXS76.js";
import "./chunk-3TUOJGC2.js";
import "./chunk-2UNPAZD7.js";
export {
  promote_default as default,
  inputs,
  outputs,
  skipList
};
