/** Shared pieces of the canary tests: config text, settings, a recording GitHub port, real adapters. */
import path from 'node:path';
import { systemClock } from '../../src/adapters/clock.js';
import { httpClient } from '../../src/adapters/http.js';
import { processRunner } from '../../src/adapters/process.js';
import { parseConfig } from '../../src/config/load.js';
import { Redactor } from '../../src/evidence/redact.js';
import type {
  Deployment,
  DeploymentInput,
  DeploymentStatusInput,
  GitHubPort,
  Logger,
  Release,
} from '../../src/ports/index.js';
import type { RolloutDeps } from '../../src/rollout/canary.js';
import { resolveCanary, type CanarySettings, type OnFailure } from '../../src/rollout/settings.js';
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
  } = {},
): CanarySettings {
  const { config, source } = parseConfig(yaml, 'release-ops.yml');
  return resolveCanary(config.canary!, {
    tag: o.tag ?? 'v1.1.0',
    sha: o.sha ?? '',
    previousTag: o.previousTag ?? 'v1.0.0',
    onFailure: o.onFailure,
    webhookUrl: o.webhookUrl,
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

/** A GitHubPort that records deployments and their statuses (the emulator tests check the real thing). */
export function recordingGitHub(opts: { failCreate?: boolean; latest?: string } = {}) {
  const deployments: (Deployment & { statuses: DeploymentStatusInput[]; input: DeploymentInput })[] = [];
  const port: Partial<GitHubPort> = {
    repo: { owner: 'acme', repo: 'shop' },
    async createDeployment(input) {
      if (opts.failCreate) throw new Error('403 Resource not accessible by integration');
      const d = {
        id: deployments.length + 1,
        ref: input.ref,
        sha: 'abc',
        environment: input.environment,
        description: input.description ?? null,
        createdAt: '',
        payload: input.payload ?? {},
        creator: null,
      };
      deployments.push({ ...d, statuses: [], input });
      return d;
    },
    async createDeploymentStatus(id, input) {
      deployments.find((d) => d.id === id)!.statuses.push(input);
    },
    async getLatestRelease() {
      return opts.latest ? ({ tagName: opts.latest } as Release) : null;
    },
  };
  const github = new Proxy(port, {
    get: (t, k) =>
      k in t
        ? t[k as keyof GitHubPort]
        : () => Promise.reject(new Error(`unexpected GitHub call ${String(k)}`)),
  }) as GitHubPort;
  return { github, deployments };
}
