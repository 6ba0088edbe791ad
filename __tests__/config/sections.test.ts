import { describe, expect, it } from '@jest/globals';
import { createContext } from '../../src/commands/context.js';
import { COMMON_INPUTS } from '../../src/commands/inputs.js';
import { parseConfig } from '../../src/config/load.js';
import { ConfigError } from '../../src/errors.js';
import { silentLogger } from '../../src/ports/index.js';

/**
 * A command that names the sections it reads (ctx.loadConfig(['gate'])) gets them checked exactly as
 * the whole-file check would, and only them: the other runbooks' sections are neither checked nor
 * returned. Everything outside the sections (unknown top-level keys, secret_vars, public_vars) is
 * checked either way.
 */
const FILE = 'input config-inline';
const TEXT = `version: 1
secret_vars: [API_TOKEN]
gate:
  checks:
    - { name: health, type: http, url: "http://127.0.0.1:9/health", retries: 99 }
canary:
  deploy: [./deploy.sh]
  stepz: []
rollback:
  run: [./rollback.sh]
`;

function loader(text: string) {
  const ctx = createContext({
    host: 'cli',
    specs: COMMON_INPUTS,
    get: (name) => (name === 'config-inline' ? text : undefined),
    logger: silentLogger,
    env: {},
    cwd: process.cwd(),
    signal: new AbortController().signal,
  });
  return ctx.loadConfig.bind(ctx);
}

async function problems(load: Promise<unknown>): Promise<string[]> {
  const err = await load.then(
    () => null,
    (e: unknown) => e,
  );
  expect(err).toBeInstanceOf(ConfigError);
  return (err as ConfigError).message.split('\n');
}

describe('loading the config for some sections', () => {
  it('reports the problems of the sections asked for, in the words and at the lines of the whole-file check', async () => {
    let whole: string[] = [];
    try {
      parseConfig(TEXT, FILE);
    } catch (err) {
      whole = (err as ConfigError).message.split('\n');
    }
    expect(whole).toHaveLength(3); // retries (gate), stepz and the missing steps (canary)
    const gateOnly = await problems(loader(TEXT)(['gate']));
    expect(gateOnly).toEqual(whole.filter((p) => p.includes(' gate.')));
    expect(gateOnly).toHaveLength(1);
    const canaryOnly = await problems(loader(TEXT)(['canary']));
    expect(canaryOnly).toEqual(whole.filter((p) => p.includes(' canary.') || p.includes(' canary:')));
    expect(canaryOnly).toHaveLength(2);
    expect(await problems(loader(TEXT)())).toEqual(whole);
  });

  it('returns the sections asked for, checked and with defaults, and leaves the others out', async () => {
    const text = TEXT.replace(', retries: 99', '').replace('  stepz: []\n', '  steps: [{ weight: 100 }]\n');
    const loaded = await loader(text)(['gate', 'rollback']);
    expect(Object.keys(loaded.config).sort()).toEqual(['gate', 'rollback', 'secret_vars', 'version']);
    expect(loaded.config.gate).toEqual(parseConfig(text, FILE).config.gate);
    expect(loaded.config.rollback).toEqual(parseConfig(text, FILE).config.rollback);
    expect(loaded.source.lineOf(['gate', 'checks', 0])).toBe(5);
  });

  it('leaves out the named metrics when no section that uses them is checked', async () => {
    const text = `metrics:\n  web: { provider: http, url: "http://svc/health" }\n${TEXT.replace(', retries: 99', '')}`;
    expect(Object.keys((await loader(text)(['gate'])).config)).not.toContain('metrics');
    expect(Object.keys((await loader(text)(['rollback'])).config)).toContain('metrics');
  });

  it('checks what lies outside the sections all the same', async () => {
    const text = `${TEXT.replace(', retries: 99', '')}public_vars: [API_TOKEN]\nrolback: {}\n`;
    const found = await problems(loader(text)(['gate']));
    expect(found).toEqual([
      `${FILE}:11:15 public_vars[0]: API_TOKEN is listed in secret_vars too: a variable is either secret or public`,
      `${FILE}:12:1 rolback: unknown key "rolback" (a misspelt key would silently disable a setting)`,
    ]);
  });
});
