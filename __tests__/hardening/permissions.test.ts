/**
 * docs/security.md's permission table is what the actions use: each action runs against the GitHub
 * emulator (its happy path, and the gate's fallback to a commit status when its check run is refused)
 * while the port reports the permission of every call it makes. Every permission used must be listed for
 * that action (a write covers the read), and every one listed without "(optional)" must be used.
 */
import { afterAll, describe, expect, it } from '@jest/globals';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { actionWorld } from './lib/faults-answers.js';
import {
  port,
  removeWorkspaces,
  ROOT,
  runInProcess,
  runnerEnv,
  TOKEN,
  type ActionName,
  type CommandName,
  type World,
} from './lib/world.js';

afterAll(() => removeWorkspaces());

const ACTIONS: [ActionName, CommandName, (w: World) => Record<string, string>][] = [
  ['readiness-gate', 'gate', (w) => ({ sha: w.facts.sha! })],
  ['canary-promote', 'canary', () => ({ tag: 'v1.1.0' })],
  ['rc-to-ga', 'promote', () => ({ 'rc-tag': 'v1.0.0-rc1' })],
  ['auto-rollback', 'rollback', () => ({ from: 'v1.1.0', reason: 'checkout answers 500' })],
];

/** The table: action → permission → optional. */
function documented(): Map<string, Map<string, boolean>> {
  const doc = readFileSync(path.join(ROOT, 'docs/security.md'), 'utf8');
  const table = new Map<string, Map<string, boolean>>();
  for (const m of doc.matchAll(/^\| ([a-z-]+) \| `([a-z-]+: (?:read|write))`( \(optional\))? \|/gm)) {
    if (!table.has(m[1]!)) table.set(m[1]!, new Map());
    table.get(m[1]!)!.set(m[2]!, Boolean(m[3]));
  }
  return table;
}

/** A write permission covers its read. */
const covers = (listed: Iterable<string>, used: string) =>
  [...listed].some((p) => p === used || (used.endsWith(': read') && p === used.replace(': read', ': write')));

/** The permissions of every GitHub call the action makes, with what each was for. */
async function used(
  action: ActionName,
  command: CommandName,
  inputs: (w: World) => Record<string, string>,
  fault?: (w: World) => void,
): Promise<{ calls: Map<string, string[]>; result: string | undefined }> {
  const w = await actionWorld(action);
  try {
    fault?.(w);
    const calls = new Map<string, string[]>();
    const gh = await port(w.emu.url, {
      onCall: (c) => calls.set(c.permission, [...(calls.get(c.permission) ?? []), c.action]),
    });
    const r = await runInProcess(command, {
      inputs: { ...inputs(w), 'github-token': TOKEN },
      env: runnerEnv(w.emu, { OPS_ARTIFACTS_DIR: path.join(w.dir, 'artifacts') }),
      cwd: w.dir,
      gh,
      token: TOKEN,
    });
    if (r.error) throw r.error;
    return { calls, result: r.outcome?.outputs.result ?? r.outcome?.outputs['ga-tag'] };
  } finally {
    await w.close();
  }
}

describe("docs/security.md's least permissions", () => {
  const table = documented();

  it('lists every action', () => {
    expect([...table.keys()].sort()).toEqual(ACTIONS.map(([a]) => a).sort());
  });

  it.each(ACTIONS)('%s uses exactly what the table lists', async (action, command, inputs) => {
    const listed = table.get(action)!;
    const { calls, result } = await used(action, command, inputs);
    expect(result).toMatch(/^(PASS|promoted|v1\.0\.0|rolled-back)$/);
    const unlisted = [...calls.keys()].filter((p) => !covers(listed.keys(), p));
    expect(unlisted.map((p) => `${p} (${calls.get(p)![0]})`)).toEqual([]);
    const required = [...listed].filter(([, optional]) => !optional).map(([p]) => p);
    const unused = required.filter((p) => ![...calls.keys()].some((u) => covers([p], u)));
    expect(unused).toEqual([]);
  });

  it("the gate's fallback commit status needs only its optional statuses: write", async () => {
    const { calls } = await used(
      'readiness-gate',
      'gate',
      (w) => ({ sha: w.facts.sha! }),
      (w) => {
        w.emu.faults.add({ method: 'POST', path: /\/check-runs$/, kind: 'status', status: 403 });
      },
    );
    expect(calls.has('statuses: write')).toBe(true);
    expect(table.get('readiness-gate')!.get('statuses: write')).toBe(true);
    expect([...calls.keys()].filter((p) => !covers(table.get('readiness-gate')!.keys(), p))).toEqual([]);
  });
});
