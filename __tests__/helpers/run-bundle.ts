import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';

export const ROOT = path.resolve(path.dirname(new URL(import.meta.url).pathname), '../..');

export interface BundleRun {
  exitCode: number | null;
  stdout: string;
  stderr: string;
  outputs: Record<string, string>;
  summary: string;
  /** `::error file=…::message` and similar workflow commands found in stdout. */
  commands: { command: string; properties: Record<string, string>; message: string }[];
  durationMs: number;
}

/**
 * Runs `dist/<action>/index.js` as the runner does: inputs as INPUT_<NAME> variables, GITHUB_OUTPUT
 * and GITHUB_STEP_SUMMARY files, GITHUB_WORKSPACE as the working directory.
 */
export async function runBundle(
  action: string,
  opts: {
    inputs?: Record<string, string>;
    env?: Record<string, string>;
    cwd?: string;
    timeoutMs?: number;
    signalAfterMs?: number;
  } = {},
): Promise<BundleRun> {
  const tmp = mkdtempSync(path.join(os.tmpdir(), 'ro-bundle-'));
  const outputFile = path.join(tmp, 'output');
  const summaryFile = path.join(tmp, 'summary');
  writeFileSync(outputFile, '');
  writeFileSync(summaryFile, '');
  const cwd = opts.cwd ?? tmp;
  const env: Record<string, string> = {
    PATH: process.env.PATH ?? '',
    HOME: process.env.HOME ?? tmp,
    GITHUB_ACTIONS: 'true',
    GITHUB_OUTPUT: outputFile,
    GITHUB_STEP_SUMMARY: summaryFile,
    GITHUB_WORKSPACE: cwd,
    RUNNER_TEMP: tmp,
    ...opts.env,
  };
  for (const [k, v] of Object.entries(opts.inputs ?? {}))
    env[`INPUT_${k.replace(/ /g, '_').toUpperCase()}`] = v;
  const started = Date.now();
  const child = spawn(
    process.env.RELEASE_OPS_NODE || process.execPath,
    [path.join(ROOT, 'dist', action, 'index.js')],
    { cwd, env, stdio: ['ignore', 'pipe', 'pipe'] },
  );
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (d) => (stdout += d));
  child.stderr.on('data', (d) => (stderr += d));
  const killer = setTimeout(() => child.kill('SIGKILL'), opts.timeoutMs ?? 60_000);
  const signaller =
    opts.signalAfterMs !== undefined
      ? setTimeout(() => child.kill('SIGTERM'), opts.signalAfterMs)
      : undefined;
  const exitCode: number | null = await new Promise((resolve) => child.on('close', (code) => resolve(code)));
  clearTimeout(killer);
  if (signaller) clearTimeout(signaller);
  return {
    exitCode,
    stdout,
    stderr,
    outputs: parseOutputFile(readFileSync(outputFile, 'utf8')),
    summary: readFileSync(summaryFile, 'utf8'),
    commands: parseCommands(stdout),
    durationMs: Date.now() - started,
  };
}

/** GITHUB_OUTPUT uses `name<<DELIMITER\nvalue\nDELIMITER` blocks. */
export function parseOutputFile(text: string): Record<string, string> {
  const out: Record<string, string> = {};
  const lines = text.split('\n');
  for (let i = 0; i < lines.length; i++) {
    const m = /^([^<=]+)<<(.+)$/.exec(lines[i]!);
    if (m) {
      const value: string[] = [];
      for (i++; i < lines.length && lines[i] !== m[2]; i++) value.push(lines[i]!);
      out[m[1]!] = value.join('\n');
    } else if (lines[i]!.includes('=')) {
      const [k, ...v] = lines[i]!.split('=');
      out[k!] = v.join('=');
    }
  }
  return out;
}

function parseCommands(stdout: string): BundleRun['commands'] {
  const cmds: BundleRun['commands'] = [];
  for (const line of stdout.split('\n')) {
    const m = /^::([a-z-]+)(?: ([^:]*))?::(.*)$/.exec(line);
    if (!m) continue;
    const properties: Record<string, string> = {};
    for (const kv of (m[2] ?? '').split(',').filter(Boolean)) {
      const [k, ...v] = kv.split('=');
      properties[k!] = decodeURIComponent(v.join('='));
    }
    cmds.push({
      command: m[1]!,
      properties,
      message: m[3]!.replace(/%0A/g, '\n').replace(/%0D/g, '\r').replace(/%25/g, '%'),
    });
  }
  return cmds;
}
