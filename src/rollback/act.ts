/**
 * Acting, under the lock, in tracks at once: the record track (incident, message, demotion, banner,
 * latest, the bad deployment) and the recovery track (recovery.ts: the target's deployment, the program,
 * the verification) — so the service's recovery waits for nothing but the lock, never for GitHub's
 * spacing between writes. A revert pull request (strategy revert-commit/both) is a third track. A dry
 * run walks the same tracks one after the other, each write recorded `planned`.
 *
 * Then the hotfix branch (input hotfix), the run's decision, and the incident's last word.
 */
import { CancelledError, ConfigError, errorMessage } from '../errors.js';
import type { GitHubPort, Release } from '../ports/index.js';
import { hasBanner, withBanner } from './banner.js';
import { causeOf, finish, iso, type RunContext } from './context.js';
import { badDeploymentState, markBadDeployment } from './deployments.js';
import { createHotfixBranch, planHotfix } from './hotfix/branch.js';
import {
  incidentFor,
  incidentLabels,
  incidentTitle,
  listIncidents,
  upsertIncident,
  type FoundIncident,
  type IncidentFacts,
  type IncidentPhase,
} from './incident.js';
import { follow, IncidentComments, notifications } from './listeners.js';
import { recover, type RecoveryOutcome } from './recovery.js';
import { kindText } from './resolve.js';
import { openRevertPullRequest, revertBranch } from './revert.js';
import type { Target } from './target.js';
import type { Result, RollbackResult } from './types.js';

export interface ActInput {
  target: Target;
  /** The bad build's commit. */
  fromSha: string | undefined;
  existing: FoundIncident | null;
  /** The latest release as read under the lock. */
  latest: Release | null;
}

export async function act(c: RunContext, gh: GitHubPort, a: ActInput): Promise<RollbackResult> {
  const facts = incidentFacts(c, a);
  const { from: fromTag, to: toTag } = facts;
  const comments = new IncidentComments(gh);
  const stopComments = c.journal.dryRun ? () => undefined : await follow(c.journal, comments.listener);
  const stopNotify = c.journal.subscribe(
    notifications(c, { fromTag, toTag, sentBefore: (step) => comments.has(step, 'done') }),
  );
  try {
    await c.journal.decide('roll-back', `${fromTag} → ${toTag} (${facts.targetKind}): ${facts.reason}`, {
      data: { from: fromTag, to: toTag, severity: facts.severity },
    });
    const tracks = await runTracks(c, gh, a, facts);
    if (tracks.cancelled || tracks.recordError !== undefined) {
      stopNotify();
      await comments.flush();
      return await finish(c, 'rollback-failed', stopped(c, tracks));
    }
    if (c.journal.dryRun) {
      await hotfixStep(c, gh, fromTag);
      await recordStep(c, gh, facts, 'rolled-back');
      return await finish(
        c,
        'dry-run',
        `dry run: would roll back ${fromTag} to ${toTag} (${facts.targetKind}); nothing was changed`,
      );
    }
    const message = tracks.message + (await hotfixStep(c, gh, fromTag));
    const last = await lastWord(c, gh, facts, comments, tracks.result, message);
    stopNotify(); // a record that broke off after a recovery is not a failed rollback to announce
    return await finish(c, last.result, last.message);
  } finally {
    stopNotify();
    stopComments();
  }
}

/** The incident's facts at the start: reason, severity, how it started, when. */
function incidentFacts(c: RunContext, a: ActInput): IncidentFacts {
  const { s, deps, r } = c;
  const { target, existing } = a;
  r.timings.triggeredAt ??= iso(c.triggeredAt);
  // masked before the banner and the incident shorten it: no part of a secret survives a cut
  c.reason = deps.redactor.redact(r.watch ? c.reason : (s.reason ?? existing?.state?.reason ?? c.reason));
  r.reason = c.reason;
  const cause = causeOf(s);
  const who = s.run.actor ? ` by ${s.run.actor}` : '';
  const trigger = r.severitySource.kind === 'trigger' ? ` (trigger ${r.severitySource.trigger})` : '';
  return {
    from: target.from.tagName,
    to: target.to.tagName,
    phase: 'in-progress',
    at: existing?.state?.phase === 'in-progress' ? existing.state.at : c.triggeredAt,
    severity: r.severity,
    reason: c.reason,
    environment: s.environment,
    impact: s.incident.impact,
    startedBy:
      cause === 'manual'
        ? `manual rollback${who}`
        : cause === 'watch'
          ? `the hypercare watch${trigger}`
          : `an automatic rollback after a failed step (${s.run.eventName})${who}`,
    targetKind: kindText(target.kind),
    hypercareWindow: r.hypercareWindow,
    runUrl: s.run.url,
    ...(a.fromSha ? { fromSha: a.fromSha } : {}),
  };
}

interface TrackResults {
  result: Result;
  message: string;
  cancelled: boolean;
  recordError?: unknown;
}

async function runTracks(
  c: RunContext,
  gh: GitHubPort,
  a: ActInput,
  facts: IncidentFacts,
): Promise<TrackResults> {
  const { s, journal } = c;
  const record = () => recordTrack(c, gh, a, facts);
  const revert = () => (s.strategy !== 'redeploy' ? revertTrack(c, gh, facts) : Promise.resolve());
  const recovery = () =>
    s.strategy !== 'revert-commit' ? recover(c, gh, facts.from, facts.to) : Promise.resolve(null);
  if (journal.dryRun) {
    await record();
    await revert();
    await recovery();
    return { result: 'dry-run', message: '', cancelled: false };
  }
  const [rec, rev, red] = await Promise.allSettled([record(), revert(), recovery()]);
  return combine(c, facts, rec, rev, red);
}

/** One result from the three tracks: the recovery decides, a failed revert or GitHub record spoils it. */
function combine(
  c: RunContext,
  facts: IncidentFacts,
  rec: PromiseSettledResult<void>,
  rev: PromiseSettledResult<void>,
  red: PromiseSettledResult<RecoveryOutcome | null>,
): TrackResults {
  const { from: fromTag, to: toTag } = facts;
  const cancelled =
    c.deps.signal.aborted ||
    [rec, rev, red].some((x) => x.status === 'rejected' && x.reason instanceof CancelledError);
  const recordError =
    rec.status === 'rejected' ? rec.reason : red.status === 'fulfilled' ? red.value?.githubError : undefined;
  const revertError = rev.status === 'rejected' ? rev.reason : undefined;
  for (const e of [recordError, revertError, red.status === 'rejected' ? red.reason : undefined])
    if (e instanceof ConfigError) throw e;
  const out = (result: Result, message: string): TrackResults => ({
    result,
    message,
    cancelled,
    recordError,
  });
  if (cancelled)
    return out(
      'rollback-failed',
      `cancelled during the rollback of ${fromTag} to ${toTag}; the incident stays "in progress": re-run the job to finish (every step is idempotent)`,
    );
  if (red.status === 'rejected')
    return out(
      'rollback-failed',
      `the recovery stopped: ${errorMessage(red.reason)}; re-run the job to finish (every step is idempotent)`,
    );
  const revertFailed = (e: unknown) =>
    `the revert pull request (branch ${revertBranch(fromTag)}) could not be opened: ${errorMessage(e)}`;
  if (!red.value) {
    if (revertError) return out('rollback-failed', revertFailed(revertError));
    const pr = c.r.revertPrUrl ? `: ${c.r.revertPrUrl}` : '';
    return out(
      'revert-opened',
      `${fromTag} is demoted, ${toTag} restored, and a revert pull request is open${pr}`,
    );
  }
  if (revertError) return out('rollback-failed', `${red.value.message}; but ${revertFailed(revertError)}`);
  return out(red.value.result, red.value.message);
}

/** The steps that write the GitHub record (the program and the verification are the recovery's own). */
const GITHUB_RECORD = new Set([
  'incident',
  'notify',
  'demote',
  'latest',
  'deployment',
  'target-deployment',
  'target-status',
]);

/** Why the run stopped before its last word: a cancelled job, or a GitHub record that broke off. */
function stopped(c: RunContext, t: TrackResults): string {
  if (t.cancelled) return t.message;
  const failed = [...c.journal.entries]
    .reverse()
    .find((e) => e.status === 'failed' && GITHUB_RECORD.has(e.name));
  return (
    `${t.message}; but the GitHub record stopped at step ${failed?.name ?? 'record'}: ${errorMessage(t.recordError)}. ` +
    `The incident stays "in progress": re-run the job to finish (every step is idempotent)`
  );
}

async function recordTrack(c: RunContext, gh: GitHubPort, a: ActInput, facts: IncidentFacts): Promise<void> {
  await incidentStep(c, gh, a.existing, facts);
  await demoteStep(c, gh, a.target, facts);
  await latestStep(c, gh, a.target, a.latest);
  await badDeploymentStep(c, gh, facts);
}

async function incidentStep(
  c: RunContext,
  gh: GitHubPort,
  existing: FoundIncident | null,
  facts: IncidentFacts,
): Promise<void> {
  const labels = incidentLabels(c.s.incident.labels, facts.severity);
  const plan = existing
    ? `INCIDENT update issue #${existing.issue.number} (labels ${labels.join(', ')}): mitigation "in progress", one comment per step`
    : `INCIDENT open an issue "${incidentTitle(facts)}" labelled ${labels.join(', ')}, with UTC time, reason, impact, mitigation state; one comment per step`;
  await c.journal.effect('incident', plan, async () => {
    const { issue, action } = await upsertIncident(gh, existing, facts, labels);
    c.r.incidentUrl = issue.htmlUrl;
    return {
      value: issue,
      outcome: {
        status: action === 'opened' ? 'done' : 'already',
        detail: `${action} #${issue.number} "${incidentTitle(facts)}" ${issue.htmlUrl}`,
        data: { issue: issue.number, url: issue.htmlUrl },
      },
    };
  });
}

/** The bad release: prerelease, not latest, the banner on top of its notes — one write, once. */
async function demoteStep(
  c: RunContext,
  gh: GitHubPort,
  target: Target,
  facts: IncidentFacts,
): Promise<void> {
  const { journal } = c;
  const cur = target.from;
  const fromTag = cur.tagName;
  const needDemote = !cur.prerelease;
  const needBanner = !hasBanner(cur.body);
  if (needDemote || needBanner) {
    const what = [
      needDemote ? 'prerelease: true, make_latest: false' : '',
      needBanner ? 'rollback banner (UTC time, reason) at the top of the notes' : '',
    ].filter(Boolean);
    await journal.effect(
      'demote',
      `RELEASE update ${fromTag} (id ${cur.id}): ${what.join('; ')} — tag and release kept`,
      async () => {
        const banner = { at: facts.at, reason: facts.reason, toTag: facts.to, incidentUrl: c.r.incidentUrl };
        target.from = await gh.updateRelease(cur.id, {
          ...(needDemote ? { prerelease: true, makeLatest: 'false' as const } : {}),
          ...(needBanner ? { body: withBanner(cur.body, banner) } : {}),
        });
        return {
          value: target.from,
          outcome: needDemote
            ? {
                status: 'done',
                detail: `${fromTag} is now a prerelease and not latest (tag and release kept)`,
              }
            : { status: 'already', detail: `${fromTag} was already a prerelease and not latest` },
        };
      },
    );
  } else {
    await journal.note('demote', {
      status: 'already',
      detail: `${fromTag} is already a prerelease and not latest`,
    });
  }
  await journal.note(
    'banner',
    needBanner
      ? {
          status: journal.dryRun ? 'planned' : 'done',
          detail: journal.dryRun
            ? `RELEASE ${fromTag}: the rollback banner (UTC time, reason) at the top of its notes, in the same write`
            : `rollback banner (UTC time, reason) put at the top of ${fromTag}'s notes`,
        }
      : { status: 'already', detail: `${fromTag}'s notes already carry the rollback banner` },
  );
}

/** The target becomes latest — unless it is a prerelease, which GitHub never makes latest. */
async function latestStep(
  c: RunContext,
  gh: GitHubPort,
  target: Target,
  latest: Release | null,
): Promise<void> {
  const { journal } = c;
  const to = target.to;
  if (to.prerelease)
    return journal.note('latest', {
      status: 'skipped',
      detail: `${to.tagName} is a prerelease, which GitHub never makes latest: it is restored as the operative reference (deployment and program)`,
    });
  const already = { status: 'already' as const, detail: `${to.tagName} is already the latest release` };
  if (journal.dryRun && latest?.id === to.id) return journal.note('latest', already);
  await journal.effect(
    'latest',
    `RELEASE update ${to.tagName} (id ${to.id}): make_latest: true`,
    async () => {
      // read again: demoting the bad release may have made the target latest already
      if ((await gh.getLatestRelease())?.id === to.id) return { value: null, outcome: already };
      await gh.updateRelease(to.id, { makeLatest: 'true' });
      return { value: null, outcome: { status: 'done', detail: `${to.tagName} is now the latest release` } };
    },
  );
}

/** The bad build's deployment: `failure` (a trigger, a failed step) or `inactive` (a manual rollback). */
async function badDeploymentStep(c: RunContext, gh: GitHubPort, facts: IncidentFacts): Promise<void> {
  const { s } = c;
  const state = badDeploymentState(s);
  const plan = `DEPLOYMENT mark the latest deployment of ${facts.from} in ${s.environment} ${state}`;
  await c.journal.effect('deployment', plan, async () => {
    const { deployment } = await markBadDeployment(gh, {
      fromTag: facts.from,
      toTag: facts.to,
      environment: s.environment,
      state,
      logUrl: s.run.url,
    });
    return {
      value: deployment,
      outcome: deployment
        ? {
            status: 'done',
            detail: `deployment ${deployment.id} of ${facts.from} in ${s.environment} marked ${state}`,
          }
        : { status: 'skipped', detail: `no deployment of ${facts.from} in ${s.environment} to mark` },
    };
  });
}

async function revertTrack(c: RunContext, gh: GitHubPort, facts: IncidentFacts): Promise<void> {
  const { s, deps } = c;
  const { from: fromTag, to: toTag } = facts;
  const branch = revertBranch(fromTag);
  const plan =
    `GIT in ${s.revert.directory}: fetch ${s.revert.remote}; revert the commits of ${toTag}..${fromTag} (no merges) on the default branch in a temporary worktree; push ${branch}; ` +
    `PULL REQUEST open "Revert ${fromTag} (rolled back to ${toTag})" from ${branch} into the default branch`;
  await c.journal.effect('revert', plan, async () => {
    const pr = await openRevertPullRequest(gh, deps.process, {
      fromTag,
      toTag,
      dir: s.revert.directory,
      remote: s.revert.remote,
      reason: facts.reason,
      incidentUrl: c.r.incidentUrl,
      signal: deps.signal,
    });
    if (pr.pullRequestUrl) c.r.revertPrUrl = pr.pullRequestUrl;
    return {
      value: pr,
      outcome: { status: pr.already && !pr.pullRequestUrl ? 'already' : 'done', detail: pr.detail },
    };
  });
}

/** Input hotfix: hotfix/<next patch> from the bad release's tag; returns what to add to the message. */
async function hotfixStep(c: RunContext, gh: GitHubPort, fromTag: string): Promise<string> {
  if (!c.s.hotfix) return '';
  let plan: ReturnType<typeof planHotfix>;
  try {
    plan = planHotfix(fromTag);
  } catch (err) {
    await c.journal.note('hotfix', { status: 'skipped', detail: `no hotfix branch: ${errorMessage(err)}` });
    return `; the hotfix branch was not created: ${errorMessage(err)}`;
  }
  try {
    await c.journal.effect(
      'hotfix',
      `BRANCH create ${plan.branch} at ${fromTag} (the hotfix is released as ${plan.tag})`,
      async () => {
        const h = await createHotfixBranch(gh, plan);
        c.r.hotfix = { branch: h.branch, version: h.version };
        return {
          value: h,
          outcome: { status: h.status === 'already' ? 'already' : 'done', detail: h.detail },
        };
      },
    );
    return '';
  } catch (err) {
    if (err instanceof CancelledError) throw err;
    return `; the hotfix branch was not created: ${errorMessage(err)}`;
  }
}

/** The run's decision, then the incident's mitigation state and the comments: the record's last word. */
async function lastWord(
  c: RunContext,
  gh: GitHubPort,
  facts: IncidentFacts,
  comments: IncidentComments,
  result: Result,
  message: string,
): Promise<{ result: Result; message: string }> {
  await c.journal.decide(result, message);
  try {
    await recordStep(c, gh, { ...facts, detail: message }, result);
    const commentError = await comments.flush();
    if (commentError) throw commentError;
  } catch (err) {
    if (err instanceof ConfigError) throw err;
    return {
      result: 'rollback-failed',
      message: `${message}; but the incident could not be brought up to date: ${errorMessage(err)}. Re-run the job to finish`,
    };
  }
  return { result, message };
}

async function recordStep(
  c: RunContext,
  gh: GitHubPort,
  facts: IncidentFacts,
  result: Result,
): Promise<void> {
  const phase: IncidentPhase =
    result === 'rolled-back'
      ? 'rolled-back'
      : result === 'revert-opened'
        ? 'revert-opened'
        : 'rollback-failed';
  const healthAt = c.r.timings.healthRestoredAt ? Date.parse(c.r.timings.healthRestoredAt) : undefined;
  const final: IncidentFacts = {
    ...facts,
    phase,
    ...(healthAt ? { verifiedAt: healthAt } : {}),
    detail: phase === 'revert-opened' ? c.r.revertPrUrl : facts.detail,
  };
  const plan = 'INCIDENT update the mitigation state (rolled back / rollback failed); release the lock';
  await c.journal.effect('record', plan, async () => {
    const fresh = incidentFor(await listIncidents(gh, c.s.incident.labels[0]!, 'all'), facts.from);
    await upsertIncident(gh, fresh, final, incidentLabels(c.s.incident.labels, facts.severity));
    return { value: null, outcome: { status: 'done', detail: `incident mitigation state: ${phase}` } };
  });
}
