/**
 * The rollback, step by step (docs/actions/auto-rollback.md). Each step records into the run's journal;
 * the incident comments, the messages and the target deployment's statuses follow the journal
 * (listeners.ts, recovery.ts). A dry run is the same steps, each write recorded `planned`.
 *
 *   stale     deployments an earlier attempt of this run left in_progress → error (the ledger)
 *   resolve   from (input, else latest) and to (input, rc, else the last build live before it); the
 *             guard: no cascades, no loops, resume an unfinished rollback (resolve.ts)
 *   watch     watch mode: the watch runs first; the run acts only when a trigger fires
 *   done?     nothing to do when already rolled back
 *   lock      the idempotency key (lock.ts): two runs at once act once
 *   act       incident, message, demotion, banner, latest, deployments ‖ program, verification ‖ revert
 *             pull request; the hotfix branch; the decision; the incident's mitigation state (act.ts)
 *
 * Every step checks before it writes, so a re-run after a crash at any step converges. A failed
 * verification ends `rollback-failed`, loudly, and is never retried by release-ops itself.
 */
import { CancelledError, ConfigError, errorMessage } from '../errors.js';
import { formatDuration } from '../config/duration.js';
import { sweepStale } from '../ledger/ledger.js';
import type { GitHubPort, Release } from '../ports/index.js';
import { act } from './act.js';
import { finish, iso, newContext, type RunContext } from './context.js';
import { incidentFor, listIncidents } from './incident.js';
import { acquireLock, lockPrefix, runKeyFor, sweepLocks, type HeldLock } from './lock.js';
import { recover } from './recovery.js';
import { alreadyDone, resolveWithGitHub, type Resolved } from './resolve.js';
import type { RollbackSettings } from './settings.js';
import type { Target } from './target.js';
import type { RollbackDeps, RollbackResult } from './types.js';
import { analyse, describeAnalysis, triggerSeverity } from './watch.js';

export async function runRollback(deps: RollbackDeps, s: RollbackSettings): Promise<RollbackResult> {
  const c = newContext(deps, s);
  if (s.webhookUrl) deps.redactor.add(s.webhookUrl);
  return deps.gh ? withGitHub(c, deps.gh) : withoutGitHub(c);
}

async function withGitHub(c: RunContext, gh: GitHubPort): Promise<RollbackResult> {
  await staleStep(c, gh);
  const found = await resolveWithGitHub(c, gh);
  // reads the act needs anyway, made alongside (after the watch in watch mode)
  let reads = found.stop || c.s.mode === 'watch' ? null : prefetch(gh, found);
  if (c.s.mode === 'watch') {
    const quiet = await watchStep(c, found.from.tagName);
    if (quiet) return quiet;
    if (found.noTarget) throw found.noTarget;
  }
  if (found.stop) return finish(c, found.stop.result, found.stop.message);
  if (!found.target) throw new Error('bug: no target resolved');
  reads ??= prefetch(gh, found);
  const done = alreadyDone(found.target, await reads.latest, found.incidents);
  if (done) return nothingToDo(c, gh, found.target.from.tagName, done);
  const sha = (await reads.commit) ?? found.target.from.targetCommitish;
  c.r.fromSha = sha;
  return underLock(c, gh, found, sha, await reads.latest);
}

function prefetch(gh: GitHubPort, found: Resolved) {
  const reads = {
    latest: found.latest ? Promise.resolve(found.latest) : gh.getLatestRelease(),
    commit: gh.resolveTagCommit(found.from.tagName),
  };
  reads.latest.catch(() => undefined);
  reads.commit.catch(() => undefined);
  return reads;
}

/** Without a token (a terminal run): only the program and the verification, tags named explicitly. */
async function withoutGitHub(c: RunContext): Promise<RollbackResult> {
  const { s, journal, r } = c;
  if (!s.from)
    throw ConfigError.input('from', 'without a GitHub token (GITHUB_TOKEN), name the bad release with from');
  if (!s.to || s.to.toLowerCase() === 'rc')
    throw ConfigError.input(
      'to',
      'without a GitHub token (GITHUB_TOKEN), name the target tag with to (rc needs GitHub to find the RC)',
    );
  r.fromTag = s.from;
  r.toTag = s.to;
  r.targetKind = 'explicit';
  if (s.mode === 'watch') {
    const quiet = await watchStep(c, s.from);
    if (quiet) return quiet;
  }
  const skipped = 'no GitHub token: release, deployment and incident steps skipped';
  await journal.note('github', { status: 'skipped', detail: skipped });
  if (s.hotfix)
    await journal.note('hotfix', { status: 'skipped', detail: 'the hotfix branch needs a GitHub token' });
  const out = await recover(c, null, s.from, s.to);
  if (journal.dryRun)
    return finish(c, 'dry-run', `dry run: would roll back ${s.from} to ${s.to} (${skipped})`);
  return finish(c, out.result, out.message);
}

/** Deployments of the environment an earlier attempt of this run (or a long-gone run) left unsettled. */
async function staleStep(c: RunContext, gh: GitHubPort): Promise<void> {
  const { s, deps, journal } = c;
  const stale = await sweepStale(gh, s.environment, {
    runId: s.run.id,
    now: deps.clock.now(),
    staleAfterMs: s.staleAfterMs,
    dryRun: journal.dryRun,
  });
  if (!stale.marked.length) return;
  const would = journal.dryRun ? ' would be' : '';
  for (const m of stale.marked)
    deps.logger.warn(`deployment ${m.id} of ${m.tag}${would} marked error: ${m.why}`);
  await journal.note('stale', {
    status: journal.dryRun ? 'planned' : 'done',
    detail: `DEPLOYMENT${would} marked error: ${stale.marked.map((m) => `${m.id} of ${m.tag}`).join(', ')}`,
  });
}

/**
 * Watch mode: runs the watch; returns a finished result when no trigger fired, else null (act). When
 * one fired, its decision is the reason and the severity matrix's entry for it the severity.
 */
async function watchStep(c: RunContext, fromTag: string): Promise<RollbackResult | null> {
  const { s, deps, journal, r } = c;
  if (!s.watch)
    throw new ConfigError({
      file: 'config',
      key: 'rollback.watch',
      message: 'mode watch needs rollback.watch with health_url, ready_url or metrics',
    });
  const every = `every ${formatDuration(s.watch.intervalMs)} for ${formatDuration(s.watch.windowMs)}`;
  if (journal.dryRun) {
    const detail = `WATCH ${fromTag} ${every}; roll back when a limit is exceeded`;
    await journal.note('watch', { status: 'planned', detail, data: { lines: describeAnalysis(s.watch) } });
    return null;
  }
  deps.logger.info(`watching ${fromTag}: ${describeAnalysis(s.watch).join('; ')}`);
  const res = await analyse(deps, s.watch, `watch of ${fromTag}`, s.cwd);
  r.watch = res;
  await journal.note('watch', {
    status: 'done',
    detail: `${res.decision} after ${res.ticks} measurements (${every}): ${res.reason}`,
    data: { decision: res.decision },
  });
  if (res.decision === 'cancelled') throw new CancelledError(res.reason);
  if (res.decision === 'successful')
    return finish(
      c,
      'healthy',
      `${fromTag} stayed healthy for the whole watch (${res.ticks} measurements): no rollback`,
    );
  if (res.decision === 'inconclusive')
    return finish(
      c,
      'inconclusive',
      `the watch of ${fromTag} could not decide: ${res.reason}. No rollback without evidence; check the metrics source`,
    );
  c.triggeredAt = res.endedAt;
  r.timings.triggeredAt = iso(res.endedAt);
  c.reason = s.reason ? `${s.reason}: ${res.reason}` : res.reason;
  const fired = triggerSeverity(res, s.triggerSeverity);
  if (fired && !s.severityFromInput) {
    r.severity = fired.severity;
    r.severitySource = { kind: 'trigger', trigger: fired.trigger };
  }
  await journal.decide('trigger', `watch fired: ${res.reason}`, {
    data: { severity: r.severity, ...(fired ? { trigger: fired.trigger } : {}) },
  });
  return null;
}

async function nothingToDo(
  c: RunContext,
  gh: GitHubPort,
  fromTag: string,
  why: string,
): Promise<RollbackResult> {
  const { s, deps } = c;
  if (!c.journal.dryRun) {
    const swept = await sweepLocks(gh, deps, { fromTag, runKey: runKeyFor(s.run.id), ttlMs: s.lockTtlMs });
    if (swept) deps.logger.info(`removed ${swept} leftover rollback lock ref(s) of ${fromTag}`);
  }
  return finish(c, 'nothing-to-do', why);
}

/** The lock, then what another run may have finished while we waited for it, then the act. */
async function underLock(
  c: RunContext,
  gh: GitHubPort,
  found: Resolved,
  sha: string,
  latest: Release | null,
): Promise<RollbackResult> {
  const target: Target = found.target!;
  const fromTag = target.from.tagName;
  const lock = await lockStep(c, gh, fromTag, sha);
  if (lock && !lock.acquired) return finish(c, 'busy', `${lock.message}; this run stops without acting`);
  try {
    if (!lock)
      return await act(c, gh, {
        target,
        fromSha: sha,
        existing: incidentFor(found.incidents, fromTag),
        latest,
      });
    const [fresh, incidents, freshLatest] = await Promise.all([
      gh.getReleaseByTag(fromTag),
      listIncidents(gh, c.s.incident.labels[0]!, 'all'),
      gh.getLatestRelease(),
    ]);
    target.from = fresh ?? target.from;
    const doneNow = alreadyDone(target, freshLatest, incidents);
    if (doneNow) return await finish(c, 'nothing-to-do', doneNow);
    return await act(c, gh, {
      target,
      fromSha: sha,
      existing: incidentFor(incidents, fromTag),
      latest: freshLatest,
    });
  } finally {
    if (lock) await releaseLock(c, lock);
  }
}

/** The lock (undefined in a dry run: planned). */
async function lockStep(c: RunContext, gh: GitHubPort, fromTag: string, sha: string) {
  const { s, deps } = c;
  const plan = `LOCK create refs/${lockPrefix(fromTag)}lock-1 (idempotency key; a second run at once stops)`;
  return c.journal.effect('lock', plan, async () => {
    const lock = await acquireLock(gh, deps, {
      fromTag,
      commitSha: sha,
      runKey: runKeyFor(s.run.id),
      ttlMs: s.lockTtlMs,
    });
    return {
      value: lock,
      outcome: lock.acquired
        ? { status: 'done', detail: `${lock.lockRef}${lock.tookOver ? ` (${lock.tookOver})` : ''}` }
        : { status: 'skipped', detail: lock.message },
    };
  });
}

async function releaseLock(c: RunContext, lock: HeldLock | { acquired: false }): Promise<void> {
  if (!lock.acquired) return;
  try {
    await lock.release();
  } catch (err) {
    c.deps.logger.warn(
      `could not release the rollback lock ${lock.lockRef}: ${errorMessage(err)} (a re-run of this run takes it over)`,
    );
  }
}
