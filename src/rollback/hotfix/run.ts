/**
 * The hotfix runbook (the release and incident flow): the next patch of the production tag
 * (`v1.0.1` → `1.0.2`) and the branch `hotfix/1.0.2` created from that tag through the GitHub API.
 *
 *   resolve   the production tag: input from (checked), else the build live in the environment
 *             (the ledger), else the latest release
 *   plan      the next patch and the branch name
 *   branch    what is there already (the tag's commit, a branch of that name), then the branch
 *
 * Without a token only the plan is made (a dry run succeeds; a real run fails: nothing was created).
 */
import { ConfigError } from '../../errors.js';
import { Journal } from '../../journal/journal.js';
import { resolveBuild } from '../../ledger/identity.js';
import { readEnvironment } from '../../ledger/ledger.js';
import type { Clock, GitHubPort, Logger } from '../../ports/index.js';
import { createHotfixBranch, inspectHotfixBranch, planHotfix, type HotfixPlan } from './branch.js';
import type { HotfixSettings } from './settings.js';

export type HotfixResultKind = 'created' | 'already' | 'dry-run' | 'not-created';

export interface HotfixResult {
  result: HotfixResultKind;
  message: string;
  plan?: HotfixPlan;
  /** The production tag's commit, when GitHub was asked. */
  sha?: string;
  journal: Journal['entries'];
  startedAt: number;
  endedAt: number;
}

export interface HotfixDeps {
  gh: GitHubPort | null;
  clock: Clock;
  logger: Logger;
}

export async function runHotfix(deps: HotfixDeps, s: HotfixSettings): Promise<HotfixResult> {
  const journal = new Journal(deps.clock, deps.logger, s.dryRun);
  const startedAt = deps.clock.now();
  const done = async (r: Omit<HotfixResult, 'journal' | 'startedAt' | 'endedAt'>): Promise<HotfixResult> => {
    await journal.decide(r.result, r.message);
    return { ...r, journal: journal.entries, startedAt, endedAt: deps.clock.now() };
  };
  if (!deps.gh) {
    const plan = await planStep(journal, fromWithoutGitHub(s));
    await journal.note('branch', {
      status: 'skipped',
      detail: 'no GitHub token: the branch was not created',
    });
    return s.dryRun
      ? done({
          result: 'dry-run',
          plan,
          message: `would create ${plan.branch} (no GitHub token to check or create it)`,
        })
      : done({
          result: 'not-created',
          plan,
          message: 'no GitHub token (GITHUB_TOKEN): the branch was not created',
        });
  }
  const gh = deps.gh;
  const from = await resolveStep(journal, gh, s);
  const plan = await planStep(journal, from);
  const seen = await journal.step('inspect', async () => {
    const i = await inspectHotfixBranch(gh, plan);
    return {
      status: 'done',
      detail: `${from} is ${i.sha.slice(0, 12)}`,
      data: { sha: i.sha, exists: i.exists },
    };
  });
  const sha = String(seen.data?.sha);
  const inspection = { sha, exists: seen.data?.exists === true };
  if (inspection.exists) {
    const message = `branch ${plan.branch} already exists at ${from} (${sha.slice(0, 12)})`;
    await journal.note('branch', { status: 'already', detail: message });
    return done({ result: 'already', plan, sha, message });
  }
  const detail = `BRANCH create ${plan.branch} at ${from} (${sha.slice(0, 12)}); release it as ${plan.tag}`;
  const out = await journal.effect('branch', detail, async () => {
    const o = await createHotfixBranch(gh, plan, inspection);
    return { value: o, outcome: { status: o.status, detail: o.detail } };
  });
  if (!out) return done({ result: 'dry-run', plan, sha, message: `would create ${plan.branch} at ${from}` });
  return done({ result: out.status === 'already' ? 'already' : 'created', plan, sha, message: out.detail });
}

function fromWithoutGitHub(s: HotfixSettings): string {
  if (!s.from)
    throw ConfigError.input(
      'from',
      'without a GitHub token, name the production tag with --from (and set GITHUB_TOKEN to create the branch)',
    );
  return s.from;
}

async function planStep(journal: Journal, from: string): Promise<HotfixPlan> {
  const plan = planHotfix(from);
  await journal.note('plan', {
    status: 'done',
    detail: `${from} → hotfix version ${plan.version} (released as ${plan.tag}) on branch ${plan.branch}`,
  });
  return plan;
}

async function resolveStep(journal: Journal, gh: GitHubPort, s: HotfixSettings): Promise<string> {
  let from = s.from;
  await journal.step('resolve', async () => {
    if (s.from) {
      await resolveBuild(gh, { input: 'from', tag: s.from, release: 'none' });
      return { status: 'done', detail: `${s.from} (input from)` };
    }
    const live = (await readEnvironment(gh, s.environment)).live;
    if (live) {
      from = live.tag;
      return {
        status: 'done',
        detail: `${from} (${live.sha.slice(0, 12)}) is live in ${s.environment} (ledger)`,
      };
    }
    const latest = await gh.getLatestRelease();
    if (!latest)
      throw ConfigError.input(
        'from',
        `nothing is recorded live in ${s.environment} and the repository has no latest release: name the production tag with from`,
      );
    from = latest.tagName;
    return {
      status: 'done',
      detail: `nothing recorded live in ${s.environment}: branching from the latest release, ${from}`,
    };
  });
  return from!;
}
