/**
 * What follows the rollback's journal instead of being called at each state change:
 *
 * - IncidentComments: one comment per step on the incident issue, posted in order in the background.
 *   It starts with the `incident` entry (which names the issue) and posts what was recorded before it
 *   too; a re-run loads the comments already there and does not repeat a step reported with the same
 *   outcome.
 * - Notifications: the abort message (worded as a manual rollback when a person started
 *   it) when the incident is open — so it can link it — and again when the run decides
 *   `rollback-failed`. Each is sent once across re-runs
 *   (the incident's comments record it). A webhook that does not answer never fails the rollback.
 *
 * The target deployment's tracking follows the journal too (recovery.ts).
 */
import { Notifier } from '../notify/index.js';
import type { Journal, JournalEntry, JournalListener } from '../journal/journal.js';
import type { GitHubPort } from '../ports/index.js';
import type { RunContext } from './context.js';
import { StepComments } from './incident.js';
import { renderRollbackMessage, rollbackMessage, rollbackTemplates, type MessageFacts } from './messages.js';

/**
 * Entries that get no comment of their own: the reads (resolve, watch, stale), the lock (internal), the
 * incident (the issue itself), the deployment's final status (the verification's comment says it) and
 * the final record (the body says it). GitHub spaces notifying writes 3 s apart, so every comment costs
 * time on the record track. Of the decisions, only the trigger is news for the incident.
 */
const SILENT = new Set([
  'resolve',
  'stale',
  'watch',
  'lock',
  'incident',
  'target-status',
  'record',
  'github',
]);
const COMMENTED_DECISIONS = new Set(['trigger']);

function worthAComment(e: JournalEntry): boolean {
  if (e.status === 'planned') return false;
  return e.kind === 'decision' ? COMMENTED_DECISIONS.has(e.name) : !SILENT.has(e.name);
}

/** Replays the entries recorded so far to `listener`, then follows new ones; returns the unsubscribe. */
export async function follow(journal: Journal, listener: JournalListener): Promise<() => void> {
  for (const e of [...journal.entries]) await listener(e);
  return journal.subscribe(listener);
}

export class IncidentComments {
  private comments: StepComments | null = null;
  private pending: JournalEntry[] = [];
  private chain: Promise<void> = Promise.resolve();
  private error: unknown;
  constructor(private readonly gh: GitHubPort) {}

  readonly listener: JournalListener = async (e) => {
    const issue = e.data?.issue;
    if (e.name === 'incident' && e.kind === 'effect' && typeof issue === 'number') {
      await this.open(issue, e.status !== 'done');
    } else if (worthAComment(e)) {
      if (this.comments) this.push(e);
      else this.pending.push(e);
    }
  };

  /** Whether an earlier run already reported this step with this outcome. */
  has(step: string, status: 'done' | 'failed' | 'skipped'): boolean {
    return this.comments?.has(step, status) ?? false;
  }

  /** Waits for every comment; returns the first error, if any. */
  async flush(): Promise<unknown> {
    await this.chain;
    return this.error;
  }

  private async open(issueNumber: number, load: boolean): Promise<void> {
    const c = new StepComments(this.gh, issueNumber);
    if (load) await c.load();
    this.comments = c;
    for (const e of this.pending.splice(0)) this.push(e);
  }

  private push(e: JournalEntry): void {
    const c = this.comments!;
    this.chain = this.chain
      .then(() => (this.error === undefined ? c.post(e) : undefined))
      .catch((err: unknown) => {
        this.error ??= err;
      });
  }
}

export interface NotificationScope {
  fromTag: string;
  toTag: string;
  /** Whether an earlier run already sent this message (the incident's comments say so). */
  sentBefore: (step: string) => boolean;
}

/** The rollback message when the incident is open, the failure message when the run fails. */
export function notifications(c: RunContext, scope: NotificationScope): JournalListener {
  const { s, deps, journal } = c;
  const notifier = new Notifier(deps, rollbackTemplates(c), s.webhookUrl, { retries: 2, backoffMs: 500 });
  let failedSent = false;
  const send = async (step: string, f: MessageFacts) => {
    if (scope.sentBefore(step))
      return journal.note(step, { status: 'already', detail: 'the message was sent by an earlier run' });
    const where = s.webhookUrl ? 'POST to the webhook (URL masked)' : 'record (no webhook-url)';
    const text = renderRollbackMessage(c, f);
    await journal.effect(step, `NOTIFY ${where}: "${text}"`, async () => {
      const { vars, cause } = rollbackMessage(c, f);
      const msg = await notifier.send('abort', vars, { cause });
      const done = !s.webhookUrl
        ? 'recorded (no webhook-url)'
        : msg.webhook?.delivered
          ? 'posted to the webhook'
          : `NOT delivered to the webhook (${msg.webhook?.error})`;
      return { value: msg, outcome: { status: 'done', detail: `message ${done}: ${msg.text}` } };
    });
  };
  return async (e) => {
    const incidentUrl = typeof e.data?.url === 'string' ? e.data.url : c.r.incidentUrl;
    if (e.kind === 'effect' && e.name === 'incident' && e.status !== 'failed') {
      await send('notify', { ...scope, incidentUrl, mitigation: `Rollback in progress to ${scope.toTag}` });
    } else if (e.kind === 'decision' && e.name === 'rollback-failed' && !failedSent && !deps.signal.aborted) {
      failedSent = true;
      await send('notify-failed', {
        ...scope,
        incidentUrl,
        mitigation: `Rollback to ${scope.toTag} FAILED; a human must act`,
        failure: e.detail,
      });
    }
  };
}
