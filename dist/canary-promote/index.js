import { createRequire as __roCreateRequire } from 'node:module';
const require = __roCreateRequire(import.meta.url);
import {
  canary_default
} from "../chunks/chunk-S4UL23GF.js";
import {
  runAsAction
} from "../chunks/chunk-YZMJ2PMG.js";
import "../chunks/chunk-MMJEHHLT.js";
import "../chunks/chunk-WJZ42WOR.js";
import "../chunks/chunk-3SL2B42Q.js";
import "../chunks/chunk-IUOSQTKN.js";
import "../chunks/chunk-B5TXLFGS.js";
import "../chunks/chunk-5PVOUZCE.js";
import "../chunks/chunk-BOAZYKC7.js";
import "../chunks/chunk-RL5H6KKJ.js";
import "../chunks/chunk-5R5SS73W.js";
import "../chunks/chunk-EJMB666R.js";
import "../chunks/chunk-NWFWNKBG.js";
import "../chunks/chunk-4Q675M22.js";
import "../chunks/chunk-IIQ5KUFB.js";
import "../chunks/chunk-JMMVXS76.js";
import "../chunks/chunk-3TUOJGC2.js";
import "../chunks/chunk-B2CHQSBP.js";
import "../chunks/chunk-2UNPAZD7.js";

// src/actions/canary-promote.ts
await runAsAction(canary_default);
