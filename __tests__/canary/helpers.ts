/** Shared pieces of the canary tests: config text, settings, the GitHub emulator, real adapters. */
import path from 'node:path';
import { systemClock } from '../../src/adapters/clock.js';
import { httpClient } from '../../src/adapters/http.js';
import { processRunner } from '../../src/adapters/process.js';
import { parseConfig } from '../../src/config/load.js';
import { Redactor } from '../../src/evidence/redact.js';
import type { CanaryRun, RolloutDeps } from '../../src/canary/run.js';
import { resolveCanary, type CanarySettings, type OnFailure } from '../../src/canary/settings.js';
import { createGitHubPort } from '../../src/github/create.js';
import type { GitHubPort, Logger } from '../../src/ports/index.js';
import { startEmulator, type Emulator } from '../../support/github-emulator/index.js';
import { ROOT } from '../helpers/run-bundle.js';

export const DEPLOY = path.join(ROOT, 'support/sample-service/deploy.mjs');
const q = (s: string) => JSON.stringify(s);
export const flow = (argv: string[]) => `[${argv.map(q).join(', ')}]`;

export interface ConfigOptions {
  url: string;
  /** Extra deploy.mjs arguments, e.g. ['--inject-at', '25={"errorRatePct":100}']. */
  deployArgs?: string[];
  rollbackArgs?: string[];
  noRollback?: boolean;
  /** Replace the deploy program (e.g. ['true'] when only the flow matters, not what is deployed). */
  deployArgv?: string[];
  steps?: string;
  /** YAML lines of the analysis's metrics list (indented 6). */
  metrics: string;
  interval?: string;
  window?: string;
  extra?: string;
}

export function canaryYaml(o: ConfigOptions): string {
  const deploy = [
    process.execPath,
    DEPLOY,
    '--url',
    o.url,
    '--version',
    '{tag}',
    '--weight',
    '{weight}',
    ...(o.deployArgs ?? []),
  ];
  const rollback = [
    process.execPath,
    DEPLOY,
    '--url',
    o.url,
    '--version',
    '{previous_tag}',
    '--reset',
    ...(o.rollbackArgs ?? []),
  ];
  return [
    'canary:',
    `  deploy: ${flow(deploy)}`,
    ...(o.noRollback ? [] : [`  rollback: ${flow(rollback)}`]),
    `  steps: ${o.steps ?? '[{ weight: 10 }, { weight: 25 }, { weight: 100 }]'}`,
    '  program_timeout: 10s',
    ...(o.extra ? [o.extra] : []),
    '  analysis:',
    `    interval: ${o.interval ?? '100ms'}`,
    `    window: ${o.window ?? '300ms'}`,
    '    metrics:',
    o.metrics,
    '',
  ].join('\n');
}

export function settingsFrom(
  yaml: string,
  o: {
    tag?: string;
    /** The commit the tag resolved to (empty: unverified, as without a token). */
    sha?: string;
    previousTag?: string;
    onFailure?: OnFailure;
    webhookUrl?: string;
    cwd?: string;
    redactor?: Redactor;
    environment?: string;
  } & Pick<Parameters<typeof resolveCanary>[1], 'mode' | 'reason' | 'continued'> = {},
): CanarySettings {
  const { config, source } = parseConfig(yaml, 'release-ops.yml');
  return resolveCanary(config.canary!, {
    tag: o.tag ?? 'v1.1.0',
    sha: o.sha ?? '',
    previousTag: o.previousTag ?? 'v1.0.0',
    onFailure: o.onFailure,
    webhookUrl: o.webhookUrl,
    environment: o.environment,
    mode: o.mode,
    reason: o.reason,
    continued: o.continued,
    env: process.env,
    redactor: o.redactor ?? new Redactor(),
    source,
    cwd: o.cwd ?? ROOT,
    facts: { service: 'shop', repository: 'acme/shop', owner: 'ana' },
  });
}

export function quietLogger(lines: string[] = []): Logger {
  return {
    info: (m) => lines.push(m),
    warn: (m) => lines.push(`warn: ${m}`),
    error: (m) => lines.push(`error: ${m}`),
    debug() {},
  };
}

export function realDeps(over: Partial<RolloutDeps> = {}): RolloutDeps {
  return {
    clock: systemClock,
    http: httpClient,
    process: processRunner,
    logger: quietLogger(),
    redactor: new Redactor(),
    signal: new AbortController().signal,
    github: null,
    killGraceMs: 500,
    webhook: { backoffMs: 20 },
    ...over,
  };
}

/** The decisions a run recorded in its journal, in order. */
export const decisions = (run: Pick<CanaryRun, 'journal'>) =>
  run.journal.filter((e) => e.kind === 'decision').map((e) => e.name);

export interface GitHubWorld {
  emu: Emulator;
  github: GitHubPort;
  /** The commits of v1.0.0 (released) and v1.1.0 (tagged). */
  sha: { v100: string; v110: string };
  /** The newest deployment the emulator holds. */
  latest(): Emulator['state']['deployments'][number];
  close(): Promise<void>;
}

/**
 * The GitHub API emulator with v1.0.0 released and v1.1.0 tagged, and the real GitHub port (Octokit)
 * pointed at it: deployments and statuses are checked as GitHub records them.
 */
export async function startGitHub(token = 'ghs_canaryTests0123456789'): Promise<GitHubWorld> {
  const emu = await startEmulator({ owner: 'acme', repo: 'shop' });
  const v100 = emu.seed.commit('feat: login');
  emu.seed.tag('v1.0.0', v100);
  emu.seed.release({ tag: 'v1.0.0', sha: v100 });
  const v110 = emu.seed.commit('feat: checkout');
  emu.seed.tag('v1.1.0', v110);
  const github = await createGitHubPort({
    token,
    owner: 'acme',
    repo: 'shop',
    baseUrl: emu.url,
    logger: quietLogger(),
    retries: 1,
    retryAfterBaseMs: 1,
  });
  return {
    emu,
    github,
    sha: { v100, v110 },
    latest: () => emu.state.deployments[emu.state.deployments.length - 1]!,
    close: () => emu.close(),
  };
}
