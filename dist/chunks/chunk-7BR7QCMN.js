import { createRequire as __roCreateRequire } from 'node:module';
const require = __roCreateRequire(import.meta.url);
import {
  DEFAULT_CONFIG_PATH
} from "./chunk-HASQCN34.js";

// src/commands/config.ts
import path from "node:path";
async function optionalConfig(ctx) {
  const file = ctx.inputs.string("config") ?? DEFAULT_CONFIG_PATH;
  if (ctx.inputs.string("config-inline") === void 0 && file === DEFAULT_CONFIG_PATH && !await ctx.fs.stat(path.resolve(ctx.cwd, file)))
    return null;
  return (await ctx.loadConfig()).config;
}

export {
  optionalConfig
};
