/**
 * GitHub Deployments around a rollback — the ledger's record of it. Lookups go by commit, so the bad
 * build's deployment is found whichever of its tags (RC or GA) the canary recorded. The bad build's
 * latest deployment in the environment is marked `failure` (a health trigger) or `inactive` (a manual
 * rollback: superseded), and one deployment is created for the target's commit, its payload naming
 * the tag, the run and the actor — found again by its description on a re-run, never duplicated —
 * that goes `in_progress` while the program runs and `success` (verified) or `failure` after.
 */
import { ledgerPayload } from '../ledger/ledger.js';
import type { Deployment, DeploymentState, GitHubPort } from '../ports/index.js';

/** A tag's deployments in an environment, newest first: by its commit, else (older records) by name. */
async function deploymentsOf(gh: GitHubPort, tag: string, environment: string): Promise<Deployment[]> {
  const sha = await gh.resolveTagCommit(tag);
  const bySha = sha ? await gh.listDeployments({ sha, environment }) : [];
  const list = bySha.length ? bySha : await gh.listDeployments({ ref: tag, environment });
  return [...list].sort((a, b) => b.id - a.id);
}

/**
 * How the bad ref's deployment ends: `failure` when health failed (a watch trigger, or a workflow
 * step that failed — any event but a manual dispatch), `inactive` (superseded) for a manual rollback.
 */
export function badDeploymentState(s: { mode: string; run: { eventName?: string } }): 'failure' | 'inactive' {
  return s.mode === 'watch' || (s.run.eventName && s.run.eventName !== 'workflow_dispatch')
    ? 'failure'
    : 'inactive';
}

export function targetDescription(fromTag: string, toTag: string): string {
  return `release-ops rollback of ${fromTag} to ${toTag}`;
}

export async function markBadDeployment(
  gh: GitHubPort,
  opts: {
    fromTag: string;
    toTag: string;
    environment: string;
    state: 'failure' | 'inactive';
    logUrl?: string;
  },
): Promise<{ deployment: Deployment | null }> {
  const latest = (await deploymentsOf(gh, opts.fromTag, opts.environment))[0] ?? null;
  if (!latest) return { deployment: null };
  await gh.createDeploymentStatus(latest.id, {
    state: opts.state,
    description: `rolled back to ${opts.toTag} by release-ops`,
    ...(opts.logUrl ? { logUrl: opts.logUrl } : {}),
    autoInactive: false,
  });
  return { deployment: latest };
}

/** The target's deployment for this rollback: the existing one on a re-run, else a new one. */
export async function ensureTargetDeployment(
  gh: GitHubPort,
  opts: {
    fromTag: string;
    toTag: string;
    environment: string;
    run?: { url?: string; id?: string; actor?: string };
  },
): Promise<{ deployment: Deployment; created: boolean }> {
  const description = targetDescription(opts.fromTag, opts.toTag);
  const list = await deploymentsOf(gh, opts.toTag, opts.environment);
  const existing = list.find((d) => d.description === description);
  if (existing) return { deployment: existing, created: false };
  const sha = await gh.resolveTagCommit(opts.toTag);
  const deployment = await gh.createDeployment({
    ref: sha ?? opts.toTag,
    environment: opts.environment,
    description,
    payload: {
      ...ledgerPayload({
        kind: 'rollback',
        tag: opts.toTag,
        run_url: opts.run?.url ?? null,
        run_id: opts.run?.id ?? null,
        actor: opts.run?.actor ?? null,
        replaces: opts.fromTag,
      }),
      rollback_of: opts.fromTag,
    },
    productionEnvironment: /^prod/i.test(opts.environment),
    transientEnvironment: false,
    // Restoring the last good release must not wait for (or be refused by) the commit's statuses.
    requiredContexts: [],
  });
  return { deployment, created: true };
}

export async function setTargetStatus(
  gh: GitHubPort,
  deploymentId: number,
  state: DeploymentState,
  description: string,
  logUrl?: string,
): Promise<void> {
  await gh.createDeploymentStatus(deploymentId, {
    state,
    // GitHub's 140-character cap is applied by the port, after redaction
    description,
    ...(logUrl ? { logUrl } : {}),
  });
}
