/**
 * Cancellation (lib/faults-cancel.ts): SIGTERM to the CLI during a canary's pause, synchronised on the
 * bake's first measurement, writes the evidence file and the deployment status `error` within 5 s of
 * the signal — the product's promise, measured on the file and in the emulator's state; and each
 * action gives up a GitHub wait (a secondary rate limit's retry-after, a slow answer, a pause) the
 * moment its run is cancelled. The bench (`npm run hardening`) runs every case, under load too.
 */
import { afterAll, describe, expect, it } from '@jest/globals';
import { cancelCases, cliCancelCase, cliCancelTimes, CANCEL_PROMISE_MS } from './lib/faults-cancel.js';
import { removeWorkspaces } from './lib/world.js';

afterAll(() => removeWorkspaces());

describe('a cancelled run records itself within the promise', () => {
  it(`SIGTERM to the CLI during a canary pause: evidence and deployment status error within ${CANCEL_PROMISE_MS / 1000} s`, async () => {
    const violations = await cliCancelCase().run();
    // the figures, for whoever reads the run (the assertion is the promise, not these)
    process.stdout.write(
      `cancel → evidence ${Math.round(cliCancelTimes.evidenceMs ?? NaN)} ms, deployment status error ${Math.round(cliCancelTimes.errorStatusMs ?? NaN)} ms, exit ${Math.round(cliCancelTimes.exitMs ?? NaN)} ms\n`,
    );
    expect(violations).toEqual([]);
  }, 60_000);

  it.each(
    cancelCases()
      .filter((c) => c.id !== cliCancelCase().id)
      .map((c) => [c.id, c] as const),
  )(
    '%s',
    async (_id, c) => {
      expect(await c.run()).toEqual([]);
    },
    60_000,
  );
});
