/**
 * GitHub Deployment tracking for one run: the ledger's record of the rollout, following the run's
 * journal. One deployment whose `sha` is the build (the ref is the commit itself, so the RC and GA tags
 * of one commit are one build) and whose payload names the tag, the run, the actor and the step
 * weights; then a status per stage, in GitHub's meanings and in the words progress.ts reads back:
 * `in_progress` (starting; each step with its weight; paused for a person), `success` (fully live;
 * earlier ones become `inactive`), `failure` (aborted, or paused by a failure), `error` (cancelled).
 * A resumed run adds its statuses to the deployment it continues.
 *
 * With a token, a deployment GitHub refuses to record stops the rollout before its first step: an
 * unrecorded rollout would leave the ledger wrong. Without a token (a terminal run) tracking is off,
 * and the run says so. A status update that fails later is reported and recorded, not fatal: by then
 * the rollout is under way and stopping it would do more harm than a missing status.
 */
import { ExternalError, errorMessage } from '../errors.js';
import type { JournalEntry } from '../journal/journal.js';
import { ledgerPayload } from '../ledger/ledger.js';
import type { Clock, DeploymentState, GitHubPort, Logger } from '../ports/index.js';
import { canaryPayload, say } from './progress.js';
import type { CanarySettings } from './settings.js';

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

/** What a decision entry's `data` carries for the listeners (the run writes it; see run.ts). */
export interface DecisionData {
  result?: string;
  cause?: string;
  weight?: number;
  /** The short reason: the measured value and limit, the program's exit, the reason given. */
  why?: string;
  resume_step?: number;
  rolling_back?: boolean;
  verified?: boolean;
}

const production = (environment: string) => /^prod(uction)?$/i.test(environment);

export class DeploymentTracker {
  readonly record: DeploymentRecord;
  private settleRedeploy?: (state: 'success' | 'failure', description: string) => Promise<void>;
  constructor(
    private readonly github: GitHubPort | null,
    private readonly deps: { clock: Clock; logger: Logger },
    private readonly s: CanarySettings,
  ) {
    this.record = { tracked: false, ref: s.sha || s.tag, environment: s.environment, statuses: [] };
  }

  /** The journal listener: one status per stage (planned entries of a dry run change nothing). */
  readonly listen = async (e: JournalEntry): Promise<void> => {
    if (e.status === 'planned') return;
    const n = this.s.steps.length;
    const weight = Number(e.data?.weight ?? 0);
    if (e.kind === 'step' && e.name === 'start' && e.status !== 'failed') return this.begin(e);
    if (e.kind === 'effect' && e.name === 'deploy' && e.status === 'done' && e.step !== undefined)
      return this.status('in_progress', say.step(e.step, n, weight, this.s.tag));
    if (e.kind === 'decision') return this.decided(e, (e.data ?? {}) as DecisionData);
  };

  private async begin(e: JournalEntry): Promise<void> {
    const c = this.s.continued;
    if (!c) {
      await this.create();
      return this.status('in_progress', say.starting(this.s.tag));
    }
    if (!this.github) return;
    this.record.tracked = true;
    this.record.id = c.deploymentId;
    if (this.s.mode === 'abort') return;
    const from = Number(e.data?.from_step ?? c.progress.resumeStep);
    return this.status('in_progress', say.resuming(this.s.tag, from, this.s.steps.length, c.progress.weight));
  }

  private async decided(e: JournalEntry, d: DecisionData): Promise<void> {
    const n = this.s.steps.length;
    const step = e.step ?? 0;
    const w = d.weight ?? 0;
    const prev = this.s.previousTag ?? 'the previous release';
    switch (e.name) {
      case 'promote':
        return this.status(
          'success',
          say.promoted(this.s.tag, !!this.s.analysis && this.s.mode !== 'promote-now'),
        );
      case 'pause':
        return d.result === 'paused'
          ? this.status('in_progress', say.pausedAfter(step, n, w, d.why ?? 'awaiting approval'))
          : this.status('failure', say.pausedAt(step, n, w, d.why ?? e.detail));
      case 'cancelled':
        await this.status(
          'error',
          d.rolling_back ? say.aborted(step, n, w, e.detail) : say.cancelled(step, n, w),
        );
        return this.settle('failure', 'cancelled while redeploying');
      case 'abort':
        if (step === 0 && w === 0) return this.status('failure', say.notStarted(e.detail));
        if (!d.rolling_back)
          return this.status('failure', say.aborted(step, n, w, 'no rollback program, nothing rolled back'));
        await this.status('in_progress', say.aborted(step, n, w, `rolling back to ${prev}`));
        return this.redeploy();
      case 'rolled-back':
        await this.status(
          'failure',
          say.aborted(step, n, w, `rolled back to ${prev}${d.verified ? ', verified' : ' (not verified)'}`),
        );
        return this.settle(
          'success',
          `redeployed ${prev}${d.verified ? ', verified healthy' : ' (not verified: no analysis)'}`,
        );
      case 'rollback-failed':
        await this.status('failure', say.aborted(step, n, w, `rollback failed: ${d.why ?? e.detail}`));
        return this.settle('failure', d.why ?? e.detail);
    }
  }

  private async create(): Promise<void> {
    const s = this.s;
    if (!this.github) {
      this.record.note =
        'deployment tracking is off: no GitHub token (set GITHUB_TOKEN to record the rollout in the ledger)';
      this.deps.logger.warn(this.record.note);
      return;
    }
    const payload = canaryPayload({
      tag: s.tag,
      runUrl: s.facts.runUrl,
      runId: s.facts.runId,
      actor: s.facts.owner,
      replaces: s.previousTag,
      weights: s.steps.map((x) => x.weight),
      allowRolledBack: s.allowRolledBack,
    });
    try {
      const d = await this.github.createDeployment({
        ref: this.record.ref,
        environment: this.record.environment,
        description: `canary ${s.tag}: ${s.steps.map((x) => (x.approve && x.hold ? 'approve' : `${x.weight}%`)).join(' → ')}`,
        payload,
        productionEnvironment: production(this.record.environment),
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
   * Records the redeploy of the build the rollout replaced (after an abort, the rollback program puts
   * it back): a deployment of its commit, `in_progress` now; `settle` gives it `success` (verified, so
   * it is what is live again) or `failure`. Failures are reported, not fatal: the rollback matters
   * more than its record. Without a token, or without a previous tag, nothing is recorded.
   */
  private async redeploy(): Promise<void> {
    const tag = this.s.previousTag;
    if (!this.github || !tag) return;
    const gh = this.github;
    const logUrl = this.s.facts.runUrl;
    try {
      const sha = await gh.resolveTagCommit(tag);
      const d = await gh.createDeployment({
        ref: sha ?? tag,
        environment: this.record.environment,
        description: `redeploy of ${tag} after the canary of ${this.record.ref} was aborted`,
        payload: ledgerPayload({
          kind: 'redeploy',
          tag,
          run_url: this.s.facts.runUrl ?? null,
          run_id: this.s.facts.runId ?? null,
          actor: this.s.facts.owner ?? null,
          replaces: this.s.tag,
        }),
        productionEnvironment: production(this.record.environment),
        requiredContexts: [],
      });
      await gh.createDeploymentStatus(d.id, {
        state: 'in_progress',
        description: `redeploying ${tag}`,
        ...(logUrl ? { logUrl } : {}),
      });
      this.record.redeployId = d.id;
      this.settleRedeploy = async (state, description) => {
        await gh.createDeploymentStatus(d.id, {
          state,
          description,
          ...(logUrl ? { logUrl } : {}),
          ...(state === 'success' ? { autoInactive: true } : {}),
        });
      };
    } catch (err) {
      this.deps.logger.warn(`could not record the redeploy of ${tag}: ${errorMessage(err)}`);
    }
  }

  private async settle(state: 'success' | 'failure', description: string): Promise<void> {
    const settle = this.settleRedeploy;
    this.settleRedeploy = undefined;
    if (!settle) return;
    try {
      await settle(state, description);
    } catch (err) {
      this.deps.logger.warn(`could not set the redeploy's deployment status ${state}: ${errorMessage(err)}`);
    }
  }

  private async status(state: DeploymentState, description: string): Promise<void> {
    if (!this.github || this.record.id === undefined) return;
    // the record keeps the whole text: the evidence is redacted as a whole, then written
    const rec: DeploymentStatusRecord = { at: this.deps.clock.now(), state, description };
    const logUrl = this.s.facts.runUrl;
    try {
      await this.github.createDeploymentStatus(this.record.id, {
        state,
        description,
        ...(logUrl ? { logUrl } : {}),
        ...(state === 'success' ? { autoInactive: true } : {}),
      });
    } catch (err) {
      rec.error = errorMessage(err);
      this.deps.logger.warn(`could not set deployment status ${state}: ${rec.error}`);
    }
    this.record.statuses.push(rec);
  }
}
