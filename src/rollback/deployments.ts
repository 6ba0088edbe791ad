/**
 * GitHub Deployments around a rollback: the bad ref's latest deployment in the environment is marked
 * `failure` (a health trigger) or `inactive` (a manual rollback: superseded), and one deployment is
 * created for the target — found again by its description on a re-run, never duplicated — that goes
 * `in_progress` while the program runs and `success` (verified) or `failure` after.
 */
import type { Deployment, DeploymentState, GitHubPort } from '../ports/index.js';

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
  const list = await gh.listDeployments({ ref: opts.fromTag, environment: opts.environment });
  const latest = [...list].sort((a, b) => b.id - a.id)[0] ?? null;
  if (!latest) return { deployment: null };
  await gh.createDeploymentStatus(latest.id, {
    state: opts.state,
    description: `rolled back to ${opts.toTag} by release-ops`.slice(0, 140),
    ...(opts.logUrl ? { logUrl: opts.logUrl } : {}),
    autoInactive: false,
  });
  return { deployment: latest };
}

/** The target's deployment for this rollback: the existing one on a re-run, else a new one. */
export async function ensureTargetDeployment(
  gh: GitHubPort,
  opts: { fromTag: string; toTag: string; environment: string },
): Promise<{ deployment: Deployment; created: boolean }> {
  const description = targetDescription(opts.fromTag, opts.toTag);
  const list = await gh.listDeployments({ ref: opts.toTag, environment: opts.environment });
  const existing = list.filter((d) => d.description === description).sort((a, b) => b.id - a.id)[0];
  if (existing) return { deployment: existing, created: false };
  const deployment = await gh.createDeployment({
    ref: opts.toTag,
    environment: opts.environment,
    description,
    payload: { release_ops: { rollback_of: opts.fromTag } },
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
    description: description.slice(0, 140),
    ...(logUrl ? { logUrl } : {}),
  });
}
