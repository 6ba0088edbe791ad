/**
 * Runs a composite action's steps the way the Actions runner does: inputs with their defaults, each
 * step's `if:` (implicit `success()`), `${{ }}` in `env:` and `run:`, each `run:` as a bash script
 * (`bash --noprofile --norc -e -o pipefail FILE`) with its own GITHUB_OUTPUT and GITHUB_STEP_SUMMARY
 * files, `steps.<id>.outputs` / `.outcome` for the steps after it, and the action's `outputs:` at the
 * end. The composite's inputs are NOT in a step's environment (the runner does not put them there):
 * a step sees only what its `env:` hands it.
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parse } from 'yaml';
import { parseOutputFile } from '../../support/demo/runner.js';
import { condition, interpolate, type Scope, type Value } from './expressions.js';

interface StepYml {
  id?: string;
  name?: string;
  if?: string;
  shell?: string;
  run?: string;
  uses?: string;
  env?: Record<string, string>;
}
export interface ActionYml {
  name: string;
  inputs: Record<string, { description: string; required?: boolean; default?: string }>;
  outputs: Record<string, { description: string; value: string }>;
  runs: { using: string; steps: StepYml[] };
}

export interface StepRecord {
  id: string;
  outcome: 'success' | 'failure' | 'skipped';
  exitCode: number | null;
  /** The environment the step's `env:` evaluated to. */
  env: Record<string, string>;
  script: string;
  outputs: Record<string, string>;
  summary: string;
  stdout: string;
  stderr: string;
}

export interface CompositeRun {
  steps: StepRecord[];
  step(id: string): StepRecord;
  outputs: Record<string, string>;
  /** True when a step failed: the `uses:` step calling the composite fails. */
  failed: boolean;
}

export function readAction(dir: string): ActionYml {
  return parse(readFileSync(path.join(dir, 'action.yml'), 'utf8')) as ActionYml;
}

export async function runComposite(
  actionDir: string,
  opts: {
    inputs: Record<string, string>;
    /** The job's environment (GITHUB_*…). */
    env: Record<string, string>;
    /** The workspace (GITHUB_WORKSPACE), the steps' working directory. */
    cwd: string;
    /** github.token, the default of github-token inputs. */
    token: string;
  },
): Promise<CompositeRun> {
  const action = readAction(actionDir);
  if (action.runs.using !== 'composite') throw new Error(`${actionDir}: not a composite action`);
  const github: Record<string, Value> = {
    action_path: actionDir,
    token: opts.token,
    workspace: opts.cwd,
    repository: opts.env.GITHUB_REPOSITORY ?? null,
    run_id: opts.env.GITHUB_RUN_ID ?? null,
    sha: opts.env.GITHUB_SHA ?? null,
  };
  const scope: Scope = {
    contexts: { github, inputs: {}, steps: {}, env: { ...opts.env }, runner: { temp: os.tmpdir() } },
    failed: false,
  };
  const inputs: Record<string, Value> = {};
  for (const [name, spec] of Object.entries(action.inputs)) {
    const given = opts.inputs[name];
    if (given === undefined && spec.required) throw new Error(`input ${name} is required`);
    inputs[name] = given ?? interpolate(spec.default ?? '', scope);
  }
  for (const name of Object.keys(opts.inputs))
    if (!(name in action.inputs)) throw new Error(`unexpected input ${name}`);
  scope.contexts.inputs = inputs;
  const stepsCtx = scope.contexts.steps as Record<string, Value>;

  const records: StepRecord[] = [];
  for (const [i, step] of action.runs.steps.entries()) {
    const id = step.id ?? `__step${i}`;
    if (step.uses) throw new Error(`step ${id}: uses: is not supported here`);
    if (step.shell !== 'bash') throw new Error(`step ${id}: expected shell: bash, found ${step.shell}`);
    if (!condition(step.if, scope)) {
      records.push({
        id,
        outcome: 'skipped',
        exitCode: null,
        env: {},
        script: '',
        outputs: {},
        summary: '',
        stdout: '',
        stderr: '',
      });
      stepsCtx[id] = { outputs: {}, outcome: 'skipped', conclusion: 'skipped' };
      continue;
    }
    const env = Object.fromEntries(
      Object.entries(step.env ?? {}).map(([k, v]) => [k, interpolate(String(v), scope)]),
    );
    const script = interpolate(step.run ?? '', scope);
    const r = await runBash(script, {
      cwd: opts.cwd,
      env: { ...opts.env, ...env, GITHUB_ACTION_PATH: actionDir, GITHUB_WORKSPACE: opts.cwd },
    });
    const outcome = r.exitCode === 0 ? 'success' : 'failure';
    if (outcome === 'failure') scope.failed = true;
    records.push({ id, outcome, env, script, ...r });
    stepsCtx[id] = { outputs: r.outputs, outcome, conclusion: outcome };
  }
  const outputs = Object.fromEntries(
    Object.entries(action.outputs).map(([k, o]) => [k, interpolate(o.value, scope)]),
  );
  return {
    steps: records,
    step: (id) => {
      const s = records.find((r) => r.id === id);
      if (!s) throw new Error(`no step ${id}`);
      return s;
    },
    outputs,
    failed: scope.failed,
  };
}

async function runBash(
  script: string,
  o: { cwd: string; env: Record<string, string> },
): Promise<{
  exitCode: number | null;
  outputs: Record<string, string>;
  summary: string;
  stdout: string;
  stderr: string;
}> {
  const tmp = mkdtempSync(path.join(os.tmpdir(), 'ro-composite-step-'));
  const file = path.join(tmp, 'step.sh');
  const outputFile = path.join(tmp, 'output');
  const summaryFile = path.join(tmp, 'summary');
  writeFileSync(file, script);
  writeFileSync(outputFile, '');
  writeFileSync(summaryFile, '');
  const child = spawn('bash', ['--noprofile', '--norc', '-e', '-o', 'pipefail', file], {
    cwd: o.cwd,
    env: {
      PATH: process.env.PATH ?? '',
      HOME: process.env.HOME ?? tmp,
      ...o.env,
      GITHUB_ACTIONS: 'true',
      GITHUB_OUTPUT: outputFile,
      GITHUB_STEP_SUMMARY: summaryFile,
      RUNNER_TEMP: tmp,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (d) => (stdout += d));
  child.stderr.on('data', (d) => (stderr += d));
  const killer = setTimeout(() => child.kill('SIGKILL'), 60_000);
  const exitCode = await new Promise<number | null>((resolve) => child.on('close', (c) => resolve(c)));
  clearTimeout(killer);
  const result = {
    exitCode,
    outputs: parseOutputFile(readFileSync(outputFile, 'utf8')),
    summary: readFileSync(summaryFile, 'utf8'),
    stdout,
    stderr,
  };
  rmSync(tmp, { recursive: true, force: true });
  return result;
}
