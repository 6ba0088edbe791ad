import path from 'node:path';
import { systemClock } from '../adapters/clock.js';
import { fileSystem } from '../adapters/fs.js';
import { httpClient } from '../adapters/http.js';
import { DEFAULT_CONFIG_PATH, parseConfigText, type LoadedConfig } from '../config/parse.js';
import {
  CONFIG_SECTIONS,
  configSchemaFor,
  uncheckedKeys,
  type ConfigRead,
} from '../config/schema/sections.js';
import type { Config } from '../config/schema/index.js';
import { ConfigError } from '../errors.js';
import { Redactor } from '../evidence/redact.js';
import type { GitHubPort, Logger, ProcessRunner } from '../ports/index.js';
import { Inputs, type InputSpecs } from './inputs.js';
import type { Context, RunInfo } from './types.js';

export interface HostOptions {
  host: 'action' | 'cli';
  specs: InputSpecs;
  get: (name: string) => string | undefined;
  logger: Logger;
  env: Record<string, string | undefined>;
  cwd: string;
  signal: AbortSignal;
  /** The action host forwards secrets to core.setSecret so the runner masks them in logs. */
  onSecret?: (secret: string) => void;
  /** Token for GitHub; the action reads input github-token, the CLI GITHUB_TOKEN. */
  token?: string;
}

/**
 * Programs are run through node:child_process, loaded by the first run rather than at start-up: a dry
 * run starts none (bench startup).
 */
const processRunner: ProcessRunner = {
  run: async (spec) => (await import('../adapters/process.js')).processRunner.run(spec),
};

export function createContext(o: HostOptions): Context {
  const redactor = new Redactor(o.onSecret);
  redactor.add(o.token);
  const inputs = new Inputs(o.specs, o.get);
  let github: Promise<GitHubPort | null> | undefined;
  const env = o.env;
  const run: RunInfo = {
    sha: env.GITHUB_SHA,
    ref: env.GITHUB_REF,
    repository: env.GITHUB_REPOSITORY,
    serverUrl: env.GITHUB_SERVER_URL || 'https://github.com',
    runUrl:
      env.GITHUB_REPOSITORY && env.GITHUB_RUN_ID
        ? `${env.GITHUB_SERVER_URL || 'https://github.com'}/${env.GITHUB_REPOSITORY}/actions/runs/${env.GITHUB_RUN_ID}`
        : undefined,
    runId: env.GITHUB_RUN_ID,
    workflow: env.GITHUB_WORKFLOW,
    actor: env.GITHUB_ACTOR,
    eventName: env.GITHUB_EVENT_NAME,
  };
  return {
    inputs,
    env,
    cwd: o.cwd,
    logger: {
      info: (m) => o.logger.info(redactor.redact(m)),
      warn: (m) => o.logger.warn(redactor.redact(m)),
      error: (m) => o.logger.error(redactor.redact(m)),
      debug: (m) => o.logger.debug(redactor.redact(m)),
    },
    redactor,
    clock: systemClock,
    fs: fileSystem,
    http: httpClient,
    process: processRunner,
    signal: o.signal,
    host: o.host,
    run,
    loadConfig: configLoader(inputs, o.cwd, redactor),
    github: () => {
      github ??= (async () => {
        if (!o.token) return null;
        if (!env.GITHUB_REPOSITORY || !/^[^/\s]+\/[^/\s]+$/.test(env.GITHUB_REPOSITORY)) {
          throw new ConfigError({
            file: 'environment GITHUB_REPOSITORY',
            message: `expected owner/name, found "${env.GITHUB_REPOSITORY ?? ''}" (the runner sets it; in a terminal export it)`,
          });
        }
        const [owner, repo] = env.GITHUB_REPOSITORY.split('/') as [string, string];
        const { createGitHubPort } = await import('../github/create.js');
        return createGitHubPort({
          token: o.token,
          owner,
          repo,
          baseUrl: env.GITHUB_API_URL || 'https://api.github.com',
          logger: o.logger,
          onSecret: (s) => redactor.add(s),
          signal: o.signal,
        });
      })();
      return github;
    },
  };
}

/**
 * Context.loadConfig: the config the inputs name, checked for the sections asked for, its secret and
 * public variables declared to the redactor. A command that asks twice for the same sections
 * (promote: its settings, then the RC's custody) gets the config read and checked once.
 */
function configLoader(inputs: Inputs, cwd: string, redactor: Redactor): Context['loadConfig'] {
  const configs = new Map<string, Promise<LoadedConfig<ConfigRead>>>();
  return <S extends ConfigRead>(sections?: readonly S[]) => {
    const wanted = sections ?? (CONFIG_SECTIONS as readonly ConfigRead[] as readonly S[]);
    const key = [...new Set(wanted)].sort().join(' ');
    let loaded = configs.get(key);
    if (!loaded) {
      loaded = loadConfigFromInputs<S>(inputs, cwd, wanted).then((l) => {
        const vars = l.config as Pick<Config, 'secret_vars' | 'public_vars'>;
        redactor.declareSecretVars(vars.secret_vars ?? []);
        redactor.declarePublicVars(vars.public_vars ?? []);
        return l;
      });
      configs.set(key, loaded);
    }
    return loaded as Promise<LoadedConfig<S>>;
  };
}

/** The config the inputs name, with `sections` checked (the others left out). */
async function loadConfigFromInputs<S extends ConfigRead>(
  inputs: Inputs,
  cwd: string,
  sections: readonly S[],
): Promise<LoadedConfig<S>> {
  const schema = await configSchemaFor(sections);
  const unchecked = uncheckedKeys(sections);
  const parse = (text: string, file: string) => parseConfigText<S>(schema, text, file, unchecked);
  const inline = inputs.string('config-inline');
  if (inline !== undefined) return parse(inline, 'input config-inline');
  const file = inputs.string('config') ?? DEFAULT_CONFIG_PATH;
  const abs = path.resolve(cwd, file);
  let text: string;
  try {
    text = (await fileSystem.readFile(abs)).toString('utf8');
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    throw new ConfigError({
      file,
      message:
        code === 'ENOENT'
          ? `config file not found (working directory ${cwd}); create it, or set input config / config-inline`
          : `cannot read the config file (${code ?? (err as Error).message})`,
    });
  }
  return parse(text, file);
}

/** Aborts the returned signal on SIGTERM/SIGINT, so a cancelled job records and cleans up. */
export function cancellationSignal(): AbortSignal {
  const ctl = new AbortController();
  const onSignal = (sig: NodeJS.Signals) => {
    if (ctl.signal.aborted) process.exit(sig === 'SIGINT' ? 130 : 143);
    ctl.abort(new Error(`received ${sig}`));
  };
  process.once('SIGTERM', () => onSignal('SIGTERM'));
  process.once('SIGINT', () => onSignal('SIGINT'));
  return ctl.signal;
}
