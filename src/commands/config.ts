import path from 'node:path';
import { DEFAULT_CONFIG_PATH } from '../config/load.js';
import type { Config } from '../config/schema/index.js';
import type { Context } from './types.js';

/**
 * The config for commands that can run without one (promote, status): null when neither
 * `config-inline` nor a file is given and the default file does not exist. A file named explicitly
 * must exist (loadConfig's ConfigError says so).
 */
export async function optionalConfig(ctx: Context): Promise<Config | null> {
  const file = ctx.inputs.string('config') ?? DEFAULT_CONFIG_PATH;
  if (
    ctx.inputs.string('config-inline') === undefined &&
    file === DEFAULT_CONFIG_PATH &&
    !(await ctx.fs.stat(path.resolve(ctx.cwd, file)))
  )
    return null;
  return (await ctx.loadConfig()).config;
}
