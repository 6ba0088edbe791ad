import { createRequire as __roCreateRequire } from 'node:module';
const require = __roCreateRequire(import.meta.url);
import {
  runAsAction
} from "../chunks/chunk-KOFKPODH.js";
import "../chunks/chunk-CY6GLD7K.js";
import "../chunks/chunk-WJZ42WOR.js";
import "../chunks/chunk-3SL2B42Q.js";
import "../chunks/chunk-IUOSQTKN.js";
import {
  rollback_default
} from "../chunks/chunk-PAABWAIR.js";
import "../chunks/chunk-CPBFZNO5.js";
import "../chunks/chunk-B5TXLFGS.js";
import "../chunks/chunk-23YBNJP7.js";
import "../chunks/chunk-EIXLRKEO.js";
import "../chunks/chunk-X2ZVALIG.js";
import "../chunks/chunk-EJMB666R.js";
import "../chunks/chunk-NWFWNKBG.js";
import "../chunks/chunk-4Q675M22.js";
import "../chunks/chunk-IIQ5KUFB.js";
import "../chunks/chunk-JMMVXS76.js";
import "../chunks/chunk-3TUOJGC2.js";
import "../chunks/chunk-B2CHQSBP.js";
import "../chunks/chunk-2UNPAZD7.js";

// src/actions/auto-rollback.ts
await runAsAction(rollback_default);
