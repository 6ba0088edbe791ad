/**
 * Runs an action's bundle the way the GitHub Actions runner runs a `node24` action: a child process
 * `node dist/<action>/index.js` in the workspace, every input as an `INPUT_<NAME>` variable (the name
 * upper-cased, spaces to `_`, hyphens kept: `INPUT_GITHUB-TOKEN`), and fresh `GITHUB_OUTPUT` and
 * `GITHUB_STEP_SUMMARY` files that are read back afterwards.
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export const REPO_ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');

export interface ActionRun {
  action: string;
  exitCode: number | null;
  outputs: Record<string, string>;
  /** The job summary (Markdown) the step wrote. */
  summary: string;
  stdout: string;
  stderr: string;
  /** `::error::`, `::warning::` and `::notice::` workflow commands, decoded. */
  annotations: { level: string; message: string }[];
  startedAt: number;
  durationMs: number;
}

export interface RunOptions {
  inputs: Record<string, string>;
  /** The job's environment (GITHUB_*, tokens…); PATH and HOME are added. */
  env: Record<string, string>;
  /** GITHUB_WORKSPACE and the working directory. */
  cwd: string;
  /** SIGKILL after this long (default 120 s): a demo must never hang. */
  timeoutMs?: number;
  /** Called with each line the step prints (the step log), as it arrives. */
  onLine?: (line: string) => void;
}

/** The runner's name for an input's variable. */
export const inputVariable = (name: string): string => `INPUT_${name.replace(/ /g, '_').toUpperCase()}`;

export async function runAction(action: string, opts: RunOptions): Promise<ActionRun> {
  const tmp = mkdtempSync(path.join(os.tmpdir(), `ro-step-${action}-`));
  const outputFile = path.join(tmp, 'output');
  const summaryFile = path.join(tmp, 'summary');
  writeFileSync(outputFile, '');
  writeFileSync(summaryFile, '');
  const env: Record<string, string> = {
    PATH: process.env.PATH ?? '',
    HOME: process.env.HOME ?? tmp,
    ...opts.env,
    GITHUB_ACTIONS: 'true',
    GITHUB_OUTPUT: outputFile,
    GITHUB_STEP_SUMMARY: summaryFile,
    GITHUB_WORKSPACE: opts.cwd,
    RUNNER_TEMP: tmp,
  };
  for (const [k, v] of Object.entries(opts.inputs)) env[inputVariable(k)] = v;
  const startedAt = Date.now();
  const child = spawn(process.execPath, [path.join(REPO_ROOT, 'dist', action, 'index.js')], {
    cwd: opts.cwd,
    env,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stdout = '';
  let stderr = '';
  let partial = '';
  child.stdout.setEncoding('utf8');
  child.stderr.setEncoding('utf8');
  child.stdout.on('data', (d: string) => {
    stdout += d;
    if (!opts.onLine) return;
    partial += d;
    const lines = partial.split('\n');
    partial = lines.pop() ?? '';
    for (const l of lines) opts.onLine(l);
  });
  child.stderr.on('data', (d: string) => (stderr += d));
  const killer = setTimeout(() => child.kill('SIGKILL'), opts.timeoutMs ?? 120_000);
  const exitCode = await new Promise<number | null>((resolve) => {
    child.on('close', (code) => resolve(code));
    child.on('error', () => resolve(null));
  });
  clearTimeout(killer);
  if (partial && opts.onLine) opts.onLine(partial);
  const run: ActionRun = {
    action,
    exitCode,
    outputs: parseOutputFile(readFileSync(outputFile, 'utf8')),
    summary: readFileSync(summaryFile, 'utf8'),
    stdout,
    stderr,
    annotations: parseAnnotations(stdout),
    startedAt,
    durationMs: Date.now() - startedAt,
  };
  rmSync(tmp, { recursive: true, force: true });
  return run;
}

/** GITHUB_OUTPUT: `name<<DELIMITER` … `DELIMITER` blocks, or `name=value` lines. */
export function parseOutputFile(text: string): Record<string, string> {
  const out: Record<string, string> = {};
  const lines = text.split('\n');
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i]!;
    const heredoc = /^([^<=]+)<<(.+)$/.exec(line);
    if (heredoc) {
      const value: string[] = [];
      for (i++; i < lines.length && lines[i] !== heredoc[2]; i++) value.push(lines[i]!);
      out[heredoc[1]!] = value.join('\n');
    } else if (line.includes('=')) {
      const at = line.indexOf('=');
      out[line.slice(0, at)] = line.slice(at + 1);
    }
  }
  return out;
}

function parseAnnotations(stdout: string): ActionRun['annotations'] {
  const found: ActionRun['annotations'] = [];
  for (const line of stdout.split('\n')) {
    const m = /^::(error|warning|notice)(?: [^:]*)?::(.*)$/.exec(line);
    if (m) {
      found.push({
        level: m[1]!,
        message: m[2]!.replace(/%0A/g, '\n').replace(/%0D/g, '\r').replace(/%25/g, '%'),
      });
    }
  }
  return found;
}
