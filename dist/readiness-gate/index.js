import { createRequire as __roCreateRequire } from 'node:module';
const require = __roCreateRequire(import.meta.url);
import {
  gate_default
} from "../chunks/chunk-SVJSJ3UX.js";
import "../chunks/chunk-4GQS4TUJ.js";
import {
  runAsAction
} from "../chunks/chunk-AT4KNJ4J.js";
import "../chunks/chunk-D3YMC72P.js";
import "../chunks/chunk-YDLQOOZ6.js";
import "../chunks/chunk-3SL2B42Q.js";
import "../chunks/chunk-IUOSQTKN.js";
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

// src/actions/readiness-gate.ts
await runAsAction(gate_default);
