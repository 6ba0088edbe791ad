import { createRequire as __roCreateRequire } from 'node:module';
const require = __roCreateRequire(import.meta.url);
import{DEFAULT_CONFIG_PATH}from"./chunk-RS7A47WX.js";import path from"node:path";async function optionalConfig(ctx,sections){let file=ctx.inputs.string("config")??DEFAULT_CONFIG_PATH;return ctx.inputs.string("config-inline")===void 0&&file===DEFAULT_CONFIG_PATH&&!await ctx.fs.stat(path.resolve(ctx.cwd,file))?null:(await ctx.loadConfig(sections)).config}export{optionalConfig};
