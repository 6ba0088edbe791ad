import { createRequire as __roCreateRequire } from 'node:module';
const require = __roCreateRequire(import.meta.url);
import {
  inputs,
  outputs,
  promote_default,
  skipList
} from "./chunk-KNX6NQVV.js";
import "./chunk-4GQS4TUJ.js";
import "./chunk-3SL2B42Q.js";
import "./chunk-IUOSQTKN.js";
import "./chunk-23YBNJP7.js";
import "./chunk-EIXLRKEO.js";
import "./chunk-X2ZVALIG.js";
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
