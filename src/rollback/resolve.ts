/**
 * The first step: which release is bad and which one to restore, read from GitHub (target.ts), and
 * the guard against cascades — a release that is live *because of* an open rollback incident is not
 * rolled back on its own; an unfinished rollback is resumed. In `hypercare-window: auto`, the window
 * is named from the bad build's first deployment in the environment (the ledger).
 */
import { ConfigError, errorMessage } from '../errors.js';
import { deploymentsOfBuild } from '../ledger/ledger.js';
import type { GitHubPort, Release } from '../ports/index.js';
import { compareVersions, parseVersion } from '../release/version.js';
import { iso, type RunContext } from './context.js';
import { incidentFor, listIncidents, type FoundIncident } from './incident.js';
import { looksRolledBack, resolveFrom, resolveTo, type Target } from './target.js';
import type { Result } from './types.js';
import { hypercareWindowFor } from './watch.js';

export interface Resolved {
  from: Release;
  /** The latest release, when `from` is it (from defaulted to it). */
  latest?: Release;
  /** The incidents release-ops opened (any state), read once at the start. */
  incidents: FoundIncident[];
  /** Undefined when the run stops, or when a watch has nowhere to go (`noTarget` says why). */
  target?: Target;
  noTarget?: unknown;
  /** The guard's answer when the run must not act. */
  stop?: { result: Result; message: string };
}

export async function resolveWithGitHub(c: RunContext, gh: GitHubPort): Promise<Resolved> {
  let out: Resolved | undefined;
  await c.journal.step('resolve', async () => {
    out = await resolveSteps(c, gh);
    const { from, target, stop } = out;
    const to = target ? ` → ${target.to.tagName} (${kindText(target.kind)})` : '';
    return {
      status: stop ? 'skipped' : 'done',
      detail: `${from.tagName}${to}${stop ? `: ${stop.result}` : ''}`,
      data: { from: from.tagName, ...(target ? { to: target.to.tagName, kind: target.kind } : {}) },
    };
  });
  return out!;
}

async function resolveSteps(c: RunContext, gh: GitHubPort): Promise<Resolved> {
  const { s, deps, r } = c;
  const label = s.incident.labels[0]!;
  const incidentsP = listIncidents(gh, label, 'all');
  incidentsP.catch(() => undefined); // awaited below; resolveFrom's error, if any, comes first
  const fromRes = await resolveFrom(gh, s.from);
  const incidents = await incidentsP;
  const guarded = fromRes.defaulted ? await guard(c, gh, incidents, fromRes.release) : {};
  const from = guarded.resumed ?? fromRes.release;
  const latest = fromRes.defaulted && !guarded.resumed ? { latest: from } : {};
  r.fromTag = from.tagName;
  if (s.hypercareWindow === 'auto') await nameHypercareWindow(c, gh, from);
  if (guarded.stop) return { from, ...latest, incidents, stop: guarded.stop };
  try {
    const to = await resolveTo(gh, from, s.to ?? guarded.resumedTo, {
      environment: s.environment,
      incidentLabel: label,
      note: (text) => deps.logger.info(text),
    });
    r.toTag = to.release.tagName;
    r.targetKind = to.kind;
    return { from, ...latest, incidents, target: { from, to: to.release, kind: to.kind } };
  } catch (err) {
    // A watch of the first release still watches; it can only act if there is somewhere to go.
    if (s.mode !== 'watch' || s.dryRun || err instanceof ConfigError) throw err;
    deps.logger.warn(`${errorMessage(err)}: the watch runs, but a trigger could not be acted on`);
    return { from, ...latest, incidents, noTarget: err };
  }
}

/**
 * When `from` defaulted to the latest release: is it live because of an earlier rollback? An
 * unfinished one is resumed; after a failed one, or while its incident is open, the run stops.
 */
async function guard(
  c: RunContext,
  gh: GitHubPort,
  incidents: FoundIncident[],
  latest: Release,
): Promise<{ resumed?: Release; resumedTo?: string; stop?: Resolved['stop'] }> {
  const found = guardFor(incidents, latest);
  if (!found) return {};
  const st = found.state!;
  const ref = `incident #${found.issue.number}`;
  if (st.phase === 'in-progress') {
    const resumed = await gh.getReleaseByTag(st.from);
    if (!resumed)
      throw new ConfigError({
        file: ref,
        message: `the unfinished rollback names ${st.from}, which has no release any more`,
      });
    await c.journal.decide('resume', `resuming the unfinished rollback of ${st.from} to ${st.to} (${ref})`);
    return { resumed, resumedTo: st.to };
  }
  if (st.phase === 'rollback-failed')
    return {
      stop: {
        result: 'refused',
        message:
          `${latest.tagName} is live because ${st.from} was rolled back to it, and that rollback failed (${ref}, ${found.issue.htmlUrl}). ` +
          `release-ops will not roll back again on its own: fix the service, close the incident, or name the release with from.`,
      },
    };
  return {
    stop: {
      // A watch that fires on the restored release must not cascade: loud, not silent.
      result: c.s.mode === 'watch' ? 'refused' : 'nothing-to-do',
      message:
        `${latest.tagName} is live because ${st.from} was rolled back to it (${ref}, still open). ` +
        `release-ops does not roll back a restored release on its own; to roll back ${latest.tagName} itself, name it with from.`,
    },
  };
}

/**
 * The most recent open rollback incident the latest release is live because of: it was its target,
 * or the incident's bad release is above it.
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

/**
 * hypercare-window auto: hours since the bad build's first deployment in the environment (the
 * ledger, by commit, whichever tag deployed it); a build never deployed there counts from its release.
 */
async function nameHypercareWindow(c: RunContext, gh: GitHubPort, from: Release): Promise<void> {
  const sha = await gh.resolveTagCommit(from.tagName);
  const deployments = sha ? await deploymentsOfBuild(gh, sha, c.s.environment) : [];
  const first = deployments.map((d) => d.createdAt).sort()[0];
  const since = first ?? from.publishedAt ?? from.createdAt;
  c.r.deployedSince = iso(Date.parse(since));
  c.r.hypercareWindow = hypercareWindowFor(c.deps.clock.now() - Date.parse(since), c.s.hypercareWindowsMs);
}

/** A message when there is nothing to do, else null (act, or resume an unfinished rollback). */
export function alreadyDone(t: Target, latest: Release | null, incidents: FoundIncident[]): string | null {
  const existing = incidentFor(incidents, t.from.tagName);
  const phase = existing?.issue.state === 'open' ? existing.state?.phase : undefined;
  if (phase === 'in-progress' || phase === 'rollback-failed') return null; // resume, or a deliberate retry
  if (!looksRolledBack(t, latest)) return null;
  const where = existing ? ` (incident #${existing.issue.number})` : '';
  return `${t.from.tagName} is already rolled back: it is demoted and ${t.to.tagName} is ${t.to.prerelease ? 'the operative reference' : 'the latest release'}${where}. Nothing to do`;
}

export function kindText(kind: Target['kind']): string {
  switch (kind) {
    case 'last-live':
      return 'last build live before it';
    case 'previous-stable':
      return 'previous stable release';
    case 'rc':
      return 'validated release candidate';
    case 'explicit':
      return 'named target';
  }
}
