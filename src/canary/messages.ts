/**
 * The rollout's messages, following the run's journal: `start` when a rollout starts, `healthy` when
 * its first step passed, `complete` at 100 %, `paused` when it waits for a person, `abort` (worded per
 * cause: failed analysis, failed deploy, manual rollback, cancelled job) when it stops. "Next update"
 * is given only when a message is scheduled: after `start` and `healthy`, when the next step ends.
 */
import { formatDuration } from '../config/duration.js';
import type { JournalEntry } from '../journal/journal.js';
import { Notifier, type StopCause, type WebhookOptions } from '../notify/index.js';
import type { Clock, HttpClient, Logger } from '../ports/index.js';
import type { DecisionData } from './deployment.js';
import type { CanarySettings, CanaryStep } from './settings.js';

/** How long a step takes to end, nominally: it is analysed for its pause and its window, whichever is longer. */
export function bakeMs(s: CanarySettings, st: CanaryStep): number {
  if (st.hold) return 0;
  return Math.max(st.pauseMs, s.analysis?.windowMs ?? 0);
}

/** The template variables every rollout message has (the plan's example message uses them too). */
export function rolloutVars(s: CanarySettings): Record<string, string | undefined> {
  return {
    service: s.facts.service,
    repository: s.facts.repository,
    owner: s.facts.owner,
    decision_owner: s.decisionOwner,
    run_url: s.facts.runUrl,
    tag: s.tag,
    previous_tag: s.previousTag,
    environment: s.environment,
  };
}

export class CanaryMessages {
  readonly notifier: Notifier;
  constructor(
    private readonly s: CanarySettings,
    deps: { http: HttpClient; clock: Clock; logger: Logger; redactor: { redact(s: string): string } },
    webhook?: WebhookOptions,
  ) {
    this.notifier = new Notifier(deps, s.templates, s.webhookUrl, webhook);
  }

  private vars(extra: Record<string, string | undefined> = {}) {
    return { ...rolloutVars(this.s), ...extra };
  }

  /** The journal listener (planned entries of a dry run send nothing). */
  readonly listen = async (e: JournalEntry): Promise<void> => {
    if (e.status === 'planned') return;
    const s = this.s;
    if (e.kind === 'step' && e.name === 'start' && e.status === 'done' && s.mode === 'start') {
      const first = s.steps[0]!;
      await this.notifier.send(
        'start',
        this.vars({ step: '1', weight: String(first.weight), next_update: formatDuration(bakeMs(s, first)) }),
      );
    }
    if (e.kind === 'decision') await this.decided(e, (e.data ?? {}) as DecisionData);
  };

  private async decided(e: JournalEntry, d: DecisionData): Promise<void> {
    const s = this.s;
    const step = e.step ?? 0;
    const weight = String(d.weight ?? 0);
    if (e.name === 'continue' && step === 1 && s.steps.length > 1 && s.mode === 'start') {
      const next = s.steps[1]!;
      const rest = s.steps.slice(1).reduce((a, st) => a + bakeMs(s, st), 0);
      await this.notifier.send(
        'healthy',
        this.vars({ step: '1', weight, next_weight: String(next.weight), next_update: formatDuration(rest) }),
      );
    } else if (e.name === 'promote') {
      await this.notifier.send('complete', this.vars({ step: String(s.steps.length), weight: '100' }));
    } else if (e.name === 'pause') {
      await this.notifier.send(
        'paused',
        this.vars({
          step: String(step),
          weight,
          reason: d.why ?? e.detail,
          resume_step: String(d.resume_step ?? ''),
        }),
      );
    } else if (e.name === 'abort' || (e.name === 'cancelled' && !d.rolling_back)) {
      const cause = (d.cause ?? 'analysis') as StopCause;
      await this.notifier.send(
        'abort',
        this.vars({ step: String(step), weight, reason: d.why ?? e.detail, mitigation: this.mitigation(d) }),
        { cause, ...(cause === 'cancelled' ? { retries: 0, timeoutMs: 2000 } : {}) },
      );
    }
  }

  private mitigation(d: DecisionData): string {
    const w = d.weight ?? 0;
    if (d.cause === 'cancelled') return `Rollout stopped at ${w}% by a cancelled job, not rolled back`;
    if (d.cause === 'baseline' || d.cause === 'preflight') return 'Nothing was deployed';
    if (d.rolling_back) return `Rollback in progress to ${this.s.previousTag ?? 'the previous release'}`;
    return `Rollout stopped at ${w}%; no rollback program is configured`;
  }
}
