/**
 * Replays the corpus (corpus/*.json): every input that exposed a bug. A fixed entry must now end
 * clearly; an open entry (a bug in a file the hardening task may not edit, reported) is expected to
 * fail until it is fixed — `it.failing` turns red the day it passes, so the entry gets marked fixed.
 */
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { startFuzzEnv, type FuzzEnv } from './lib/bad-input.js';
import { loadCorpus, replay } from './lib/corpus.js';
import { removeWorkspaces } from './lib/world.js';

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

describe('corpus', () => {
  it('every entry says what it found and whether it is fixed or open', () => {
    expect(corpus.length).toBeGreaterThanOrEqual(10);
    for (const e of corpus) {
      expect({ id: e.id, found: typeof e.found, state: Boolean(e.fixed) !== Boolean(e.open) }).toEqual({
        id: e.id,
        found: 'string',
        state: true,
      });
    }
  });

  for (const e of corpus.filter((x) => x.fixed)) {
    it(`${e.id} (fixed in ${e.fixed})`, async () => {
      expect(await replay(e, env)).toEqual([]);
    }, 30_000);
  }

  for (const e of corpus.filter((x) => x.open)) {
    it.failing(
      `${e.id} (open: ${e.open})`,
      async () => {
        expect(await replay(e, env)).toEqual([]);
      },
      30_000,
    );
  }
});
