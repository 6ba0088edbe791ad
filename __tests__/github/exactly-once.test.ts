/**
 * Writes happen exactly once: GitHub applies a create whose answer is then lost (a proxy's 502, a
 * reset connection). The port looks for the object its create marked before trying again, so one
 * issue, comment, deployment, draft release, ref, check run or pull request exists afterwards — never
 * two. First every kind against the emulator's `lost-answer` fault (the objects counted in its state),
 * then the same through a lossy proxy in front of it.
 */
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { createGitHubPort } from '../../src/github/create.js';
import { silentLogger, type GitHubPort } from '../../src/ports/index.js';
import { startEmulator, type Emulator } from '../../support/github-emulator/index.js';
import { KINDS, portLostAnswerCases } from '../hardening/lib/lost-answers.js';
import { startLossyProxy, type LossyProxy } from '../hardening/lib/lossy-proxy.js';
import { removeWorkspaces } from '../hardening/lib/world.js';

let emu: Emulator;
let proxy: LossyProxy;
let gh: GitHubPort;
let sha: string;

beforeAll(async () => {
  emu = await startEmulator({ owner: 'acme', repo: 'shop' });
  sha = emu.seed.commit('feat: checkout');
  emu.seed.tag('v1.1.0', sha);
  proxy = await startLossyProxy(emu.url);
  gh = await createGitHubPort({
    token: 'ghs_onceToken0123456789',
    owner: 'acme',
    repo: 'shop',
    baseUrl: proxy.url,
    logger: silentLogger,
    retries: 2,
    retryAfterBaseMs: 1,
  });
});
afterAll(async () => {
  await proxy.close();
  await emu.close();
  removeWorkspaces();
});

describe('every kind of create, its answer lost by the emulator after it applied it', () => {
  const cases = portLostAnswerCases();
  it('covers issue, comment, deployment, draft release, ref, check run and pull request, both ways', () => {
    expect(KINDS.map((k) => k.name)).toEqual([
      'issue',
      'comment',
      'deployment',
      'draft-release',
      'ref',
      'check-run',
      'pull-request',
    ]);
    expect(cases).toHaveLength(14);
  });
  it.each(cases.map((c) => [c.id, c] as const))('%s: exactly one exists', async (_id, c) => {
    expect(await c.run()).toEqual([]);
  });
});

describe.each(['bad-gateway', 'reset'] as const)('a create whose answer is lost (%s)', (mode) => {
  it('an incident issue and a comment on it are made once', async () => {
    const before = emu.state.issues.length;
    proxy.lose({ method: 'POST', path: /\/issues$/, mode });
    const issue = await gh.createIssue({
      title: `Rollback (${mode})`,
      body: 'error rate 7%',
      labels: ['incident'],
    });
    expect(emu.state.issues.length).toBe(before + 1);
    expect(issue.body).toBe('error rate 7%');

    proxy.lose({ method: 'POST', path: /\/comments$/, mode });
    await gh.createIssueComment(issue.number, 'step demote done');
    const comments = await gh.listIssueComments(issue.number);
    expect(comments.map((c) => c.body)).toEqual(['step demote done']);
  });

  it('a deployment is made once', async () => {
    const before = emu.state.deployments.length;
    proxy.lose({ method: 'POST', path: /\/deployments$/, mode });
    const d = await gh.createDeployment({ ref: sha, environment: `prod-${mode}`, requiredContexts: [] });
    expect(emu.state.deployments.length).toBe(before + 1);
    expect(d.sha).toBe(sha);
  });

  it('a draft release is made once', async () => {
    const before = emu.state.releases.length;
    proxy.lose({ method: 'POST', path: /\/releases$/, mode });
    const r = await gh.createRelease({
      tagName: `v1.1.0-${mode}`,
      targetCommitish: sha,
      draft: true,
      body: 'notes',
    });
    expect(emu.state.releases.length).toBe(before + 1);
    expect(r).toMatchObject({ draft: true, body: 'notes' });
  });
});
