/**
 * Mask, then shorten, for GitHub's 140-character descriptions: a deployment's description, a
 * deployment status's and a commit status's are cut at 140 characters by the port — after the
 * commands' redacting wrapper (redactingCalls) has masked the secrets in them. A secret placed at every
 * side of the cut (inside, straddling it, losing only its last character, just after it), shorter and
 * longer than the limit, leaves no start or end of itself (4 characters or more) in what GitHub stores.
 * A control shows the detector sees the leak that shortening first would make.
 */
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { Redactor, redactingCalls } from '../../src/evidence/redact.js';
import type { GitHubPort } from '../../src/ports/index.js';
import { startEmulator, type Emulator } from '../../support/github-emulator/index.js';
import { CLIP_SECRETS, offsets } from './lib/clip.js';
import { secretFragments } from './lib/expect.js';
import { port } from './lib/world.js';

const CUT = 140;
let emu: Emulator;
let gh: GitHubPort;
let sha: string;
const redactor = new Redactor();
const secrets = [CLIP_SECRETS.CLIP_SHORT, CLIP_SECRETS.CLIP_LONG];
for (const s of secrets) redactor.add(s);

beforeAll(async () => {
  emu = await startEmulator({ owner: 'acme', repo: 'shop' });
  sha = emu.seed.commit('feat: checkout');
  // as the commands hand the port to the engine: free text masked on the way to GitHub
  gh = redactingCalls(await port(emu.url), redactor);
});
afterAll(async () => {
  await emu.close();
});

/** `at` x's, the secret, then enough text that the whole is longer than the cut. */
const text = (secret: string, at: number) => `${'x'.repeat(at)}${secret} ${'y'.repeat(CUT)}`;
const placements = secrets.flatMap((s) =>
  offsets(CUT, s.length).map((at) => [`${s.length}-character secret at ${at}`, s, at] as const),
);

function leaks(stored: (string | null | undefined)[], secret: string): string[] {
  return stored.flatMap((d) => secretFragments(d ?? '', secret));
}

describe('a secret across the 140-character description cut leaves nothing of itself', () => {
  it.each(placements)('deployment and deployment status descriptions: %s', async (_n, secret, at) => {
    const d = await gh.createDeployment({
      ref: sha,
      environment: `cut-${secret.length}-${at}`,
      description: text(secret, at),
      requiredContexts: [],
    });
    await gh.createDeploymentStatus(d.id, { state: 'error', description: text(secret, at) });
    const rec = emu.state.deployments.find((x) => x.id === d.id)!;
    const stored = [rec.description, ...rec.statuses.map((s) => s.description)];
    expect(stored.every((s) => (s ?? '').length <= CUT)).toBe(true);
    expect(leaks(stored, secret)).toEqual([]);
  });

  it.each(placements)('commit status description: %s', async (_n, secret, at) => {
    const context = `cut-${secret.length}-${at}`;
    await gh.createCommitStatus(sha, { state: 'failure', context, description: text(secret, at) });
    const stored = emu.state.statuses.filter((s) => s.context === context).map((s) => s.description);
    expect(stored).toHaveLength(1);
    expect((stored[0] ?? '').length).toBeLessThanOrEqual(CUT);
    expect(leaks(stored, secret)).toEqual([]);
  });

  it('control: shortening before masking would leave part of the secret (what the detector catches)', () => {
    const secret = CLIP_SECRETS.CLIP_SHORT;
    const clippedFirst = redactor.redact(text(secret, CUT - 10).slice(0, CUT - 1) + '…');
    expect(leaks([clippedFirst], secret).length).toBeGreaterThan(0);
  });
});
