import { createRequire as __roCreateRequire } from 'node:module';
const require = __roCreateRequire(import.meta.url);
import {
  promote_default
} from "../chunks/chunk-XA2ENEUA.js";
import "../chunks/chunk-4GQS4TUJ.js";
import {
  runAsAction
} from "../chunks/chunk-KKQ3LINZ.js";
import "../chunks/chunk-5TJAXE7D.js";
import "../chunks/chunk-WJZ42WOR.js";
import "../chunks/chunk-BFMB43AU.js";
import "../chunks/chunk-XE5BKFHW.js";
import "../chunks/chunk-23YBNJP7.js";
import "../chunks/chunk-EIXLRKEO.js";
import "../chunks/chunk-NQINPQAQ.js";
import "../chunks/chunk-EJMB666R.js";
import "../chunks/chunk-6XOFQANJ.js";
import "../chunks/chunk-FFBNLGT7.js";
import "../chunks/chunk-GA6YVV6L.js";
import "../chunks/chunk-CEYLEXXP.js";
import "../chunks/chunk-3TUOJGC2.js";
import "../chunks/chunk-B2CHQSBP.js";
import "../chunks/chunk-2UNPAZD7.js";

// src/actions/rc-to-ga.ts
await runAsAction(promote_default);
