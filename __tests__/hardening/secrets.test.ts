/**
 * Secrets (lib/secrets.ts): the token, the webhook URL and expanded header values appear nowhere a run
 * writes or sends, on error paths too — every scenario through the CLI host in-process, and one per
 * action through its bundle (the bench runs every scenario through both).
 */
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { secretCases } from './lib/secrets.js';
import { removeWorkspaces, WAIT_BASE_MS } from './lib/world.js';

const tally = { scanned: 0, found: 0 };
const all = secretCases(tally);
const BUNDLES = [
  'readiness-gate/secrets-failing-checks-and-github-500:action',
  'canary-promote/secrets-paused-on-failing-metric:action',
  'rc-to-ga/secrets-github-403-and-500:action',
  'auto-rollback/secrets-verify-metric-url:action',
];
const cases = all.filter((c) => c.id.endsWith(':cli') || BUNDLES.includes(c.id));
const saved = process.env.RELEASE_OPS_GITHUB_WAIT_BASE_MS;
beforeAll(() => {
  process.env.RELEASE_OPS_GITHUB_WAIT_BASE_MS = String(WAIT_BASE_MS);
});
afterAll(() => {
  if (saved === undefined) delete process.env.RELEASE_OPS_GITHUB_WAIT_BASE_MS;
  else process.env.RELEASE_OPS_GITHUB_WAIT_BASE_MS = saved;
  removeWorkspaces();
});

describe('secrets', () => {
  it('covers every action through the CLI and the bundle', () => {
    expect(
      cases
        .filter((c) => c.id.endsWith(':action'))
        .map((c) => c.action)
        .sort(),
    ).toEqual(['auto-rollback', 'canary-promote', 'rc-to-ga', 'readiness-gate']);
    expect(new Set(cases.filter((c) => c.id.endsWith(':cli')).map((c) => c.action)).size).toBe(4);
  });

  it.each(cases.map((c) => [c.id, c] as const))(
    '%s',
    async (_id, c) => {
      expect(await c.run()).toEqual([]);
    },
    60_000,
  );

  it('scanned every text and found no secret', () => {
    expect(tally.scanned).toBeGreaterThan(100);
    expect(tally.found).toBe(0);
  });
});
