/**
 * A Notifier renders the messages and delivers each: always into the run's record (job summary,
 * evidence); to a webhook when one is configured. Delivery never throws.
 */
import type { Clock, HttpClient, Logger } from '../ports/index.js';
import { renderTemplate, templateFor, type MessageKind, type StopCause } from './templates.js';
import { postWebhook, type WebhookOptions, type WebhookResult } from './webhook.js';

export * from './templates.js';
export * from './webhook.js';

export interface SentMessage {
  kind: MessageKind;
  at: number;
  text: string;
  webhook?: WebhookResult;
}

/** Per message: the webhook's retry settings, and the cause that picks the abort wording. */
export interface SendOptions extends WebhookOptions {
  cause?: StopCause;
}

export class Notifier {
  readonly sent: SentMessage[] = [];
  constructor(
    /** `redactor`: messages go to a third party (the webhook): a secret in a reason is masked first. */
    private readonly deps: {
      http: HttpClient;
      clock: Clock;
      logger: Logger;
      redactor?: { redact(s: string): string };
    },
    private readonly templates: Record<MessageKind, string>,
    private readonly webhookUrl: string | undefined,
    private readonly webhookOptions: WebhookOptions = {},
  ) {}

  async send(
    kind: MessageKind,
    vars: Record<string, string | undefined>,
    opts: SendOptions = {},
  ): Promise<SentMessage> {
    const { cause, ...webhook } = opts;
    const rendered = renderTemplate(templateFor(this.templates, kind, cause), vars);
    const text = this.deps.redactor ? this.deps.redactor.redact(rendered) : rendered;
    const msg: SentMessage = { kind, at: this.deps.clock.now(), text };
    this.deps.logger.info(`message ${kind}: ${text}`);
    if (this.webhookUrl) {
      msg.webhook = await postWebhook(this.deps, this.webhookUrl, text, {
        ...this.webhookOptions,
        ...webhook,
      });
      if (!msg.webhook.delivered) {
        this.deps.logger.warn(
          `the ${kind} message could not be posted to the webhook after ${msg.webhook.attempts} attempt(s): ${msg.webhook.error} (the rollout goes on)`,
        );
      }
    }
    this.sent.push(msg);
    return msg;
  }
}
