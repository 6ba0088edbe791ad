import { describe, expect, it } from '@jest/globals';
import { readFileSync } from 'node:fs';
import { evidenceEnvelope, evidenceJsonSchema, evidenceProblems } from '../../src/evidence/envelope.js';
import { TOOL_VERSION } from '../../src/version.js';

const base = {
  command: 'canary' as const,
  run: { actor: 'octocat', url: 'https://github.com/o/r/actions/runs/7', id: '7', repository: 'o/r' },
  startedAt: Date.UTC(2026, 11, 2, 10),
  endedAt: Date.UTC(2026, 11, 2, 10, 5),
  dryRun: false,
  build: { tag: 'v1.1.0', sha: 'a'.repeat(40) },
  result: 'promoted',
  reason: 'v1.1.0 promoted to 100% in 3 steps',
  settings: { steps: [{ weight: 10, pause_ms: 60000 }] },
  journal: [
    {
      kind: 'decision' as const,
      name: 'promote',
      status: 'done' as const,
      detail: 'ok',
      at: Date.UTC(2026, 11, 2, 10, 5),
      durationMs: 0,
    },
  ],
  details: { steps: [] },
};

describe('the evidence envelope', () => {
  it('carries who, where, the tool version and the build, and validates against the published schema', () => {
    const e = evidenceEnvelope(base);
    expect(evidenceProblems(e)).toEqual([]);
    expect(e).toMatchObject({
      tool: { version: TOOL_VERSION },
      run: { actor: 'octocat', started_at: '2026-12-02T10:00:00.000Z', dry_run: false },
      build: { sha: 'a'.repeat(40) },
    });
    const schema = evidenceJsonSchema() as { properties: Record<string, unknown>; required: string[] };
    expect(schema.required).toEqual(expect.arrayContaining(['run', 'build', 'tool', 'journal', 'details']));
  });

  it('names every key that is not snake_case and every shape problem', () => {
    const e = evidenceEnvelope({ ...base, details: { steps: [{ pauseMs: 1 }] } }) as any;
    delete e.run.actor;
    expect(evidenceProblems(e)).toEqual([
      'run.actor: Invalid input: expected string, received undefined',
      'details.steps[0].pauseMs: not a snake_case key',
    ]);
  });

  it('records the version package.json declares', () => {
    expect(TOOL_VERSION).toBe(JSON.parse(readFileSync('package.json', 'utf8')).version);
  });
});
