import { parseConfigText, type LoadedConfig } from './parse.js';
import { configSchema } from './schema/index.js';

export { DEFAULT_CONFIG_PATH, type ConfigFor, type LoadedConfig, type SourceMap } from './parse.js';

/**
 * Parses and validates config text, every section. Every problem is reported at once, each as
 * `file:line:column key.path: what was expected, what was found`. Throws ConfigError.
 * (A run loads its config through its Context, which checks the sections its command reads.)
 */
export function parseConfig(text: string, file: string): LoadedConfig {
  return parseConfigText(configSchema, text, file);
}
