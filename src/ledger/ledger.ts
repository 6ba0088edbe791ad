/**
 * The ledger: what is live where, read from GitHub's Deployments API — never remembered by us.
 *
 * "Live in environment E" is the newest deployment of E whose latest status is `success`. A build is
 * a commit: lookups go by sha, and the tag is what the deployment's payload names (the RC and the GA
 * of one commit are one build). release-ops writes, at creation, a payload
 * `{ release_ops: { kind, tag, run_url, actor } }`; GitHub never changes a payload afterwards, so the
 * step reached and the result live in the statuses' descriptions (`step 2/3: 25 %`, `promoted: 100 %`).
 */
import type { Deployment, DeploymentState, DeploymentStatus, GitHubPort } from '../ports/index.js';

/** What release-ops puts in every deployment's payload. */
export interface LedgerPayload {
  kind: 'canary' | 'rollback' | 'redeploy';
  tag: string;
  run_url: string | null;
  run_id: string | null;
  actor: string | null;
  /** The build this deployment replaces or rolls back, when there is one. */
  replaces?: string | null;
}

export function ledgerPayload(p: LedgerPayload): Record<string, unknown> {
  return { release_ops: p };
}

export interface LedgerEntry {
  deployment: Deployment;
  environment: string;
  sha: string;
  /** The tag the payload names; else the deployment's ref. */
  tag: string;
  actor: string | null;
  runUrl: string | null;
  runId: string | null;
  kind: string | null;
  /** Newest first, as GitHub lists them. */
  statuses: DeploymentStatus[];
  /** The latest status's state; null when the deployment has no status yet. */
  state: DeploymentState | null;
  /** When it last reached `success`, if it ever did. */
  liveSince: string | null;
}

const UNSETTLED: ReadonlySet<DeploymentState> = new Set(['in_progress', 'queued', 'pending']);

function payloadOf(d: Deployment): Partial<Record<keyof LedgerPayload, unknown>> {
  const p = d.payload.release_ops;
  return p !== null && typeof p === 'object' && !Array.isArray(p) ? (p as Record<string, unknown>) : {};
}

const str = (v: unknown): string | null => (typeof v === 'string' && v !== '' ? v : null);

/** One deployment with its statuses (one request: its newest 100 statuses). */
export async function readEntry(gh: GitHubPort, d: Deployment): Promise<LedgerEntry> {
  const statuses = await gh.listDeploymentStatuses(d.id, { maxPages: 1 });
  const p = payloadOf(d);
  const lastSuccess = statuses.find((s) => s.state === 'success');
  return {
    deployment: d,
    environment: d.environment,
    sha: d.sha,
    tag: str(p.tag) ?? d.ref,
    actor: str(p.actor) ?? d.creator,
    runUrl: str(p.run_url),
    runId: str(p.run_id),
    kind: str(p.kind),
    statuses,
    state: statuses[0]?.state ?? null,
    liveSince: lastSuccess?.createdAt ?? null,
  };
}

export interface EnvironmentView {
  environment: string;
  /** The newest deployment whose latest status is `success`. */
  live: LedgerEntry | null;
  /** Deployments newer than the live one that never settled (`in_progress`, `queued`, `pending`). */
  unsettled: LedgerEntry[];
  /** Every entry read, newest first (up to the live one). */
  read: LedgerEntry[];
}

/**
 * Reads an environment newest first until it finds the live deployment. `deployments` is the newest
 * page when the caller already has it (status lists once for every environment); else one page is read.
 * At most `maxEntries` deployments are opened (one request each).
 */
export async function readEnvironment(
  gh: GitHubPort,
  environment: string,
  opts: { deployments?: Deployment[]; maxEntries?: number } = {},
): Promise<EnvironmentView> {
  const list = (opts.deployments ?? (await gh.listDeployments({ environment, maxPages: 1 })))
    .filter((d) => d.environment === environment)
    .sort((a, b) => b.id - a.id);
  const view: EnvironmentView = { environment, live: null, unsettled: [], read: [] };
  for (const d of list.slice(0, opts.maxEntries ?? 30)) {
    const e = await readEntry(gh, d);
    view.read.push(e);
    if (e.state === 'success') {
      view.live = e;
      break;
    }
    if (e.state && UNSETTLED.has(e.state)) view.unsettled.push(e);
  }
  return view;
}

/**
 * The newest build that was live in `environment` and that `accept` accepts (not the bad build, not
 * marked rolled back), read newest first; null when the environment has no such deployment.
 */
export async function lastLiveBuild(
  gh: GitHubPort,
  environment: string,
  accept: (e: LedgerEntry) => boolean | Promise<boolean>,
  opts: { maxEntries?: number } = {},
): Promise<LedgerEntry | null> {
  const list = (await gh.listDeployments({ environment, maxPages: 1 })).sort((a, b) => b.id - a.id);
  const seen = new Set<string>();
  for (const d of list.slice(0, opts.maxEntries ?? 30)) {
    if (seen.has(d.sha)) continue;
    const e = await readEntry(gh, d);
    if (e.liveSince === null) continue;
    seen.add(d.sha);
    if (await accept(e)) return e;
  }
  return null;
}

/** The deployments of one build (by sha) in an environment, newest first. */
export async function deploymentsOfBuild(
  gh: GitHubPort,
  sha: string,
  environment: string,
): Promise<Deployment[]> {
  const list = await gh.listDeployments({ sha, environment, maxPages: 1 });
  return list.filter((d) => d.sha === sha).sort((a, b) => b.id - a.id);
}

/** When a build was first deployed anywhere (its oldest deployment), or null when it never was. */
export async function firstDeployedAt(gh: GitHubPort, sha: string): Promise<string | null> {
  const list = (await gh.listDeployments({ sha })).filter((d) => d.sha === sha);
  const times = list.map((d) => d.createdAt).sort();
  return times[0] ?? null;
}

export function isUnsettled(state: DeploymentState | null): boolean {
  return state !== null && UNSETTLED.has(state);
}

/** Default age after which a deployment left `in_progress` is taken for the leftover of a crashed run. */
export const DEFAULT_STALE_AFTER_MS = 6 * 3_600_000;

export interface StaleSweep {
  /** Deployments marked `error`, with why. */
  marked: { id: number; tag: string; why: string }[];
}

/**
 * Marks deployments of `environment` that a run left unsettled (`in_progress`, `queued`, `pending`)
 * and that no run is still driving as `error`, with the reason: those of an earlier attempt of this
 * very run (a re-run: that attempt has ended) and those older than `staleAfterMs`. A deployment of
 * another run younger than that is left alone: it may still be running.
 */
export async function sweepStale(
  gh: GitHubPort,
  environment: string,
  o: { runId?: string; now: number; staleAfterMs: number; view?: EnvironmentView; dryRun?: boolean },
): Promise<StaleSweep> {
  const view = o.view ?? (await readEnvironment(gh, environment));
  const marked: StaleSweep['marked'] = [];
  for (const e of view.unsettled) {
    const since = Date.parse(e.statuses[0]?.createdAt ?? e.deployment.createdAt);
    const age = o.now - since;
    const why =
      o.runId && e.runId === o.runId
        ? `left ${e.state} by an earlier attempt of this run, which has ended`
        : age > o.staleAfterMs
          ? `left ${e.state} for ${Math.round(age / 60_000)} min by ${e.runUrl ?? 'a run'} that is no longer running`
          : null;
    if (!why) continue;
    marked.push({ id: e.deployment.id, tag: e.tag, why });
    if (o.dryRun) continue;
    await gh.createDeploymentStatus(e.deployment.id, {
      state: 'error',
      description: `stale: ${why}`.slice(0, 140),
      autoInactive: false,
    });
  }
  return { marked };
}
