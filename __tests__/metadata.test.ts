import { describe, expect, it } from '@jest/globals';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { parse } from 'yaml';
import { COMMANDS } from '../src/commands/index.js';
import type { Command } from '../src/commands/types.js';
import { ROOT } from './helpers/run-bundle.js';

/**
 * action.yml files and the code agree: every input the code reads is declared, every declared input
 * is read, every output is declared, and each action points at its bundle.
 */
const read = (p: string) => readFileSync(path.join(ROOT, p), 'utf8');
const READ_CALL = /\binputs\.(?:string|bool|duration|enum|list)(?:<[^>]*>)?\(\s*'([^']+)'/g;
const readsIn = (file: string) => new Set([...read(file).matchAll(READ_CALL)].map((m) => m[1]!));

interface ActionYml {
  name: string;
  description: string;
  branding?: { icon: string; color: string };
  inputs?: Record<string, { description?: string; default?: string; required?: boolean }>;
  outputs?: Record<string, { description?: string; value?: string }>;
  runs: { using: string; main?: string; steps?: unknown[] };
}

// Loaded one after another: jest's ESM loader can trip over concurrent dynamic imports of one graph.
const commands: [string, string | null, Command][] = [];
for (const [k, e] of Object.entries(COMMANDS)) commands.push([k, e.action, await e.load()]);
const shared = new Set([...readsIn('src/commands/context.ts'), 'github-token']);

/** Each runbook's own folder: its settings.ts turns inputs and config into settings (and its evidence.ts finds the evidence directory). */
const RUNBOOK: Record<string, string> = {
  gate: 'src/gate',
  canary: 'src/canary',
  promote: 'src/promote',
  rollback: 'src/rollback',
  hotfix: 'src/rollback/hotfix',
  status: 'src/status',
};
const INPUT_READERS = ['settings.ts', 'evidence.ts'];
const runbookReads = (key: string) =>
  INPUT_READERS.map((f) => path.join(RUNBOOK[key] ?? `src/${key}`, f))
    .filter((f) => existsSync(path.join(ROOT, f)))
    .flatMap((f) => [...readsIn(f)]);

describe.each(commands.filter(([, action]) => action !== null))(
  '%s → actions/%s/action.yml',
  (key, action, command) => {
    const yml = parse(read(`actions/${action}/action.yml`)) as ActionYml;

    it('runs its own bundle on node24', () => {
      expect(yml.runs.using).toBe('node24');
      expect(yml.runs.main).toBe(`../../dist/${action}/index.js`);
      expect(existsSync(path.join(ROOT, 'src/actions', `${action}.ts`))).toBe(true);
      expect(read(`src/actions/${action}.ts`)).toContain(`../commands/${key}.js`);
      expect(yml.name && yml.description && yml.branding?.icon && yml.branding?.color).toBeTruthy();
    });

    it('declares exactly the inputs the command reads, each with a description and a default', () => {
      const specNames = Object.entries(command.inputs)
        .filter(([, s]) => !s.cliOnly)
        .map(([n]) => n)
        .sort();
      expect(Object.keys(yml.inputs ?? {}).sort()).toEqual(specNames);
      for (const [name, input] of Object.entries(yml.inputs ?? {})) {
        expect({ name, description: Boolean(input.description?.trim()) }).toEqual({
          name,
          description: true,
        });
        expect({ name, hasDefault: input.default !== undefined || input.required === true }).toEqual({
          name,
          hasDefault: true,
        });
        const spec = command.inputs[name]!;
        if (spec.default !== undefined)
          expect({ name, default: String(input.default) }).toEqual({ name, default: spec.default });
      }
    });

    it('reads every declared input, and reads none that is undeclared', () => {
      const reads = new Set([...readsIn(`src/commands/${key}.ts`), ...runbookReads(key), ...shared]);
      expect([...reads].filter((n) => !(n in command.inputs)).sort()).toEqual([]);
      expect(
        Object.keys(command.inputs)
          .filter((n) => !reads.has(n))
          .sort(),
      ).toEqual([]);
    });

    it('declares exactly its outputs', () => {
      expect(Object.keys(yml.outputs ?? {}).sort()).toEqual(Object.keys(command.outputs).sort());
      for (const o of Object.values(yml.outputs ?? {})) expect(o.description?.trim()).toBeTruthy();
    });
  },
);

describe('root action.yml', () => {
  const yml = parse(read('action.yml')) as ActionYml;
  it('runs any command by its command input, declaring the union of all inputs and outputs', () => {
    expect(yml.runs).toEqual({ using: 'node24', main: 'dist/main/index.js' });
    const union = new Set(['command']);
    const outputs = new Set<string>();
    for (const [, , c] of commands) {
      for (const [n, s] of Object.entries(c.inputs)) if (!s.cliOnly) union.add(n);
      for (const o of Object.keys(c.outputs)) outputs.add(o);
    }
    expect(Object.keys(yml.inputs ?? {}).sort()).toEqual([...union].sort());
    expect(Object.keys(yml.outputs ?? {}).sort()).toEqual([...outputs].sort());
    expect(yml.inputs!.command!.description).toContain(Object.keys(COMMANDS).join('|'));
  });
});

describe('inputs are read one way only', () => {
  const files = (dir: string): string[] =>
    readdirSync(path.join(ROOT, dir), { withFileTypes: true }).flatMap((e) =>
      e.isDirectory()
        ? files(path.join(dir, e.name))
        : e.name.endsWith('.ts')
          ? [path.join(dir, e.name)]
          : [],
    );
  it('core.getInput appears only in the action runtime and the root dispatcher', () => {
    const users = files('src').filter((f) => /getInput\(/.test(read(f)));
    expect(users.sort()).toEqual(['src/actions/main.ts', 'src/actions/runtime.ts']);
  });
  it("the engine never reads inputs: only src/commands and each runbook's settings (and evidence directory)", () => {
    const users = files('src').filter((f) => [...read(f).matchAll(READ_CALL)].length > 0);
    const allowed = (f: string) =>
      f.startsWith('src/commands/') ||
      Object.values(RUNBOOK).some((dir) => INPUT_READERS.some((r) => f === path.join(dir, r)));
    expect(users.filter((f) => !allowed(f))).toEqual([]);
  });
});
