/**
 * GitHub Deployment tracking for one run: one deployment for the ref and environment, then a status
 * per stage. Without a GitHub port (a terminal run without a token) it records that tracking was
 * skipped. A failing GitHub call is reported and recorded, never fatal: the rollout matters more
 * than its bookkeeping.
 */
import { errorMessage } from '../errors.js';
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
  ref: string;
  environment: string;
  /** Why tracking was skipped or failed, when it was. */
  note?: string;
  statuses: DeploymentStatusRecord[];
}

/** GitHub caps a status description at 140 characters. */
const short = (s: string) => (s.length > 140 ? s.slice(0, 139) + '…' : s);

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
        'deployment tracking skipped: no GitHub token (set GITHUB_TOKEN to record a GitHub deployment)';
      this.deps.logger.info(this.record.note);
      return;
    }
    try {
      const d = await this.github.createDeployment({
        ref: this.record.ref,
        environment: this.record.environment,
        description: short(description),
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
      this.record.note = `deployment tracking failed: ${errorMessage(err)}`;
      this.deps.logger.warn(`${this.record.note} (the rollout goes on without it)`);
    }
  }

  async status(state: DeploymentState, description: string): Promise<void> {
    if (!this.github || this.record.id === undefined) return;
    const rec: DeploymentStatusRecord = { at: this.deps.clock.now(), state, description: short(description) };
    try {
      await this.github.createDeploymentStatus(this.record.id, {
        state,
        description: rec.description,
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
