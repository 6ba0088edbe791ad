import type { LoadedConfig } from '../config/load.js';
import type { ConfigRead, ConfigSection } from '../config/schema/index.js';
import type { Redactor } from '../evidence/redact.js';
import type { ReportDoc } from '../report/doc.js';
import type { Clock, FileSystem, GitHubPort, HttpClient, Logger, ProcessRunner } from '../ports/index.js';
import type { Inputs, InputSpecs } from './inputs.js';

/** Everything a command needs from its host (the action runtime or the CLI). */
export interface Context {
  inputs: Inputs;
  env: Record<string, string | undefined>;
  cwd: string;
  logger: Logger;
  redactor: Redactor;
  clock: Clock;
  fs: FileSystem;
  http: HttpClient;
  process: ProcessRunner;
  /** Aborted on SIGTERM/SIGINT (a cancelled job). */
  signal: AbortSignal;
  /** `action` inside GitHub Actions, `cli` in a terminal. */
  host: 'action' | 'cli';
  /**
   * Loads the config named by the `config`/`config-inline` inputs (ConfigError on any problem). Given
   * the sections the command reads, only those are checked (and returned): a command then builds only
   * their schemas (bench startup), and a mistake in another runbook's section is that runbook's error.
   */
  loadConfig<S extends ConfigRead = ConfigSection>(sections?: readonly S[]): Promise<LoadedConfig<S>>;
  /** The GitHub port, or null when there is no token (a terminal run); loaded lazily. */
  github(): Promise<GitHubPort | null>;
  /** Facts about the run the runner provides (GITHUB_SHA, GITHUB_REF, the event), when known. */
  run: RunInfo;
}

export interface RunInfo {
  sha?: string;
  ref?: string;
  repository?: string;
  serverUrl: string;
  runUrl?: string;
  /** GITHUB_RUN_ID: names the run in deployment payloads, so a later run can tell if it still runs. */
  runId?: string;
  workflow?: string;
  actor?: string;
  eventName?: string;
}

/** What a command returns; the host renders it. */
export interface Outcome {
  /** 0 success, 1 a failed gate / aborted rollout / failed rollback. */
  exitCode: 0 | 1;
  outputs: Record<string, string>;
  report: ReportDoc;
  /** Shown as the step's failure message when exitCode is 1. */
  failMessage?: string;
}

export interface Command {
  name: string;
  /** One line for --help. */
  summary: string;
  inputs: InputSpecs;
  /** Output names and descriptions (action.yml must declare exactly these). */
  outputs: Record<string, string>;
  run(ctx: Context): Promise<Outcome>;
}
