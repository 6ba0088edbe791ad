/**
 * The fault matrix (lib/faults-*.ts), a sample of it: one of each kind of fault per action. The bench
 * (`npm run hardening`) runs every case; a case fails here with every way its outcome was wrong.
 */
import { afterAll, describe, expect, it } from '@jest/globals';
import { faultCases, JEST_SAMPLE } from './lib/faults.js';
import { removeWorkspaces } from './lib/world.js';

const all = faultCases();
const sample = all.filter((c) => JEST_SAMPLE.includes(c.id));
afterAll(() => removeWorkspaces());

describe('the fault matrix', () => {
  it('has at least 30 distinct named faults, four actions, each with an expected outcome', () => {
    expect(new Set(all.map((c) => c.id)).size).toBe(all.length);
    expect(all.length).toBeGreaterThanOrEqual(30);
    expect(new Set(all.map((c) => c.action))).toEqual(
      new Set(['readiness-gate', 'canary-promote', 'rc-to-ga', 'auto-rollback']),
    );
    for (const c of all)
      expect({ id: c.id, fault: !!c.fault, expected: !!c.expected }).toEqual({
        id: c.id,
        fault: true,
        expected: true,
      });
    expect(sample.map((c) => c.id).sort()).toEqual([...JEST_SAMPLE].sort());
  });

  it.each(sample.map((c) => [c.id, c] as const))(
    '%s',
    async (_id, c) => {
      expect(await c.run()).toEqual([]);
    },
    60_000,
  );
});
