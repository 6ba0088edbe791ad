/**
 * Small fakes and builders for the gate's unit tests (no processes, no sockets, no real time). GitHub
 * is never faked here: tests that need it use the GitHub emulator through the real port.
 */
import { FakeClock } from '../../src/adapters/clock.js';
import { parseConfig } from '../../src/config/load.js';
import type { CheckConfig, GateConfig } from '../../src/config/schema/gate.js';
import { Redactor } from '../../src/evidence/redact.js';
import type { GateSettings } from '../../src/gate/settings.js';
import type { CheckContext, GateDeps } from '../../src/gate/types.js';
import {
  HttpError,
  silentLogger,
  type FileSystem,
  type HttpClient,
  type HttpRequest,
  type HttpResponse,
  type ProcessResult,
  type ProcessRunner,
  type ProcessSpec,
} from '../../src/ports/index.js';

/** Parses a `gate:` section written as YAML, through the real schema. */
export function gateOf(yaml: string): GateConfig {
  const { config } = parseConfig(`gate:\n${yaml.replace(/^/gm, '  ')}`, 'test.yml');
  return config.gate!;
}

/** The gate's settings for a `gate:` section, as the command would read them from `gate.yml`. */
export function settingsOf(gate: GateConfig, over: Partial<GateSettings> = {}): GateSettings {
  return {
    checks: gate.checks,
    concurrency: gate.concurrency,
    config: { file: 'gate.yml', repoPath: 'gate.yml', lines: gate.checks.map((_, i) => 3 + i) },
    checkName: 'readiness-gate',
    dryRun: false,
    evidenceDir: '/work/artifacts',
    selfNames: ['readiness-gate'],
    ...over,
  };
}

/** One check, written as a YAML flow mapping: `{ name: x, type: http, url: "http://h" }`. */
export function checkOf<T extends CheckConfig['type']>(flow: string): Extract<CheckConfig, { type: T }> {
  return gateOf(`checks:\n  - ${flow}\n`).checks[0] as Extract<CheckConfig, { type: T }>;
}

export function result(partial: Partial<ProcessResult> = {}): ProcessResult {
  return {
    exitCode: 0,
    signal: null,
    timedOut: false,
    cancelled: false,
    durationMs: 5,
    tail: [],
    ...partial,
  };
}

/** A ProcessRunner answering from a function; records every spec it was given. */
export class FakeProcess implements ProcessRunner {
  readonly calls: ProcessSpec[] = [];
  constructor(
    private answer: (spec: ProcessSpec) => ProcessResult | Promise<ProcessResult> = () => result(),
  ) {}
  async run(spec: ProcessSpec): Promise<ProcessResult> {
    this.calls.push(spec);
    const r = await this.answer(spec);
    for (const line of r.tail) spec.onLine?.(line, 'stdout');
    return r;
  }
}

/** A process that runs until its signal aborts, as a hung program would under the real runner. */
export function hangUntilAborted(spec: ProcessSpec): Promise<ProcessResult> {
  return new Promise((resolve) => {
    const stop = () =>
      resolve(result({ exitCode: null, signal: 'SIGTERM', cancelled: true, tail: ['still working'] }));
    if (spec.signal?.aborted) stop();
    spec.signal?.addEventListener('abort', stop, { once: true });
  });
}

/** An HttpClient answering from a function (status/body/latency), or throwing an HttpError. */
export class FakeHttp implements HttpClient {
  readonly calls: HttpRequest[] = [];
  constructor(private answer: (req: HttpRequest, n: number) => Partial<HttpResponse> | HttpError) {}
  async request(req: HttpRequest): Promise<HttpResponse> {
    this.calls.push(req);
    const a = this.answer(req, this.calls.length);
    await Promise.resolve();
    if (a instanceof HttpError) throw a;
    return { status: 200, headers: {}, body: '', durationMs: 1, ...a };
  }
}

/** Files in memory; directories are the listed ones and every ancestor of a file. */
export const memoryFs = (
  files: Record<string, string | Buffer>,
  dirs: string[] = ['/work', '/work/svc'],
): FileSystem => ({
  async readFile(p) {
    if (!(p in files)) throw Object.assign(new Error(`ENOENT: ${p}`), { code: 'ENOENT' });
    return Buffer.from(files[p]!);
  },
  async writeFile(p, d) {
    files[p] = d;
  },
  async mkdirp() {},
  async stat(p) {
    if (p in files) return { size: Buffer.from(files[p]!).length, mtimeMs: 0, isFile: true };
    const isDir = dirs.includes(p) || Object.keys(files).some((f) => f.startsWith(p + '/'));
    return isDir ? { size: 0, mtimeMs: 0, isFile: false } : null;
  },
});

/** GateDeps made of fakes; override what a test needs. */
export function fakeDeps(over: Partial<GateDeps> = {}): GateDeps & { clock: FakeClock } {
  return {
    process: new FakeProcess(),
    http: new FakeHttp(() => ({ status: 200 })),
    clock: new FakeClock(),
    fs: memoryFs({}),
    hashFile: async () => ({ sha256: '0'.repeat(64), size: 0 }),
    github: null,
    redactor: new Redactor(),
    env: {},
    cwd: '/work',
    logger: silentLogger,
    selfNames: ['readiness-gate'],
    ...over,
  } as GateDeps & { clock: FakeClock };
}

/** The context one attempt of a check gets, built from fake deps. */
export function checkCtx(deps: GateDeps, over: Partial<CheckContext> = {}): CheckContext {
  return {
    ...deps,
    signal: new AbortController().signal,
    deadline: deps.clock.now() + 300_000,
    timeoutMs: 300_000,
    attempt: 1,
    ...over,
  };
}
