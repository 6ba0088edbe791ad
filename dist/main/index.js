import { createRequire as __roCreateRequire } from 'node:module';
const require = __roCreateRequire(import.meta.url);
import {
  reportError,
  runAsAction
} from "../chunks/chunk-OFD43SAP.js";
import {
  COMMANDS
} from "../chunks/chunk-2BUD5QZ5.js";
import "../chunks/chunk-5SXETHGB.js";
import "../chunks/chunk-YDLQOOZ6.js";
import "../chunks/chunk-HASQCN34.js";
import "../chunks/chunk-TPKCOUBV.js";
import "../chunks/chunk-6XPOX3CP.js";
import "../chunks/chunk-LJKKFAWI.js";
import "../chunks/chunk-4Q675M22.js";
import "../chunks/chunk-IIQ5KUFB.js";
import "../chunks/chunk-JMMVXS76.js";
import {
  ConfigError
} from "../chunks/chunk-3TUOJGC2.js";
import {
  getInput
} from "../chunks/chunk-B2CHQSBP.js";
import "../chunks/chunk-2UNPAZD7.js";

// src/actions/main.ts
var name = getInput("command").trim();
var entry = COMMANDS[name];
if (entry) {
  await runAsAction(await entry.load());
} else {
  reportError(
    new ConfigError({
      file: "input command",
      message: `expected one of ${Object.keys(COMMANDS).join(", ")}, found "${name}"`
    })
  );
}
