/**
 * The one factory for GitHub access: @actions/github's getOctokit with Octokit's retry and throttling
 * plugins, wrapped in the GitHubPort the engine uses.
 *
 * Waiting is scaled by `retryAfterBaseMs` (default 1000: one second per second GitHub asks for). It
 * multiplies plugin-retry's backoff (1, 4, 9… units), plugin-throttling's `retry-after` /
 * `x-ratelimit-reset` waits, and the spacing GitHub asks for between writes (1 unit between
 * mutating requests, 3 between those that notify people). Tests pass a few ms to stay fast; a test
 * or the demo running a whole bundle can set RELEASE_OPS_GITHUB_WAIT_BASE_MS instead.
 */
import { getOctokit } from '@actions/github';
import { defaults as actionsDefaults } from '@actions/github/lib/utils';
import { retry } from '@octokit/plugin-retry';
import { throttling, type ThrottlingOptions } from '@octokit/plugin-throttling';
import type { GitHubPort, Logger } from '../ports/index.js';
import type { CallInfo } from './errors.js';
import { OctokitPort } from './octokit-port.js';

export interface CreateGitHubPortOptions {
  token: string;
  owner: string;
  repo: string;
  /** REST API root: https://api.github.com, or https://HOST/api/v3 for GitHub Enterprise Server. */
  baseUrl: string;
  logger: Logger;
  /** Receives the token so the host masks it (core.setSecret) and the redactor removes it. */
  onSecret?: (secret: string) => void;
  /** Retries for 5xx, network errors and rate limits (default 3). */
  retries?: number;
  /** Milliseconds per second of waiting GitHub asks for (default $RELEASE_OPS_GITHUB_WAIT_BASE_MS, else 1000). */
  retryAfterBaseMs?: number;
  userAgent?: string;
  /** The run's cancellation: requests and waits in flight are given up when it fires. */
  signal?: AbortSignal;
  /** Told of each GitHub call as it is made, with the token permission it needs. */
  onCall?: (call: CallInfo) => void;
}

type BottleneckGroup = NonNullable<Extract<ThrottlingOptions, { write?: unknown }>['write']>;

/** Rate-limit waits longer than this fail instead: a release job should not sit idle for an hour. */
const MAX_RATE_LIMIT_WAIT_S = 300;

export async function createGitHubPort(opts: CreateGitHubPortOptions): Promise<GitHubPort> {
  opts.onSecret?.(opts.token);
  const retries = Math.max(0, opts.retries ?? 3);
  const base = waitBaseMs(opts.retryAfterBaseMs);
  const log = opts.logger;
  const baseFetch = (actionsDefaults.request?.fetch as typeof fetch | undefined) ?? globalThis.fetch;
  const octokit = getOctokit(
    opts.token,
    {
      baseUrl: opts.baseUrl.replace(/\/+$/, ''),
      request: { fetch: timedFetch(baseFetch) },
      userAgent: opts.userAgent ?? 'release-ops',
      log: {
        debug: (m: string) => log.debug(m),
        info: (m: string) => log.debug(m),
        warn: (m: string) => log.warn(m),
        error: (m: string) => log.error(m),
      },
      retry: { retries, retryAfterBaseValue: base },
      throttle: {
        onRateLimit: onLimit('rate limit', opts, retries),
        onSecondaryRateLimit: onLimit('secondary rate limit', opts, retries),
        retryAfterBaseValue: base,
        // Same spacing as the plugin's own groups (1 s between writes, 3 s between notifying writes),
        // scaled with the base so tests can shrink it.
        write: new SpacedGroup(base, opts.signal) as unknown as BottleneckGroup,
        notifications: new SpacedGroup(3 * base, opts.signal) as unknown as BottleneckGroup,
      },
    },
    retry,
    throttling,
  );
  return new OctokitPort(octokit, {
    owner: opts.owner,
    repo: opts.repo,
    logger: log,
    token: opts.token,
    fetch: baseFetch,
    retries,
    retryAfterBaseMs: base,
    userAgent: opts.userAgent ?? 'release-ops',
    ...(opts.signal ? { signal: opts.signal } : {}),
    ...(opts.onCall ? { onCall: opts.onCall } : {}),
  });
}

/** Milliseconds per second GitHub asks to wait: the option, else $RELEASE_OPS_GITHUB_WAIT_BASE_MS, else 1000. */
function waitBaseMs(option: number | undefined): number {
  const fromEnv = Number(process.env.RELEASE_OPS_GITHUB_WAIT_BASE_MS);
  return Math.max(
    0,
    option ?? (process.env.RELEASE_OPS_GITHUB_WAIT_BASE_MS && Number.isFinite(fromEnv) ? fromEnv : 1000),
  );
}

/**
 * A hung connection must not stall a release for undici's default 300 s per attempt: each API call
 * gets its own deadline (then plugin-retry retries it like any network error). Asset uploads and
 * downloads stream through their own fetch in OctokitPort and are not cut off by this.
 */
function timedFetch(baseFetch: typeof fetch): typeof fetch {
  const timeoutMs = Number(process.env.RELEASE_OPS_GITHUB_TIMEOUT_MS) || DEFAULT_REQUEST_TIMEOUT_MS;
  return (input, init) => {
    const deadline = AbortSignal.timeout(timeoutMs);
    const signal = init?.signal ? AbortSignal.any([init.signal, deadline]) : deadline;
    return baseFetch(input, { ...init, signal });
  };
}

/** plugin-throttling's question after a rate limit: wait as GitHub asks and retry (true), or fail. */
function onLimit(kind: string, opts: CreateGitHubPortOptions, retries: number) {
  const log = opts.logger;
  return (
    retryAfter: number,
    options: { method?: string; url?: string; request?: Record<string, unknown> },
    _o: unknown,
    retryCount: number,
  ): boolean => {
    const what = `${options.method ?? 'GET'} ${options.url ?? ''}`;
    if (opts.signal?.aborted) return false; // a cancelled run does not wait for GitHub
    if (options.request?.noReplay) {
      log.warn(`GitHub ${kind} hit for ${what}; the request body was a stream and cannot be sent again`);
      return false;
    }
    if (retryCount >= retries) {
      log.warn(`GitHub ${kind} hit for ${what}; giving up after ${retryCount} retries`);
      return false;
    }
    if (retryAfter > MAX_RATE_LIMIT_WAIT_S) {
      log.warn(
        `GitHub ${kind} hit for ${what}; it asks to wait ${retryAfter}s, longer than ${MAX_RATE_LIMIT_WAIT_S}s: not waiting`,
      );
      return false;
    }
    log.warn(
      `GitHub ${kind} hit for ${what}; waiting ${retryAfter}s as GitHub asks, then retrying (${retryCount + 1}/${retries})`,
    );
    return true;
  };
}

/** Per-call deadline for GitHub API requests (RELEASE_OPS_GITHUB_TIMEOUT_MS overrides it). */
export const DEFAULT_REQUEST_TIMEOUT_MS = 60_000;

/**
 * The part of Bottleneck.Group that plugin-throttling uses for its write and notification groups
 * (`group.key(id).schedule(options, fn)`): one job at a time, starts at least `minTimeMs` apart.
 */
export class SpacedGroup {
  private lastStart = Number.NEGATIVE_INFINITY;
  private chain: Promise<unknown> = Promise.resolve();
  /**
   * `signal`: the run's cancellation. Once it fires the spacing stops (a wait under way ends): the
   * cancelled run's last writes — the deployment status `error`, the lock's release — go out at once.
   */
  constructor(
    readonly minTimeMs: number,
    private readonly signal?: AbortSignal,
  ) {}

  key(_id?: string): SpacedGroup {
    return this;
  }

  schedule<R>(...args: unknown[]): Promise<R> {
    const [first, ...rest] = args;
    const fn = (typeof first === 'function' ? first : rest.shift()) as (...a: unknown[]) => R | Promise<R>;
    const run = this.chain.then(async () => {
      const wait = this.lastStart + this.minTimeMs - Date.now();
      if (wait > 0 && !this.signal?.aborted) await spacing(wait, this.signal);
      this.lastStart = Date.now();
      return fn(...rest);
    });
    this.chain = run.catch(() => undefined);
    return run;
  }
}

/** Waits `ms`, or until `signal` fires. */
function spacing(ms: number, signal: AbortSignal | undefined): Promise<void> {
  return new Promise((resolve) => {
    const done = () => {
      clearTimeout(timer);
      signal?.removeEventListener('abort', done);
      resolve();
    };
    const timer = setTimeout(done, ms);
    signal?.addEventListener('abort', done, { once: true });
  });
}
