/**
 * Bad input, property-based (lib/bad-input.ts): generated configs (random YAML, wrong types, huge values,
 * unicode, negative and zero durations, broken syntax) and generated command lines for every command.
 * Each must end in a clear outcome — a ConfigError (exit 2) or a message (exit 1), or success — never an
 * internal error, a stack trace or a hang. A sample here (the bench runs ≥ 10,000); the inputs that
 * exposed bugs are kept in corpus/ and replayed by corpus.test.ts.
 */
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import fc from 'fast-check';
import { parseDuration } from '../../src/config/duration.js';
import { cliCase, configText, judgeCli, judgeConfig, startFuzzEnv, type FuzzEnv } from './lib/bad-input.js';
import { knownOpen, loadCorpus } from './lib/corpus.js';
import { removeWorkspaces } from './lib/world.js';

const SEED = Number(process.env.HARDENING_SEED ?? 20260105);
const corpus = loadCorpus();
let env: FuzzEnv;
const saved = process.env.RELEASE_OPS_GITHUB_WAIT_BASE_MS;
beforeAll(async () => {
  process.env.RELEASE_OPS_GITHUB_WAIT_BASE_MS = '1';
  env = await startFuzzEnv();
});
afterAll(async () => {
  await env.close();
  if (saved === undefined) delete process.env.RELEASE_OPS_GITHUB_WAIT_BASE_MS;
  else process.env.RELEASE_OPS_GITHUB_WAIT_BASE_MS = saved;
  removeWorkspaces();
});

/** A wrong outcome that is an instance of an open corpus entry is tracked there (corpus.test.ts). */
function assertClear(j: { ok: boolean; outcome: string; why?: string }, input: unknown): void {
  if (j.ok || knownOpen(j.why, corpus)) return;
  throw new Error(`${j.outcome}: ${j.why}\ninput: ${JSON.stringify(input)}`);
}

describe('generated configs', () => {
  it('200 mutated and random configs each end in a valid config or a ConfigError with its lines', () => {
    fc.assert(
      fc.property(configText(env.base), (text) => assertClear(judgeConfig(text), text)),
      { numRuns: 200, seed: SEED },
    );
  });

  it('durations: negative, zero, huge, unitless or garbled are refused clearly; 0 and valid ones pass', () => {
    const text = fc.oneof(
      fc.integer({ min: -100000, max: -1 }).map((n) => `${n}s`),
      fc.constantFrom(
        '0',
        '0s',
        '0ms',
        '-0s',
        '1e400s',
        '99999999d',
        '31d',
        '1.5.5m',
        's',
        '5 m',
        '5M',
        '∞',
        '٥s',
      ),
      fc
        .tuple(fc.nat(100), fc.constantFrom('ms', 's', 'm', 'h', 'd', 'w', 'y', ''))
        .map(([n, u]) => `${n}${u}`),
    );
    fc.assert(
      fc.property(text, (d) => {
        const parsed = parseDuration(d);
        if ('ms' in parsed) expect(parsed.ms).toBeGreaterThanOrEqual(0);
        const yaml = `canary:\n  deploy: [x]\n  steps: [{ weight: 100, pause: ${JSON.stringify(d)} }]\n  program_timeout: ${JSON.stringify(d)}\n`;
        assertClear(judgeConfig(yaml), yaml);
      }),
      { numRuns: 100, seed: SEED },
    );
  });
});

describe('generated command lines', () => {
  it('100 command lines (every command, every input, with and without a token) end clearly, in time', async () => {
    await fc.assert(
      fc.asyncProperty(cliCase(env), async (c) => assertClear(await judgeCli(c, env), c)),
      { numRuns: 100, seed: SEED },
    );
  }, 60_000);

  it('invalid semver in rc-tag, version, from (hotfix) and min-soak durations: exit 2 with the input named', async () => {
    const notSemver = fc
      .oneof(
        fc.string({ maxLength: 12 }),
        fc.constantFrom(
          'v1',
          '1.0',
          'v1.0.0.0',
          'v01.0.0',
          '1.0.0-',
          '1.0.0+',
          'v1.0.0-rc.01',
          'V1.0.0',
          '١.٠.٠',
          'v1.0.0 ',
        ),
      )
      .filter(
        (s) =>
          !/^v?(0|[1-9]\d*)\.(0|[1-9]\d*)\.(0|[1-9]\d*)(-[0-9A-Za-z.-]+)?(\+[0-9A-Za-z.-]+)?$/.test(
            s.trim(),
          ) && s.trim() !== '',
      );
    await fc.assert(
      fc.asyncProperty(
        notSemver,
        fc.constantFrom('rc-tag', 'version', 'from', 'min-soak'),
        async (value, input) => {
          const cmd = input === 'from' ? 'hotfix' : 'promote';
          const argv = [
            cmd,
            `--${input}=${value}`,
            ...(input === 'min-soak' ? ['--rc-tag', 'v1.1.0-rc1'] : []),
          ];
          const j = await judgeCli({ argv, token: true, repository: 'acme/shop' }, env);
          assertClear(j, argv);
          if (input !== 'min-soak' || !/^\d/.test(value.trim())) {
            expect({ argv, outcome: j.outcome }).toEqual({ argv, outcome: 'exit 2' });
            expect(j.stderr).toMatch(new RegExp(`input (${input}|rc-tag)`));
          }
        },
      ),
      { numRuns: 40, seed: SEED },
    );
  }, 60_000);
});
