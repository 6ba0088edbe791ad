/**
 * GitHub Deployment tracking for one run: the ledger's record of the rollout. One deployment whose
 * `sha` is the build (the ref is the commit itself, so the RC and GA tags of one commit are one build)
 * and whose payload names the tag, the run and the actor; then a status per stage, in GitHub's
 * meanings: `in_progress` (step and weight), `success` (fully live; earlier ones become `inactive`),
 * `failure` (aborted), `error` (cancelled).
 *
 * With a token, a deployment GitHub refuses to record stops the rollout before its first step: an
 * unrecorded rollout would leave the ledger wrong. Without a token (a terminal run) tracking is off,
 * and the run says so. A status update that fails later is reported and recorded, not fatal: by then
 * the rollout is under way and stopping it would do more harm than a missing status.
 */
import { ExternalError, errorMessage } from '../errors.js';
import type { Clock, DeploymentState, GitHubPort, Logger } from '../ports/index.js';

export interface DeploymentStatusRecord {
  at: number;
  state: DeploymentState;
  description: string;
  error?: string;
}

export interface DeploymentRecord {
  tracked: boolean;
  id?: number;
  /** What the deployment was created for: the commit when the build was verified, else the tag. */
  ref: string;
  environment: string;
  /** Why tracking was skipped or failed, when it was. */
  note?: string;
  /** The deployment recording the redeploy of the replaced build after an abort, when there was one. */
  redeployId?: number;
  statuses: DeploymentStatusRecord[];
}

// GitHub caps a description at 140 characters: the port shortens it, after redaction (masking
// first, so no part of a secret survives the cut).

export class DeploymentTracker {
  readonly record: DeploymentRecord;
  constructor(
    private readonly github: GitHubPort | null,
    private readonly deps: { clock: Clock; logger: Logger },
    opts: { ref: string; environment: string; logUrl?: string },
  ) {
    this.record = { tracked: false, ref: opts.ref, environment: opts.environment, statuses: [] };
    this.logUrl = opts.logUrl;
  }
  private readonly logUrl?: string;

  async create(description: string, payload: Record<string, unknown>): Promise<void> {
    if (!this.github) {
      this.record.note =
        'deployment tracking is off: no GitHub token (set GITHUB_TOKEN to record the rollout in the ledger)';
      this.deps.logger.warn(this.record.note);
      return;
    }
    try {
      const d = await this.github.createDeployment({
        ref: this.record.ref,
        environment: this.record.environment,
        description,
        payload,
        productionEnvironment: /^prod(uction)?$/i.test(this.record.environment),
        // The readiness gate (not GitHub's deployment API) decides whether the commit's checks allow it.
        requiredContexts: [],
      });
      this.record.tracked = true;
      this.record.id = d.id;
      this.deps.logger.info(
        `GitHub deployment ${d.id} created for ${this.record.ref} in ${this.record.environment}`,
      );
    } catch (err) {
      this.record.note = `GitHub did not record the deployment: ${errorMessage(err)}`;
      throw new ExternalError(
        `GitHub refused to record the deployment of ${this.record.ref} in ${this.record.environment}, so nothing was deployed (${errorMessage(err)})`,
        {
          hint: 'the job needs permissions: deployments: write; without a token the rollout runs untracked',
          cause: err,
        },
      );
    }
  }

  /**
   * Records the redeploy of the build the rollout replaced (after an abort, the rollback program put
   * it back): a deployment of its commit, `in_progress` now; `settle` gives it `success` (verified,
   * so it is what is live again) or `failure`. Failures are reported, not fatal: the rollback matters
   * more than its record. Without a token, or without a previous tag, nothing is recorded.
   */
  async redeploy(
    tag: string | undefined,
    payload: Record<string, unknown>,
  ): Promise<(state: 'success' | 'failure', description: string) => Promise<void>> {
    const none = async () => {};
    if (!this.github || !tag) return none;
    const gh = this.github;
    try {
      const sha = await gh.resolveTagCommit(tag);
      const d = await gh.createDeployment({
        ref: sha ?? tag,
        environment: this.record.environment,
        description: `redeploy of ${tag} after the canary of ${this.record.ref} was aborted`,
        payload,
        productionEnvironment: /^prod(uction)?$/i.test(this.record.environment),
        requiredContexts: [],
      });
      await gh.createDeploymentStatus(d.id, {
        state: 'in_progress',
        description: `redeploying ${tag}`,
        ...(this.logUrl ? { logUrl: this.logUrl } : {}),
      });
      this.record.redeployId = d.id;
      return async (state, description) => {
        try {
          await gh.createDeploymentStatus(d.id, {
            state,
            description,
            ...(this.logUrl ? { logUrl: this.logUrl } : {}),
            ...(state === 'success' ? { autoInactive: true } : {}),
          });
        } catch (err) {
          this.deps.logger.warn(
            `could not set the redeploy's deployment status ${state}: ${errorMessage(err)}`,
          );
        }
      };
    } catch (err) {
      this.deps.logger.warn(`could not record the redeploy of ${tag}: ${errorMessage(err)}`);
      return none;
    }
  }

  async status(state: DeploymentState, description: string): Promise<void> {
    if (!this.github || this.record.id === undefined) return;
    // the record keeps the whole text: the evidence is redacted as a whole, then written
    const rec: DeploymentStatusRecord = { at: this.deps.clock.now(), state, description };
    try {
      await this.github.createDeploymentStatus(this.record.id, {
        state,
        description,
        ...(this.logUrl ? { logUrl: this.logUrl } : {}),
        ...(state === 'success' ? { autoInactive: true } : {}),
      });
    } catch (err) {
      rec.error = errorMessage(err);
      this.deps.logger.warn(`could not set deployment status ${state}: ${rec.error}`);
    }
    this.record.statuses.push(rec);
  }
}
