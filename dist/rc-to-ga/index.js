import { createRequire as __roCreateRequire } from 'node:module';
const require = __roCreateRequire(import.meta.url);
import {
  promote_default
} from "../chunks/chunk-MSKAIIL5.js";
import "../chunks/chunk-7BR7QCMN.js";
import "../chunks/chunk-4GQS4TUJ.js";
import {
  runAsAction
} from "../chunks/chunk-OFD43SAP.js";
import "../chunks/chunk-5SXETHGB.js";
import "../chunks/chunk-YDLQOOZ6.js";
import "../chunks/chunk-HASQCN34.js";
import "../chunks/chunk-TPKCOUBV.js";
import "../chunks/chunk-5BVIXY32.js";
import "../chunks/chunk-2ZA7HDHO.js";
import "../chunks/chunk-XXRWEAZR.js";
import "../chunks/chunk-NP4THNLA.js";
import "../chunks/chunk-6XPOX3CP.js";
import "../chunks/chunk-LJKKFAWI.js";
import "../chunks/chunk-4Q675M22.js";
import "../chunks/chunk-IIQ5KUFB.js";
import "../chunks/chunk-JMMVXS76.js";
import "../chunks/chunk-3TUOJGC2.js";
import "../chunks/chunk-B2CHQSBP.js";
import "../chunks/chunk-2UNPAZD7.js";

// src/actions/rc-to-ga.ts
await runAsAction(promote_default);
