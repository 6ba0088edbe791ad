/**
 * Creates whose answer is lost: the emulator applies the create (it is in its state), then the client
 * gets a proxy's 502 or a reset connection instead of the answer (fault kind `lost-answer`). Every kind
 * of create the port makes — issue, comment, deployment, draft release, ref, check run, pull request —
 * must leave exactly one object, counted in the emulator's state, and hand back that object.
 *
 * `lostTally` adds up, over every case that ran (these and the commands' lost-answer cases), the
 * answers lost and the duplicates found: the bench prints it as `lost_answer_duplicates`.
 */
import type { GitHubPort } from '../../../src/ports/index.js';
import type { Emulator, FaultSpec } from '../../../support/github-emulator/index.js';
import type { Case } from './cases.js';
import { bounded, Violations } from './expect.js';
import { openWorld, port, type ActionName } from './world.js';

export const lostTally = { cases: 0, lost: 0, duplicates: 0 };

/** Requests whose answer the emulator lost after applying them (a 2xx it never sent). */
export const lostAnswers = (emu: Emulator): number =>
  emu.requests.filter((r) => r.fault === 'lost-answer' && r.status >= 200 && r.status < 300).length;

/** Counts one case's lost answers and the duplicates they made (`objects` found where one belongs). */
export function tallyLost(v: Violations, emu: Emulator, what: string, objects: number): void {
  const lost = lostAnswers(emu);
  lostTally.cases += 1;
  lostTally.lost += lost;
  lostTally.duplicates += Math.max(0, objects - 1);
  v.ok(lost >= 1, `no answer was lost (the fault did not fire): ${what}`);
  v.eq(`${what} in GitHub's state`, objects, 1);
}

export type LostAs = NonNullable<FaultSpec['lostAs']>;

interface Kind {
  /** The create, as the case names it. */
  name: string;
  /** The action whose runs make this create. */
  action: ActionName;
  method: string;
  path: RegExp;
  /** Makes the create through the port; returns a description of what came back, for the check. */
  create(gh: GitHubPort, emu: Emulator, tag: string): Promise<unknown>;
  /** How many objects of this create the emulator holds. */
  count(emu: Emulator, tag: string): number;
  /** What the create must have answered (the object GitHub made). */
  answered(emu: Emulator, tag: string, answer: unknown, v: Violations): void;
}

const issueNamed = (emu: Emulator, title: string) =>
  emu.state.issues.filter((i) => i.title === title && !i.is_pull_request);

export const KINDS: Kind[] = [
  {
    name: 'issue',
    action: 'auto-rollback',
    method: 'POST',
    path: /\/issues$/,
    create: (gh, _emu, tag) =>
      gh.createIssue({ title: `Rollback ${tag}`, body: 'error rate 7%', labels: ['incident'] }),
    count: (emu, tag) => issueNamed(emu, `Rollback ${tag}`).length,
    answered: (emu, tag, answer, v) => {
      const made = issueNamed(emu, `Rollback ${tag}`)[0];
      v.eq('the issue answered', (answer as { number?: number }).number, made?.number);
      v.eq('its body as given (the marker hidden)', (answer as { body?: string }).body, 'error rate 7%');
    },
  },
  {
    name: 'comment',
    action: 'auto-rollback',
    method: 'POST',
    path: /\/issues\/\d+\/comments$/,
    create: async (gh, _emu, tag) => {
      const issue = await gh.createIssue({ title: `Incident ${tag}`, body: 'x' });
      return gh.createIssueComment(issue.number, `step demote done (${tag})`);
    },
    count: (emu, tag) =>
      issueNamed(emu, `Incident ${tag}`)[0]?.comments.filter((c) =>
        c.body.endsWith(`step demote done (${tag})`),
      ).length ?? 0,
    answered: (emu, tag, answer, v) => {
      const made = issueNamed(emu, `Incident ${tag}`)[0]?.comments[0];
      v.eq('the comment answered', (answer as { id?: number }).id, made?.id);
    },
  },
  {
    name: 'deployment',
    action: 'canary-promote',
    method: 'POST',
    path: /\/deployments$/,
    create: (gh, emu, tag) =>
      gh.createDeployment({
        ref: emu.state.refs.get('refs/heads/main')!,
        environment: tag,
        requiredContexts: [],
      }),
    count: (emu, tag) => emu.state.deployments.filter((d) => d.environment === tag).length,
    answered: (emu, tag, answer, v) => {
      const made = emu.state.deployments.find((d) => d.environment === tag);
      v.eq('the deployment answered', (answer as { id?: number }).id, made?.id);
    },
  },
  {
    name: 'draft-release',
    action: 'rc-to-ga',
    method: 'POST',
    path: /\/releases$/,
    create: (gh, emu, tag) =>
      gh.createRelease({
        tagName: tag,
        targetCommitish: emu.state.refs.get('refs/heads/main')!,
        draft: true,
        body: `notes of ${tag}`,
      }),
    count: (emu, tag) => emu.state.releases.filter((r) => r.tag_name === tag).length,
    answered: (emu, tag, answer, v) => {
      const made = emu.state.releases.find((r) => r.tag_name === tag);
      v.eq('the release answered', (answer as { id?: number }).id, made?.id);
      v.eq('a draft', (answer as { draft?: boolean }).draft, true);
    },
  },
  {
    name: 'ref',
    action: 'rc-to-ga',
    method: 'POST',
    path: /\/git\/refs$/,
    create: (gh, emu, tag) => gh.createRef(`refs/tags/${tag}`, emu.state.refs.get('refs/heads/main')!),
    // a ref name is unique: a second create is refused (422) rather than duplicated; the call must succeed
    count: (emu, tag) => (emu.state.refs.has(`refs/tags/${tag}`) ? 1 : 0),
    answered: (emu, tag, answer, v) => {
      v.eq('the ref answered', (answer as { ref?: string }).ref, `refs/tags/${tag}`);
      v.eq('at our commit', (answer as { sha?: string }).sha, emu.state.refs.get(`refs/tags/${tag}`));
    },
  },
  {
    name: 'check-run',
    action: 'readiness-gate',
    method: 'POST',
    path: /\/check-runs$/,
    create: (gh, emu, tag) =>
      gh.createCheckRun({
        name: `gate ${tag}`,
        headSha: emu.state.refs.get('refs/heads/main')!,
        status: 'completed',
        conclusion: 'success',
        title: 'PASS',
        summary: 'all checks passed',
      }),
    count: (emu, tag) => emu.state.checkRuns.filter((r) => r.name === `gate ${tag}`).length,
    answered: (emu, tag, answer, v) => {
      const made = emu.state.checkRuns.find((r) => r.name === `gate ${tag}`);
      v.eq('the check run answered', (answer as { id?: number }).id, made?.id);
    },
  },
  {
    name: 'pull-request',
    action: 'auto-rollback',
    method: 'POST',
    path: /\/pulls$/,
    create: (gh, emu, tag) => {
      const branch = `revert/${tag}`;
      emu.seed.commit(`Revert ${tag}`, { branch });
      return gh.createPullRequest({ title: `Revert ${tag}`, head: branch, base: 'main', body: 'reverts it' });
    },
    // an open pull request per head and base is unique: a second is refused (422); the call must succeed
    count: (emu, tag) => emu.state.pulls.filter((p) => p.head === `revert/${tag}`).length,
    answered: (emu, tag, answer, v) => {
      const made = emu.state.pulls.find((p) => p.head === `revert/${tag}`);
      v.eq('the pull request answered', (answer as { number?: number }).number, made?.number);
    },
  },
];

/** One create through the real port, its answer lost once (`lostAs`): one object, and the port answers with it. */
function portCase(kind: Kind, lostAs: LostAs): Case {
  return {
    id: `${kind.action}/lost-answer-${kind.name}:port:${lostAs}`,
    action: kind.action,
    fault: `POST ${kind.path.source}: GitHub applies the ${kind.name} create, then the answer is lost (${lostAs === 'reset' ? 'a reset connection' : "a proxy's 502"})`,
    expected: `the port finds the ${kind.name} its create made (by its marker) instead of making another: exactly one exists, and the call answers with it`,
    async run() {
      const w = await openWorld(kind.action);
      try {
        const tag = `lost-${kind.name}-${lostAs}`;
        const gh = await port(w.emu.url);
        w.emu.resetRequests();
        w.emu.faults.add({ method: kind.method, path: kind.path, kind: 'lost-answer', lostAs, times: 1 });
        const v = new Violations();
        const answer = await bounded(30_000, this.id, () => kind.create(gh, w.emu, tag)).catch(
          (e: unknown) => {
            v.ok(false, `the create failed: ${(e as Error).message}`);
            return {};
          },
        );
        tallyLost(v, w.emu, `${kind.name}s`, kind.count(w.emu, tag));
        kind.answered(w.emu, tag, answer, v);
        return v.list;
      } finally {
        await w.close();
      }
    },
  };
}

/** Every kind of create × both ways of losing the answer. */
export function portLostAnswerCases(): Case[] {
  return KINDS.flatMap((k) => (['bad-gateway', 'reset'] as const).map((m) => portCase(k, m)));
}
