/**
 * actions/go-live's metadata: a composite whose steps run the sibling actions' bundles by
 * `github.action_path`, handing each every input it declares. How it runs — its expressions, `if:`s
 * and outputs — is tested by act, from an outside repository (__tests__/act/go-live-composite.test.ts).
 */
import { describe, expect, it } from '@jest/globals';
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { parse } from 'yaml';
import { REPO_ROOT } from '../../support/demo/runner.js';

interface StepYml {
  id?: string;
  shell?: string;
  run?: string;
  uses?: string;
  env?: Record<string, string>;
}
interface ActionYml {
  inputs: Record<string, { description: string; required?: boolean; default?: string }>;
  runs: { using: string; steps: StepYml[] };
}

const readAction = (dir: string): ActionYml =>
  parse(readFileSync(path.join(dir, 'action.yml'), 'utf8')) as ActionYml;
const ACTION = path.join(REPO_ROOT, 'actions/go-live');

describe('actions/go-live metadata', () => {
  const action = readAction(ACTION);

  it('is a composite whose steps run the sibling bundles by action_path, never `uses: ./…`', () => {
    expect(action.runs.using).toBe('composite');
    for (const step of action.runs.steps) {
      expect(step).not.toHaveProperty('uses');
      expect(step.shell).toBe('bash');
      // inputs reach a script only through env:, never pasted into it
      expect(step.run).not.toMatch(/\$\{\{\s*(inputs|steps)\./);
    }
    const bundles = action.runs.steps
      .map((s) =>
        /node "\$\{\{ github\.action_path \}\}\/\.\.\/\.\.\/dist\/([a-z-]+)\/index\.js"/.exec(s.run ?? ''),
      )
      .filter((m): m is RegExpExecArray => m !== null)
      .map((m) => m[1]);
    expect(bundles).toEqual(['readiness-gate', 'canary-promote', 'rc-to-ga', 'auto-rollback']);
    for (const b of bundles) expect(existsSync(path.join(ACTION, '../../dist', b!, 'index.js'))).toBe(true);
  });

  it('hands each sibling only inputs it declares, and every input it requires', () => {
    for (const step of action.runs.steps) {
      const m = /dist\/([a-z-]+)\/index\.js/.exec(step.run ?? '');
      if (!m) continue;
      const sibling = readAction(path.join(REPO_ROOT, 'actions', m[1]!));
      const passed = Object.keys(step.env ?? {})
        .filter((k) => k.startsWith('INPUT_'))
        .map((k) => k.slice('INPUT_'.length).toLowerCase());
      const declared = Object.keys(sibling.inputs);
      expect({ step: step.id, unknown: passed.filter((p) => !declared.includes(p)) }).toEqual({
        step: step.id,
        unknown: [],
      });
      // every input is set explicitly: an unset INPUT_* would not get the sibling's default either
      expect({ step: step.id, missing: declared.filter((d) => !passed.includes(d)) }).toEqual({
        step: step.id,
        missing: [],
      });
    }
  });
});
