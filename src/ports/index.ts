/**
 * Ports: the small interfaces through which the engine touches the outside world.
 * The engine (the runbooks in src/gate, src/canary, src/promote, src/rollback, src/status, and the
 * modules they share: src/analysis, src/release, src/deploy, src/notify, src/evidence, src/config…) receives these and never imports @actions/* or Octokit. Real implementations live in
 * src/adapters/ and src/github/; tests pass fakes or the real adapters against loopback servers.
 */
export type { GitHubPort } from './github.js';
export * from './github.js';

/** Wall-clock and waiting. Tests inject a fake so that nothing asserts on real time. */
export interface Clock {
  /** Milliseconds since the epoch. */
  now(): number;
  /** Resolves after `ms`, or rejects with CancelledError when `signal` aborts. */
  sleep(ms: number, signal?: AbortSignal): Promise<void>;
}

export interface ProcessSpec {
  /** Program and arguments. Never joined into a shell string unless `shell` is true. */
  argv: string[];
  /** Added to (not replacing) the parent environment. */
  env?: Record<string, string>;
  cwd?: string;
  /** Kill the whole process group after this many ms (SIGTERM, then SIGKILL after `killGraceMs`). */
  timeoutMs?: number;
  killGraceMs?: number;
  /** Run `argv[0]` through `/bin/sh -c` — only when the user wrote `shell: true`. */
  shell?: boolean;
  signal?: AbortSignal;
  /** How many trailing output lines to keep (default 20). */
  tailLines?: number;
  /**
   * Masks secrets in every line the runner keeps (`tail`) or hands on (`onLine`), before any line is
   * shortened. A line too long to hold (64 KB) is passed on in pieces cut only where no secret crosses
   * the cut (the Redactor).
   */
  mask?: OutputMask;
  /** Called for each output line as it arrives (masked with `mask` when given). */
  onLine?: (line: string, stream: 'stdout' | 'stderr') => void;
}

export interface OutputMask {
  redact(text: string): string;
  /** How much of the start of an unfinished line can be masked and passed on alone (no secret crosses it). */
  safeCut(text: string): number;
}

export interface ProcessResult {
  exitCode: number | null;
  signal: string | null;
  timedOut: boolean;
  cancelled: boolean;
  durationMs: number;
  /** Last lines of stdout and stderr interleaved, as they arrived. */
  tail: string[];
  /** Set when the program could not be started at all (ENOENT, EACCES). */
  spawnError?: string;
}

export interface ProcessRunner {
  run(spec: ProcessSpec): Promise<ProcessResult>;
}

export interface HttpRequest {
  method?: string;
  url: string;
  headers?: Record<string, string>;
  body?: string;
  timeoutMs?: number;
  signal?: AbortSignal;
  /** Max bytes of body to keep (default 1 MiB). */
  maxBodyBytes?: number;
}

export interface HttpResponse {
  status: number;
  headers: Record<string, string>;
  body: string;
  /** Time to full response, in ms, measured with a monotonic clock. */
  durationMs: number;
}

export interface HttpClient {
  /** Resolves with any status; rejects only on network errors and timeouts (HttpError). */
  request(req: HttpRequest): Promise<HttpResponse>;
}

export class HttpError extends Error {
  readonly code: 'timeout' | 'network' | 'aborted';
  readonly durationMs: number;
  constructor(code: 'timeout' | 'network' | 'aborted', message: string, durationMs: number) {
    super(message);
    this.name = 'HttpError';
    this.code = code;
    this.durationMs = durationMs;
  }
}

export interface FileSystem {
  readFile(path: string): Promise<Buffer>;
  writeFile(path: string, data: string | Buffer): Promise<void>;
  mkdirp(path: string): Promise<void>;
  stat(path: string): Promise<{ size: number; mtimeMs: number; isFile: boolean } | null>;
  /** The path with every symbolic link resolved; null when it does not exist. Without it, paths are taken as written. */
  realpath?(path: string): Promise<string | null>;
}

/** Where the engine writes human-readable progress. Adapters decide: core.info or the terminal. */
export interface Logger {
  info(message: string): void;
  warn(message: string): void;
  error(message: string): void;
  debug(message: string): void;
}

export const silentLogger: Logger = { info() {}, warn() {}, error() {}, debug() {} };
