import { createRequire as __roCreateRequire } from 'node:module';
const require = __roCreateRequire(import.meta.url);
import {
  runAsAction
} from "../chunks/chunk-AT4KNJ4J.js";
import "../chunks/chunk-D3YMC72P.js";
import "../chunks/chunk-YDLQOOZ6.js";
import "../chunks/chunk-3SL2B42Q.js";
import "../chunks/chunk-IUOSQTKN.js";
import {
  rollback_default
} from "../chunks/chunk-4XOJBUBG.js";
import "../chunks/chunk-5LILKGYX.js";
import "../chunks/chunk-D7DAKFEO.js";
import "../chunks/chunk-5PVOUZCE.js";
import "../chunks/chunk-BOAZYKC7.js";
import "../chunks/chunk-RL5H6KKJ.js";
import "../chunks/chunk-5R5SS73W.js";
import "../chunks/chunk-6XPOX3CP.js";
import "../chunks/chunk-PG5ZNXPE.js";
import "../chunks/chunk-4Q675M22.js";
import "../chunks/chunk-IIQ5KUFB.js";
import "../chunks/chunk-JMMVXS76.js";
import "../chunks/chunk-3TUOJGC2.js";
import "../chunks/chunk-B2CHQSBP.js";
import "../chunks/chunk-2UNPAZD7.js";

// src/actions/auto-rollback.ts
await runAsAction(rollback_default);
