/**
 * `command` provider: runs a program (an argument list, never a shell) once per measurement — a smoke
 * test, a synthetic check, a script that asks a system we have no provider for. Its reading carries
 * `exit_code`, so `exit_code == 0` passes or fails on the exit code alone (Argo Rollouts' Job
 * provider); any other value a condition names is read by dotted path from the JSON the program prints
 * on stdout (the whole of stdout, or else its last line, so a program may log before it). It runs
 * through the ProcessRunner port: its own process group, killed whole at `timeout`; every output line
 * masked before it is kept or logged. A program that cannot start, times out or is killed is an error
 * measurement; so is one whose values were asked for and that printed no JSON.
 */
import path from 'node:path';
import * as z from 'zod';
import { argv } from '../../config/schema/common.js';
import { describeExit } from '../../adapters/process.js';
import { quote } from '../../deploy/run.js';
import { isCredentialName } from '../../evidence/redact.js';
import type { ProcessResult } from '../../ports/index.js';
import { readPath } from '../../shared/json-path.js';
import { ProviderError, type MetricSpec, type Reading } from '../types.js';
import { toNumber } from './json.js';
import { baselineKey, hasBaseline, resolvedBaseline, sideOf } from './baseline.js';
import { namedValuesJudge, valuesRead, type Provider, type ProviderDeps } from './provider.js';

/** The value every command reading carries. */
export const EXIT_CODE = 'exit_code';
/** Stdout kept for its JSON; a program printing more is an error measurement. */
export const MAX_STDOUT_BYTES = 1024 * 1024;
/** After SIGTERM at the time limit, the program's group gets this long before SIGKILL. */
export const KILL_GRACE_MS = 2000;

export interface CommandTarget {
  run: string[];
  env: Record<string, string>;
}

export interface CommandSpec extends CommandTarget {
  /** Working directory, relative to the workspace. */
  cwd?: string;
  timeoutMs: number;
  baseline?: CommandTarget;
}

const env = z.record(z.string(), z.string()).optional().meta({
  description: 'Extra environment variables; ${VAR} is expanded (values of credential-named ones masked)',
});

const keys = {
  run: argv.meta({ description: 'The program and its arguments, e.g. [./smoke.sh, --env, prod]; no shell' }),
  cwd: z.string().min(1).optional().meta({ description: 'Working directory, relative to the workspace' }),
  env,
  baseline: baselineKey(
    { run: argv, env },
    'The same check against the stable version, run at the same moment',
  ),
};

export const commandProvider: Provider<'command', typeof keys, CommandSpec> = {
  name: 'command',
  summary:
    'a program run once per measurement; `exit_code`, and numbers by dotted path from the JSON it prints',
  keys,
  values: null,
  baselineExample: 'baseline: { run: [./smoke.sh, --target, stable] }',
  checkJudge: namedValuesJudge(
    'a command metric has no raw samples: name the value to judge, e.g. value: p95_ms (one number its JSON holds per side per interval)',
    'kind count on a command metric needs events and trials: the dotted paths of the counts its JSON holds, e.g. events: errors, trials: requests',
  ),
  resolve(m, t) {
    const envOf = (e: Record<string, string> | undefined, at: string[]) =>
      Object.fromEntries(
        Object.entries(e ?? {}).map(([k, v]) => [
          k,
          t.expand(v, [...at, k], { secret: isCredentialName(k) }),
        ]),
      );
    return {
      run: m.run,
      env: envOf(m.env, ['env']),
      ...(m.cwd ? { cwd: m.cwd } : {}),
      timeoutMs: m.timeout,
      ...resolvedBaseline(m.baseline, (b) => ({ run: b.run, env: envOf(b.env, ['baseline', 'env']) })),
    };
  },
  measure(spec, source, metric, deps) {
    return measureCommand(spec, sideOf(spec, source), metric, deps);
  },
  hasBaseline,
  describe: (spec, source) => displayArgv(sideOf(spec, source).run),
  maxReadingMs: (spec) => spec.timeoutMs + KILL_GRACE_MS,
};

/** Runs the program once and turns what it did into a reading. */
export async function measureCommand(
  spec: Pick<CommandSpec, 'cwd' | 'timeoutMs'>,
  target: CommandTarget,
  metric: Pick<MetricSpec, 'conditions' | 'judge'>,
  deps: ProviderDeps,
): Promise<Reading> {
  if (!deps.process) throw new Error('the command provider needs a process runner (AnalysisDeps.process)');
  const stdout = new Stdout();
  const res = await deps.process.run({
    argv: target.run,
    env: target.env,
    cwd: deps.cwd !== undefined ? path.resolve(deps.cwd, spec.cwd ?? '.') : spec.cwd,
    timeoutMs: spec.timeoutMs,
    killGraceMs: KILL_GRACE_MS,
    signal: deps.signal,
    tailLines: 5,
    mask: deps.redactor,
    onLine: (line, stream) => {
      if (stream === 'stdout') stdout.add(line);
      deps.logger?.debug(`  ${target.run[0]} | ${line}`);
    },
  });
  // an argument may hold a secret the run knows: the message is built masked
  const what = deps.redactor ? deps.redactor.redact(displayArgv(target.run)) : displayArgv(target.run);
  const ended = describeExit(res, spec.timeoutMs);
  if (res.spawnError || res.timedOut || res.cancelled || res.signal)
    throw new ProviderError(`${what}: ${ended}${lastLine(res)}`);
  const exitCode = res.exitCode ?? -1;
  const wanted = valuesRead(metric).filter((v) => v !== EXIT_CODE);
  const detail = `${ended} in ${Math.round(res.durationMs)} ms`;
  if (wanted.length === 0) return { values: { [EXIT_CODE]: exitCode }, detail };
  if (exitCode !== 0) throw new ProviderError(`${what}: ${ended}${lastLine(res)}`);
  return { ...valuesFrom(stdout.json(what), wanted, exitCode), detail };
}

/** The values asked for, read from the program's JSON; missing or non-numeric ones make it inconclusive. */
function valuesFrom(doc: unknown, wanted: string[], exitCode: number): Omit<Reading, 'detail'> {
  const values: Record<string, number> = { [EXIT_CODE]: exitCode };
  const missing: string[] = [];
  for (const p of wanted) {
    const raw = readPath(doc, p);
    const n = raw.found ? toNumber(raw.value) : undefined;
    if (n !== undefined) values[p] = n;
    else missing.push(raw.found ? `${p} is ${JSON.stringify(raw.value)}, not a number` : `${p} is missing`);
  }
  return { values, ...(missing.length ? { inconclusive: missing.join('; ') } : {}) };
}

/** The program's stdout, kept up to MAX_STDOUT_BYTES, and the JSON in it. */
class Stdout {
  private lines: string[] = [];
  private bytes = 0;
  overflow = false;

  add(line: string): void {
    this.bytes += line.length + 1;
    if (this.bytes > MAX_STDOUT_BYTES) this.overflow = true;
    else this.lines.push(line);
  }

  /** The whole of stdout as JSON, or else its last non-empty line. Throws ProviderError without JSON. */
  json(what: string): unknown {
    if (this.overflow)
      throw new ProviderError(`${what} printed more than ${MAX_STDOUT_BYTES} bytes on stdout`);
    const whole = this.lines.join('\n');
    const last = [...this.lines].reverse().find((l) => l.trim() !== '') ?? '';
    for (const text of [whole, last]) {
      try {
        return JSON.parse(text);
      } catch {
        /* try the next */
      }
    }
    // described, not quoted: the output may hold what a redaction has not seen whole
    throw new ProviderError(
      `${what} exited 0 but printed no JSON on stdout (${this.lines.length} lines, ${this.bytes} bytes): print an object such as {"error_rate_pct": 0.4}`,
    );
  }
}

/** The last non-empty output line (already masked by the runner), shortened, for messages. */
function lastLine(r: ProcessResult): string {
  const last = [...r.tail].reverse().find((l) => l.trim() !== '');
  if (!last) return '';
  return `: ${last.length > 160 ? `${last.slice(0, 159)}…` : last}`;
}

const displayArgv = (run: readonly string[]) => run.map(quote).join(' ');
