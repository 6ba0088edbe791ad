/**
 * The canary's preconditions, before anything runs: the tag (and previous tag) resolved to builds, a
 * build marked rolled back refused unless overridden, deployments a crashed run left in_progress
 * marked error, the previous tag chosen from the ledger — and for `--resume`, `--promote-now` and
 * `--abort`, the rollout to continue read from its GitHub deployment: the newest rollout of the
 * environment must be this build's, and in a state that mode can take over.
 */
import { ConfigError, ExternalError } from '../errors.js';
import { checkTagName, resolveBuild, type Build } from '../ledger/identity.js';
import { readEnvironment, sweepStale, type EnvironmentView } from '../ledger/ledger.js';
import { describeMark, refuseRolledBack, type RolledBackMark } from '../ledger/marks.js';
import type { GitHubPort } from '../ports/index.js';
import { latestRollout, type ProgressState, type Rollout } from './progress.js';
import type { CanaryMode, Continued, SettingsHost } from './settings.js';

export interface CanaryCustody {
  build: Build;
  previousTag: string | undefined;
  /** How the previous tag was chosen, for the report. */
  previousFrom: 'input' | 'ledger' | 'latest-release' | 'rollout' | 'none';
  mark: RolledBackMark | null;
  overridden: boolean;
  /** Whether a GitHub deployment is recorded (a token is available). */
  tracking: boolean;
  continued?: Continued;
}

interface CustodyOptions {
  tag: string;
  previousTag: string;
  expectedSha?: string;
  allowRolledBack?: string;
  environment: string;
  incidentLabel: string;
  staleAfterMs: number;
  dryRun: boolean;
  mode: CanaryMode;
  /** The config's step weights: a resumed rollout must have been started with the same. */
  weights: number[];
}

/** Which states each mode can take over. */
const TAKES: Record<Exclude<CanaryMode, 'start'>, ProgressState[]> = {
  resume: ['starting', 'running', 'paused', 'stopped', 'cancelled', 'not-started'],
  'promote-now': ['starting', 'running', 'paused', 'stopped', 'cancelled', 'not-started'],
  abort: ['starting', 'running', 'paused', 'stopped', 'cancelled'],
};

const WHY_NOT: Record<ProgressState, string> = {
  starting: 'it is starting',
  running: 'it is running',
  paused: 'it is paused',
  stopped: 'it stopped on a failure',
  cancelled: 'it was cancelled',
  'not-started': 'nothing of it was deployed',
  aborted: 'it was aborted and rolled back: start a new canary',
  promoted: 'it was promoted to 100% (to undo it, run rollback)',
};

/**
 * Resolves the tag (and previous tag) to builds and refuses a build marked rolled back, before
 * anything runs. The previous tag defaults to the build a continued rollout replaces, else the build
 * live in the environment (the ledger), else the latest release.
 */
export async function verifyCanaryBuild(ctx: SettingsHost, o: CustodyOptions): Promise<CanaryCustody> {
  const gh = await ctx.github();
  const expected = o.expectedSha;
  const allow = o.allowRolledBack;
  const build = await resolveBuild(gh, {
    input: 'tag',
    tag: o.tag,
    release: 'none',
    ...(expected ? { expectedSha: expected } : {}),
  });
  if (o.previousTag) checkTagName('previous-tag', o.previousTag);
  if (!gh) return untracked(ctx, o, build);
  ctx.logger.info(`${o.tag} is commit ${build.sha}`);
  if (o.previousTag) await resolveBuild(gh, { input: 'previous-tag', tag: o.previousTag, release: 'none' });
  const mark =
    o.mode === 'abort' ? null : await refuseRolledBack(gh, build, o.incidentLabel, allow || undefined);
  if (mark) ctx.logger.warn(`shipping a build marked rolled back (${describeMark(mark)}): ${allow}`);
  const rollout = o.mode === 'start' ? undefined : await rolloutToContinue(gh, o, build);
  const view = await readEnvironment(gh, o.environment);
  await sweep(ctx, gh, o, withoutRollout(view, rollout));
  const base = { build, mark, overridden: mark !== null, tracking: true };
  const continued = rollout && {
    deploymentId: rollout.deployment.id,
    progress: rollout.progress,
    description: rollout.description,
  };
  const prev = await previousTag(ctx, gh, { ...o, sha: build.sha }, view, rollout);
  return { ...base, ...prev, ...(continued ? { continued } : {}) };
}

function untracked(ctx: SettingsHost, o: CustodyOptions, build: Build): CanaryCustody {
  if (o.mode !== 'start')
    throw ConfigError.input(
      o.mode,
      `needs a GitHub token: the rollout's progress is recorded on its GitHub deployment (set GITHUB_TOKEN)`,
    );
  ctx.logger.warn(`build identity not verified: no GitHub token, so ${o.tag} was not resolved to a commit`);
  return {
    build,
    previousTag: o.previousTag || undefined,
    previousFrom: o.previousTag ? 'input' : 'none',
    mark: null,
    overridden: false,
    tracking: false,
  };
}

/** The rollout a resume, promote-now or abort continues: this build's, the newest of the environment. */
async function rolloutToContinue(gh: GitHubPort, o: CustodyOptions, build: Build): Promise<Rollout> {
  const mode = o.mode as Exclude<CanaryMode, 'start'>;
  const r = await latestRollout(gh, o.environment);
  const refuse = (why: string) =>
    new ExternalError(`refused: ${mode} of ${o.tag} in ${o.environment}: ${why}`, {
      hint: 'resume, promote-now and abort continue the newest canary of the environment, for the same build',
    });
  if (r === null) throw refuse('no canary was recorded in this environment');
  if (r === 'other')
    throw refuse(
      'the newest deployment of the environment is not a canary (a rollback or a redeploy came after it)',
    );
  if (r.sha !== build.sha)
    throw refuse(
      `the rollout there is ${r.tag} (${r.sha.slice(0, 12)}), another build than ${o.tag} (${build.sha.slice(0, 12)})`,
    );
  if (!TAKES[mode].includes(r.progress.state))
    throw refuse(`its deployment ${r.deployment.id} says "${r.description}": ${WHY_NOT[r.progress.state]}`);
  if (r.weights.length && r.weights.join(',') !== o.weights.join(','))
    throw refuse(
      `it was started with steps ${r.weights.join('% → ')}%, the config now has ${o.weights.join('% → ')}%: abort it or start again`,
    );
  return r;
}

function withoutRollout(view: EnvironmentView, rollout: Rollout | undefined): EnvironmentView {
  if (!rollout) return view;
  return { ...view, unsettled: view.unsettled.filter((e) => e.deployment.id !== rollout.deployment.id) };
}

async function sweep(
  ctx: SettingsHost,
  gh: GitHubPort,
  o: CustodyOptions,
  view: EnvironmentView,
): Promise<void> {
  const stale = await sweepStale(gh, o.environment, {
    runId: ctx.run.runId,
    now: ctx.clock.now(),
    staleAfterMs: o.staleAfterMs,
    view,
    dryRun: o.dryRun,
  });
  for (const m of stale.marked)
    ctx.logger.warn(`deployment ${m.id} of ${m.tag}${o.dryRun ? ' would be' : ''} marked error: ${m.why}`);
}

async function previousTag(
  ctx: SettingsHost,
  gh: GitHubPort,
  o: CustodyOptions & { sha: string },
  view: EnvironmentView,
  rollout: Rollout | undefined,
): Promise<Pick<CanaryCustody, 'previousTag' | 'previousFrom'>> {
  if (o.previousTag) return { previousTag: o.previousTag, previousFrom: 'input' };
  if (rollout?.replaces) {
    ctx.logger.info(`previous-tag not given: the rollout replaces ${rollout.replaces}`);
    return { previousTag: rollout.replaces, previousFrom: 'rollout' };
  }
  if (view.live && view.live.sha !== o.sha) {
    ctx.logger.info(`previous-tag not given: ${view.live.tag} is live in ${o.environment} (ledger)`);
    return { previousTag: view.live.tag, previousFrom: 'ledger' };
  }
  const latest = await gh.getLatestRelease();
  if (latest && latest.tagName !== o.tag) {
    ctx.logger.info(
      `previous-tag not given and nothing recorded live in ${o.environment}: using the latest release, ${latest.tagName}`,
    );
    return { previousTag: latest.tagName, previousFrom: 'latest-release' };
  }
  return { previousTag: undefined, previousFrom: 'none' };
}

export function custodyEvidence(c: CanaryCustody): Record<string, unknown> {
  return {
    tag: c.build.tag,
    sha: c.build.sha || null,
    verified: c.build.verified,
    previous_tag: c.previousTag ?? null,
    previous_tag_from: c.previousFrom,
    rolled_back_mark: c.mark,
    allow_rolled_back: c.overridden,
  };
}
