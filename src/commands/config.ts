import path from 'node:path';
import { DEFAULT_CONFIG_PATH, type ConfigFor } from '../config/parse.js';
import type { ConfigRead } from '../config/schema/sections.js';
import type { Context } from './types.js';

/**
 * The config for commands that can run without one (promote, status), with the sections the command
 * reads checked (the others left out): null when neither `config-inline` nor a file is given and the
 * default file does not exist. A file named explicitly must exist (loadConfig's ConfigError says so).
 */
export async function optionalConfig<S extends ConfigRead>(
  ctx: Context,
  sections: readonly S[],
): Promise<ConfigFor<S> | null> {
  const file = ctx.inputs.string('config') ?? DEFAULT_CONFIG_PATH;
  if (
    ctx.inputs.string('config-inline') === undefined &&
    file === DEFAULT_CONFIG_PATH &&
    !(await ctx.fs.stat(path.resolve(ctx.cwd, file)))
  )
    return null;
  return (await ctx.loadConfig(sections)).config;
}
