/**
 * The rollback, step by step (docs/actions/auto-rollback.md):
 *
 *   resolve   from (input, else latest) and to (input, rc, else previous stable); in watch mode, run the
 *             watch first and act only when a trigger fires
 *   guard     nothing to do when already rolled back; never roll back a release that is live *because*
 *             of a rollback without being told to (no cascades, no loops); resume an unfinished one
 *   lock      the idempotency key (lock.ts): two runs at once act once
 *   incident  open or update the incident issue; one comment per step from here on
 *   notify    the go-live runbook template D to the webhook (once)
 *   demote    bad release → prerelease, not latest; banner (UTC time, reason) on top of its notes (once)
 *   latest    the target becomes latest
 *   deployment  the bad ref's deployment → failure/inactive; revert PR (revert-commit); the target's
 *             deployment → in_progress; the program runs with the target tag; verification; the target's
 *             deployment → success or failure
 *   hotfix    optional hotfix branch
 *   record    incident mitigation state, evidence
 *
 * Every step checks before it writes, so a re-run after a crash at any step converges. A failed
 * verification ends `rollback-failed`, loudly, and is never retried by release-ops itself.
 */
import { CancelledError, ConfigError, errorMessage } from '../errors.js';
import { runProgram } from '../deploy/index.js';
import { Notifier, resolveTemplates } from '../notify/index.js';
import type { GitHubPort, Release } from '../ports/index.js';
import { compareVersions, parseVersion } from '../release/version.js';
import type { AnalysisResult } from '../analysis/types.js';
import { hasBanner, withBanner } from './banner.js';
import {
  badDeploymentState,
  ensureTargetDeployment,
  markBadDeployment,
  setTargetStatus,
  targetDescription,
} from './deployments.js';
import { createHotfixBranch, planHotfix } from './hotfix.js';
import {
  incidentFor,
  incidentLabels,
  incidentTitle,
  listIncidents,
  StepComments,
  upsertIncident,
  type FoundIncident,
  type IncidentFacts,
  type IncidentPhase,
} from './incident.js';
import { Journal } from './journal.js';
import { acquireLock, runKeyFor, sweepLocks } from './lock.js';
import { buildPlan } from './plan.js';
import { openRevertPullRequest, revertBranch } from './revert.js';
import { looksRolledBack, resolveFrom, resolveTo, type Target, type TargetKind } from './target.js';
import type { Result, RollbackDeps, RollbackResult, RollbackSettings, StepRecord } from './types.js';
import { analyse, describeAnalysis, hypercareWindowFor } from './watch.js';

const iso = (ms: number) => new Date(ms).toISOString();

export async function runRollback(deps: RollbackDeps, s: RollbackSettings): Promise<RollbackResult> {
  return new RollbackRun(deps, s).run();
}

class RollbackRun {
  private readonly journal: Journal;
  private readonly started: number;
  private readonly r: RollbackResult;
  private triggeredAt: number;
  private reason: string;

  constructor(
    private readonly deps: RollbackDeps,
    private readonly s: RollbackSettings,
  ) {
    this.started = deps.clock.now();
    this.triggeredAt = this.started;
    this.journal = new Journal(deps.clock, deps.logger);
    this.reason = s.reason ?? defaultReason(s);
    if (s.webhookUrl) deps.redactor.add(s.webhookUrl);
    this.r = {
      result: 'dry-run',
      mode: s.mode,
      message: '',
      severity: s.severity,
      steps: this.journal.steps,
      plan: [],
      timings: { startedAt: iso(this.started), totalMs: 0 },
      ...(s.hypercareWindow && s.hypercareWindow !== 'auto' ? { hypercareWindow: s.hypercareWindow } : {}),
    };
  }

  private finish(result: Result, message: string): RollbackResult {
    this.r.result = result;
    this.r.message = message;
    this.r.reason ??= this.reason;
    this.r.timings.totalMs = Math.max(0, this.deps.clock.now() - this.started);
    if (FAILS.has(result)) this.deps.logger.error(message);
    else this.deps.logger.info(message);
    return this.r;
  }

  async run(): Promise<RollbackResult> {
    const gh = this.deps.gh;
    return gh ? this.withGitHub(gh) : this.withoutGitHub();
  }

  // ---------------------------------------------------------------------------------------------
  // Without a token (a terminal run): only the program and the verification, tags named explicitly.

  private async withoutGitHub(): Promise<RollbackResult> {
    const { s } = this;
    if (!s.from)
      throw ConfigError.input(
        'from',
        'without a GitHub token (GITHUB_TOKEN), name the bad release with from',
      );
    if (!s.to || s.to.toLowerCase() === 'rc') {
      throw ConfigError.input(
        'to',
        'without a GitHub token (GITHUB_TOKEN), name the target tag with to (rc needs GitHub to find the RC)',
      );
    }
    this.r.fromTag = s.from;
    this.r.toTag = s.to;
    this.r.targetKind = 'explicit';
    const skipped = 'no GitHub token: release, deployment and incident steps skipped';
    if (s.dryRun) {
      this.r.plan = buildPlan({
        s,
        fromTag: s.from,
        toTag: s.to,
        kind: 'explicit',
        github: false,
        reason: this.reason,
      });
      await this.journal.note('github', { status: 'skipped', detail: skipped });
      return this.finish('dry-run', `dry run: would roll back ${s.from} to ${s.to} (${skipped})`);
    }
    if (s.mode === 'watch') {
      const fired = await this.watch(s.from);
      if (fired) return fired;
    }
    await this.journal.note('github', { status: 'skipped', detail: skipped });
    if (s.hotfix)
      await this.journal.note('hotfix', {
        status: 'skipped',
        detail: 'the hotfix branch needs a GitHub token',
      });
    const out = await this.redeployAndVerify(null, s.from, s.to);
    return this.finish(out.result, out.message);
  }

  // ---------------------------------------------------------------------------------------------

  private async withGitHub(gh: GitHubPort): Promise<RollbackResult> {
    const { s, deps } = this;
    const label = s.incident.labels[0]!;
    const incidentsP = listIncidents(gh, label, 'all');
    incidentsP.catch(() => undefined); // awaited below; resolveFrom's error, if any, comes first
    const fromRes = await resolveFrom(gh, s.from);
    let from = fromRes.release;
    this.r.fromTag = from.tagName;
    if (s.hypercareWindow === 'auto') {
      const published = Date.parse(from.publishedAt ?? from.createdAt);
      this.r.hypercareWindow = hypercareWindowFor(deps.clock.now() - published);
    }

    // ---- guard: is the latest release live because of an earlier rollback? ------------------------
    let incidents = await incidentsP;
    let toInput = s.to;
    let stop: { result: Result; message: string } | undefined;
    if (fromRes.defaulted) {
      const guard = guardFor(incidents, from);
      if (guard) {
        const st = guard.state!;
        const ref = `incident #${guard.issue.number}`;
        if (st.phase === 'in-progress') {
          const resumed = await gh.getReleaseByTag(st.from);
          if (!resumed)
            throw new ConfigError({
              file: ref,
              message: `the unfinished rollback names ${st.from}, which has no release any more`,
            });
          deps.logger.warn(`resuming the unfinished rollback of ${st.from} to ${st.to} (${ref})`);
          from = resumed;
          this.r.fromTag = from.tagName;
          toInput ??= st.to;
        } else if (st.phase === 'rollback-failed') {
          stop = {
            result: 'refused',
            message:
              `${from.tagName} is live because ${st.from} was rolled back to it, and that rollback failed (${ref}, ${guard.issue.htmlUrl}). ` +
              `release-ops will not roll back again on its own: fix the service, close the incident, or name the release with from.`,
          };
        } else {
          stop = {
            // A watch that fires on the restored release must not cascade: loud, not silent.
            result: s.mode === 'watch' ? 'refused' : 'nothing-to-do',
            message:
              `${from.tagName} is live because ${st.from} was rolled back to it (${ref}, still open). ` +
              `release-ops does not roll back a restored release on its own; to roll back ${from.tagName} itself, name it with from.`,
          };
        }
      }
    }

    // ---- target ------------------------------------------------------------------------------------
    // Reads the act needs anyway, made alongside the target's resolution (after the watch in watch mode).
    const prefetch = () => {
      const reads = {
        latest:
          fromRes.defaulted && from.id === fromRes.release.id ? Promise.resolve(from) : gh.getLatestRelease(),
        commit: gh.resolveTagCommit(from.tagName),
      };
      reads.latest.catch(() => undefined);
      reads.commit.catch(() => undefined);
      return reads;
    };
    let reads = s.mode === 'watch' || stop ? null : prefetch();
    let target: Target | undefined;
    let noTarget: unknown;
    if (!stop) {
      try {
        const toRes = await resolveTo(gh, from, toInput, {
          environment: s.environment,
          incidentLabel: label,
          note: (text) => deps.logger.info(text),
        });
        target = { from, to: toRes.release, kind: toRes.kind };
        this.r.toTag = target.to.tagName;
        this.r.targetKind = target.kind;
      } catch (err) {
        // A watch of the first release still watches; it can only act if there is somewhere to go.
        if (s.mode !== 'watch' || s.dryRun || err instanceof ConfigError) throw err;
        noTarget = err;
        deps.logger.warn(`${errorMessage(err)}: the watch runs, but a trigger could not be acted on`);
      }
    }

    // ---- watch -------------------------------------------------------------------------------------
    if (s.mode === 'watch' && !s.dryRun) {
      const healthy = await this.watch(from.tagName);
      if (healthy) return healthy;
      if (noTarget) throw noTarget;
    }
    if (stop) return this.finish(stop.result, stop.message);
    if (!target) throw new Error('bug: no target resolved');

    reads ??= prefetch();
    const latest = await reads.latest;
    let existing = incidentFor(incidents, from.tagName);
    if (existing) this.r.incidentUrl = existing.issue.htmlUrl;

    const done = alreadyDone(target, latest, existing);
    if (done) {
      if (!s.dryRun) {
        const swept = await sweepLocks(gh, deps, {
          fromTag: from.tagName,
          runKey: runKeyFor(s.run.id),
          ttlMs: s.lockTtlMs,
        });
        if (swept) deps.logger.info(`removed ${swept} leftover rollback lock ref(s) of ${from.tagName}`);
      }
      return this.finish('nothing-to-do', done);
    }

    if (s.dryRun) {
      this.r.plan = buildPlan({
        s,
        fromTag: from.tagName,
        toTag: target.to.tagName,
        kind: target.kind,
        github: true,
        reason: this.reason,
        fromRelease: from,
        toRelease: target.to,
        latest,
        incident: existing,
      });
      for (const line of this.r.plan)
        await this.journal.note('plan', { status: 'planned', detail: line }, false);
      return this.finish(
        'dry-run',
        `dry run: would roll back ${from.tagName} to ${target.to.tagName} (${kindText(target.kind)}); nothing was changed`,
      );
    }

    // ---- lock ------------------------------------------------------------------------------------
    const commitSha = (await reads.commit) ?? from.targetCommitish;
    const lock = await acquireLock(gh, deps, {
      fromTag: from.tagName,
      commitSha,
      runKey: runKeyFor(s.run.id),
      ttlMs: s.lockTtlMs,
    });
    if (!lock.acquired) return this.finish('busy', `${lock.message}; this run stops without acting`);
    await this.journal.note(
      'lock',
      { status: 'done', detail: `${lock.lockRef}${lock.tookOver ? ` (${lock.tookOver})` : ''}` },
      false,
    );
    try {
      // What another run may have finished while we waited for the lock.
      const [fresh, freshIncidents, freshLatest] = await Promise.all([
        gh.getReleaseByTag(from.tagName),
        listIncidents(gh, label, 'all'),
        gh.getLatestRelease(),
      ]);
      from = fresh ?? from;
      target.from = from;
      incidents = freshIncidents;
      existing = incidentFor(incidents, from.tagName);
      const doneNow = alreadyDone(target, freshLatest, existing);
      if (doneNow) return this.finish('nothing-to-do', doneNow);
      return await this.act(gh, target, existing);
    } finally {
      try {
        await lock.release();
      } catch (err) {
        deps.logger.warn(
          `could not release the rollback lock ${lock.lockRef}: ${errorMessage(err)} (a re-run of this run takes it over)`,
        );
      }
    }
  }

  /** Watch mode: runs the watch; returns a finished result when no trigger fired, else null (act). */
  private async watch(fromTag: string): Promise<RollbackResult | null> {
    const { s, deps } = this;
    if (!s.watch)
      throw new ConfigError({
        file: 'config',
        key: 'rollback.watch',
        message: 'mode watch needs rollback.watch with health_url, ready_url or metrics',
      });
    deps.logger.info(`watching ${fromTag}: ${describeAnalysis(s.watch).join('; ')}`);
    const res = await analyse(deps, s.watch, `watch of ${fromTag}`);
    this.r.watch = res;
    if (res.decision === 'cancelled') throw new CancelledError(res.reason);
    if (res.decision === 'successful') {
      return this.finish(
        'healthy',
        `${fromTag} stayed healthy for the whole watch (${res.ticks} measurements): no rollback`,
      );
    }
    if (res.decision === 'inconclusive') {
      return this.finish(
        'inconclusive',
        `the watch of ${fromTag} could not decide: ${res.reason}. No rollback without evidence; check the metrics source`,
      );
    }
    this.triggeredAt = res.endedAt;
    this.r.timings.triggeredAt = iso(res.endedAt);
    this.reason = s.reason ? `${s.reason}: ${res.reason}` : res.reason;
    await this.journal.note('trigger', { status: 'done', detail: `watch fired: ${res.reason}` }, false);
    return null;
  }

  // ---------------------------------------------------------------------------------------------

  /**
   * Acting, under the lock, in two tracks at once: the record track (incident, message, demotion,
   * banner, latest, the bad deployment) and the recovery track (the target's deployment, the program,
   * the verification) — so the service's recovery waits for nothing but the lock, never for GitHub's
   * spacing between writes. A revert pull request (strategy revert-commit/both) is a third track.
   */
  private async act(gh: GitHubPort, target: Target, existing: FoundIncident | null): Promise<RollbackResult> {
    const { s, deps, journal } = this;
    const fromTag = target.from.tagName;
    const toTag = target.to.tagName;
    this.r.timings.triggeredAt ??= iso(this.triggeredAt);
    // masked before the banner and the incident shorten it: no part of a secret survives a cut
    const reason = deps.redactor.redact(
      this.r.watch ? this.reason : (s.reason ?? existing?.state?.reason ?? this.reason),
    );
    this.reason = reason;
    const facts: IncidentFacts = {
      from: fromTag,
      to: toTag,
      phase: 'in-progress',
      at: existing?.state?.phase === 'in-progress' ? existing.state.at : this.triggeredAt,
      severity: s.severity,
      reason,
      environment: s.environment,
      impact: s.incident.impact,
      targetKind: kindText(target.kind),
      hypercareWindow: this.r.hypercareWindow,
      runUrl: s.run.url,
      fromSha: (await gh.resolveTagCommit(fromTag)) ?? undefined,
    };
    const labels = incidentLabels(s.incident.labels, s.severity);
    const comments = new CommentQueue(gh);
    for (const rec of journal.steps) comments.enqueue(rec);
    journal.onRecord = async (rec) => comments.enqueue(rec);

    const notifier = new Notifier(deps, resolveTemplates({ abort: s.abortTemplate }), s.webhookUrl, {
      retries: 2,
      backoffMs: 500,
    });
    const notify = async (step: string, mitigation: string) => {
      if (comments.has(step, 'done')) {
        return journal.note(
          step,
          { status: 'already', detail: 'template D was sent by an earlier run' },
          false,
        );
      }
      const msg = await notifier.send('abort', {
        service: s.service,
        repository: `${gh.repo.owner}/${gh.repo.repo}`,
        tag: fromTag,
        previous_tag: toTag,
        environment: s.environment,
        reason,
        mitigation,
        next_update: '10 min',
        owner: s.run.actor,
        run_url: s.run.url,
      });
      const where = !s.webhookUrl
        ? 'recorded (no webhook-url)'
        : msg.webhook?.delivered
          ? 'posted to the webhook'
          : `NOT delivered to the webhook (${msg.webhook?.error})`;
      return journal.note(step, { status: 'done', detail: `template D ${where}: ${msg.text}` });
    };

    // ---- the record track ----------------------------------------------------------------------------
    const recordTrack = async () => {
      await journal.step('incident', async () => {
        const { issue, action } = await upsertIncident(gh, existing, facts, labels);
        this.r.incidentUrl = issue.htmlUrl;
        await comments.open(issue.number, action !== 'opened');
        return {
          status: action === 'opened' ? 'done' : 'already',
          detail: `${action} #${issue.number} "${incidentTitle(facts)}" ${issue.htmlUrl}`,
        };
      });
      await notify('notify', `Rollback in progress to ${toTag}`);

      const cur = target.from;
      const needDemote = !cur.prerelease;
      const needBanner = !hasBanner(cur.body);
      if (needDemote || needBanner) {
        await journal.step('demote', async () => {
          const banner = { at: facts.at, reason, toTag, incidentUrl: this.r.incidentUrl };
          target.from = await gh.updateRelease(cur.id, {
            ...(needDemote ? { prerelease: true, makeLatest: 'false' as const } : {}),
            ...(needBanner ? { body: withBanner(cur.body, banner) } : {}),
          });
          return needDemote
            ? {
                status: 'done',
                detail: `${fromTag} is now a prerelease and not latest (tag and release kept)`,
              }
            : { status: 'already', detail: `${fromTag} was already a prerelease and not latest` };
        });
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
              status: 'done',
              detail: `rollback banner (UTC time, reason) put at the top of ${fromTag}'s notes`,
            }
          : { status: 'already', detail: `${fromTag}'s notes already carry the rollback banner` },
      );

      await journal.step('latest', async () => {
        if (target.to.prerelease) {
          return {
            status: 'skipped',
            detail: `${toTag} is a prerelease, which GitHub never makes latest: it is restored as the operative reference (deployment and program)`,
          };
        }
        const latest = await gh.getLatestRelease();
        if (latest?.id === target.to.id)
          return { status: 'already', detail: `${toTag} is already the latest release` };
        await gh.updateRelease(target.to.id, { makeLatest: 'true' });
        return { status: 'done', detail: `${toTag} is now the latest release` };
      });

      const badState = badDeploymentState(s);
      await journal.step('deployment', async () => {
        const { deployment } = await markBadDeployment(gh, {
          fromTag,
          toTag,
          environment: s.environment,
          state: badState,
          logUrl: s.run.url,
        });
        return deployment
          ? {
              status: 'done',
              detail: `deployment ${deployment.id} of ${fromTag} in ${s.environment} marked ${badState}`,
            }
          : { status: 'skipped', detail: `no deployment of ${fromTag} in ${s.environment} to mark` };
      });
    };

    // ---- the revert track ----------------------------------------------------------------------------
    const revertTrack = async () => {
      await journal.step('revert', async () => {
        const pr = await openRevertPullRequest(gh, deps.process, {
          fromTag,
          toTag,
          dir: s.revert.directory,
          remote: s.revert.remote,
          reason,
          incidentUrl: this.r.incidentUrl,
          signal: deps.signal,
        });
        if (pr.pullRequestUrl) this.r.revertPrUrl = pr.pullRequestUrl;
        return { status: pr.already && !pr.pullRequestUrl ? 'already' : 'done', detail: pr.detail };
      });
    };

    const [rec, rev, red] = await Promise.allSettled([
      recordTrack(),
      s.strategy !== 'redeploy' ? revertTrack() : Promise.resolve(),
      s.strategy !== 'revert-commit' ? this.redeployAndVerify(gh, fromTag, toTag) : Promise.resolve(null),
    ]);

    const cancelled =
      deps.signal.aborted ||
      [rec, rev, red].some((x) => x.status === 'rejected' && x.reason instanceof CancelledError);
    const recordError =
      rec.status === 'rejected'
        ? rec.reason
        : red.status === 'fulfilled'
          ? red.value?.githubError
          : undefined;
    const revertError = rev.status === 'rejected' ? rev.reason : undefined;
    for (const e of [recordError, revertError, red.status === 'rejected' ? red.reason : undefined]) {
      if (e instanceof ConfigError) throw e;
    }

    let result: Result;
    let message: string;
    if (cancelled) {
      result = 'rollback-failed';
      message = `cancelled during the rollback of ${fromTag} to ${toTag}; the incident stays "in progress": re-run the job to finish (every step is idempotent)`;
    } else if (red.status === 'rejected') {
      result = 'rollback-failed';
      message = `the recovery stopped: ${errorMessage(red.reason)}; re-run the job to finish (every step is idempotent)`;
    } else if (s.strategy === 'revert-commit') {
      result = revertError ? 'rollback-failed' : 'revert-opened';
      message = revertError
        ? `the revert pull request (branch ${revertBranch(fromTag)}) could not be opened: ${errorMessage(revertError)}`
        : `${fromTag} is demoted, ${toTag} restored, and a revert pull request is open${this.r.revertPrUrl ? `: ${this.r.revertPrUrl}` : ''}`;
    } else {
      result = red.value!.result;
      message = red.value!.message;
      if (revertError) {
        result = 'rollback-failed';
        message += `; but the revert pull request (branch ${revertBranch(fromTag)}) could not be opened: ${errorMessage(revertError)}`;
      }
    }

    if (recordError !== undefined && !cancelled) {
      await comments.flush();
      const stopped = [...journal.steps].reverse().find((x) => x.status === 'failed')?.step ?? 'record';
      return this.finish(
        'rollback-failed',
        `${message}; but the GitHub record stopped at step ${stopped}: ${errorMessage(recordError)}. ` +
          `The incident stays "in progress": re-run the job to finish (every step is idempotent)`,
      );
    }
    if (cancelled) {
      await comments.flush();
      return this.finish(result, message);
    }

    // ---- hotfix branch ---------------------------------------------------------------------------------
    if (s.hotfix) {
      try {
        await journal.step('hotfix', async () => {
          const h = await createHotfixBranch(gh, planHotfix(fromTag));
          this.r.hotfix = { branch: h.branch, version: h.version };
          return { status: h.status === 'already' ? 'already' : 'done', detail: h.detail };
        });
      } catch (err) {
        if (err instanceof CancelledError) throw err;
        message += `; the hotfix branch was not created: ${errorMessage(err)}`;
      }
    }

    // ---- the record's last word ------------------------------------------------------------------------
    const phase: IncidentPhase =
      result === 'rolled-back'
        ? 'rolled-back'
        : result === 'revert-opened'
          ? 'revert-opened'
          : 'rollback-failed';
    try {
      if (phase === 'rollback-failed') {
        await notify('notify-failed', `Rollback to ${toTag} FAILED (${message}); a human must act`);
      }
      const healthAt = this.r.timings.healthRestoredAt
        ? Date.parse(this.r.timings.healthRestoredAt)
        : undefined;
      const final: IncidentFacts = {
        ...facts,
        phase,
        ...(healthAt ? { verifiedAt: healthAt } : {}),
        detail: phase === 'revert-opened' ? this.r.revertPrUrl : message,
      };
      await journal.step('record', async () => {
        const fresh = incidentFor(await listIncidents(gh, s.incident.labels[0]!, 'all'), fromTag);
        await upsertIncident(gh, fresh, final, labels);
        return { status: 'done', detail: `incident mitigation state: ${phase}` };
      });
      const commentError = await comments.flush();
      if (commentError) throw commentError;
    } catch (err) {
      if (err instanceof ConfigError) throw err;
      return this.finish(
        'rollback-failed',
        `${message}; but the incident could not be brought up to date: ${errorMessage(err)}. Re-run the job to finish`,
      );
    }
    return this.finish(result, message);
  }

  /**
   * The recovery track: the target's deployment (created alongside, never in the way), the program, the
   * verification, the deployment's final status. GitHub failures here do not stop the recovery; they are
   * returned as `githubError` for the record.
   */
  private async redeployAndVerify(
    gh: GitHubPort | null,
    fromTag: string,
    toTag: string,
  ): Promise<{ result: Result; message: string; githubError?: unknown }> {
    const { s, deps, journal } = this;
    let deploymentId: number | undefined;
    const deployment = gh
      ? journal
          .step('target-deployment', async () => {
            const { deployment, created } = await ensureTargetDeployment(gh, {
              fromTag,
              toTag,
              environment: s.environment,
              run: s.run,
            });
            await setTargetStatus(
              gh,
              deployment.id,
              'in_progress',
              `rolling back ${fromTag} to ${toTag}`,
              s.run.url,
            );
            deploymentId = deployment.id;
            return {
              status: created ? 'done' : 'already',
              detail: `deployment ${deployment.id} of ${toTag} in ${s.environment} (${targetDescription(fromTag, toTag)}): in_progress`,
            };
          })
          .then(
            () => undefined,
            (err: unknown) => err,
          )
      : Promise.resolve(undefined);

    const finishDeployment = async (
      state: 'success' | 'failure' | 'error',
      text: string,
    ): Promise<unknown> => {
      const err = await deployment;
      if (err !== undefined) return err;
      if (!gh || deploymentId === undefined) return undefined;
      const id = deploymentId;
      try {
        await journal.step('target-status', async () => {
          await setTargetStatus(gh, id, state, text, s.run.url);
          return { status: 'done', detail: `deployment ${id} of ${toTag}: ${state}` };
        });
        return undefined;
      } catch (e) {
        return e;
      }
    };

    try {
      // ---- the program ---------------------------------------------------------------------------------
      if (s.program) {
        const run = await runProgram(deps, {
          label: 'rollback',
          argv: s.program.argv,
          vars: { to_tag: toTag, from_tag: fromTag },
          cwd: s.program.cwd,
          timeoutMs: s.program.timeoutMs,
          signal: deps.signal,
        });
        this.r.timings.programMs = Math.round(run.durationMs);
        const tail = run.tail.slice(-5).join(' / ');
        await journal.note('program', {
          status: run.ok ? 'done' : 'failed',
          detail: `${run.argv.join(' ')}: ${run.exit} in ${(run.durationMs / 1000).toFixed(1)} s${run.ok || !tail ? '' : ` — ${tail}`}`,
        });
        if (run.cancelled) throw new CancelledError();
        if (!run.ok) {
          const githubError = await finishDeployment('failure', `rollback program ${run.exit}`);
          return {
            result: 'rollback-failed',
            message: `ROLLBACK FAILED: the rollback program ${run.exit}; ${toTag} may not be live. A human must act (release-ops does not retry)`,
            githubError,
          };
        }
      } else {
        await journal.note('program', {
          status: 'skipped',
          detail: 'no rollback.run configured: nothing redeployed by release-ops',
        });
      }

      // ---- verification ----------------------------------------------------------------------------------
      if (!s.verify) {
        await journal.note('verify', {
          status: 'skipped',
          detail: 'no rollback.verify or rollback.watch probes configured: health NOT verified',
        });
        const githubError = await finishDeployment(
          'success',
          `rolled back to ${toTag} (health not verified)`,
        );
        return {
          result: 'rolled-back',
          message: `rolled back ${fromTag} to ${toTag}; health was NOT verified (configure rollback.verify)`,
          githubError,
        };
      }
      const res: AnalysisResult = await analyse(deps, s.verify, `verification of ${toTag}`);
      this.r.verify = res;
      this.r.timings.verifyMs = Math.round(res.endedAt - res.startedAt);
      if (res.decision === 'cancelled') throw new CancelledError(res.reason);
      if (res.decision === 'successful') {
        this.r.timings.healthRestoredAt = iso(res.endedAt);
        await journal.note('verify', {
          status: 'done',
          detail: `health verified: ${res.reason} (${res.ticks} measurements)`,
        });
        const githubError = await finishDeployment('success', `rolled back to ${toTag}; health verified`);
        return {
          result: 'rolled-back',
          message: `rolled back ${fromTag} to ${toTag}; health verified (${res.ticks} measurements)`,
          githubError,
        };
      }
      await journal.note('verify', {
        status: 'failed',
        detail: `verification ${res.decision}: ${res.reason}`,
      });
      const githubError = await finishDeployment('failure', `verification ${res.decision}`);
      return {
        result: 'rollback-failed',
        message: `ROLLBACK FAILED: ${toTag} was redeployed but its health did not verify (${res.reason}). A human must act; release-ops will not retry`,
        githubError,
      };
    } catch (err) {
      if (err instanceof CancelledError || deps.signal.aborted) await finishDeployment('error', 'cancelled');
      throw err;
    }
  }
}

/**
 * Steps that get no comment of their own: the lock (internal), the incident (the issue itself), the
 * deployment's final status (the verification's comment says it) and the final record (the body says it).
 * GitHub spaces notifying writes 3 s apart, so every comment costs time on the record track.
 */
const SILENT_STEPS = new Set(['lock', 'incident', 'target-status', 'record', 'plan', 'github']);

/** Posts the step comments in order, in the background; steps recorded before the incident exists wait for it. */
class CommentQueue {
  private comments: StepComments | null = null;
  private pending: StepRecord[] = [];
  private chain: Promise<void> = Promise.resolve();
  private error: unknown;
  constructor(private readonly gh: GitHubPort) {}

  async open(issueNumber: number, load: boolean): Promise<void> {
    const c = new StepComments(this.gh, issueNumber);
    if (load) await c.load();
    this.comments = c;
    for (const rec of this.pending.splice(0)) this.push(rec);
  }

  enqueue(rec: StepRecord): void {
    if (SILENT_STEPS.has(rec.step)) return;
    if (this.comments) this.push(rec);
    else this.pending.push(rec);
  }

  has(step: string, status: 'done' | 'failed' | 'skipped'): boolean {
    return this.comments?.has(step, status) ?? false;
  }

  private push(rec: StepRecord): void {
    const c = this.comments!;
    this.chain = this.chain
      .then(() => (this.error === undefined ? c.post(rec) : undefined))
      .catch((err: unknown) => {
        this.error ??= err;
      });
  }

  /** Waits for every comment; returns the first error, if any. */
  async flush(): Promise<unknown> {
    await this.chain;
    return this.error;
  }
}

const FAILS = new Set<Result>(['rollback-failed', 'inconclusive', 'refused']);

function defaultReason(s: RollbackSettings): string {
  if (s.mode === 'watch') return 'hypercare watch trigger';
  const who = s.run.actor ? ` by ${s.run.actor}` : '';
  if (s.run.eventName === 'workflow_dispatch' || !s.run.eventName) return `manual rollback${who}`;
  return `automatic rollback after a failed step (${s.run.eventName})`;
}

function kindText(kind: TargetKind): string {
  return kind === 'last-live'
    ? 'last build live before it'
    : kind === 'previous-stable'
      ? 'previous stable release'
      : kind === 'rc'
        ? 'validated release candidate'
        : 'named target';
}

/**
 * When `from` defaulted to the latest release: is that release live *because of* an open rollback
 * incident (it was its target, or the incident's bad release is above it)? The most recent such incident.
 */
function guardFor(incidents: FoundIncident[], latest: Release): FoundIncident | null {
  const lv = parseVersion(latest.tagName);
  const hits = incidents.filter((f) => {
    if (f.issue.state !== 'open' || !f.state) return false;
    if (f.state.to === latest.tagName) return true;
    const fv = parseVersion(f.state.from);
    return Boolean(lv && fv && compareVersions(fv, lv) > 0);
  });
  return hits.sort((a, b) => b.issue.number - a.issue.number)[0] ?? null;
}

/** A message when there is nothing to do, else null (act, or resume an unfinished rollback). */
function alreadyDone(t: Target, latest: Release | null, existing: FoundIncident | null): string | null {
  const phase = existing?.issue.state === 'open' ? existing.state?.phase : undefined;
  if (phase === 'in-progress' || phase === 'rollback-failed') return null; // resume, or a deliberate retry
  if (!looksRolledBack(t, latest)) return null;
  const where = existing ? ` (incident #${existing.issue.number})` : '';
  return `${t.from.tagName} is already rolled back: it is demoted and ${t.to.tagName} is ${t.to.prerelease ? 'the operative reference' : 'the latest release'}${where}. Nothing to do`;
}
