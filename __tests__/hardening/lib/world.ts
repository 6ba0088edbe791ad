/**
 * The worlds the hardening cases run in: the GitHub emulator seeded for one action, the sample
 * service, a workspace with the config file, and the command run in-process through a real Context
 * (createContext) — or the bundle, through runBundle — exactly as the hosts run it. Every world is
 * fresh, so a fault injected in one case never leaks into another.
 */
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createContext } from '../../../src/commands/context.js';
import type { Command, Context, Outcome } from '../../../src/commands/types.js';
import { createGitHubPort } from '../../../src/github/create.js';
import type { CallInfo } from '../../../src/github/errors.js';
import type { GitHubPort, Logger } from '../../../src/ports/index.js';
import { startEmulator, type Emulator } from '../../../support/github-emulator/index.js';
import { startSampleService, type SampleService } from '../../../support/sample-service/index.js';
import { ROOT } from '../../helpers/run-bundle.js';

export { ROOT };
export const TOKEN = 'ghs_hardeningTok3n0123456789abcdefABCDEF';
export const DEPLOY = path.join(ROOT, 'support/sample-service/deploy.mjs');
export const NODE = process.execPath;
/** Milliseconds per second of waiting GitHub asks for, in every world (GitHub's is 1000). */
export const WAIT_BASE_MS = 5;

export type CommandName = 'gate' | 'canary' | 'promote' | 'rollback' | 'hotfix';
export type ActionName = 'readiness-gate' | 'canary-promote' | 'rc-to-ga' | 'auto-rollback';
export const ACTION_OF: Record<Exclude<CommandName, 'hotfix'>, ActionName> = {
  gate: 'readiness-gate',
  canary: 'canary-promote',
  promote: 'rc-to-ga',
  rollback: 'auto-rollback',
};

const q = (s: string) => JSON.stringify(s);
export const flow = (argv: string[]) => `[${argv.map(q).join(', ')}]`;

export async function loadCommand(name: CommandName): Promise<Command> {
  switch (name) {
    case 'gate':
      return (await import('../../../src/commands/gate.js')).default;
    case 'canary':
      return (await import('../../../src/commands/canary.js')).default;
    case 'promote':
      return (await import('../../../src/commands/promote.js')).default;
    case 'rollback':
      return (await import('../../../src/commands/rollback.js')).default;
    case 'hotfix':
      return (await import('../../../src/commands/hotfix.js')).default;
  }
}

export class RecordingLogger implements Logger {
  lines: string[] = [];
  /** Told of each line as it is logged (what a case synchronises on: "pausing", "waiting 60s"). */
  constructor(private readonly onLine?: (line: string) => void) {}
  private add(line: string): void {
    this.lines.push(line);
    this.onLine?.(line);
  }
  info = (m: string) => this.add(`info: ${m}`);
  warn = (m: string) => this.add(`warn: ${m}`);
  error = (m: string) => this.add(`error: ${m}`);
  debug = (m: string) => this.add(`debug: ${m}`);
}

export interface InProcessRun {
  outcome?: Outcome;
  error?: unknown;
  /** Every line the command logged (through the Context's redacting logger). */
  log: string[];
  ctx: Context;
  durationMs: number;
}

/**
 * Runs a command in-process through a real Context, as the action host does (host 'action', the
 * action's inputs), with the GitHub port replaced by `gh` when given (to scale GitHub's waits).
 */
export async function runInProcess(
  name: CommandName,
  o: {
    inputs: Record<string, string>;
    env?: Record<string, string | undefined>;
    cwd: string;
    signal?: AbortSignal;
    gh?: GitHubPort | null;
    token?: string;
    /** Each line the command logs, as it is logged. */
    onLog?: (line: string) => void;
  },
): Promise<InProcessRun> {
  const command = await loadCommand(name);
  const logger = new RecordingLogger(o.onLog);
  const specs = Object.fromEntries(Object.entries(command.inputs).filter(([, s]) => !s.cliOnly));
  const ctx0 = createContext({
    host: 'action',
    specs,
    get: (n) => o.inputs[n],
    logger,
    env: { PATH: process.env.PATH, ...o.env },
    cwd: o.cwd,
    signal: o.signal ?? new AbortController().signal,
    token: o.token,
  });
  const ctx: Context = o.gh !== undefined ? { ...ctx0, github: async () => o.gh ?? null } : ctx0;
  const started = performance.now();
  try {
    const outcome = await command.run(ctx);
    return { outcome, log: logger.lines, ctx, durationMs: performance.now() - started };
  } catch (error) {
    return { error, log: logger.lines, ctx, durationMs: performance.now() - started };
  }
}

/** A GitHub port on the emulator (or a proxy in front of it) with GitHub's waits scaled down. */
export function port(
  baseUrl: string,
  o: {
    retries?: number;
    logger?: Logger;
    signal?: AbortSignal;
    waitBaseMs?: number;
    onCall?: (call: CallInfo) => void;
  } = {},
): Promise<GitHubPort> {
  return createGitHubPort({
    token: TOKEN,
    owner: 'acme',
    repo: 'shop',
    baseUrl,
    logger: o.logger ?? new RecordingLogger(),
    retries: o.retries ?? 3,
    retryAfterBaseMs: o.waitBaseMs ?? WAIT_BASE_MS,
    ...(o.signal ? { signal: o.signal } : {}),
    ...(o.onCall ? { onCall: o.onCall } : {}),
  });
}

/** The GitHub environment a runner gives a job, pointed at the emulator. */
export function runnerEnv(emu: Emulator, extra: Record<string, string> = {}): Record<string, string> {
  return {
    GITHUB_REPOSITORY: 'acme/shop',
    GITHUB_API_URL: emu.url,
    GITHUB_SERVER_URL: 'https://github.example',
    GITHUB_RUN_ID: '4242',
    GITHUB_ACTOR: 'octocat',
    GITHUB_EVENT_NAME: 'workflow_dispatch',
    RELEASE_OPS_GITHUB_WAIT_BASE_MS: String(WAIT_BASE_MS),
    ...extra,
  };
}

const openDirs: string[] = [];
export function workspace(prefix = 'ro-hard-'): string {
  const dir = mkdtempSync(path.join(os.tmpdir(), prefix));
  mkdirSync(path.join(dir, '.github'), { recursive: true });
  openDirs.push(dir);
  return dir;
}
export function removeWorkspaces(): void {
  for (const d of openDirs.splice(0)) rmSync(d, { recursive: true, force: true });
}

export interface World {
  emu: Emulator;
  svc: SampleService;
  dir: string;
  /** Seeded facts: commit shas and tags by name. */
  facts: Record<string, string>;
  writeConfig(text: string): void;
  close(): Promise<void>;
}

/** Seeds the emulator for `action`. */
export async function openWorld(action: ActionName, o: { immutableReleases?: boolean } = {}): Promise<World> {
  const emu = await startEmulator({ owner: 'acme', repo: 'shop', immutableReleases: o.immutableReleases });
  const svc = await startSampleService({ version: action === 'auto-rollback' ? 'v1.1.0' : 'v1.0.0' });
  const dir = workspace();
  const facts: Record<string, string> = {};
  switch (action) {
    case 'readiness-gate': {
      const sha = emu.seed.commit('feat: checkout');
      emu.seed.checkRun(sha, { name: 'build', status: 'completed', conclusion: 'success' });
      emu.seed.status(sha, { context: 'ci/e2e', state: 'success' });
      facts.sha = sha;
      break;
    }
    case 'canary-promote': {
      const old = emu.seed.commit('v1.0.0');
      emu.seed.release({ tag: 'v1.0.0', sha: old });
      facts.sha = emu.seed.commit('feat: checkout');
      emu.seed.tag('v1.1.0', facts.sha);
      break;
    }
    case 'rc-to-ga': {
      const base = emu.seed.commit('feat: catalogue');
      emu.seed.release({ tag: 'v0.9.0', sha: base, publishedAt: '2025-12-01T00:00:00Z' });
      const rc = emu.seed.commit('fix: tenant filter');
      emu.seed.release({
        tag: 'v1.0.0-rc1',
        sha: rc,
        prerelease: true,
        body: '## RC1\n- tenant filter fixed',
        publishedAt: new Date(Date.now() - 30 * 3_600_000),
        assets: [
          { name: 'shop.tar.gz', data: Buffer.alloc(64 * 1024, 7), contentType: 'application/gzip' },
          { name: 'checksums.txt', data: Buffer.from('abc  shop.tar.gz\n'), contentType: 'text/plain' },
        ],
      });
      emu.seed.checkRun(rc, { name: 'build', status: 'completed', conclusion: 'success' });
      facts.sha = rc;
      break;
    }
    case 'auto-rollback': {
      const c1 = emu.seed.commit('feat: catalogue');
      emu.seed.release({ tag: 'v1.0.0', sha: c1, body: '1.0.0 notes', publishedAt: '2025-12-15T00:00:00Z' });
      const c2 = emu.seed.commit('feat: new checkout');
      emu.seed.release({ tag: 'v1.1.0', sha: c2, body: '1.1.0 notes', publishedAt: '2026-01-05T08:00:00Z' });
      // v1.1.0 is live in production
      const d = emu.state.deployments;
      const gh = await port(emu.url);
      const dep = await gh.createDeployment({
        ref: 'v1.1.0',
        environment: 'production',
        requiredContexts: [],
      });
      await gh.createDeploymentStatus(dep.id, { state: 'success' });
      facts.deployment = String(d[d.length - 1]!.id);
      facts.sha = c2;
      emu.resetRequests();
      break;
    }
  }
  return {
    emu,
    svc,
    dir,
    facts,
    writeConfig(text) {
      writeFileSync(path.join(dir, '.github/release-ops.yml'), text);
    },
    async close() {
      await svc.close();
      await emu.close();
    },
  };
}

/** Config text for each action, fast (intervals of tens of ms), against the world's sample service. */
export const configs = {
  gate(w: World, extra = ''): string {
    return [
      'gate:',
      '  checks:',
      `    - { name: health, type: http, url: "${w.svc.url}/health", samples: 3, request_timeout: 500ms }`,
      `    - { name: smoke, type: command, run: ${flow([NODE, '-e', '0'])}, timeout: 20s }`,
      '    - { name: ci, type: github-checks, wait: 0s }',
      extra,
      '',
    ].join('\n');
  },
  canary(
    w: World,
    o: {
      deploy?: string[];
      rollback?: string[];
      metrics?: string;
      extra?: string;
      timeout?: string;
      /** The steps, as YAML flow (default two steps, 50% and 100%, no pause). */
      steps?: string;
    } = {},
  ): string {
    const deploy = o.deploy ?? [
      NODE,
      DEPLOY,
      '--url',
      w.svc.url,
      '--version',
      '{tag}',
      '--weight',
      '{weight}',
    ];
    const rollback = o.rollback ?? [
      NODE,
      DEPLOY,
      '--url',
      w.svc.url,
      '--version',
      '{previous_tag}',
      '--reset',
    ];
    return [
      'canary:',
      `  deploy: ${flow(deploy)}`,
      `  rollback: ${flow(rollback)}`,
      `  steps: ${o.steps ?? '[{ weight: 50 }, { weight: 100 }]'}`,
      `  program_timeout: ${o.timeout ?? '20s'}`,
      ...(o.extra ? [o.extra] : []),
      '  analysis:',
      '    interval: 50ms',
      '    window: 100ms',
      '    metrics:',
      o.metrics ??
        `      - { name: health, provider: http, url: "${w.svc.url}/health", samples: 1, timeout: 1s, conditions: ["error_rate_pct == 0"], consecutive_failures: 1 }`,
      '',
    ].join('\n');
  },
  promote(): string {
    return 'promote:\n  min_soak: 1h\n';
  },
  rollback(
    w: World,
    o: { run?: string[] | null; verify?: string; timeout?: string; extra?: string } = {},
  ): string {
    const program =
      o.run === undefined
        ? [
            NODE,
            '-e',
            "fetch(process.argv[1], { method: 'POST', body: JSON.stringify({ reset: true, version: process.env.RELEASE_OPS_TO_TAG }) }).then((r) => process.exit(r.ok ? 0 : 1))",
            `${w.svc.url}/control`,
          ]
        : o.run;
    return [
      'rollback:',
      ...(program ? [`  run: ${flow(program)}`] : []),
      `  program_timeout: ${o.timeout ?? '20s'}`,
      '  verify:',
      o.verify ??
        [
          '    interval: 50ms',
          '    window: 100ms',
          '    metrics:',
          `      - { name: health, provider: http, url: "${w.svc.url}/health", samples: 1, timeout: 1s, conditions: ["error_rate_pct == 0"], consecutive_failures: 1 }`,
        ].join('\n'),
      '  incident: { labels: [incident], impact: "all tenants: checkout answers 500" }',
      ...(o.extra ? [o.extra] : []),
      '',
    ].join('\n');
  },
};

/** Whether a process is still running (a zombie waiting for its reaper runs nothing). */
export function alive(pid: number): boolean {
  try {
    return !/^\d+ \(.*\) [ZX]/.test(readFileSync(`/proc/${pid}/stat`, 'utf8'));
  } catch {
    return false;
  }
}
