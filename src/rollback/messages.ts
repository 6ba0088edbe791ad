/**
 * The rollback's messages: the message templates' abort message,
 * worded as a manual rollback when a person started it, with links to the incident and the run, and
 * sent again when the rollback itself failed. `rollback.templates.abort` replaces the wording with the
 * user's own (every placeholder of the message templates is known).
 */
import { renderTemplate, resolveTemplates, templateFor, type StopCause } from '../notify/index.js';
import { causeOf, type RunContext } from './context.js';

/**
 * Free text in a message (a reason typed in a form), quoted as written on one line — except what a
 * chat would act on: `<…>` (Slack's links and mentions, `<!channel>`) is written with entities and an
 * `@mention` is broken with a zero-width space, so nobody is pinged.
 */
export function messageText(text: string, max = 300): string {
  const flat = text
    .replace(/\s+/g, ' ')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/(^|[^\w`.])@(?=[A-Za-z0-9!])/g, '$1@\u200b')
    .trim();
  return flat.length > max ? flat.slice(0, max - 1) + '…' : flat;
}

export interface MessageFacts {
  fromTag: string;
  toTag: string;
  incidentUrl?: string;
  mitigation: string;
  /** Set for the failure message: what failed (it becomes the reason). */
  failure?: string;
}

/** The variables and the cause that picks the wording. Free text on one line, no mentions. */
export function rollbackMessage(
  c: RunContext,
  f: MessageFacts,
): { vars: Record<string, string | undefined>; cause?: StopCause } {
  const { s } = c;
  const vars: Record<string, string | undefined> = {
    service: s.service,
    repository: s.run.repository,
    tag: f.fromTag,
    previous_tag: f.toTag,
    environment: s.environment,
    reason: messageText(f.failure ?? c.reason),
    mitigation: f.mitigation,
    // nothing is scheduled: the incident issue says how it ends
    next_update: undefined,
    owner: s.run.actor ?? 'someone (no GITHUB_ACTOR)',
    decision_owner: s.run.actor,
    run_url: s.run.url,
    incident_url: f.incidentUrl,
  };
  return f.failure === undefined && causeOf(s) === 'manual' ? { vars, cause: 'manual' } : { vars };
}

export function rollbackTemplates(c: RunContext) {
  return resolveTemplates({ abort: c.s.abortTemplate });
}

/** The text as it would be sent (a dry run's plan). */
export function renderRollbackMessage(c: RunContext, f: MessageFacts): string {
  const { vars, cause } = rollbackMessage(c, f);
  return c.deps.redactor.redact(renderTemplate(templateFor(rollbackTemplates(c), 'abort', cause), vars));
}
