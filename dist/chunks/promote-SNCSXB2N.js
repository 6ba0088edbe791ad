import { createRequire as __roCreateRequire } from 'node:module';
const require = __roCreateRequire(import.meta.url);
import {
  inputs,
  outputs,
  promote_default,
  skipList
} from "./chunk-6SXY23PC.js";
import "./chunk-4GQS4TUJ.js";
import "./chunk-3SL2B42Q.js";
import "./chunk-IUOSQTKN.js";
import "./chunk-5PVOUZCE.js";
import "./chunk-BOAZYKC7.js";
import "./chunk-RL5H6KKJ.js";
import "./chunk-5R5SS73W.js";
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
