import { createRequire as __roCreateRequire } from 'node:module';
const require = __roCreateRequire(import.meta.url);
import {
  reportError,
  runAsAction
} from "../chunks/chunk-KKQ3LINZ.js";
import {
  COMMANDS
} from "../chunks/chunk-DIB56GQ5.js";
import "../chunks/chunk-5TJAXE7D.js";
import "../chunks/chunk-WJZ42WOR.js";
import "../chunks/chunk-BFMB43AU.js";
import "../chunks/chunk-XE5BKFHW.js";
import "../chunks/chunk-EJMB666R.js";
import "../chunks/chunk-6XOFQANJ.js";
import "../chunks/chunk-FFBNLGT7.js";
import "../chunks/chunk-GA6YVV6L.js";
import "../chunks/chunk-CEYLEXXP.js";
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
