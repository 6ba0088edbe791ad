/** Injection (lib/injection.ts): payloads in inputs and config values never execute; the canary file never appears. */
import { afterAll, describe, expect, it } from '@jest/globals';
import { injectionCases } from './lib/injection.js';
import { removeWorkspaces } from './lib/world.js';

const tally = { attempts: 0, fired: 0 };
const cases = injectionCases(tally);
afterAll(() => removeWorkspaces());

describe('injection', () => {
  it.each(cases.map((c) => [c.id, c] as const))(
    '%s',
    async (_id, c) => {
      expect(await c.run()).toEqual([]);
    },
    60_000,
  );

  it('made every attempt, and none fired', () => {
    expect(tally.attempts).toBeGreaterThanOrEqual(80);
    expect(tally.fired).toBe(0);
  });
});
