/**
 * Shared pieces of the rollback tests: settings from YAML, the local ports (an HTTP client answering
 * from a function, a process runner that records), a recording logger, and readers of a run's journal.
 */
import { FakeClock } from '../../src/adapters/clock.js';
import { parseConfig } from '../../src/config/load.js';
import { Redactor } from '../../src/evidence/redact.js';
import type { GitHubPort, Logger, ProcessResult, ProcessRunner, ProcessSpec } from '../../src/ports/index.js';
import {
  defaultRollbackConfig,
  resolveRollback,
  type RollbackInputs,
  type RollbackSettings,
} from '../../src/rollback/settings.js';
import type { RollbackDeps, RollbackResult } from '../../src/rollback/types.js';
import { FakeHttp, type Answer } from '../analysis/fakes.js';

export const q = (s: string) => JSON.stringify(s);
export const flow = (argv: string[]) => `[${argv.map(q).join(', ')}]`;

export function settingsFrom(
  yaml: string,
  input: Partial<RollbackInputs> = {},
  o: { cwd?: string; runId?: string; eventName?: string; redactor?: Redactor } = {},
): RollbackSettings {
  const { config, source } = parseConfig(yaml, 'release-ops.yml');
  return resolveRollback(
    config.rollback ?? defaultRollbackConfig(),
    { hotfix: false, dryRun: false, ...input },
    {
      env: process.env,
      redactor: o.redactor ?? new Redactor(),
      source,
      cwd: o.cwd ?? process.cwd(),
      service: 'shop',
      run: {
        id: o.runId ?? '1001',
        url: 'https://github.example/acme/shop/actions/runs/1001',
        actor: 'octocat',
        eventName: o.eventName ?? 'workflow_dispatch',
      },
    },
  );
}

export class RecordingLogger implements Logger {
  lines: string[] = [];
  info = (m: string) => void this.lines.push(`info: ${m}`);
  warn = (m: string) => void this.lines.push(`warn: ${m}`);
  error = (m: string) => void this.lines.push(`error: ${m}`);
  debug = (_m: string) => undefined;
}

/** A ProcessRunner that records what it was asked and answers with `exitCode`. */
export class FakeRunner implements ProcessRunner {
  runs: ProcessSpec[] = [];
  constructor(private exitCode = 0) {}
  async run(spec: ProcessSpec): Promise<ProcessResult> {
    this.runs.push(spec);
    return {
      exitCode: this.exitCode,
      signal: null,
      timedOut: false,
      cancelled: false,
      durationMs: 5,
      tail: ['deployed'],
    };
  }
}

export function fakeDeps(
  gh: GitHubPort | null,
  o: {
    http?: (url: string) => Answer;
    runner?: ProcessRunner;
    clock?: FakeClock;
    logger?: RecordingLogger;
    signal?: AbortSignal;
  } = {},
): RollbackDeps & { logger: RecordingLogger; runner: ProcessRunner; httpFake: FakeHttp } {
  const logger = o.logger ?? new RecordingLogger();
  const runner = o.runner ?? new FakeRunner();
  const httpFake = new FakeHttp((req) => (o.http ? o.http(req.url) : { status: 200 }));
  return {
    gh,
    clock: o.clock ?? new FakeClock(),
    http: httpFake,
    httpFake,
    process: runner,
    runner,
    fs: {
      readFile: async () => Buffer.from(''),
      writeFile: async () => undefined,
      mkdirp: async () => undefined,
      stat: async () => null,
    },
    logger,
    redactor: new Redactor(),
    signal: o.signal ?? new AbortController().signal,
    env: {},
  };
}

export const CONFIG = `rollback:
  run: [./deploy.sh, --env, prod, --rollback, --to, "{to_tag}"]
  verify:
    interval: 10s
    window: 30s
    metrics:
      - { name: health, provider: http, url: "http://svc.test/health", samples: 1, conditions: ["error_rate_pct == 0"], consecutive_failures: 1 }
  watch:
    health_url: "http://svc.test/health"
    interval: 10s
    window: 2m
  incident: { labels: [incident], severity: high, impact: "all tenants: checkout broken" }
`;

/** The steps and effects of a run, as `name status`, in order (decisions left out). */
export const stepsOf = (r: RollbackResult) =>
  r.journal.filter((e) => e.kind !== 'decision').map((e) => `${e.name} ${e.status}`);

/** A dry run's plan: the details of its planned entries, one per line. */
export const planOf = (r: RollbackResult) =>
  r.journal
    .filter((e) => e.status === 'planned')
    .map((e) => e.detail)
    .join('\n');
